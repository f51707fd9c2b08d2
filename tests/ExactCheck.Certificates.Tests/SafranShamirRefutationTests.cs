using System.Text.Json;
using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Refutation certificates ("no local minimum in the box"): both committed files verify; tampered twins (point moved,
/// curvature claim flipped or tightened, ρ_K or R out of range, zero direction, gradient bound changed) are INVALID;
/// structurally broken ones are MALFORMED; and a true local minimum cannot be passed off as a saddle.
/// </summary>
public class SafranShamirRefutationTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "certificates", "safran-shamir");
    private static readonly Lazy<string> Saddle = new(() => File.ReadAllText(Path.Combine(Folder, "ss-refute-saddle-k3-n3.json")));
    private static readonly Lazy<string> Gradient = new(() => File.ReadAllText(Path.Combine(Folder, "ss-refute-gradient-k3-n3.json")));
    private static readonly Lazy<string> Example1 = new(() => File.ReadAllText(Path.Combine(Folder, "ss-example1-k6-n6.json")));

    private static string Source(string which) => which == "saddle" ? Saddle.Value : Gradient.Value;

    private static CheckResult CheckText(string text) => CertificateChecker.CheckText("twin.json", text);

    /// <summary>The certificate with one JSON value replaced (path like "bounds.boxRadius" or "point.neurons.1.2"); null value deletes.</summary>
    private static string With(string text, string path, JsonNode? value)
    {
        var root = JsonNode.Parse(text)!;
        var parts = path.Split('.');
        JsonNode node = root;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out int i) ? node[i]! : node[p]!;
        var last = parts[^1];
        if (int.TryParse(last, out int idx)) node[idx] = value;
        else if (value is null) node.AsObject().Remove(last);
        else node[last] = value;
        return root.ToJsonString();
    }

    private static string Get(string text, string path)
    {
        JsonNode node = JsonNode.Parse(text)!;
        foreach (var p in path.Split('.')) node = int.TryParse(p, out int i) ? node[i]! : node[p]!;
        return node.GetValue<string>();
    }

    [Theory]
    [InlineData("ss-refute-saddle-k3-n3.json", 7)]
    [InlineData("ss-refute-gradient-k3-n3.json", 4)]
    public void TheCommittedRefutationsVerify(string name, int rows)
    {
        var r = CertificateChecker.CheckFile(Path.Combine(Folder, name));
        Assert.True(r.Verdict == Verdict.Verified, $"{name}: {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Equal(rows, r.Checks.Count);
        Assert.All(r.Checks, c => Assert.True(c.Holds));
        Assert.All(r.Checks, c => Assert.StartsWith("ss.", c.Label));
        Assert.Contains(SafranShamirRefutation.KindName, CertificateChecker.Kinds);
        Assert.True(r.Seconds < 5, $"{name} took {r.Seconds:F2} s");
    }

    [Fact]
    public void TheSaddleCertificateProvesAUniqueCriticalPointWithNegativeCurvature()
    {
        var r = CheckText(Saddle.Value);
        var krawczyk = Assert.Single(r.Checks, c => c.Name.StartsWith("K(X)"));
        Assert.Equal("ss.refute.krawczyk", krawczyk.Label);
        var curvature = Assert.Single(r.Checks, c => c.Name.StartsWith("uᵀ∇²F(x)u"));
        Assert.StartsWith("-4.448216", curvature.Derived);                        // λmin ≈ −0.0444822 for a unit u
    }

    public static TheoryData<string, string, string, string> InvalidTwins() => new()
    {
        // certificate, name, path, replacement
        { "saddle", "point: one digit changed (12th decimal)", "point.neurons.1.2", "DIGIT12" },
        { "saddle", "point: one digit changed (4th decimal)", "point.neurons.0.0", "DIGIT4" },
        { "saddle", "point: sign flipped", "point.neurons.2.0", "NEGATE" },
        { "saddle", "curvature claim sign flipped", "bounds.curvatureUpper", "0.0444821" },
        { "saddle", "curvature claimed below the truth", "bounds.curvatureUpper", "-0.0445" },
        { "saddle", "curvature claimed 0", "bounds.curvatureUpper", "0" },
        { "saddle", "ρ_K below the derived bound", "bounds.krawczykRadiusUpper", "4.1e-17" },
        { "saddle", "ρ_K = R (not inside)", "bounds.krawczykRadiusUpper", "2e-10" },
        { "saddle", "R shrunk below ρ_K", "bounds.boxRadius", "1e-17" },
        { "saddle", "R enlarged: K(X) leaves X or curvature changes sign", "bounds.boxRadius", "0.1" },
        { "saddle", "R enlarged past the smooth region", "bounds.boxRadius", "0.7" },
        { "saddle", "R zero", "bounds.boxRadius", "0" },
        { "saddle", "R negative", "bounds.boxRadius", "-2e-10" },
        { "saddle", "direction: zero vector", "bounds.direction", "ZERO" },
        { "saddle", "direction: a positive-curvature direction", "bounds.direction", "ONES" },
        { "gradient", "bound raised", "bounds.partialDerivativeBound", "0.2" },
        { "gradient", "bound sign flipped", "bounds.partialDerivativeBound", "-0.164617" },
        { "gradient", "bound zero", "bounds.partialDerivativeBound", "0" },
        { "gradient", "R enlarged: the enclosure reaches below b", "bounds.boxRadius", "0.05" },
        { "gradient", "R enlarged past the smooth region", "bounds.boxRadius", "1" },
        { "gradient", "point: one digit changed (0.25 → 0.24): ∂F/∂w drops below b", "point.neurons.0.0", "0.24" },
        { "gradient", "point: one digit changed (0.25 → 0.45): the box leaves the smooth region", "point.neurons.0.0", "0.45" },
        { "gradient", "point: sign flipped", "point.neurons.0.0", "-0.25" },
    };

    [Theory]
    [MemberData(nameof(InvalidTwins))]
    public void TamperedTwinsAreInvalid(string which, string name, string path, string replacement)
    {
        var text = Source(which);
        JsonNode value = JsonValue.Create(replacement);
        switch (replacement)
        {
            case "DIGIT12":
            case "DIGIT4":
            {
                var original = Get(text, path);
                int at = original.IndexOf('.') + (replacement == "DIGIT12" ? 12 : 4);
                value = JsonValue.Create(original[..at] + (original[at] == '9' ? '0' : (char)(original[at] + 1)) + original[(at + 1)..]);
                break;
            }
            case "NEGATE":
                value = JsonValue.Create((-Rational.Parse(Get(text, path))).ToCanonicalString());
                break;
            case "ZERO":
                value = JsonNode.Parse("[[\"0\",\"0\",\"0\"],[\"0\",\"0\",\"0\"],[\"0\",\"0\",\"0\"]]")!;
                break;
            case "ONES":
                value = JsonNode.Parse("[[\"1\",\"1\",\"1\"],[\"1\",\"1\",\"1\"],[\"1\",\"1\",\"1\"]]")!;
                break;
        }
        var twin = With(text, path, value);
        Assert.NotEqual(JsonNode.Parse(text)!.ToJsonString(), twin);
        var r = CheckText(twin);
        Assert.True(r.Verdict == Verdict.Invalid, $"{name}: expected INVALID, got {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Contains(r.Checks, c => !c.Holds);
        Assert.False(string.IsNullOrEmpty(r.Message));
    }

    public static TheoryData<string, string, string, string> MalformedTwins() => new()
    {
        { "saddle", "k changed", "claim.model.k", "4" },
        { "saddle", "n changed", "claim.model.n", "2" },
        { "gradient", "k changed", "claim.model.k", "2" },
        { "saddle", "unknown evidence", "bounds.evidence", "\"hessian\"" },
        { "saddle", "direction of the wrong length", "bounds.direction", "[[\"1\",\"0\"],[\"0\",\"1\"],[\"1\",\"1\"]]" },
        { "saddle", "missing direction", "bounds.direction", "DELETE" },
        { "saddle", "a gradient key in a saddle certificate", "bounds.partialDerivativeBound", "\"1\"" },
        { "saddle", "a JSON number instead of a string", "bounds.curvatureUpper", "-0.04" },
        { "saddle", "preconditioner hint (not part of the format)", "hints.preconditioner", "\"I\"" },
        { "gradient", "component neuron out of range", "bounds.gradientComponent.neuron", "3" },
        { "gradient", "component coordinate negative", "bounds.gradientComponent.coordinate", "-1" },
        { "gradient", "component index not an integer", "bounds.gradientComponent.neuron", "\"0\"" },
        { "gradient", "missing bound", "bounds.partialDerivativeBound", "DELETE" },
        { "gradient", "a saddle key in a gradient certificate", "bounds.curvatureUpper", "\"-1\"" },
        { "gradient", "NaN", "bounds.boxRadius", "\"NaN\"" },
    };

    [Theory]
    [MemberData(nameof(MalformedTwins))]
    public void StructurallyBrokenTwinsAreMalformed(string which, string name, string path, string json)
    {
        var twin = With(Source(which), path, json == "DELETE" ? null : JsonNode.Parse(json));
        var r = CheckText(twin);
        Assert.True(r.Verdict == Verdict.Malformed, $"{name}: expected MALFORMED, got {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Contains("$.", r.Message);
    }

    public static TheoryData<string, string, string, string> HonestWeakenings() => new()
    {
        { "saddle", "ρ_K raised (still < R)", "bounds.krawczykRadiusUpper", "1e-12" },
        { "saddle", "curvature claim raised (still < 0)", "bounds.curvatureUpper", "-0.01" },
        { "saddle", "R shrunk (still > ρ_K)", "bounds.boxRadius", "1e-15" },
        { "saddle", "direction scaled by 2", "bounds.direction", "DOUBLE" },
        { "saddle", "lower precision hint", "hints.precision", "128" },
        { "saddle", "provenance edited (informational)", "provenance.source", "anything" },
        { "gradient", "bound lowered", "bounds.partialDerivativeBound", "0.1" },
        { "gradient", "R shrunk", "bounds.boxRadius", "0.01" },
        // The point is part of the claim: moving it states a different claim, which here is still true.
        { "gradient", "point moved (0.25 → 0.3): a different claim, still true", "point.neurons.0.0", "0.3" },
    };

    [Theory]
    [MemberData(nameof(HonestWeakenings))]
    public void WeakerTrueClaimsStillVerify(string which, string name, string path, string replacement)
    {
        var text = Source(which);
        JsonNode value = replacement == "128" ? JsonValue.Create(128) : JsonValue.Create(replacement);
        if (replacement == "DOUBLE")
        {
            var u = JsonNode.Parse(text)!["bounds"]!["direction"]!.AsArray();
            value = new JsonArray(u.Select(row => (JsonNode)new JsonArray(row!.AsArray()
                .Select(x => (JsonNode)JsonValue.Create((2 * Rational.Parse(x!.GetValue<string>())).ToCanonicalString())!).ToArray())).ToArray());
        }
        var r = CheckText(With(text, path, value));
        Assert.True(r.Verdict == Verdict.Verified, $"{name}: expected VERIFIED, got {Verdicts.Name(r.Verdict)} {r.Message}");
    }

    [Fact]
    public void AZeroTargetVectorIsMalformed()
    {
        var targets = JsonNode.Parse("""[["1", "0", "0"], ["0", "0", "0"], ["0", "0", "1"]]""");
        var r = CheckText(With(Saddle.Value, "claim.model.targets", targets));
        Assert.Equal(Verdict.Malformed, r.Verdict);
        Assert.Contains("$.claim.model.targets: a target vector is zero", r.Message);
    }

    [Fact]
    public void DuplicateKeysAreMalformed()
    {
        var duplicate = Saddle.Value.Replace("\"boxRadius\": \"2e-10\",", "\"boxRadius\": \"2e-10\",\n    \"boxRadius\": \"1\",");
        Assert.NotEqual(Saddle.Value, duplicate);
        var r = CheckText(duplicate);
        Assert.Equal(Verdict.Malformed, r.Verdict);
        Assert.Contains("duplicate key", r.Message);
    }

    /// <summary>A hand-made saddle certificate at the committed true local minimum (Example 1, k = n = 6).</summary>
    private static string SaddleAtTheMinimum(Rational[] u, string curvature)
    {
        using var doc = JsonDocument.Parse(Example1.Value);
        var minimum = SafranShamirLocalMinimum.Parse(doc.RootElement);
        return new SafranShamirRefutation
        {
            K = 6, N = 6, Point = minimum.Point, BoxRadius = Rational.Parse("1e-60"), Evidence = RefutationEvidence.Saddle,
            KrawczykRadiusUpper = Rational.Parse("1e-65"),
            Direction = Enumerable.Range(0, 6).Select(i => u.Skip(6 * i).Take(6).ToArray()).ToArray(),
            CurvatureUpper = Rational.Parse(curvature),
        }.ToCanonicalJson();
    }

    public static TheoryData<string> Directions() => ["e1", "ones", "alternating", "pseudo-random"];

    [Theory]
    [MemberData(nameof(Directions))]
    public void ATrueLocalMinimumCannotBePassedOffAsASaddle(string direction)
    {
        var u = Enumerable.Range(0, 36).Select(a => direction switch
        {
            "e1" => a == 0 ? Rational.One : Rational.Zero,
            "ones" => Rational.One,
            "alternating" => a % 2 == 0 ? Rational.One : -Rational.One,
            _ => new Rational((a * 37 + 11) % 17 - 8, 7),
        }).ToArray();
        var r = CheckText(SaddleAtTheMinimum(u, "-1e-9"));
        Assert.Equal(Verdict.Invalid, r.Verdict);
        // Krawczyk succeeds (there is exactly one critical point), but the curvature is positive: it is a minimum.
        Assert.True(Assert.Single(r.Checks, c => c.Label == "ss.refute.krawczyk" && c.Name.StartsWith("K(X)")).Holds);
        var curvature = Assert.Single(r.Checks, c => c.Name.StartsWith("uᵀ∇²F(x)u"));
        Assert.False(curvature.Holds);
        Assert.True(Rational.Parse(curvature.Derived) > 0, curvature.Derived);
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("1e-40")]
    public void KrawczykFailsWhereThereIsNoCriticalPoint(string radius)
    {
        // The gradient certificate's point has |∂F/∂w| ≥ 0.16 nearby: no zero of ∇F, so no Krawczyk box can verify.
        using var doc = JsonDocument.Parse(Gradient.Value);
        var far = SafranShamirRefutation.Parse(doc.RootElement);
        var text = new SafranShamirRefutation
        {
            K = 3, N = 3, Point = far.Point, BoxRadius = Rational.Parse(radius), Evidence = RefutationEvidence.Saddle,
            KrawczykRadiusUpper = Rational.Parse(radius) / 2,
            Direction = JsonNode.Parse(Saddle.Value)!["bounds"]!["direction"]!.AsArray()
                .Select(row => row!.AsArray().Select(x => Rational.Parse(x!.GetValue<string>())).ToArray()).ToArray(),
            CurvatureUpper = Rational.Parse("-1e-30"),
        }.ToCanonicalJson();
        var r = CheckText(text);
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.False(Assert.Single(r.Checks, c => c.Name.StartsWith("K(X)")).Holds);
    }

    [Fact]
    public void GradientEvidenceFailsAroundATrueLocalMinimum()
    {
        using var doc = JsonDocument.Parse(Example1.Value);
        var minimum = SafranShamirLocalMinimum.Parse(doc.RootElement);
        var text = new SafranShamirRefutation
        {
            K = 6, N = 6, Point = minimum.Point, BoxRadius = Rational.Parse("1e-20"), Evidence = RefutationEvidence.Gradient,
            GradientNeuron = 0, GradientCoordinate = 0, PartialDerivativeBound = Rational.Parse("1e-30"),
        }.ToCanonicalJson();
        var r = CheckText(text);
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains(r.Checks, c => !c.Holds && c.Label == "ss.refute.gradient");
    }
}
