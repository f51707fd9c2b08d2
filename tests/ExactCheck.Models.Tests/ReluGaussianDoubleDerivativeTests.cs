using Xunit.Abstractions;
using static ExactCheck.Models.Tests.ModelTestSupport;

namespace ExactCheck.Models.Tests;

/// <summary>
/// ∇F against central differences of F, and ∇²F against central differences of ∇F (proofs/safran-shamir/formulas.md,
/// "Numerical validation"). Tolerance: with step h the central difference differs from the derivative by at most
/// h²/6·|third derivative| (truncation) + ε_F/h (rounding, ε_F the absolute rounding error of the differenced function).
/// At the well-conditioned random points used (‖wᵢ‖ ≥ 0.2, all sin θ ≥ 0.1, k, n ≤ 9) the third derivatives are
/// O(10²) and ε_F ≲ 10⁻¹⁴, so h = 10⁻⁵ gives an error ≲ 2·10⁻⁹ + 10⁻⁹. We assert 10⁻⁷·(1 + max|exact|), ≥ 30× above
/// that and ≥ 10⁴× below the O(10⁻³..1) error any wrong term (a lost ½wᵢ, swapped n̄, normalized v) produces.
/// </summary>
public class ReluGaussianDoubleDerivativeTests(ITestOutputHelper output)
{
    private const double Step = 1e-5;
    private const double Tolerance = 1e-7;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 6, 6, 11 }, { 3, 5, 12 }, { 8, 9, 13 }, { 5, 3, 14 }, { 2, 2, 15 },
    };

    private static ReluGaussianDouble RandomTargets(int k, int m, int n, Random rng)
    {
        var v = new double[k, m];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < m; j++) v[p, j] = Gaussian(rng);
        return new ReluGaussianDouble(n, v);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GradientMatchesCentralDifferences(int k, int n, int seed)
    {
        var model = new ReluGaussianDouble(k, n);
        var rng = new Random(seed);
        double worst = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var w = WellConditionedPoint(rng, model);
            worst = Math.Max(worst, GradientDiscrepancy(model, w));
        }
        output.WriteLine($"k={k} n={n}: max |FD − ∇F| / (1 + max|∇F|) = {worst:E2}");
        Assert.True(worst < Tolerance, $"gradient vs FD discrepancy {worst:E3}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void HessianMatchesCentralDifferencesOfGradient(int k, int n, int seed)
    {
        var model = new ReluGaussianDouble(k, n);
        var rng = new Random(seed);
        double worst = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var w = WellConditionedPoint(rng, model);
            worst = Math.Max(worst, HessianDiscrepancy(model, w, Enumerable.Range(0, k * n)));
        }
        output.WriteLine($"k={k} n={n}: max |FD − ∇²F| / (1 + max|∇²F|) = {worst:E2}");
        Assert.True(worst < Tolerance, $"Hessian vs FD discrepancy {worst:E3}");
    }

    [Fact]
    public void GeneralTargetsMatchCentralDifferences()
    {
        // m ≠ k, non-unit, non-orthogonal targets: exercises the unnormalized v in g and ‖v‖ in h1.
        var rng = new Random(21);
        double worstG = 0, worstH = 0;
        foreach (var (k, m, n) in new[] { (4, 3, 5), (3, 6, 2), (5, 5, 4) })
        {
            var model = RandomTargets(k, m, n, rng);
            var w = WellConditionedPoint(rng, model);
            worstG = Math.Max(worstG, GradientDiscrepancy(model, w));
            worstH = Math.Max(worstH, HessianDiscrepancy(model, w, Enumerable.Range(0, k * n)));
        }
        output.WriteLine($"general V: gradient {worstG:E2}, Hessian {worstH:E2}");
        Assert.True(worstG < Tolerance, $"gradient {worstG:E3}");
        Assert.True(worstH < Tolerance, $"Hessian {worstH:E3}");
    }

    [Fact]
    public void LargeHessianColumnsMatchCentralDifferences()
    {
        // k = n = 20 (400 parameters): 40 random columns; smaller sin θ is unavoidable at this size.
        var model = new ReluGaussianDouble(20, 20);
        var rng = new Random(31);
        var w = WellConditionedPoint(rng, model, minNorm: 0.2, minSin: 0.05);
        var cols = Enumerable.Range(0, 40).Select(_ => rng.Next(400)).Distinct();
        double gd = GradientDiscrepancy(model, w);
        double hd = HessianDiscrepancy(model, w, cols);
        output.WriteLine($"k=n=20: gradient {gd:E2}, Hessian (40 columns) {hd:E2}");
        Assert.True(gd < Tolerance, $"gradient {gd:E3}");
        Assert.True(hd < Tolerance, $"Hessian {hd:E3}");
    }

    [Fact]
    public void HessianIsExactlySymmetricAndValueAndGradientAgree()
    {
        var model = new ReluGaussianDouble(7, 8);
        var w = WellConditionedPoint(new Random(41), model, 0.1, 0.01);
        var h = model.Hessian(w);
        for (int p = 0; p < h.GetLength(0); p++)
            for (int q = 0; q < p; q++) Assert.Equal(h[p, q], h[q, p]);
        var g = new double[model.Dimension];
        double f = model.ValueAndGradient(w, g);
        Assert.Equal(model.Value(w), f);
        Assert.Equal(model.Gradient(w), g);
    }

    [Fact]
    public void PaperMisreadingsListedInErrataFailTheFiniteDifferenceCheck()
    {
        // One neuron w against one target v: F = ¼‖w‖² − f(w, v) + const, so ∇F = ½w − g(w, v) and ∇²F = ½I − h1(w, v).
        var w = new[] { 0.7, -0.4, 0.3 };
        var v = new[] { 0.2, 1.1, -0.5 };
        var model = new ReluGaussianDouble(1, new[] { v });
        var (theta, s, c) = ReluGaussianDouble.Angle(w, v);
        double rw = Norm(w), rv = Norm(v);
        var wb = w.Select(x => x / rw).ToArray();
        var vb = v.Select(x => x / rv).ToArray();

        // g with v normalized (misreading) instead of the unnormalized v.
        var gWrong = new double[3];
        for (int p = 0; p < 3; p++) gWrong[p] = 0.5 * w[p] - (rv * s * wb[p] + (Math.PI - theta) * vb[p]) / (2 * Math.PI);
        var fd = FiniteDifferenceGradient(model, w, Step);
        double goodG = MaxAbsDiff(model.Gradient(w), fd), badG = MaxAbsDiff(gWrong, fd);

        // h1 with n̄_{w,v} (unit part of w orthogonal to v) instead of n̄_{v,w}.
        var nwv = Enumerable.Range(0, 3).Select(p => (wb[p] - c * vb[p]) / s).ToArray();
        double coef = s * rv / (2 * Math.PI * rw);
        var h = model.Hessian(w);
        double goodH = 0, badH = 0;
        for (int q = 0; q < 3; q++)
        {
            var col = FiniteDifferenceHessianColumn(model, w, q, Step);
            for (int p = 0; p < 3; p++)
            {
                double wrong = (p == q ? 0.5 : 0) - coef * ((p == q ? 1 : 0) - wb[p] * wb[q] + nwv[p] * nwv[q]);
                goodH = Math.Max(goodH, Math.Abs(h[p, q] - col[p]));
                badH = Math.Max(badH, Math.Abs(wrong - col[p]));
            }
        }
        output.WriteLine($"g: as implemented {goodG:E2}, with v̄ {badG:E2}; h1: as implemented {goodH:E2}, with n̄_(w,v) {badH:E2}");
        Assert.True(goodG < Tolerance && badG > 1e-2);
        Assert.True(goodH < Tolerance && badH > 1e-2);
    }

    [Fact]
    public void ZeroNeuronsAreRejectedByTheDerivatives()
    {
        var model = new ReluGaussianDouble(3, 2);
        var zeroNeuron = new double[] { 0, 0, 0, 1, 2, 3 };
        Assert.Throws<ArgumentException>(() => model.Gradient(zeroNeuron));
        Assert.Throws<ArgumentException>(() => model.Hessian(zeroNeuron));
        // F itself is defined there: the zero neuron contributes nothing.
        Assert.Equal(new ReluGaussianDouble(3, 1).Value([1, 2, 3]), model.Value(zeroNeuron), 14);
        Assert.Throws<ArgumentException>(() => model.Value(new double[5]));
        Assert.Throws<ArgumentException>(() => model.Value([1, 2, 3, 4, 5, double.NaN]));
    }

    /// <summary>
    /// At θ ∈ {0, π} (two neurons, or a neuron and a target, collinear) F is C² but not C³ ([ss.smoothness]): the
    /// central difference of ∇F straddles a kink of ∇²F, so it converges to the Hessian's continuous extension at rate
    /// O(h) rather than O(h²). Checked at h = 10⁻⁵ and 10⁻⁶: the discrepancy is small and shrinks ≈ 10× with h.
    /// </summary>
    [Fact]
    public void HessianAtCollinearPairsIsTheContinuousExtension()
    {
        var model = new ReluGaussianDouble(3, 3);
        var rng = new Random(51);
        var cases = new List<(string Name, double[] W)>();
        var w0 = WellConditionedPoint(rng, model, 0.3, 0.2);
        var same = (double[])w0.Clone();
        for (int p = 0; p < 3; p++) same[3 + p] = 1.7 * same[p];      // θ(w₁, w₂) = 0
        cases.Add(("w2 = 1.7 w1", same));
        var opposite = (double[])w0.Clone();
        for (int p = 0; p < 3; p++) opposite[3 + p] = -0.6 * opposite[p]; // θ(w₁, w₂) = π
        cases.Add(("w2 = -0.6 w1", opposite));
        var onTarget = (double[])w0.Clone();
        onTarget[0] = 0.8; onTarget[1] = 0; onTarget[2] = 0;             // θ(w₁, e₁) = 0
        cases.Add(("w1 = 0.8 e1", onTarget));
        var againstTarget = (double[])w0.Clone();
        againstTarget[6] = 0; againstTarget[7] = -1.2; againstTarget[8] = 0; // θ(w₃, e₂) = π
        cases.Add(("w3 = -1.2 e2", againstTarget));
        foreach (var (name, w) in cases)
        {
            double coarse = HessianDiscrepancy(model, w, Enumerable.Range(0, 9), 1e-5);
            double fine = HessianDiscrepancy(model, w, Enumerable.Range(0, 9), 1e-6);
            output.WriteLine($"{name}: FD discrepancy h=1e-5: {coarse:E2}, h=1e-6: {fine:E2}");
            Assert.True(coarse < 1e-4, $"{name}: {coarse:E3}");
            Assert.True(fine < 1e-5, $"{name}: {fine:E3}");
        }
    }

    /// <summary>
    /// Near-collinear neurons (sin θ = 10⁻¹⁰): the Hessian differs from the exactly collinear one by O(sin θ), i.e. the
    /// computation is stable ([ss.h2.stable]); the printed form w̄ᵢn̄ⱼᵢᵀ + w̄ⱼn̄ᵢⱼᵀ would carry errors ≈ 10⁻¹⁶/sin θ = 10⁻⁶.
    /// </summary>
    [Fact]
    public void HessianIsStableAsNeuronsBecomeCollinear()
    {
        var model = new ReluGaussianDouble(4, 3);
        var w = WellConditionedPoint(new Random(52), model, 0.3, 0.2);
        for (int p = 0; p < 4; p++) w[4 + p] = 1.3 * w[p];
        var h0 = model.Hessian(w);
        double worst = 0;
        foreach (double delta in new[] { 1e-10, -1e-10, 3e-9 })
        {
            var x = (double[])w.Clone();
            x[4] += delta; // moves w₂ off the ray of w₁ by an angle ≈ |δ|·(1 − w̄₁,₀²)^½/‖w₂‖
            var h = model.Hessian(x);
            double diff = 0;
            for (int p = 0; p < 12; p++)
                for (int q = 0; q < 12; q++) diff = Math.Max(diff, Math.Abs(h[p, q] - h0[p, q]));
            worst = Math.Max(worst, diff / Math.Abs(delta));
        }
        output.WriteLine($"max |H(near) − H(collinear)| / δ = {worst:E2}");
        Assert.True(worst < 10, $"{worst:E3}");
    }

    // ------------------------------------------------------------------ measures

    private static double GradientDiscrepancy(ReluGaussianDouble model, double[] w)
    {
        var g = model.Gradient(w);
        var fd = FiniteDifferenceGradient(model, w, Step);
        return MaxAbsDiff(g, fd) / (1 + g.Max(Math.Abs));
    }

    private static double HessianDiscrepancy(ReluGaussianDouble model, double[] w, IEnumerable<int> columns, double step = Step)
    {
        var h = model.Hessian(w);
        int d = model.Dimension;
        double scale = 0, diff = 0;
        foreach (int q in columns)
        {
            var col = FiniteDifferenceHessianColumn(model, w, q, step);
            for (int p = 0; p < d; p++)
            {
                scale = Math.Max(scale, Math.Abs(h[p, q]));
                diff = Math.Max(diff, Math.Abs(h[p, q] - col[p]));
            }
        }
        return diff / (1 + scale);
    }

    private static double MaxAbsDiff(double[] a, double[] b)
    {
        double m = 0;
        for (int q = 0; q < a.Length; q++) m = Math.Max(m, Math.Abs(a[q] - b[q]));
        return m;
    }
}
