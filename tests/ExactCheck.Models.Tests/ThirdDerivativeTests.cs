using System.Diagnostics;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;
using Xunit.Abstractions;
using static ExactCheck.Models.Tests.ModelTestSupport;

namespace ExactCheck.Models.Tests;

/// <summary>
/// Lemma 1's third-derivative bound B (proofs/safran-shamir/third-derivative.md [ss.third-derivative]) against
/// high-precision finite differences of the trusted interval Hessian, the pair-kernel identities the derivation rests
/// on, the authors' unproved B_SS, and Lemma 3's padding matrix M against the double model.
/// D³F(x)[u,u,u] is estimated as uᵀ(∇²F(x + hu) − ∇²F(x − hu))u/(2h) with h = 2⁻⁶⁶ ≈ 1.4·10⁻²⁰, the Hessians from
/// <see cref="ReluGaussianInterval"/> at 256 bits on exact point boxes (x ± hu is formed exactly). Truncation error
/// h²/6·|F⁽⁵⁾| ≲ 10⁻²⁸ for the worst-conditioned points below; rounding: enclosure width / 2h ≲ 10⁻⁵⁰ (asserted).
/// </summary>
public class ThirdDerivativeTests(ITestOutputHelper output)
{
    private const int Precision = 256;
    private const int StepExponent = -66; // h = 2^-66

    // ------------------------------------------------------------------ finite differences of the interval Hessian

    private static Interval[] PointBox(IEnumerable<BigFloat> x) => x.Select(v => Interval.Point(v, Precision)).ToArray();

    /// <summary>x + sign·h·u, exact (doubles and a power of two).</summary>
    private static BigFloat[] Shift(double[] x, double[] u, int sign) =>
        x.Select((xi, q) => BigFloat.AddExact(BigFloat.FromDouble(xi), BigFloat.ScaleB(BigFloat.FromDouble(sign * u[q]), StepExponent))).ToArray();

    private static SymmetricIntervalMatrix Hessian(ReluGaussianInterval model, BigFloat[] x)
    {
        var e = model.Evaluate(PointBox(x), gradient: false, hessian: true, out var failure);
        Assert.True(failure is null, failure);
        return e!.Hessian!;
    }

    /// <summary>(∇²F(x + hu) − ∇²F(x − hu))/(2h) entrywise: differences of midpoints formed exactly, then rounded to double.</summary>
    private static double[,] HessianDerivative(ReluGaussianInterval model, double[] x, double[] u)
    {
        var hp = Hessian(model, Shift(x, u, +1));
        var hm = Hessian(model, Shift(x, u, -1));
        int d = x.Length;
        var result = new double[d, d];
        var widthLimit = BigFloat.FromDouble(1e-70);
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++)
            {
                Assert.True(hp[a, b].WidthUpper < widthLimit && hm[a, b].WidthUpper < widthLimit, $"Hessian enclosure too wide at ({a}, {b})");
                var diff = BigFloat.SubExact(hp[a, b].Mid, hm[a, b].Mid);
                result[a, b] = result[b, a] = BigFloat.ScaleB(diff, -(StepExponent + 1)).ToDoubleNearest();
            }
        return result;
    }

    private static double Quadratic(double[,] m, double[] u)
    {
        double s = 0;
        for (int a = 0; a < u.Length; a++)
            for (int b = 0; b < u.Length; b++) s += u[a] * m[a, b] * u[b];
        return s;
    }

    /// <summary>D³F(x)[u,u,u] by one central difference of the Hessian along u.</summary>
    private static double Directional(ReluGaussianInterval model, double[] x, double[] u) => Quadratic(HessianDerivative(model, x, u), u);

    /// <summary>
    /// A search aid only (untrusted, ~10⁻⁵ relative accuracy): the third-derivative tensor T[a,b,c] ≈ ∂_c ∇²F[a,b] of the
    /// double model by central differences of its Hessian with step h, symmetrized, flattened as T[(a·d + b)·d + c].
    /// </summary>
    private static double[] SearchTensor(ReluGaussianDouble model, double[] x, double h)
    {
        int d = x.Length;
        var t = new double[d * d * d];
        for (int c = 0; c < d; c++)
        {
            var y = (double[])x.Clone();
            y[c] = x[c] + h;
            var hp = model.Hessian(y);
            y[c] = x[c] - h;
            var hm = model.Hessian(y);
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) t[(a * d + b) * d + c] = (hp[a, b] - hm[a, b]) / (2 * h);
        }
        var s = new double[d * d * d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
                for (int c = 0; c < d; c++)
                    s[(a * d + b) * d + c] = (t[(a * d + b) * d + c] + t[(b * d + c) * d + a] + t[(c * d + a) * d + b]) / 3;
        return s;
    }

    /// <summary>g = T[u,u,·]; then T[u,u,u] = g·u.</summary>
    private static double[] Contract(double[] t, double[] u)
    {
        int d = u.Length;
        var g = new double[d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
            {
                double ab = u[a] * u[b];
                int row = (a * d + b) * d;
                for (int c = 0; c < d; c++) g[c] += t[row + c] * ab;
            }
        return g;
    }

    private static double Cubic(double[] t, double[] u) => Dot(Contract(t, u), u);

    /// <summary>
    /// max |T[u,u,u]| over unit u, searched by the shifted symmetric higher-order power method (u ← normalize(T[u,u,·] + αu))
    /// from every start (a local search: the result is a lower estimate of the true maximum).
    /// </summary>
    private static (double Value, double[] Direction) MaxAbsCubic(double[] t, IEnumerable<double[]> starts, int iterations = 120)
    {
        double alpha = Math.Sqrt(t.Sum(v => v * v));
        double best = -1;
        double[] bestU = [];
        foreach (var start in starts)
        {
            var u = Normalize(start);
            if (Cubic(t, u) < 0) u = u.Select(v => -v).ToArray(); // T[(−u)³] = −T[u³]: maximize T[u³] ≥ 0
            for (int it = 0; it <= iterations; it++)
            {
                var g = Contract(t, u);
                double value = Dot(g, u);
                if (value > best) { best = value; bestU = (double[])u.Clone(); }
                u = Normalize(g.Select((gc, c) => gc + alpha * u[c]).ToArray());
            }
        }
        return (best, bestU);
    }

    private static double[] Normalize(double[] u)
    {
        double r = Norm(u);
        return u.Select(v => v / r).ToArray();
    }

    private static double[] RandomUnit(Random rng, int d) => Normalize(Enumerable.Range(0, d).Select(_ => Gaussian(rng)).ToArray());

    /// <summary>A direction supported on the given neurons' blocks (random within them).</summary>
    private static double[] OnNeurons(Random rng, int k, int n, params int[] neurons)
    {
        var u = new double[k * n];
        foreach (int i in neurons)
            for (int a = 0; a < k; a++) u[i * k + a] = Gaussian(rng);
        return Normalize(u);
    }

    // ------------------------------------------------------------------ the bounds at a point

    private static double[] NeuronNorms(double[] x, int k) => Enumerable.Range(0, x.Length / k).Select(i => Norm(x.AsSpan(i * k, k))).ToArray();

    /// <summary>(B, B_SS) at the point x itself (radius 0): w_min, w_max = min/max ‖xᵢ‖ enclosed rigorously.</summary>
    private static (double B, double BSS) Bounds(double[] x, int k, IReadOnlyList<Rational[]> targets)
    {
        var (lo, hi) = ReluGaussianThirdDerivative.NeuronNormBounds(x.Select(Rational.FromDouble).ToArray(), k, Rational.Zero, 128);
        var norms = targets.Select(v => v.Aggregate(Interval.Zero(128), (s, c) => s + Interval.FromRational(c, 128).Square()).Sqrt()).ToArray();
        int n = x.Length / k;
        var b = ReluGaussianThirdDerivative.ThirdDerivativeUpper(n, lo, hi, norms, 128);
        var vMax = norms.Select(t => t.Hi).Aggregate(BigFloat.Max);
        var bss = ReluGaussianThirdDerivative.AuthorsBoundUpper(n, targets.Count, lo, hi, vMax, 128);
        return (b.ToDoubleNearest(), bss.ToDoubleNearest());
    }

    // ------------------------------------------------------------------ test points

    private sealed record Case(string Name, int K, IReadOnlyList<Rational[]> Targets, double[] X)
    {
        public int N => X.Length / K;
    }

    private static Rational[][] Axis(int k) => ReluGaussianInterval.Identity(k);

    private static double[] Unit(double[] v) => Normalize(v);

    /// <summary>Rotate unit vector a toward unit vector b (Gram–Schmidt) by the angle whose sine is s: cos·a + s·b⊥.</summary>
    private static double[] Tilt(double[] a, double[] b, double s)
    {
        double dot = a.Zip(b, (p, q) => p * q).Sum();
        var perp = Normalize(b.Select((q, i) => q - dot * a[i]).ToArray());
        double c = Math.Sqrt(1 - s * s);
        return a.Select((p, i) => c * p + s * perp[i]).ToArray();
    }

    private static IEnumerable<Case> Cases()
    {
        var rng = new Random(2024);
        foreach (var (k, n, count) in new[] { (3, 3, 2), (6, 6, 1), (4, 6, 2), (6, 4, 1), (2, 2, 2) })
        {
            var dbl = new ReluGaussianDouble(k, n);
            for (int t = 0; t < count; t++)
                yield return new Case($"random ({k},{n}) #{t + 1}", k, Axis(k), WellConditionedPoint(rng, dbl));
        }
        // Example 1 (k = n = 6), Newton-refined.
        var ex1 = Newton(new ReluGaussianDouble(6, 6), ReluGaussianDouble.Point(SafranShamirExamplesTests.Example1Printed()), 8);
        yield return new Case("Example 1 refined (6,6)", 6, Axis(6), ex1);

        // Nearly collinear neurons, sin θ ≈ 1e-3 (θ ≈ 0) and nearly antiparallel (θ ≈ π), k = n = 3.
        {
            var x = WellConditionedPoint(rng, new ReluGaussianDouble(3, 3));
            var w1 = Unit(x[..3]);
            var w2 = Tilt(w1, RandomUnit(rng, 3), 1e-3).Select(v => 1.3 * v).ToArray();
            Array.Copy(w2, 0, x, 3, 3);
            yield return new Case("neurons 1,2 nearly parallel (sin θ = 1e-3) (3,3)", 3, Axis(3), x);
            var y = (double[])x.Clone();
            for (int a = 0; a < 3; a++) y[3 + a] = -0.6 / 1.3 * x[3 + a];
            yield return new Case("neurons 1,2 nearly antiparallel (sin θ = 1e-3) (3,3)", 3, Axis(3), y);
        }
        // A neuron nearly parallel to a target (sin θ ≈ 1e-3), k = n = 4.
        {
            var x = WellConditionedPoint(rng, new ReluGaussianDouble(4, 4));
            var w = Tilt([1, 0, 0, 0], RandomUnit(rng, 4), 1e-3).Select(v => 0.8 * v).ToArray();
            Array.Copy(w, 0, x, 0, 4);
            yield return new Case("neuron 1 nearly parallel to e1 (sin θ = 1e-3) (4,4)", 4, Axis(4), x);
        }
        // Small neurons: one neuron of norm 0.05 ((3,3) and (4,6)); and two small nearly collinear neurons.
        foreach (var (k, n) in new[] { (3, 3), (4, 6) })
        {
            var x = WellConditionedPoint(rng, new ReluGaussianDouble(k, n));
            double r = Norm(x.AsSpan(0, k));
            for (int a = 0; a < k; a++) x[a] *= 0.05 / r;
            yield return new Case($"neuron 1 of norm 0.05 ({k},{n})", k, Axis(k), x);
        }
        {
            var x = WellConditionedPoint(rng, new ReluGaussianDouble(3, 3));
            var w1 = Unit(x[..3]);
            for (int a = 0; a < 3; a++) x[a] = 0.05 * w1[a];
            var w2 = Tilt(w1, RandomUnit(rng, 3), 1e-3).Select(v => 0.06 * v).ToArray();
            Array.Copy(w2, 0, x, 3, 3);
            yield return new Case("neurons 1,2 of norm 0.05, 0.06, nearly parallel (3,3)", 3, Axis(3), x);
        }
        // The pure-term constant is attained: one neuron, one target v = e₁ in ℝ², at θ = 60° ([ss.third-derivative.pure]).
        yield return new Case("n = 1, one target, θ = 60° (tight case)", 2, [[1, 0]], [0.7 * 0.5, 0.7 * Math.Sqrt(3) / 2]);
        // The paper's setting (targets eⱼ, m = k) with one neuron. For k = 2 a scan of the closed form of
        // [ss.third-derivative.pure] over the angle of w and over u ∈ S² (padded to d = 3) puts B_SS's closest call at
        // φ ≈ 14.8° (|D³F|/B_SS ≈ 0.9185); here at that angle.
        yield return new Case("n = 1, targets e1, e2, φ = 14.8° (B_SS closest)", 2, Axis(2), [0.5 * Math.Cos(14.8 * Math.PI / 180), 0.5 * Math.Sin(14.8 * Math.PI / 180)]);
        // The paper's setting with one neuron: targets e₁..e₃, a small neuron.
        yield return new Case("n = 1, targets e1..e3, ‖w‖ = 0.1", 3, Axis(3), Unit([0.3, -0.5, 0.8]).Select(v => 0.1 * v).ToArray());
    }

    /// <summary>Starting directions by family: random; one neuron at a time; pairs of neurons (the first four).</summary>
    private static List<(string Family, double[] U)> Starts(Case c, Random rng)
    {
        int k = c.K, n = c.N, d = k * n;
        var starts = new List<(string, double[])>();
        for (int t = 0; t < 8; t++) starts.Add(("random", RandomUnit(rng, d)));
        for (int i = 0; i < n; i++) starts.Add(("one neuron", OnNeurons(rng, k, n, i)));
        for (int i = 0; i < Math.Min(n, 4); i++)
            for (int j = 0; j < i; j++) starts.Add(("two neurons", OnNeurons(rng, k, n, i, j)));
        return starts;
    }

    // ------------------------------------------------------------------ the main test

    [Fact]
    public void TheBoundDominatesTheThirdDerivativeEverywhereTested()
    {
        // Per case: a cheap double-model tensor finds locally maximizing directions (search only); every asserted value
        // is then the 256-bit central difference of the trusted interval Hessian along that direction.
        var clock = Stopwatch.StartNew();
        var rng = new Random(77);
        double maxRatio = 0, maxRatioSS = 0;
        string worst = "", worstSS = "";
        var ssViolations = new List<string>();
        int evaluations = 0;
        foreach (var c in Cases())
        {
            var model = new ReluGaussianInterval(c.N, c.Targets, Precision);
            var dbl = new ReluGaussianDouble(c.N, c.Targets.Select(v => v.Select(q => (double)q.Numerator / (double)q.Denominator).ToArray()).ToList());
            double h = 1e-5 * Math.Min(1, MinNorm(c.X, c.K)) * Math.Min(1, 10 * MinSin(c.X, dbl));
            var tensor = SearchTensor(dbl, c.X, h);
            var starts = Starts(c, rng);
            var directions = new List<(string What, double[] U)>();
            foreach (var family in starts.GroupBy(s => s.Family))
            {
                var (_, u) = MaxAbsCubic(tensor, family.Select(f => f.U));
                directions.Add(($"best from {family.Key} starts", u));
            }
            directions.Add(("random", starts[0].U));

            // Every direction, confirmed in high precision.
            double best = 0;
            string bestWhat = "";
            foreach (var (what, u) in directions)
            {
                double hp = Math.Abs(Directional(model, c.X, u));
                evaluations++;
                double search = Math.Abs(Cubic(tensor, u));
                Assert.True(Math.Abs(hp - search) <= 1e-3 * (1 + hp), $"{c.Name}, {what}: search tensor {search:R} vs 256-bit difference {hp:R}");
                if (hp > best) { best = hp; bestWhat = what; }
            }

            // Along the whole point (F(λx) is quadratic in λ) and along a neuron's own direction (f is 1-homogeneous in
            // each argument), D³F = 0.
            var own = new double[c.X.Length];
            Array.Copy(c.X, 0, own, 0, c.K);
            foreach (var (what, u) in new[] { ("x̂", Normalize(c.X)), ("w̄₁", Normalize(own)) })
            {
                double v = Directional(model, c.X, u);
                evaluations++;
                // u is the double-rounded unit vector: it is off the exact direction by ~1e-16, hence the tolerance.
                Assert.True(Math.Abs(v) < 1e-13 * (1 + best), $"{c.Name}: D³F[{what}³] = {v}");
            }

            var (b, bss) = Bounds(c.X, c.K, c.Targets);
            var norms = NeuronNorms(c.X, c.K);
            double ratio = best / b, ratioSS = best / bss;
            output.WriteLine($"{c.Name,-56} w ∈ [{norms.Min():G4}, {norms.Max():G4}]  max|D³F| = {best,9:G5} ({bestWhat})  B = {b,9:G5}  |D³F|/B = {ratio:F4}  B_SS = {bss,9:G5}  |D³F|/B_SS = {ratioSS:F4}  B/B_SS = {b / bss:F3}");
            if (ratio > maxRatio) { maxRatio = ratio; worst = c.Name; }
            if (ratioSS > maxRatioSS) { maxRatioSS = ratioSS; worstSS = c.Name; }
            if (ratioSS > 1) ssViolations.Add($"{c.Name}: |D³F| = {best:G6} > B_SS = {bss:G6}");
            // The estimate carries ~1e-13 relative error (double rounding of uᵀDu); the tight case attains B exactly.
            Assert.True(best <= b * (1 + 1e-10), $"{c.Name}: |D³F| = {best:R} exceeds B = {b:R}");
            if (c.Name.Contains("tight case")) Assert.True(ratio > 0.999, $"the pure constant should be attained: ratio {ratio}");
            else Assert.True(ratio < 0.9, $"{c.Name}: ratio {ratio} (margin report: expected well below 1 away from the tight case)");
        }
        output.WriteLine($"max |D³F|/B = {maxRatio:F4} ({worst}); max |D³F|/B_SS = {maxRatioSS:F4} ({worstSS})");
        output.WriteLine(ssViolations.Count == 0 ? "B_SS was never violated" : "B_SS VIOLATED:\n  " + string.Join("\n  ", ssViolations));
        output.WriteLine($"{evaluations} high-precision directional differences, elapsed {clock.Elapsed.TotalSeconds:F1} s");
    }

    // ------------------------------------------------------------------ the pair-kernel identities of the derivation

    /// <summary>Orthonormal frame of the derivation: w̄ and n̄_{v,w} = (v̄ − cos θ w̄)/sin θ, and cos θ, sin θ.</summary>
    private static (double[] E, double[] N, double Cos, double Sin) Frame(double[] w, double[] v)
    {
        var e = Normalize(w);
        var vb = Normalize(v);
        double c = e.Zip(vb, (p, q) => p * q).Sum();
        var m = vb.Select((q, i) => q - c * e[i]).ToArray();
        double s = Norm(m);
        return (e, m.Select(q => q / s).ToArray(), c, s);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    [Fact]
    public void PureThirdDerivativeOfThePairKernelMatchesTheClosedForm()
    {
        // n = 1, one target v: F = ¼‖w‖² − f(w, v) + const, so D³F[a³] = −∂³_w f(w, v)[a³]
        //   = (‖v‖/(2π‖w‖²))·(cos θ·x(2x² + 3Y²) + sin θ·a₁(6x² + 3Y²)),  a₁ = w̄·a, x = n̄·a, Y² = ‖a‖² − a₁² − x².
        // [ss.third-derivative.pure]
        var rng = new Random(11);
        double worst = 0;
        for (int trial = 0; trial < 6; trial++)
        {
            int k = 3 + trial % 2;
            var v = Enumerable.Range(0, k).Select(_ => Math.Round(Gaussian(rng), 3)).ToArray();
            var w = Enumerable.Range(0, k).Select(_ => Gaussian(rng)).ToArray();
            var a = Enumerable.Range(0, k).Select(_ => Gaussian(rng)).ToArray();
            var model = new ReluGaussianInterval(1, [v.Select(Rational.FromDouble).ToArray()], Precision);
            double fd = Directional(model, w, a);
            var (e, nb, c, s) = Frame(w, v);
            double a1 = Dot(e, a), x = Dot(nb, a), y2 = Dot(a, a) - a1 * a1 - x * x;
            double formula = Norm(v) / (2 * Math.PI * Dot(w, w)) * (c * x * (2 * x * x + 3 * y2) + s * a1 * (6 * x * x + 3 * y2));
            worst = Math.Max(worst, Math.Abs(fd - formula) / (1 + Math.Abs(formula)));
            Assert.Equal(formula, fd, 1e-11 * (1 + Math.Abs(formula)));
            // and the bound: |∂³_w f[a³]| ≤ (3√3/(4π))‖v‖‖a‖³/‖w‖²
            Assert.True(Math.Abs(fd) <= 3 * Math.Sqrt(3) / (4 * Math.PI) * Norm(v) * Math.Pow(Norm(a), 3) / Dot(w, w) * (1 + 1e-12));
        }
        output.WriteLine($"pure identity: max relative deviation {worst:E2}");
    }

    [Fact]
    public void MixedThirdDerivativeOfThePairKernelMatchesTheClosedForm()
    {
        // n = 2, one target: only f(w₁, w₂) couples the neurons. Moving w₂ along b (w₁ fixed), the derivative of
        // aᵀ(∂²F/∂w₁²)a is ∂²_w∂_v f(w₁, w₂)[a,a,b] = (p(2x² + Y²) + 2x(y·r))/(2π‖w₁‖), in the frame of (w₁, w₂):
        // x = n̄·a, y = a − (w̄·a)w̄ − x n̄, Y = ‖y‖, p = n̄·b, r = b − (w̄·b)w̄ − p n̄. [ss.third-derivative.mixed]
        var rng = new Random(12);
        double worst = 0;
        for (int trial = 0; trial < 6; trial++)
        {
            int k = 3 + trial % 2;
            var w1 = Enumerable.Range(0, k).Select(_ => Gaussian(rng)).ToArray();
            var w2 = Enumerable.Range(0, k).Select(_ => Gaussian(rng)).ToArray();
            var a = Enumerable.Range(0, k).Select(_ => Gaussian(rng)).ToArray();
            var b = Enumerable.Range(0, k).Select(_ => Gaussian(rng)).ToArray();
            var model = new ReluGaussianInterval(2, [Enumerable.Range(0, k).Select(q => q == 0 ? Rational.One : Rational.Zero).ToArray()], Precision);
            var x0 = w1.Concat(w2).ToArray();
            var d = HessianDerivative(model, x0, new double[k].Concat(b).ToArray());
            var ua = a.Concat(new double[k]).ToArray();
            double fd = Quadratic(d, ua);
            var (e, nb, _, _) = Frame(w1, w2);
            double a1 = Dot(e, a), x = Dot(nb, a);
            var y = a.Select((q, i) => q - a1 * e[i] - x * nb[i]).ToArray();
            double b1 = Dot(e, b), p = Dot(nb, b);
            var r = b.Select((q, i) => q - b1 * e[i] - p * nb[i]).ToArray();
            double formula = (p * (2 * x * x + Dot(y, y)) + 2 * x * Dot(y, r)) / (2 * Math.PI * Norm(w1));
            worst = Math.Max(worst, Math.Abs(fd - formula) / (1 + Math.Abs(formula)));
            Assert.Equal(formula, fd, 1e-11 * (1 + Math.Abs(formula)));
            Assert.True(Math.Abs(fd) <= Dot(a, a) * Norm(b) / (Math.PI * Norm(w1)) * (1 + 1e-12));
        }
        output.WriteLine($"mixed identity: max relative deviation {worst:E2}");
    }

    // ------------------------------------------------------------------ values, inputs, the authors' bound

    [Fact]
    public void BoundAtThePapersExamples()
    {
        // B and B_SS at Example 1 and 2 (refined), on balls of radius 0 and 1e-7 (norm bounds ‖wᵢ‖ ∓ r).
        foreach (var (name, k, n, printed, steps) in new[]
                 {
                     ("Example 1", 6, 6, SafranShamirExamplesTests.Example1Printed(), 8),
                     ("Example 2", 8, 9, SafranShamirExamplesTests.Example2Printed(), 12),
                 })
        {
            var w = Newton(new ReluGaussianDouble(k, n), ReluGaussianDouble.Point(printed), steps);
            var center = w.Select(Rational.FromDouble).ToArray();
            var ones = Enumerable.Repeat(Interval.One(128), k).ToArray();
            foreach (var r in new[] { Rational.Zero, new Rational(1, 10_000_000) })
            {
                var (lo, hi) = ReluGaussianThirdDerivative.NeuronNormBounds(center, k, r, 128);
                double b = ReluGaussianThirdDerivative.ThirdDerivativeUpper(n, lo, hi, ones, 128).ToDoubleNearest();
                double bss = ReluGaussianThirdDerivative.AuthorsBoundUpper(n, k, lo, hi, BigFloat.One, 128).ToDoubleNearest();
                output.WriteLine($"{name}: r = {(double)r.Numerator / (double)r.Denominator:G2}, w_min = {lo.ToDoubleNearest():G9}, w_max = {hi.ToDoubleNearest():G9}: B = {b:G6}, B_SS = {bss:G6}, B/B_SS = {b / bss:F4}");
                Assert.True(b < bss); // ours is the smaller of the two at the paper's points
            }
        }
    }

    [Fact]
    public void TheBoundMatchesItsFormulaAndValidatesItsInputs()
    {
        // B = 3√3((n − 1)w_max + Σ‖vⱼ‖)/(4π w_min²) + 3(n − 1)/(π√n w_min), at n = 6, w ∈ [0.5, 2], targets e₁..e₆.
        double expected = 3 * Math.Sqrt(3) * (5 * 2.0 + 6) / (4 * Math.PI * 0.25) + 3 * 5 / (Math.PI * Math.Sqrt(6) * 0.5);
        var ones = Enumerable.Repeat(Interval.One(64), 6).ToArray();
        var b = ReluGaussianThirdDerivative.ThirdDerivativeUpper(6, BigFloat.FromDouble(0.5), BigFloat.FromDouble(2), ones, 200);
        Assert.Equal(expected, b.ToDoubleNearest(), 1e-13 * expected);
        // Upper bound: it is ≥ the exact value, computed independently at 400 bits and rounded down.
        var exact = ReluGaussianThirdDerivative.ThirdDerivativeUpper(6, BigFloat.FromDouble(0.5), BigFloat.FromDouble(2), ones, 400);
        Assert.True(b >= BigFloat.Round(exact, 200, RoundingMode.Down));
        // n = 1: no neuron pairs, only the target terms κ·Σ‖vⱼ‖/w_min².
        var one = ReluGaussianThirdDerivative.ThirdDerivativeUpper(1, BigFloat.One, BigFloat.One, [Interval.One(64)], 64).ToDoubleNearest();
        Assert.Equal(3 * Math.Sqrt(3) / (4 * Math.PI), one, 1e-13);
        // The authors' formula at the same inputs: n(√2(n − 1)(w_max + w_min) + k v_max)/(π w_min²).
        var bss = ReluGaussianThirdDerivative.AuthorsBoundUpper(6, 6, BigFloat.FromDouble(0.5), BigFloat.FromDouble(2), BigFloat.One, 100).ToDoubleNearest();
        Assert.Equal(6 * (Math.Sqrt(2) * 5 * 2.5 + 6) / (Math.PI * 0.25), bss, 1e-12 * bss);

        Assert.Throws<ArgumentOutOfRangeException>(() => ReluGaussianThirdDerivative.ThirdDerivativeUpper(2, BigFloat.Zero, BigFloat.One, ones, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReluGaussianThirdDerivative.ThirdDerivativeUpper(2, BigFloat.One, BigFloat.FromDouble(0.5), ones, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReluGaussianThirdDerivative.ThirdDerivativeUpper(0, BigFloat.One, BigFloat.One, ones, 64));
        // A ball reaching the origin has no w_min > 0.
        Assert.Throws<ArgumentException>(() => ReluGaussianThirdDerivative.NeuronNormBounds([new Rational(3, 10), Rational.Zero, 1, 1], 2, new Rational(3, 10), 64));
        var (lo, hi) = ReluGaussianThirdDerivative.NeuronNormBounds([3, 4, 0, 1], 2, new Rational(1, 10), 64);
        Assert.True(lo <= BigFloat.FromDouble(0.9) && lo > BigFloat.FromDouble(0.9 - 1e-15));
        Assert.True(hi >= BigFloat.FromDouble(5.1) && hi < BigFloat.FromDouble(5.1 + 1e-14));
    }

    // ------------------------------------------------------------------ Lemma 3's padding matrix

    private static double[] PadPoint(double[] w, int k)
    {
        int n = w.Length / k;
        var wp = new double[(k + 1) * n];
        for (int i = 0; i < n; i++) Array.Copy(w, i * k, wp, i * (k + 1), k);
        return wp;
    }

    [Fact]
    public void PaddingMatrixIsTheExtraBlockOfThePaddedHessian()
    {
        // ERRATA / Lemma 3: at the point padded with one zero coordinate (targets padded too), the Hessian entries
        // between the new coordinates of neurons i and j are M_ij; all entries linking a new coordinate to an old one are 0.
        var rng = new Random(31);
        var cases = new List<(int K, double[] W)>();
        foreach (var (k, n) in new[] { (3, 3), (6, 6), (4, 6), (5, 3) })
            cases.Add((k, WellConditionedPoint(rng, new ReluGaussianDouble(k, n))));
        cases.Add((6, Newton(new ReluGaussianDouble(6, 6), ReluGaussianDouble.Point(SafranShamirExamplesTests.Example1Printed()), 8)));
        double worst = 0;
        foreach (var (k, w) in cases)
        {
            int n = w.Length / k;
            var m = ReluGaussianThirdDerivative.PaddingMatrix(n, Axis(k), w.Select(x => Interval.FromDouble(x, 128)).ToArray(), 128);
            var targets = new double[k + 1, k];
            for (int j = 0; j < k; j++) targets[j, j] = 1;
            var padded = new ReluGaussianDouble(n, targets).Hessian(PadPoint(w, k));
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    var e = m[i, j];
                    Assert.True(e.WidthUpper < BigFloat.FromDouble(1e-30), $"M[{i},{j}] too wide");
                    double dev = Math.Abs(e.Mid.ToDoubleNearest() - padded[i * (k + 1) + k, j * (k + 1) + k]);
                    worst = Math.Max(worst, dev);
                    Assert.True(dev < 1e-13, $"(k, n) = ({k}, {n}): M[{i},{j}] = {e.Mid.ToDoubleNearest():R}, padded Hessian {padded[i * (k + 1) + k, j * (k + 1) + k]:R}");
                }
                for (int q = 0; q < (k + 1) * n; q++)
                    if (q % (k + 1) != k) Assert.True(Math.Abs(padded[i * (k + 1) + k, q]) < 1e-15);
            }
        }
        output.WriteLine($"PaddingMatrix vs the double padded Hessian: max |difference| = {worst:E2}");
    }

    [Fact]
    public void PaddingMatrixAgreesWithThePaddedIntervalHessianAndEnclosesABox()
    {
        var rng = new Random(32);
        const int k = 4, n = 5, p = 160;
        var w = WellConditionedPoint(rng, new ReluGaussianDouble(k, n));
        // The trusted interval model in dimension k + 1, targets (eⱼ, 0): both enclose the same numbers, so they overlap.
        var paddedTargets = Enumerable.Range(0, k).Select(j => Enumerable.Range(0, k + 1).Select(q => q == j ? Rational.One : Rational.Zero).ToArray()).ToArray();
        var itv = new ReluGaussianInterval(n, paddedTargets, p);
        var hess = itv.Evaluate(PadPoint(w, k).Select(x => Interval.FromDouble(x, p)).ToArray(), gradient: false, hessian: true, out var failure)!.Hessian!;
        Assert.Null(failure);
        var m = ReluGaussianThirdDerivative.PaddingMatrix(n, Axis(k), w.Select(x => Interval.FromDouble(x, p)).ToArray(), p);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                var a = m[i, j];
                var b = hess[i * (k + 1) + k, j * (k + 1) + k];
                Assert.True(a.Lo <= b.Hi && b.Lo <= a.Hi, $"M[{i},{j}] = {a.ToDecimalString(30)} disjoint from the padded Hessian entry {b.ToDecimalString(30)}");
            }

        // Over a box of radius 1e-3 the enclosure contains M at 20 random points of the box.
        const double radius = 1e-3;
        var box = w.Select(x => new Interval(BigFloat.FromDouble(x - radius), BigFloat.FromDouble(x + radius), p)).ToArray();
        var mb = ReluGaussianThirdDerivative.PaddingMatrix(n, Axis(k), box, p);
        for (int t = 0; t < 20; t++)
        {
            var x = w.Select(c => c + radius * (2 * rng.NextDouble() - 1) * 0.999).ToArray();
            var mp = ReluGaussianThirdDerivative.PaddingMatrix(n, Axis(k), x.Select(c => Interval.FromDouble(c, p)).ToArray(), p);
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) Assert.True(mb[i, j].Contains(mp[i, j]), $"box enclosure misses M[{i},{j}] at a point of the box");
        }
        // Collinear neurons are allowed (M is continuous there), a zero neuron is not.
        var collinear = (double[])w.Clone();
        for (int a = 0; a < k; a++) collinear[k + a] = 2 * w[a];
        var mc = ReluGaussianThirdDerivative.PaddingMatrix(n, Axis(k), collinear.Select(c => Interval.FromDouble(c, p)).ToArray(), p);
        Assert.True(mc[1, 0].Contains(new Rational(1, 2)), $"M for parallel neurons: {mc[1, 0].ToDecimalString(30)}"); // θ = 0: (π − 0)/(2π)
        var zero = (double[])w.Clone();
        for (int a = 0; a < k; a++) zero[a] = 0;
        Assert.Throws<ArgumentException>(() => ReluGaussianThirdDerivative.PaddingMatrix(n, Axis(k), zero.Select(c => Interval.FromDouble(c, p)).ToArray(), p));
    }
}
