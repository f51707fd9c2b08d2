using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Yun–Sra–Jadbabaie Theorem 6 certificates (kind "yun-sra-jadbabaie/leaky-relu-local-minimum"): the committed examples
/// (written by exactcheck regen from proofs/yun-sra-jadbabaie/claims/) agree with their recipes and verify; every tampered
/// twin is INVALID or MALFORMED; a floating-point probe agrees that the constructed point is a local minimum.
/// </summary>
public class YunLeakyReluMinimumTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "certificates", "yun-sra-jadbabaie");

    private static Rational P(string s) => Rational.Parse(s);

    /// <summary>Seeded rational dataset (the same recipe as ExactCheck.Search.YunLeakyReluProducer.RandomDataset).</summary>
    public static (Rational[][] Inputs, Rational[] Targets) RandomDataset(int seed, int inputDimension, int samples, int denominator = 8, int range = 2)
    {
        var rng = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new List<Rational[]>();
        while (inputs.Count < samples)
        {
            var x = Enumerable.Range(0, inputDimension)
                .Select(_ => new Rational(rng.Next(-range * denominator, range * denominator + 1), denominator)).ToArray();
            if (seen.Add(string.Join(",", x.Select(v => v.ToExactString())))) inputs.Add(x);
        }
        var targets = inputs.Select(x =>
        {
            var linear = x.Select((v, a) => (a + 1) * v).Aggregate(Rational.Zero, (s, v) => s + v);
            var bump = x[0] * x[0] / 2;
            var noise = new Rational(rng.Next(-8, 9), 16);
            return linear + bump + noise;
        }).ToArray();
        return (inputs.ToArray(), targets);
    }

    private static Dictionary<string, string> Provenance(string source) => new()
    {
        ["command"] = "test recipe (the committed file is written by exactcheck regen from its claim spec)",
        ["producer"] = "exactcheck 0.1.0",
        ["source"] = source,
    };

    /// <summary>The committed certificates and how each is produced.</summary>
    public static YunLeakyReluMinimum Produce(string name)
    {
        switch (name)
        {
            case "yun-thm6-squares-dx1-m6.json":
            {
                var x = Enumerable.Range(0, 6).Select(i => new[] { new Rational(i) }).ToArray();
                var y = Enumerable.Range(0, 6).Select(i => new Rational(i * i)).ToArray();
                return YunLeakyReluMinimum.Build(x, y, 1, P("1/10"), 2, 1, Provenance("hand dataset: x = 0..5, y = x², leaky ReLU s₊ = 1, s₋ = 1/10, d₁ = 2"));
            }
            case "yun-thm6-random-dx3-m12-d1-3.json":
            {
                var (x, y) = RandomDataset(6, 3, 12);
                return YunLeakyReluMinimum.Build(x, y, 1, P("1/5"), 3, 1, Provenance("RandomDataset(seed 6, d_x = 3, m = 12), s₊ = 1, s₋ = 1/5, d₁ = 3"));
            }
            case "yun-thm6-random-dx2-m50.json":
            {
                var (x, y) = RandomDataset(50, 2, 50);
                return YunLeakyReluMinimum.Build(x, y, P("3/2"), P("1/4"), 2, 1, Provenance("RandomDataset(seed 50, d_x = 2, m = 50), s₊ = 3/2, s₋ = 1/4, d₁ = 2 (m ≫ d_x)"));
            }
            case "yun-thm6-relu-dx2-m8-d1-4.json":
            {
                var (x, y) = RandomDataset(8, 2, 8);
                return YunLeakyReluMinimum.Build(x, y, 1, 0, 4, P("1/2"), Provenance("RandomDataset(seed 8, d_x = 2, m = 8), ReLU s₊ = 1, s₋ = 0, d₁ = 4, α = 1/2"));
            }
            case "yun-thm6-slight-dx4-m20.json":
            {
                var (x, y) = RandomDataset(20, 4, 20);
                return YunLeakyReluMinimum.Build(x, y, P("101/100"), 1, 2, 1, Provenance("RandomDataset(seed 20, d_x = 4, m = 20), \"slight\" nonlinearity s₊ = 1.01, s₋ = 1 (paper § 3.2)"));
            }
            case "yun-thm6-tied-dx1-m3.json":
            {
                // The least-squares line is flat (ȳ = 1/3 for all three points): J = ∅, Step 2 Case 2 (Appendix A6).
                var x = new[] { new[] { new Rational(-1) }, new[] { Rational.Zero }, new[] { Rational.One } };
                var y = new[] { Rational.Zero, Rational.One, Rational.Zero };
                return YunLeakyReluMinimum.Build(x, y, 1, P("1/10"), 2, 1, Provenance("hand dataset with tied fitted values: x = −1, 0, 1, y = 0, 1, 0 (Step 2 Case 2), s₊ = 1, s₋ = 1/10, d₁ = 2"));
            }
            case "yun-thm6-tied-dx2-m4.json":
            {
                // ȳ = 1/3, 1/3, 1/3, 5: three tied points (residuals −1/3, 2/3, −1/3) and one fitted exactly; J = ∅.
                var x = new[] { new[] { new Rational(-1), Rational.Zero }, new[] { Rational.Zero, Rational.Zero }, new[] { Rational.One, Rational.Zero }, new[] { Rational.Zero, Rational.One } };
                var y = new[] { Rational.Zero, Rational.One, Rational.Zero, new Rational(5) };
                return YunLeakyReluMinimum.Build(x, y, P("1/2"), 2, 3, 1, Provenance("hand dataset with tied fitted values (Step 2 Case 2), s₊ = 1/2, s₋ = 2, d₁ = 3"));
            }
            default: throw new ArgumentException(name);
        }
    }

    public static TheoryData<string> Names() => new()
    {
        "yun-thm6-squares-dx1-m6.json", "yun-thm6-random-dx3-m12-d1-3.json", "yun-thm6-random-dx2-m50.json",
        "yun-thm6-relu-dx2-m8-d1-4.json", "yun-thm6-slight-dx4-m20.json", "yun-thm6-tied-dx1-m3.json", "yun-thm6-tied-dx2-m4.json",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCommittedCertificatesAgreeWithTheirRecipeAndVerify(string name)
    {
        var r = CommittedCertificates.AssertAgreesWithRecipeAndVerifies(Path.Combine(Folder, name), Produce(name).ToCanonicalJson());
        Assert.Contains(r.Checks, c => c.Label == "yun.thm6.local-min");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AFloatingPointProbeFindsNoDescentNearTheConstructedPoint(string name)
    {
        // Not a proof (the checker's argument is [yun.thm6.local-min]): random perturbations of every parameter, of
        // sizes 1e-2 … 1e-6, never lower the risk below its value at the point (up to double rounding).
        var cert = Produce(name);
        double risk = ToDouble(cert.Risk);
        var rng = new Random(1);
        foreach (var scale in new[] { 1e-2, 1e-3, 1e-4, 1e-6 })
            for (int t = 0; t < 300; t++)
            {
                var moved = Perturb(cert.Point, scale, rng);
                double change = RiskDouble(moved, cert) - risk;
                Assert.True(change >= -1e-9 * Math.Max(1, risk), $"{name}: scale {scale}, change {change}");
            }
        // …while the better point, found by the construction, is strictly lower.
        Assert.True(RiskDouble(Flatten(cert.BetterPoint), cert) < risk);
    }

    private static double ToDouble(Rational r) => double.Parse(r.ToScientificString(17, RoundingMode.Nearest), System.Globalization.CultureInfo.InvariantCulture);

    private static (double[][] W1, double[] B1, double[] W2, double B2) Flatten(LeakyReluNetwork n) =>
        (n.W1.Select(r => r.Select(ToDouble).ToArray()).ToArray(), n.B1.Select(ToDouble).ToArray(), n.W2.Select(ToDouble).ToArray(), ToDouble(n.B2));

    private static (double[][] W1, double[] B1, double[] W2, double B2) Perturb(LeakyReluNetwork n, double scale, Random rng)
    {
        double D() => scale * (2 * rng.NextDouble() - 1);
        var (w1, b1, w2, b2) = Flatten(n);
        return (w1.Select(r => r.Select(v => v + D()).ToArray()).ToArray(), b1.Select(v => v + D()).ToArray(), w2.Select(v => v + D()).ToArray(), b2 + D());
    }

    private static double RiskDouble((double[][] W1, double[] B1, double[] W2, double B2) p, YunLeakyReluMinimum cert)
    {
        double sp = ToDouble(cert.SlopePositive), sm = ToDouble(cert.SlopeNegative), s = 0;
        for (int i = 0; i < cert.Samples; i++)
        {
            var x = cert.Inputs[i].Select(ToDouble).ToArray();
            double yhat = p.B2;
            for (int k = 0; k < p.B1.Length; k++)
            {
                double z = p.B1[k];
                for (int a = 0; a < x.Length; a++) z += p.W1[k][a] * x[a];
                yhat += p.W2[k] * (z >= 0 ? sp * z : sm * z);
            }
            double r = yhat - ToDouble(cert.Targets[i]);
            s += r * r;
        }
        return s / 2;
    }

    // ------------------------------------------------------------------ tampered twins

    private const string Small = "yun-thm6-squares-dx1-m6.json";
    private const string Large = "yun-thm6-random-dx2-m50.json";

    private static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    private static JsonNode Node(JsonNode root, string path)
    {
        foreach (var p in path.Split('.')) root = int.TryParse(p, out int i) ? root[i]! : root[p]!;
        return root;
    }

    private static string With(string name, string path, Func<JsonNode, JsonNode?> change)
    {
        var root = JsonNode.Parse(Text(name))!;
        var parts = path.Split('.');
        var parent = parts.Length == 1 ? root : Node(root, string.Join('.', parts[..^1]));
        var last = parts[^1];
        var old = int.TryParse(last, out int idx) ? parent[idx]! : parent[last]!;
        var value = change(old.DeepClone());
        if (int.TryParse(last, out idx)) parent[idx] = value; else parent[last] = value;
        return root.ToJsonString();
    }

    /// <summary>Changes the last digit of a number string (e.g. "-1/10" → "-1/11", "0.375" → "0.376").</summary>
    private static JsonNode ChangeDigit(JsonNode n)
    {
        var s = n.GetValue<string>();
        int i = s.Length - 1;
        while (!char.IsDigit(s[i])) i--;
        return JsonValue.Create(s[..i] + (char)('0' + (s[i] - '0' + 1) % 10) + s[(i + 1)..])!;
    }

    private static CheckResult Check(string text) => CertificateChecker.CheckText("twin.json", text);

    public static TheoryData<string, string, string, string> InvalidTwins() => new()
    {
        // name, file, path, replacement ("DIGIT" = change the last digit); the label of a check that must fail
        { "a weight: one digit of W1[0][0]", Small, "point.W1.0.0", "DIGIT" },
        { "a weight: one digit of b1[1]", Small, "point.b1.1", "DIGIT" },
        { "a weight: W2[0] one digit", Large, "point.W2.0", "DIGIT" },
        { "a weight: b2", Large, "point.b2", "DIGIT" },
        { "data: one digit of an input", Large, "claim.model.inputs.17.1", "DIGIT" },
        { "data: one digit of a target", Small, "claim.model.targets.3", "DIGIT" },
        { "data: a target of the large set", Large, "claim.model.targets.42", "DIGIT" },
        { "slope s₋ sign flipped", Small, "claim.model.slopeNegative", "-1/10" },
        { "slope s₊ sign flipped", Small, "claim.model.slopePositive", "-1" },
        { "slopes equal (linear activation)", Small, "claim.model.slopeNegative", "1" },
        { "least-squares weights one digit", Large, "bounds.leastSquaresWeights.0", "DIGIT" },
        { "least-squares bias one digit", Small, "bounds.leastSquaresBias", "DIGIT" },
        { "α = 0", Small, "bounds.alpha", "0" },
        { "α changed (point not rebuilt)", Small, "bounds.alpha", "2" },
        { "η one digit", Small, "bounds.eta", "DIGIT" },
        { "risk one digit", Large, "bounds.risk", "DIGIT" },
        { "better risk one digit", Large, "bounds.betterRisk", "DIGIT" },
        { "better point: one digit of b1[0]", Small, "bounds.betterPoint.b1.0", "DIGIT" },
        { "better point: W2 sign flipped", Small, "bounds.betterPoint.W2.0", "-10/11" },
    };

    [Theory]
    [MemberData(nameof(InvalidTwins))]
    public void TamperedTwinsAreInvalid(string what, string file, string path, string replacement)
    {
        var text = With(file, path, old => replacement == "DIGIT" ? ChangeDigit(old) : JsonValue.Create(replacement));
        Assert.NotEqual(Text(file), text);
        var r = Check(text);
        Assert.True(r.Verdict == Verdict.Invalid, $"{what}: {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Contains(r.Checks, c => !c.Holds);
    }

    [Fact]
    public void TheBetterPointReplacedByTheLocalMinimumIsNotBetter()
    {
        var root = JsonNode.Parse(Text(Large))!;
        root["bounds"]!["betterPoint"] = root["point"]!.DeepClone();
        root["bounds"]!["betterRisk"] = root["bounds"]!["risk"]!.DeepClone();
        var r = Check(root.ToJsonString());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        var failed = Assert.Single(r.Checks, c => !c.Holds);
        Assert.Equal("yun.thm6.not-global", failed.Label);
    }

    [Fact]
    public void ASignViolationOnOneDataPointIsCaught()
    {
        // Lower b1[0] by exactly the smallest pre-activation of unit 0: that one data point gets pre-activation 0.
        var cert = Produce(Small);
        var min = cert.Inputs.Select(x => YunLeakyReluMinimum.PreActivation(cert.Point, 0, x)).Min();
        var lowered = cert.Point.B1[0] - min;
        var r = Check(With(Small, "point.b1.0", _ => JsonValue.Create(lowered.ToCanonicalString())));
        Assert.Equal(Verdict.Invalid, r.Verdict);
        var sign = Assert.Single(r.Checks, c => c.Label == "yun.thm6.local-min");
        Assert.False(sign.Holds);
        Assert.Contains("data point 0, hidden unit 0", sign.Derived);
    }

    [Fact]
    public void LinearlyFittableDataFailC61()
    {
        // Replace Y by the least-squares fit Ȳ itself: W̄ still solves the normal equations, but ℓ₀(W̄) = 0.
        var cert = Produce(Small);
        var root = JsonNode.Parse(Text(Small))!;
        var targets = new JsonArray(cert.Inputs.Select(x =>
            (JsonNode)JsonValue.Create((cert.LeastSquaresWeights[0] * x[0] + cert.LeastSquaresBias).ToCanonicalString())!).ToArray());
        root["claim"]!["model"]!["targets"] = targets;
        var r = Check(root.ToJsonString());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains(r.Checks, c => !c.Holds && c.Name.StartsWith("C6.1", StringComparison.Ordinal));
        var fittable = Enumerable.Range(0, 5).Select(i => new Rational(2 * i + 1)).ToArray();
        Assert.Throws<InvalidOperationException>(() => YunLeakyReluMinimum.Build(
            Enumerable.Range(0, 5).Select(i => new[] { new Rational(i) }).ToArray(), fittable, 1, P("1/10"), 2, 1, new Dictionary<string, string>()));
    }

    [Fact]
    public void DuplicateDataPointsFailC62()
    {
        var root = JsonNode.Parse(Text(Large))!;
        var inputs = root["claim"]!["model"]!["inputs"]!;
        inputs[1] = inputs[0]!.DeepClone();
        var r = Check(root.ToJsonString());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains(r.Checks, c => !c.Holds && c.Name.StartsWith("C6.2", StringComparison.Ordinal));
    }

    [Fact]
    public void WidthOneFailsC64()
    {
        var (x, y) = RandomDataset(6, 3, 12);
        var cert = YunLeakyReluMinimum.Build(x, y, 1, P("1/5"), 1, 1, new Dictionary<string, string>());
        var r = Check(cert.ToCanonicalJson());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains(r.Checks, c => !c.Holds && c.Name.StartsWith("C6.4", StringComparison.Ordinal));
    }

    [Fact]
    public void AnotherAlphaGivesAnotherVerifiedMinimum()
    {
        // Infinitely many minima: any α > 0 (the paper's nonnegative homogeneity remark).
        var (x, y) = RandomDataset(6, 3, 12);
        foreach (var alpha in new[] { P("1/1000"), P("7/3"), P("250") })
        {
            var cert = YunLeakyReluMinimum.Build(x, y, 1, P("1/5"), 3, alpha, new Dictionary<string, string>());
            Assert.Equal(Verdict.Verified, Check(cert.ToCanonicalJson()).Verdict);
        }
    }

    public static TheoryData<string, string, string> MalformedTwins() => new()
    {
        { "JSON number for a weight", "point.W1.0.0", "NUMBER" },
        { "not a number", "bounds.risk", "abc" },
        { "missing better point", "bounds.betterPoint", "REMOVE" },
        { "wrong network", "claim.model.network", "two-hidden-layer" },
        { "wrong loss", "claim.model.loss", "hinge" },
        { "too few targets", "claim.model.targets", "SHORT" },
        { "samples count mismatch", "claim.model.samples", "INT7" },
    };

    [Theory]
    [MemberData(nameof(MalformedTwins))]
    public void MalformedTwinsAreMalformed(string what, string path, string replacement)
    {
        var text = With(Small, path, old => replacement switch
        {
            "NUMBER" => JsonValue.Create(0.5),
            "REMOVE" => null,
            "SHORT" => new JsonArray(old.AsArray().Take(5).Select(n => n!.DeepClone()).ToArray()),
            "INT7" => JsonValue.Create(7),
            _ => JsonValue.Create(replacement),
        });
        var r = Check(text);
        Assert.True(r.Verdict == Verdict.Malformed, $"{what}: {Verdicts.Name(r.Verdict)} {r.Message}");
    }

    [Fact]
    public void AnUnknownKeyIsMalformed()
    {
        var root = JsonNode.Parse(Text(Small))!;
        root["bounds"]!["gamma"] = "1/2";
        Assert.Equal(Verdict.Malformed, Check(root.ToJsonString()).Verdict);
    }
}
