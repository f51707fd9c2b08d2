using System.Text.Json.Nodes;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// The committed Safran–Shamir certificates verify; every tampered twin (one digit changed, a sign flipped, the point
/// moved, a bound tightened beyond the truth, structure broken) is rejected; honest weakenings still verify.
/// </summary>
public class SafranShamirLocalMinimumTests
{
    private static readonly string Example1Path = Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-example1-k6-n6.json");
    private static readonly Lazy<string> Example1 = new(() => File.ReadAllText(Example1Path));

    private static CheckResult CheckText(string text) => CertificateChecker.CheckText("twin.json", text);

    /// <summary>The certificate with one JSON value replaced (path like "bounds.distanceUpper" or "point.neurons.1.2").</summary>
    private static string With(string path, JsonNode? value)
    {
        var root = JsonNode.Parse(Example1.Value)!;
        var parts = path.Split('.');
        JsonNode node = root;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out int i) ? node[i]! : node[p]!;
        var last = parts[^1];
        if (int.TryParse(last, out int idx)) node[idx] = value; else node[last] = value;
        return root.ToJsonString();
    }

    private static string Get(string path)
    {
        JsonNode node = JsonNode.Parse(Example1.Value)!;
        foreach (var p in path.Split('.')) node = int.TryParse(p, out int i) ? node[i]! : node[p]!;
        return node.GetValue<string>();
    }

    /// <summary>Every kind and architecture, in process; the extra search families are left to the README's main command (<see cref="RepoPaths.IsExtraSearchCertificate"/>).</summary>
    [Fact]
    public void EveryCommittedCertificateOfEachKindAndArchitectureVerifies()
    {
        var files = CertificateChecker.Expand(Path.Combine(RepoPaths.Root, "certificates"))
            .Where(f => !RepoPaths.IsExtraSearchCertificate(f)).ToList();
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var r = CertificateChecker.CheckFile(f);
            Assert.True(r.Verdict == Verdict.Verified, $"{f}: {Verdicts.Name(r.Verdict)} {r.Message}");
            Assert.All(r.Checks, c => Assert.True(c.Holds));
        }
    }

    [Fact]
    public void TheExampleOneCertificateStatesThePapersNumbers()
    {
        var r = CheckText(Example1.Value);
        Assert.Equal(Verdict.Verified, r.Verdict);
        Assert.StartsWith("[2.508058100246301041947970235301", r.Summary!.Value);   // F ≈ 0.02508058 (ERRATA)
        Assert.StartsWith("4.7003", r.Summary.Lambda);                             // λmin ≈ 0.0047004 (ERRATA)
    }

    public static TheoryData<string, string, string> InvalidTwins() => new()
    {
        // name, path, replacement
        { "ε one digit smaller", "bounds.gradientNormUpper", "2.12e-37" },
        { "λ one digit larger", "bounds.hessianLambdaMinLower", "0.00470045" },
        { "λ sign flipped", "bounds.hessianLambdaMinLower", "-0.00470035" },
        { "r below ε/λ", "bounds.distanceUpper", "4.53e-35" },
        { "ball radius too small for 2ε < λρ", "bounds.ballRadius", "9e-35" },
        { "F lower bound raised", "bounds.valueLower", "0.02508058100246301041947970235301994" },
        { "F upper bound lowered", "bounds.valueUpper", "0.02508058100246301041947970235301994" },
        { "F lower sign flipped", "bounds.valueLower", "-0.02508058100246301041947970235301993924923" },
        { "F claimed far off", "bounds.valueUpper", "0.02" },
        { "point: one digit changed (12th decimal)", "point.neurons.1.2", "DIGIT" },
        { "point: first digits changed", "point.neurons.0.0", "-0.6115119235610937100839566778463526180545793966678582091520243111644402080440649" },
        { "point: sign flipped", "point.neurons.2.0", "-0.30801099147906874583267908133908316990788820290619709645299549735851662950291284" },
        { "point moved by 1e-30", "point.neurons.3.3", "MOVE" },
        { "all d: λ_A raised", "bounds.allDimensions.hessianLambdaMinLower", "0.00470045" },
        { "all d: B one digit smaller", "bounds.allDimensions.thirdDerivativeUpper", "10.0274" },
        { "all d: B so large that 9λ² − 25Bε < 0", "bounds.allDimensions.thirdDerivativeUpper", "1e76" },
        { "all d: r_A below Lemma 1's radius", "bounds.allDimensions.distanceUpper", "9.4e-35" },
        { "all d: value lower bound above F(w) − εr", "bounds.allDimensions.valueLower", "0.02508058100246301041947970235301994" },
        { "all d: value lower bound sign flipped", "bounds.allDimensions.valueLower", "-0.025" },
    };

    [Theory]
    [MemberData(nameof(InvalidTwins))]
    public void TamperedTwinsAreInvalid(string name, string path, string replacement)
    {
        if (replacement == "MOVE") replacement = (ExactCheck.Arithmetic.Rational.Parse(Get(path)) + ExactCheck.Arithmetic.Rational.Parse("1e-30")).ToCanonicalString();
        if (path.StartsWith("point.neurons.2.0")) replacement = "-" + Get(path);
        if (replacement == "DIGIT")
        {
            var original = Get(path);
            int at = original.IndexOf('.') + 12;
            replacement = original[..at] + (original[at] == '9' ? '0' : (char)(original[at] + 1)) + original[(at + 1)..];
        }
        var twin = With(path, JsonValue.Create(replacement));
        Assert.NotEqual(Example1.Value, twin);
        var r = CheckText(twin);
        Assert.True(r.Verdict == Verdict.Invalid, $"{name}: expected INVALID, got {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Contains(r.Checks, c => !c.Holds);
        Assert.False(string.IsNullOrEmpty(r.Message));
    }

    public static TheoryData<string, string, string> MalformedTwins() => new()
    {
        { "k changed", "claim.model.k", "7" },
        { "n changed", "claim.model.n", "5" },
        { "a JSON number instead of a string", "bounds.gradientNormUpper", "1.81e-79" },
        { "NaN", "bounds.valueLower", "\"NaN\"" },
        { "Infinity", "bounds.distanceUpper", "\"Infinity\"" },
        { "huge exponent", "bounds.ballRadius", "\"1e999999999\"" },
        { "unknown objective", "claim.model.objective", "\"relu-uniform\"" },
        { "targets garbled", "claim.model.targets", "\"eye\"" },
        { "precision hint out of range", "hints.precision", "100000" },
        { "missing bound", "bounds.valueUpper", "DELETE" },
    };

    [Theory]
    [MemberData(nameof(MalformedTwins))]
    public void StructurallyBrokenTwinsAreMalformed(string name, string path, string json)
    {
        string twin;
        if (json == "DELETE")
        {
            var root = JsonNode.Parse(Example1.Value)!;
            root["bounds"]!.AsObject().Remove("valueUpper");
            twin = root.ToJsonString();
        }
        else twin = With(path, JsonNode.Parse(json));
        var r = CheckText(twin);
        Assert.True(r.Verdict == Verdict.Malformed, $"{name}: expected MALFORMED, got {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Contains("$.", r.Message);
    }

    [Fact]
    public void DuplicateAndUnknownKeysAreMalformed()
    {
        var duplicate = Example1.Value.Replace("\"ballRadius\": \"1e-32\",", "\"ballRadius\": \"1e-32\",\n    \"ballRadius\": \"1e-30\",");
        Assert.NotEqual(Example1.Value, duplicate);
        Assert.Contains("duplicate key", CheckText(duplicate).Message);
        var unknown = With("bounds.gradientNormUpperr", JsonValue.Create("1"));
        var r = CheckText(unknown);
        Assert.Equal(Verdict.Malformed, r.Verdict);
        Assert.Contains("unknown key", r.Message);
    }

    public static TheoryData<string, string, string> HonestWeakenings() => new()
    {
        { "F lower bound lowered", "bounds.valueLower", "0.025" },
        { "F upper bound raised", "bounds.valueUpper", "0.026" },
        { "r raised", "bounds.distanceUpper", "1e-33" },
        { "ε raised within r", "bounds.gradientNormUpper", "2.1301e-37" },
        { "σ hint wrong (untrusted)", "hints.sigma", "0.5" },
        { "all d: B raised (still 9λ² ≥ 25Bε)", "bounds.allDimensions.thirdDerivativeUpper", "1e28" },
        { "all d: value lower bound lowered", "bounds.allDimensions.valueLower", "0.001" },
        { "provenance edited (informational)", "provenance.source", "anything" },
    };

    [Theory]
    [MemberData(nameof(HonestWeakenings))]
    public void WeakerTrueClaimsStillVerify(string name, string path, string replacement)
    {
        var r = CheckText(With(path, JsonValue.Create(replacement)));
        Assert.True(r.Verdict == Verdict.Verified, $"{name}: expected VERIFIED, got {Verdicts.Name(r.Verdict)} {r.Message}");
    }
}
