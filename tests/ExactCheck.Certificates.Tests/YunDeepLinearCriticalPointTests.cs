using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Yun–Sra–Jadbabaie Theorem 1 / Corollary 2 certificates (kind "yun-sra-jadbabaie/deep-linear-critical-point"): the
/// committed examples (written by exactcheck regen from proofs/yun-sra-jadbabaie/claims/) agree with their recipes and verify; the
/// paper's gradient formula agrees with the exact line expansion and with finite differences; tampered twins fail.
/// </summary>
public class YunDeepLinearCriticalPointTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "certificates", "yun-sra-jadbabaie");

    // ------------------------------------------------------------------ datasets and points

    internal static RationalMatrix RandomMatrix(Random rng, int rows, int cols, int range = 8, int denominator = 4) =>
        RationalMatrix.FromRows(Enumerable.Range(0, rows).Select(_ =>
            Enumerable.Range(0, cols).Select(_ => new Rational(rng.Next(-range, range + 1), denominator)).ToArray()).ToList());

    internal static Rational[][] Columns(RationalMatrix a) => Enumerable.Range(0, a.Cols).Select(a.GetColumn).ToArray();

    /// <summary>E with EXᵀ = 0: Z minus its projection onto the row space of X (exact).</summary>
    private static RationalMatrix OrthogonalNoise(RationalMatrix z, RationalMatrix x) =>
        z - RationalMatrix.Solve(x * x.Transpose(), x * z.Transpose())!.Transpose() * x;

    /// <summary>Rows B with A G Bᵀ = 0 (G-orthogonal to the rows of A): Z minus its G-projection onto row(A).</summary>
    private static RationalMatrix GOrthogonal(RationalMatrix z, RationalMatrix a, RationalMatrix g) =>
        z - RationalMatrix.Solve(a * g * a.Transpose(), a * g * z.Transpose())!.Transpose() * a;

    internal static RationalMatrix Stack(RationalMatrix top, RationalMatrix bottom) =>
        RationalMatrix.FromRows(Enumerable.Range(0, top.Rows).Select(top.GetRow).Concat(Enumerable.Range(0, bottom.Rows).Select(bottom.GetRow)).ToList());

    /// <summary>d×c matrix with ones on the first `ones` diagonal entries.</summary>
    internal static RationalMatrix PartialIdentity(int rows, int cols, int ones) =>
        RationalMatrix.FromRows(Enumerable.Range(0, rows).Select(i =>
            Enumerable.Range(0, cols).Select(j => i == j && i < ones ? Rational.One : Rational.Zero).ToArray()).ToList());

    internal static RationalMatrix Zero(int rows, int cols) => new(rows, cols);

    /// <summary>
    /// Data whose least-squares solution is R* = [A; B] with A G Bᵀ = 0 (G = XXᵀ), so that the truncation [A; 0] is a
    /// critical point of every deep factorisation that passes the first r coordinates (Baldi–Hornik type saddle).
    /// </summary>
    internal static (RationalMatrix X, RationalMatrix Y, RationalMatrix A) BlockData(int seed, int dx, int dy, int r, int m)
    {
        var rng = new Random(seed);
        var x = RandomMatrix(rng, dx, m);
        var g = x * x.Transpose();
        var a = RandomMatrix(rng, r, dx);
        var b = GOrthogonal(RandomMatrix(rng, dy - r, dx), a, g);
        var y = Stack(a, b) * x + OrthogonalNoise(RandomMatrix(rng, dy, m), x);
        return (x, y, a);
    }

    private static Dictionary<string, string> Provenance(string source) => new()
    {
        ["command"] = "test recipe (the committed file is written by exactcheck regen from its claim spec)",
        ["producer"] = "exactcheck 0.1.0",
        ["source"] = source,
    };

    public static YunDeepLinearCriticalPoint Produce(string name)
    {
        switch (name)
        {
            case "yun-thm1-global-dx3-dy2-h2.json":
            {
                // Generic global minimum: W₃, W₂ random, W₁ = Aᵀ(AAᵀ)⁻¹R* with A = W₃W₂, so Ŵ_{3:1} = R*.
                var rng = new Random(31);
                var x = RandomMatrix(rng, 3, 10);
                var y = RandomMatrix(rng, 2, 10);
                var rStar = RationalMatrix.LeastSquares(x.Transpose(), y.Transpose()).Transpose();
                var w3 = RandomMatrix(rng, 2, 3);
                var w2 = RandomMatrix(rng, 3, 2);
                var a = w3 * w2;
                var w1 = a.Transpose() * RationalMatrix.Solve(a * a.Transpose(), rStar)!;
                return YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [2, 3], [w1, w2, w3],
                    Provenance("random data (seed 31, d_x = 3, d_y = 2, m = 10); W₃, W₂ random, W₁ = Aᵀ(AAᵀ)⁻¹R*, A = W₃W₂"));
            }
            case "yun-thm1-global-rank1-dx2-dy2-h1.json":
            {
                // A global minimum where Theorem 1 Part 3 does not apply: R* = abᵀ has rank 1, every factor has rank 1.
                var rng = new Random(12);
                var x = RandomMatrix(rng, 2, 8);
                var aCol = RationalMatrix.Column([new Rational(1), new Rational(-2)]);
                var bRow = RationalMatrix.Row([new Rational(3, 2), new Rational(1, 2)]);
                var y = aCol * bRow * x + OrthogonalNoise(RandomMatrix(rng, 2, 8), x);
                var w1 = Stack(bRow, Zero(1, 2));
                var w2 = RationalMatrix.FromRows([[aCol[0, 0], Rational.Zero], [aCol[1, 0], Rational.Zero]]);
                return YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [2], [w1, w2],
                    Provenance("data with rank-one least-squares solution R* = abᵀ (seed 12, m = 8) plus noise orthogonal to X; W₁ = [bᵀ; 0], W₂ = [a, 0]"));
            }
            case "yun-thm1-saddle-truncated-dx3-dy2-h1.json":
            {
                var (x, y, a) = BlockData(7, 3, 2, 1, 8);
                return YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [2], [Stack(a, Zero(1, 3)), PartialIdentity(2, 2, 1)],
                    Provenance("block data R* = [A; B], A G Bᵀ = 0 (seed 7, m = 8); point W₁ = [A; 0], W₂ = diag(1, 0): Ŵ₂Ŵ₁ = [A; 0] drops B"));
            }
            case "yun-thm1-saddle-truncated-dx4-dy3-h3.json":
            {
                var (x, y, a) = BlockData(43, 4, 3, 2, 16);
                return YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [3, 4, 3],
                    [Stack(a, Zero(1, 4)), PartialIdentity(4, 3, 2), PartialIdentity(3, 4, 2), PartialIdentity(3, 3, 2)],
                    Provenance("block data R* = [A; B], rank A = 2 (seed 43, m = 16); W₁ = [A; 0], then partial identities keeping 2 coordinates"));
            }
            case "yun-thm1-saddle-zero-dx2-dy2-h2.json":
            {
                var rng = new Random(22);
                var x = RandomMatrix(rng, 2, 6);
                var y = RandomMatrix(rng, 2, 6);
                return YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [2, 2], [Zero(2, 2), Zero(2, 2), Zero(2, 2)],
                    Provenance("random data (seed 22, m = 6); the zero point of a three-layer network (Hessian = 0: third-order saddle)"));
            }
            case "yun-thm1-saddle-zero-dx2-dy1-h3.json":
            {
                var rng = new Random(23);
                var x = RandomMatrix(rng, 2, 6);
                var y = RandomMatrix(rng, 1, 6);
                return YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [1, 2, 1], [Zero(1, 2), Zero(2, 1), Zero(1, 2), Zero(1, 1)],
                    Provenance("random data (seed 23, m = 6); the zero point of a four-layer network (Hessian = 0: fourth-order saddle)"));
            }
            default: throw new ArgumentException(name);
        }
    }

    public static TheoryData<string> Names() => new()
    {
        "yun-thm1-global-dx3-dy2-h2.json", "yun-thm1-global-rank1-dx2-dy2-h1.json", "yun-thm1-saddle-truncated-dx3-dy2-h1.json",
        "yun-thm1-saddle-truncated-dx4-dy3-h3.json", "yun-thm1-saddle-zero-dx2-dy2-h2.json", "yun-thm1-saddle-zero-dx2-dy1-h3.json",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCommittedCertificatesAgreeWithTheirRecipeAndVerify(string name)
    {
        CommittedCertificates.AssertAgreesWithRecipeAndVerifies(Path.Combine(Folder, name), Produce(name).ToCanonicalJson());
    }

    [Fact]
    public void TheExamplesCoverTheCasesTheyAreNamedFor()
    {
        Assert.Equal(1, Produce("yun-thm1-global-dx3-dy2-h2.json").Part3Index);
        Assert.Null(Produce("yun-thm1-global-rank1-dx2-dy2-h1.json").Part3Index);
        Assert.Equal(2, Produce("yun-thm1-saddle-truncated-dx3-dy2-h1.json").Descent!.Order);   // negative curvature
        Assert.Equal(3, Produce("yun-thm1-saddle-zero-dx2-dy2-h2.json").Descent!.Order);       // Hessian zero, odd order
        var four = Produce("yun-thm1-saddle-zero-dx2-dy1-h3.json");
        Assert.Equal(4, four.Descent!.Order);
        Assert.True(four.Descent.Leading.Sign < 0 && four.Ascent!.Leading.Sign > 0);
    }

    // ------------------------------------------------------------------ the paper's formulas, numerically and exactly

    [Fact]
    public void ThePapersGradientFormulaIsTheFirstOrderCoefficientOfTheLineExpansion()
    {
        // c₁(D) = Σᵢ ⟨∂ℓ/∂Wᵢ, Dᵢ⟩ exactly, at a random (non-critical) point, for random D: § 2.3's formula checked exactly.
        var rng = new Random(5);
        int[] all = [3, 2, 4, 2];
        var x = RandomMatrix(rng, 3, 7);
        var y = RandomMatrix(rng, 2, 7);
        for (int trial = 0; trial < 5; trial++)
        {
            var w = Enumerable.Range(0, 3).Select(i => RandomMatrix(rng, all[i + 1], all[i])).ToArray();
            var d = Enumerable.Range(0, 3).Select(i => RandomMatrix(rng, all[i + 1], all[i])).ToArray();
            var grad = YunDeepLinearCriticalPoint.Gradient(w, x, y, all);
            var c = YunDeepLinearCriticalPoint.LineRiskPolynomial(w, d, x, y);
            var inner = grad.Select((g, i) => YunDeepLinearCriticalPoint.Inner(g, d[i])).Aggregate(Rational.Zero, (s, v) => s + v);
            Assert.Equal(inner, c[1]);
            Assert.Equal(YunDeepLinearCriticalPoint.LinearRisk(YunDeepLinearCriticalPoint.Product(w, 3, 1, all), x, y), c[0]);
            // The polynomial is the loss along the line: compare at t = 1/3 and t = −2.
            foreach (var t in new[] { new Rational(1, 3), new Rational(-2) })
            {
                var direct = YunDeepLinearCriticalPoint.LinearRisk(YunDeepLinearCriticalPoint.Product(YunDeepLinearCriticalPoint.Move(w, d, t), 3, 1, all), x, y);
                var poly = Rational.Zero;
                for (int j = c.Length - 1; j >= 0; j--) poly = poly * t + c[j];
                Assert.Equal(direct, poly);
            }
        }
    }

    [Fact]
    public void ThePapersGradientFormulaAgreesWithFiniteDifferences()
    {
        var rng = new Random(9);
        int[] all = [2, 3, 2];
        var x = RandomMatrix(rng, 2, 5);
        var y = RandomMatrix(rng, 2, 5);
        var w = Enumerable.Range(0, 2).Select(i => RandomMatrix(rng, all[i + 1], all[i])).ToArray();
        var grad = YunDeepLinearCriticalPoint.Gradient(w, x, y, all);
        double F(RationalMatrix[] v) => double.Parse(YunDeepLinearCriticalPoint.LinearRisk(YunDeepLinearCriticalPoint.Product(v, 2, 1, all), x, y)
            .ToScientificString(17, RoundingMode.Nearest), System.Globalization.CultureInfo.InvariantCulture);
        var h = new Rational(1, 1_000_000);
        for (int i = 0; i < 2; i++)
            for (int r = 0; r < all[i + 1]; r++)
                for (int c = 0; c < all[i]; c++)
                {
                    var e = Enumerable.Range(0, 2).Select(k => RationalMatrix.FromRows(Enumerable.Range(0, all[k + 1]).Select(rr =>
                        Enumerable.Range(0, all[k]).Select(cc => k == i && rr == r && cc == c ? Rational.One : Rational.Zero).ToArray()).ToList())).ToArray();
                    double fd = (F(YunDeepLinearCriticalPoint.Move(w, e, h)) - F(YunDeepLinearCriticalPoint.Move(w, e, -h))) / 2e-6;
                    double exact = double.Parse(grad[i][r, c].ToScientificString(17, RoundingMode.Nearest), System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(fd - exact) <= 1e-4 * Math.Max(1, Math.Abs(exact)), $"W{i + 1}[{r},{c}]: fd {fd}, formula {exact}");
                }
    }

    [Fact]
    public void LemmaFourAndLemmaFivesConstructionsAreExact()
    {
        // Lemma 4 (A4): with dᵢ ≥ min(d_x, d_y), R = W_{H+1:1} for R in the first d_y rows of W₁ (d_x ≥ d_y) or the first
        // d_x columns of W_{H+1} (d_y ≥ d_x), identities elsewhere. Lemma 5 (A5): V_j = Ŵ_j + Aᵀ(AAᵀ)⁻¹(R − Ŵ_{H+1:1})(BᵀB)⁻¹Bᵀ
        // gives V_{H+1:1} = R exactly. Both checked in exact rationals at random rational data.
        var rng = new Random(45);
        foreach (var (dx, dy) in new[] { (4, 2), (2, 4) })
        {
            int[] all = [dx, 5, 3, 4, dy];   // hidden widths ≥ min(d_x, d_y) = 2
            var r = RandomMatrix(rng, dy, dx);
            var w = Enumerable.Range(0, 4).Select(i => PartialIdentity(all[i + 1], all[i], Math.Min(all[i + 1], all[i]))).ToArray();
            if (dx >= dy) w[0] = RationalMatrix.FromRows(Enumerable.Range(0, all[1]).Select(i => i < dy ? r.GetRow(i) : new Rational[dx].Select(_ => Rational.Zero).ToArray()).ToList());
            else w[3] = RationalMatrix.FromRows(Enumerable.Range(0, dy).Select(i => Enumerable.Range(0, all[3]).Select(j => j < dx ? r[i, j] : Rational.Zero).ToArray()).ToList());
            Assert.Equal(r, YunDeepLinearCriticalPoint.Product(w, 4, 1, all));
        }
        {
            int[] all = [3, 4, 4, 2];
            var w = Enumerable.Range(0, 3).Select(i => RandomMatrix(rng, all[i + 1], all[i])).ToArray();
            const int j = 2;
            var a = YunDeepLinearCriticalPoint.Product(w, 3, j + 1, all);   // 2×4, full row rank (random)
            var b = YunDeepLinearCriticalPoint.Product(w, j - 1, 1, all);   // 4×3, full column rank (random)
            Assert.Equal(2, a.Rank());
            Assert.Equal(3, b.Rank());
            var target = RandomMatrix(rng, 2, 3);
            var diff = target - YunDeepLinearCriticalPoint.Product(w, 3, 1, all);
            var left = a.Transpose() * RationalMatrix.Solve(a * a.Transpose(), diff)!;                               // Aᵀ(AAᵀ)⁻¹(R − R̂)
            var update = RationalMatrix.Solve(b.Transpose() * b, left.Transpose())!.Transpose() * b.Transpose();   // · (BᵀB)⁻¹Bᵀ
            var v = w.ToArray();
            v[j - 1] = w[j - 1] + update;
            Assert.Equal(target, YunDeepLinearCriticalPoint.Product(v, 3, 1, all));
        }
    }

    [Fact]
    public void AFloatingPointProbeAgreesThatTheSaddlesDescend()
    {
        // Not a proof: along the certified descent line the loss drops for small steps of the stated sign.
        foreach (var name in new[] { "yun-thm1-saddle-truncated-dx3-dy2-h1.json", "yun-thm1-saddle-truncated-dx4-dy3-h3.json", "yun-thm1-saddle-zero-dx2-dy2-h2.json", "yun-thm1-saddle-zero-dx2-dy1-h3.json" })
        {
            var cert = Produce(name);
            var x = YunDeepLinearCriticalPoint.DataMatrix(cert.Inputs);
            var y = YunDeepLinearCriticalPoint.DataMatrix(cert.Targets);
            var step = cert.Descent!.WitnessStep;
            foreach (var t in new[] { step, step / 16, step / 256 })
            {
                var moved = YunDeepLinearCriticalPoint.Move(cert.Weights, cert.Descent.D, t);
                Assert.True(YunDeepLinearCriticalPoint.LinearRisk(YunDeepLinearCriticalPoint.Product(moved, moved.Length, 1, cert.Widths), x, y) < cert.Risk, name);
            }
        }
    }

    // ------------------------------------------------------------------ tampered twins

    private const string Global = "yun-thm1-global-dx3-dy2-h2.json";
    private const string Saddle = "yun-thm1-saddle-truncated-dx3-dy2-h1.json";
    private const string Zero3 = "yun-thm1-saddle-zero-dx2-dy2-h2.json";

    private static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    private static string With(string name, string path, Func<JsonNode?, JsonNode?> change)
    {
        var root = JsonNode.Parse(Text(name))!;
        var parts = path.Split('.');
        JsonNode parent = root;
        foreach (var p in parts[..^1]) parent = int.TryParse(p, out int i) ? parent[i]! : parent[p]!;
        var last = parts[^1];
        var old = int.TryParse(last, out int idx) ? parent[idx] : parent[last];
        var value = change(old?.DeepClone());
        if (int.TryParse(last, out idx)) parent[idx] = value; else parent[last] = value;
        return root.ToJsonString();
    }

    private static JsonNode ChangeDigit(JsonNode? n)
    {
        var s = n!.GetValue<string>();
        int i = s.Length - 1;
        while (!char.IsDigit(s[i])) i--;
        return JsonValue.Create(s[..i] + (char)('0' + (s[i] - '0' + 1) % 10) + s[(i + 1)..])!;
    }

    private static CheckResult Check(string text) => CertificateChecker.CheckText("twin.json", text);

    public static TheoryData<string, string, string, string> InvalidTwins() => new()
    {
        { "global: one digit of W₁", Global, "point.weights.0.1.2", "DIGIT" },
        { "global: one digit of W₃", Global, "point.weights.2.0.0", "DIGIT" },
        { "global: an input moved", Global, "claim.model.inputs.4.1", "DIGIT" },
        { "global: a target moved", Global, "claim.model.targets.7.0", "DIGIT" },
        { "global: risk one digit", Global, "bounds.risk", "DIGIT" },
        { "global: least-squares solution one digit", Global, "bounds.leastSquaresSolution.1.2", "DIGIT" },
        { "global: least-squares risk one digit", Global, "bounds.leastSquaresRisk", "DIGIT" },
        { "global: wrong Part 3 index", "yun-thm1-global-rank1-dx2-dy2-h1.json", "bounds.part3Index", "INT1" },
        { "saddle: one digit of W₁", Saddle, "point.weights.0.0.1", "DIGIT" },
        { "saddle: a target moved", Saddle, "claim.model.targets.3.1", "DIGIT" },
        { "saddle: descent leading coefficient", Saddle, "bounds.descent.leadingCoefficient", "DIGIT" },
        { "saddle: descent leading coefficient sign flipped", Saddle, "bounds.descent.leadingCoefficient", "NEGATE" },
        { "saddle: descent order", Saddle, "bounds.descent.order", "INT3" },
        { "saddle: descent direction one digit", Saddle, "bounds.descent.direction.0.1.0", "DIGIT" },
        { "saddle: descent witness risk", Saddle, "bounds.descent.witnessRisk", "DIGIT" },
        { "saddle: descent witness step sign flipped", Zero3, "bounds.descent.witnessStep", "NEGATE" },
        { "saddle: ascent witness risk", Saddle, "bounds.ascent.witnessRisk", "DIGIT" },
        { "saddle: ascent leading coefficient", Zero3, "bounds.ascent.leadingCoefficient", "DIGIT" },
        { "saddle: least-squares risk", Saddle, "bounds.leastSquaresRisk", "DIGIT" },
    };

    [Theory]
    [MemberData(nameof(InvalidTwins))]
    public void TamperedTwinsAreInvalid(string what, string file, string path, string replacement)
    {
        var text = With(file, path, old => replacement switch
        {
            "DIGIT" => ChangeDigit(old!),
            "NEGATE" => JsonValue.Create(old!.GetValue<string>().StartsWith('-') ? old.GetValue<string>()[1..] : "-" + old.GetValue<string>()),
            "INT1" => JsonValue.Create(1),
            "INT3" => JsonValue.Create(3),
            _ => JsonValue.Create(replacement),
        });
        Assert.NotEqual(Text(file), text);
        var r = Check(text);
        Assert.True(r.Verdict == Verdict.Invalid, $"{what}: {Verdicts.Name(r.Verdict)} {r.Message}");
        Assert.Contains(r.Checks, c => !c.Holds);
    }

    [Fact]
    public void TheDescentLineSwappedForTheAscentLineIsRejected()
    {
        var root = JsonNode.Parse(Text(Saddle))!;
        root["bounds"]!["descent"] = root["bounds"]!["ascent"]!.DeepClone();
        var r = Check(root.ToJsonString());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains(r.Checks, c => !c.Holds && c.Label == "yun.cor2.not-local-min");
    }

    [Fact]
    public void AGlobalMinimumClaimedAsASaddleAndViceVersaIsRejected()
    {
        // The saddle's data and point with a global-minimum claim: ∇ℓ₀ ≠ 0 and the risk exceeds the least-squares optimum.
        var saddle = Produce(Saddle);
        var asGlobal = new YunDeepLinearCriticalPoint
        {
            Type = YunDeepLinearCriticalPoint.GlobalMinimumType, Inputs = saddle.Inputs, Targets = saddle.Targets,
            HiddenWidths = saddle.HiddenWidths, Weights = saddle.Weights, Risk = saddle.Risk,
            LeastSquaresSolution = saddle.LeastSquaresSolution, LeastSquaresRisk = saddle.LeastSquaresRisk,
        };
        var r = Check(asGlobal.ToCanonicalJson());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains(r.Checks, c => !c.Holds && c.Label == "yun.cor2.global-min");
        // The global minimum with a saddle claim (reusing the saddle's directions would not even parse: shapes differ).
        var global = Produce(Global);
        var zeroD = global.Weights.Select(w => new RationalMatrix(w.Rows, w.Cols)).ToArray();
        var dummy = new DeepLinearDirection(zeroD, 2, Rational.One, Rational.One, global.Risk);
        var asSaddle = new YunDeepLinearCriticalPoint
        {
            Type = YunDeepLinearCriticalPoint.SaddleType, Inputs = global.Inputs, Targets = global.Targets, HiddenWidths = global.HiddenWidths,
            Weights = global.Weights, Risk = global.Risk, LeastSquaresSolution = global.LeastSquaresSolution,
            LeastSquaresRisk = global.LeastSquaresRisk, Descent = dummy, Ascent = dummy,
        };
        var s = Check(asSaddle.ToCanonicalJson());
        Assert.Equal(Verdict.Invalid, s.Verdict);
        Assert.Contains(s.Checks, c => !c.Holds && c.Label == "yun.cor2.saddle");
    }

    [Fact]
    public void ANarrowHiddenLayerFailsTheoremOnesHypothesis()
    {
        var rng = new Random(22);
        var x = RandomMatrix(rng, 2, 6);
        var y = RandomMatrix(rng, 2, 6);
        var cert = YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [1], [Zero(1, 2), Zero(2, 1)], new Dictionary<string, string>());
        var r = Check(cert.ToCanonicalJson());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        var failed = Assert.Single(r.Checks, c => !c.Holds);
        Assert.Equal("yun.thm1.setting", failed.Label);
    }

    [Fact]
    public void ANonCriticalPointIsRefusedByTheProducerAndRejectedByTheChecker()
    {
        var rng = new Random(3);
        var x = RandomMatrix(rng, 2, 6);
        var y = RandomMatrix(rng, 2, 6);
        var w = new[] { RandomMatrix(rng, 2, 2), RandomMatrix(rng, 2, 2) };
        Assert.Throws<InvalidOperationException>(() => YunDeepLinearCriticalPoint.Build(Columns(x), Columns(y), [2], w, new Dictionary<string, string>()));
        var r = Check(With(Global, "point.weights.1.0.0", ChangeDigit));
        Assert.Contains(r.Checks, c => !c.Holds && c.Label == "yun.thm1.gradient");
    }

    public static TheoryData<string, string, string> MalformedTwins() => new()
    {
        { "unknown type", "claim.type", "local-minimum" },
        { "saddle type with global-minimum bounds", "claim.type", "saddle" },
        { "JSON number for a weight", "point.weights.0.0.0", "NUMBER" },
        { "wrong network", "claim.model.network", "relu" },
        { "hidden width changed (shapes no longer match)", "claim.model.hiddenWidths.0", "INT5" },
        { "too many hidden layers", "claim.model.hiddenWidths", "LONG" },
        { "missing risk", "bounds.risk", "REMOVE" },
        { "limit: a hidden width over MaxDimension", "claim.model.hiddenWidths.0", "INT33" },
        { "limit: samples over MaxSamples", "claim.model.samples", "INT10001" },
        { "limit: an input over ExactInput.MaxBits", "claim.model.inputs.2.0", "HUGE" },
        { "limit: a weight over ExactInput.MaxBits", "point.weights.0.0.0", "TINY" },
    };

    [Theory]
    [MemberData(nameof(MalformedTwins))]
    public void MalformedTwinsAreMalformed(string what, string path, string replacement)
    {
        var text = With(Global, path, old => replacement switch
        {
            "NUMBER" => JsonValue.Create(0.5),
            "REMOVE" => null,
            "INT5" => JsonValue.Create(5),
            "HUGE" => JsonValue.Create(new string('9', 1300)),
            "TINY" => JsonValue.Create("1e-1300"),
            "INT33" => JsonValue.Create(YunDeepLinearCriticalPoint.MaxDimension + 1),
            "INT10001" => JsonValue.Create(YunDeepLinearCriticalPoint.MaxSamples + 1),
            "LONG" => new JsonArray(Enumerable.Range(0, YunDeepLinearCriticalPoint.MaxHiddenLayers + 1).Select(_ => (JsonNode)JsonValue.Create(2)!).ToArray()),
            _ => JsonValue.Create(replacement),
        });
        var r = Check(text);
        Assert.True(r.Verdict == Verdict.Malformed, $"{what}: {Verdicts.Name(r.Verdict)} {r.Message}");
    }
}
