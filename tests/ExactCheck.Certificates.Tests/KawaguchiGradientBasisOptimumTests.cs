using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Kawaguchi–Huang–Kaelbling Theorems 1 / 2 certificates (kind "kawaguchi-huang-kaelbling/gradient-basis-optimum"): the
/// committed examples (written by exactcheck regen from proofs/kawaguchi-huang-kaelbling/claims/) agree with their recipes and verify; the Jacobian
/// agrees with finite differences; the paper's inequalities hold numerically; tampered twins fail.
/// </summary>
public class KawaguchiGradientBasisOptimumTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "certificates", "kawaguchi-huang-kaelbling");

    private static Rational P(string s) => Rational.Parse(s);

    private static Dictionary<string, string> Provenance(string source) => new()
    {
        ["command"] = "test recipe (the committed file is written by exactcheck regen from its claim spec)",
        ["producer"] = "exactcheck 0.1.0",
        ["source"] = source,
    };

    /// <summary>A seeded random network with rational weights in [−2, 2] (multiples of 1/4).</summary>
    private static LeakyReluNetwork RandomNetwork(Random rng, int d1, int dx)
    {
        Rational R() => new(rng.Next(-8, 9), 4);
        return new LeakyReluNetwork(
            Enumerable.Range(0, d1).Select(_ => Enumerable.Range(0, dx).Select(_ => R()).ToArray()).ToArray(),
            Enumerable.Range(0, d1).Select(_ => R()).ToArray(), Enumerable.Range(0, d1).Select(_ => R()).ToArray(), R());
    }

    /// <summary>Planted minimum with a mixed activation pattern; inputs avoid every unit's kink (z ≠ 0).</summary>
    internal static KawaguchiGradientBasisOptimum Planted(int seed, int dx, int d1, int m, Rational sPlus, Rational sMinus, string source)
    {
        var rng = new Random(seed);
        var point = RandomNetwork(rng, d1, dx);
        var inputs = new List<Rational[]>();
        while (inputs.Count < m)
        {
            var x = Enumerable.Range(0, dx).Select(_ => new Rational(rng.Next(-16, 17), 8)).ToArray();
            if (Enumerable.Range(0, d1).All(k => !YunLeakyReluMinimum.PreActivation(point, k, x).IsZero)
                && inputs.All(o => !o.SequenceEqual(x))) inputs.Add(x);
        }
        var xs = inputs.ToArray();
        var y = KawaguchiGradientBasisOptimum.PlantTargets(point, xs, sPlus, sMinus, seed, 1);
        var better = KawaguchiGradientBasisOptimum.SearchBetterPoint(xs, y, sPlus, sMinus, d1, seed);
        return KawaguchiGradientBasisOptimum.Build(xs, y, sPlus, sMinus, point, better, Provenance(source));
    }

    public static KawaguchiGradientBasisOptimum Produce(string name) => name switch
    {
        "khk-yun-squares-dx1-m6.json" => KawaguchiGradientBasisOptimum.FromYun(YunLeakyReluMinimumTests.Produce("yun-thm6-squares-dx1-m6.json"),
            Provenance("the local minimum and better point of certificates/yun-sra-jadbabaie/yun-thm6-squares-dx1-m6.json")),
        "khk-yun-random-dx3-m12-d1-3.json" => KawaguchiGradientBasisOptimum.FromYun(YunLeakyReluMinimumTests.Produce("yun-thm6-random-dx3-m12-d1-3.json"),
            Provenance("the local minimum and better point of certificates/yun-sra-jadbabaie/yun-thm6-random-dx3-m12-d1-3.json")),
        "khk-yun-relu-dx2-m8-d1-4.json" => KawaguchiGradientBasisOptimum.FromYun(YunLeakyReluMinimumTests.Produce("yun-thm6-relu-dx2-m8-d1-4.json"),
            Provenance("the local minimum and better point of certificates/yun-sra-jadbabaie/yun-thm6-relu-dx2-m8-d1-4.json")),
        "khk-yun-random-dx2-m50.json" => KawaguchiGradientBasisOptimum.FromYun(YunLeakyReluMinimumTests.Produce("yun-thm6-random-dx2-m50.json"),
            Provenance("the local minimum and better point of certificates/yun-sra-jadbabaie/yun-thm6-random-dx2-m50.json")),
        "khk-planted-mixed-dx2-m16-d1-2.json" => Planted(PlantedSeed, 2, 2, 16, 1, P("1/4"),
            $"planted minimum (seed {PlantedSeed}): random network θ, d_x = 2, d₁ = 2, m = 16, s₊ = 1, s₋ = 1/4; y = f_X(θ) + r, r = exact projection of a random vector onto U⊥; better point by seeded gradient descent in doubles rounded to 2^−16"),
        _ => throw new ArgumentException(name),
    };

    private const int PlantedSeed = 4;

    public static TheoryData<string> Names() => new()
    {
        "khk-yun-squares-dx1-m6.json", "khk-yun-random-dx3-m12-d1-3.json", "khk-yun-relu-dx2-m8-d1-4.json",
        "khk-yun-random-dx2-m50.json", "khk-planted-mixed-dx2-m16-d1-2.json",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCommittedCertificatesAgreeWithTheirRecipeAndVerify(string name)
    {
        CommittedCertificates.AssertAgreesWithRecipeAndVerifies(Path.Combine(Folder, name), Produce(name).ToCanonicalJson());
    }

    [Fact]
    public void ThePlantedMinimumHasAMixedActivationPattern()
    {
        var cert = Produce("khk-planted-mixed-dx2-m16-d1-2.json");
        var signs = cert.Inputs.SelectMany(x => Enumerable.Range(0, cert.HiddenWidth).Select(k => YunLeakyReluMinimum.PreActivation(cert.Point, k, x).Sign)).ToHashSet();
        Assert.Equal(2, signs.Count);
    }

    [Fact]
    public void OnYunMinimaTheGradientBasisIsTheAffineModelAndItsOptimumIsTheLeastSquaresRisk()
    {
        // At the Theorem 6 point every unit is active on every data point: U = span{1, x_a} (dimension d_x + 1), so the
        // Kawaguchi value is exactly the Yun least-squares risk.
        var yun = YunLeakyReluMinimumTests.Produce("yun-thm6-random-dx3-m12-d1-3.json");
        var khk = KawaguchiGradientBasisOptimum.FromYun(yun, new Dictionary<string, string>());
        Assert.Equal(yun.Risk, khk.Risk);
        Assert.Equal(yun.InputDimension + 1, khk.PatternSpaceRank);
        Assert.Equal(yun.InputDimension + 1, khk.GradientBasisRank);
    }

    [Fact]
    public void TheJacobianAgreesWithFiniteDifferences()
    {
        var rng = new Random(17);
        var net = RandomNetwork(rng, 3, 2);
        var xs = Enumerable.Range(0, 6).Select(_ => new[] { new Rational(rng.Next(-16, 17), 8), new Rational(rng.Next(-16, 17), 8) }).ToArray();
        Rational sp = 1, sm = P("1/4");
        var jac = KawaguchiGradientBasisOptimum.Jacobian(net, xs, sp, sm);
        var h = new Rational(1, 1_000_000);
        for (int p = 0; p < jac.Cols; p++)
        {
            var plus = Shift(net, p, h);
            var minus = Shift(net, p, -h);
            for (int i = 0; i < xs.Length; i++)
            {
                // Central difference over rationals: exact for a piece of the network that stays linear in θ_p on [−h, h].
                var fd = (YunLeakyReluMinimum.Output(plus, xs[i], sp, sm) - YunLeakyReluMinimum.Output(minus, xs[i], sp, sm)) / (2 * h);
                Assert.Equal(jac[i, p], fd);
            }
        }
    }

    /// <summary>θ with parameter p (order W₁ row by row, b₁, W₂, b₂) moved by t.</summary>
    private static LeakyReluNetwork Shift(LeakyReluNetwork n, int p, Rational t)
    {
        int d1 = n.HiddenWidth, dx = n.W1[0].Length;
        var w1 = n.W1.Select(r => r.ToArray()).ToArray();
        var b1 = n.B1.ToArray();
        var w2 = n.W2.ToArray();
        var b2 = n.B2;
        if (p < d1 * dx) w1[p / dx][p % dx] += t;
        else if (p < d1 * dx + d1) b1[p - d1 * dx] += t;
        else if (p < d1 * dx + 2 * d1) w2[p - d1 * dx - d1] += t;
        else b2 += t;
        return new LeakyReluNetwork(w1, b1, w2, b2);
    }

    [Fact]
    public void APerturbedBasisInsideThePatternBallStaysInThePatternSpace()
    {
        // Theorem 2's perturbable basis at θ + εv (‖v‖ ≤ 1, ε < ρ) lies in U: checked for random v at ε = ρ/2.
        var cert = Produce("khk-planted-mixed-dx2-m16-d1-2.json");
        var u = KawaguchiGradientBasisOptimum.PatternGenerators(cert.Point, cert.Inputs, cert.SlopePositive, cert.SlopeNegative);
        int rank = u.Rank();
        var rng = new Random(2);
        int dTheta = cert.HiddenWidth * (cert.InputDimension + 2) + 1;
        for (int trial = 0; trial < 5; trial++)
        {
            var moved = cert.Point;
            var eps = cert.PatternRadius / 2 / dTheta;   // each coordinate ≤ ε/d_θ, so ‖εv‖ < ρ
            for (int p = 0; p < dTheta; p++) moved = Shift(moved, p, eps * new Rational(rng.Next(-4, 5), 4));
            var jac = KawaguchiGradientBasisOptimum.Jacobian(moved, cert.Inputs, cert.SlopePositive, cert.SlopeNegative);
            var both = RationalMatrix.FromRows(Enumerable.Range(0, u.Rows).Select(i => u.GetRow(i).Concat(jac.GetRow(i)).ToArray()).ToList());
            Assert.Equal(rank, both.Rank());
        }
    }

    [Fact]
    public void ThePapersTheorem1InequalityHoldsForRandomCoefficients()
    {
        // Proof of Theorem 1: L_θ(α) ≥ L(θ) for every α (at a critical point with Assumption 2) — exact, random α.
        var cert = Produce("khk-planted-mixed-dx2-m16-d1-2.json");
        var jac = KawaguchiGradientBasisOptimum.Jacobian(cert.Point, cert.Inputs, cert.SlopePositive, cert.SlopeNegative);
        var rng = new Random(8);
        for (int trial = 0; trial < 20; trial++)
        {
            var alpha = RationalMatrix.Column(Enumerable.Range(0, jac.Cols).Select(_ => new Rational(rng.Next(-20, 21), 5)).ToArray());
            var outputs = jac * alpha;
            var l = Enumerable.Range(0, cert.Samples).Select(i => outputs[i, 0] - cert.Targets[i]).Aggregate(Rational.Zero, (s, r) => s + r * r) / 2;
            Assert.True(l >= cert.Risk);
        }
    }

    // ------------------------------------------------------------------ tampered twins

    private const string Small = "khk-yun-squares-dx1-m6.json";
    private const string Mixed = "khk-planted-mixed-dx2-m16-d1-2.json";

    private static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    private static string With(string name, string path, Func<JsonNode, JsonNode?> change)
    {
        var root = JsonNode.Parse(Text(name))!;
        var parts = path.Split('.');
        JsonNode parent = root;
        foreach (var p in parts[..^1]) parent = int.TryParse(p, out int i) ? parent[i]! : parent[p]!;
        var last = parts[^1];
        var old = int.TryParse(last, out int idx) ? parent[idx]! : parent[last]!;
        var value = change(old.DeepClone());
        if (int.TryParse(last, out idx)) parent[idx] = value; else parent[last] = value;
        return root.ToJsonString();
    }

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
        { "one digit of W₁", Mixed, "point.W1.0.1", "DIGIT" },
        { "one digit of b₁", Small, "point.b1.0", "DIGIT" },
        { "one digit of W₂", Mixed, "point.W2.1", "DIGIT" },
        { "b₂ one digit", Small, "point.b2", "DIGIT" },
        { "a target moved", Mixed, "claim.model.targets.5", "DIGIT" },
        { "an input moved", Mixed, "claim.model.inputs.3.0", "DIGIT" },
        { "slope s₋ changed", Mixed, "claim.model.slopeNegative", "1/3" },
        { "risk one digit", Mixed, "bounds.risk", "DIGIT" },
        { "pattern radius too large", Mixed, "bounds.patternRadius", "1000" },
        { "pattern radius zero", Small, "bounds.patternRadius", "0" },
        { "pattern radius negative", Small, "bounds.patternRadius", "-1/1024" },
        { "gradient-basis rank", Mixed, "bounds.gradientBasisRank", "INT1" },
        { "pattern-space rank", Small, "bounds.patternSpaceRank", "INT1" },
        { "better risk one digit", Mixed, "bounds.betterRisk", "DIGIT" },
        { "better point moved", Small, "bounds.betterPoint.b1.0", "DIGIT" },
    };

    [Theory]
    [MemberData(nameof(InvalidTwins))]
    public void TamperedTwinsAreInvalid(string what, string file, string path, string replacement)
    {
        var text = With(file, path, old => replacement switch
        {
            "DIGIT" => ChangeDigit(old),
            "INT1" => JsonValue.Create(1),
            _ => JsonValue.Create(replacement),
        });
        Assert.NotEqual(Text(file), text);
        var r = Check(text);
        Assert.True(r.Verdict == Verdict.Invalid, $"{what}: {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Contains(r.Checks, c => !c.Holds);
    }

    [Fact]
    public void TheBetterPointReplacedByThePointIsNotBetter()
    {
        var root = JsonNode.Parse(Text(Mixed))!;
        root["bounds"]!["betterPoint"] = root["point"]!.DeepClone();
        root["bounds"]!["betterRisk"] = root["bounds"]!["risk"]!.DeepClone();
        var r = Check(root.ToJsonString());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        var failed = Assert.Single(r.Checks, c => !c.Holds);
        Assert.Equal("khk.spurious", failed.Label);
    }

    [Fact]
    public void APointOnAKinkIsRejected()
    {
        // Move b₁[0] so that unit 0's pre-activation is exactly 0 on data point 0: θ ∈ Ω, Theorems 1 and 2 do not apply.
        var cert = Produce(Mixed);
        var z = YunLeakyReluMinimum.PreActivation(cert.Point, 0, cert.Inputs[0]);
        var r = Check(With(Mixed, "point.b1.0", _ => JsonValue.Create((cert.Point.B1[0] - z).ToCanonicalString())));
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains(r.Checks, c => !c.Holds && c.Label == "khk.pattern-ball");
    }

    public static TheoryData<string, string, string> MalformedTwins() => new()
    {
        { "JSON number for a weight", "point.W1.0.0", "NUMBER" },
        { "wrong network", "claim.model.network", "deep-linear" },
        { "missing better point", "bounds.betterPoint", "REMOVE" },
        { "rank not an integer", "bounds.patternSpaceRank", "TEXT" },
        { "limit: hidden width over MaxHiddenWidth", "claim.model.hiddenWidth", "INT65" },
        { "limit: samples over MaxSamples", "claim.model.samples", "INT10001" },
        { "limit: rank over its range", "bounds.patternSpaceRank", "INT99" },
        { "limit: an input over ExactInput.MaxBits", "claim.model.inputs.2.0", "HUGE" },
        { "limit: the pattern radius over ExactInput.MaxBits", "bounds.patternRadius", "TINY" },
    };

    [Theory]
    [MemberData(nameof(MalformedTwins))]
    public void MalformedTwinsAreMalformed(string what, string path, string replacement)
    {
        var text = With(Small, path, old => replacement switch
        {
            "NUMBER" => JsonValue.Create(0.5),
            "REMOVE" => null,
            "TEXT" => JsonValue.Create("2"),
            "INT65" => JsonValue.Create(KawaguchiGradientBasisOptimum.MaxHiddenWidth + 1),
            "INT10001" => JsonValue.Create(KawaguchiGradientBasisOptimum.MaxSamples + 1),
            "INT99" => JsonValue.Create(99),
            "HUGE" => JsonValue.Create(new string('9', 1300)),
            "TINY" => JsonValue.Create("1e-1300"),
            _ => JsonValue.Create(replacement),
        });
        var r = Check(text);
        Assert.True(r.Verdict == Verdict.Malformed, $"{what}: {Verdicts.Name(r.Verdict)} {r.Message}");
    }
}
