using Xunit.Abstractions;
using static ExactCheck.Models.Tests.ModelTestSupport;

namespace ExactCheck.Models.Tests;

/// <summary>
/// The paper's Examples 1 and 2, as corrected in ERRATA.md, refined by Newton's method in double precision.
/// </summary>
public class SafranShamirExamplesTests(ITestOutputHelper output)
{
    /// <summary>Example 1 (k = n = 6) to three decimals, columns are neurons (ERRATA: first row and column restored).</summary>
    public static double[,] Example1Printed()
    {
        var a = new double[6, 6];
        a[0, 0] = -0.602;
        for (int t = 1; t < 6; t++)
        {
            a[0, t] = 0.308; // first row
            a[t, 0] = 0.225; // first column = neuron 1
            for (int u = 1; u < 6; u++) a[t, u] = t == u ? 0.987 : -0.050;
        }
        return a;
    }

    /// <summary>
    /// Example 2 (k = 8, n = 9) to two decimals: neurons 1..7 have 0.99 on coordinate i, −0.03 on the other first
    /// seven coordinates and 0.23 on coordinate 8; neuron 8 = (0.13 × 7, −0.19), neuron 9 = (0.07 × 7, −0.49).
    /// </summary>
    public static double[,] Example2Printed(double diagonal = 0.99)
    {
        var a = new double[8, 9];
        for (int i = 0; i < 7; i++)
        {
            for (int p = 0; p < 7; p++) a[p, i] = p == i ? diagonal : -0.03;
            a[7, i] = 0.23;
        }
        for (int p = 0; p < 7; p++) { a[p, 7] = 0.13; a[p, 8] = 0.07; }
        a[7, 7] = -0.19;
        a[7, 8] = -0.49;
        return a;
    }

    [Fact]
    public void Example1RefinesToTheErrataValues()
    {
        var model = new ReluGaussianDouble(6, 6);
        var w0 = ReluGaussianDouble.Point(Example1Printed());
        double g0 = Norm(model.Gradient(w0));
        var w = Newton(model, w0, 8);
        var g = model.Gradient(w);
        double f = model.Value(w);
        double lambda = DenseDouble.MinEigenvalue(model.Hessian(w));
        Report("Example 1", model, w0, g0, w, f, lambda);

        Assert.True(g0 is > 1e-3 and < 1e-2, $"printed point's ‖∇F‖ = {g0}"); // ERRATA: about 4e-3
        Assert.True(Norm(g) < 1e-13, $"refined ‖∇F‖ = {Norm(g)}");
        Assert.Equal(0.02508058, f, 8);            // ERRATA: F ≈ 0.02508058
        Assert.Equal(0.0047004, lambda, 7);        // ERRATA: λmin ≈ 0.0047004
        Assert.True(lambda >= 0.004699);           // the paper's certified bound
        Assert.True(f >= 0.02508);                 // the paper's "objective value at least 0.02508"
        // The refined point rounds to the printed one (three decimals).
        Assert.All(w.Zip(w0), t => Assert.True(Math.Abs(t.First - t.Second) <= 0.0005 + 1e-12, $"{t.First} vs {t.Second}"));
    }

    [Fact]
    public void Example2RefinesToTheErrataValues()
    {
        var model = new ReluGaussianDouble(8, 9);
        var w0 = ReluGaussianDouble.Point(Example2Printed());
        double g0 = Norm(model.Gradient(w0));
        var w = Newton(model, w0, 12);
        var g = model.Gradient(w);
        double f = model.Value(w);
        double lambda = DenseDouble.MinEigenvalue(model.Hessian(w));
        Report("Example 2", model, w0, g0, w, f, lambda);

        Assert.True(Norm(g) < 1e-13, $"refined ‖∇F‖ = {Norm(g)}");
        Assert.Equal(0.9841, w[0], 4);             // ERRATA: the refined diagonal is 0.9841 (printed 0.99)
        Assert.True(lambda >= 0.005944, $"λmin = {lambda}"); // the paper's certified bound
        Assert.True(lambda < 0.0060);              // Table 2: 0.0059
        Assert.True(f >= 0.02056, $"F = {f}");     // the paper's "objective value at least 0.02056"
        Assert.True(f < 0.0207);
        // Every entry rounds to the printed two decimals except the seven diagonal ones (0.9841 vs printed 0.99).
        for (int q = 0; q < w.Length; q++)
        {
            bool diagonal = q / 8 < 7 && q % 8 == q / 8;
            if (diagonal) Assert.Equal(0.9841, w[q], 4);
            else Assert.True(Math.Abs(w[q] - w0[q]) <= 0.005, $"entry {q}: {w[q]} vs printed {w0[q]}");
        }
    }

    [Fact]
    public void Example1IsAStrictLocalMinimumNumerically()
    {
        // F rises in every sampled direction at distances 1e-4..1e-2 around the refined point (no rigor: the
        // certificate is the checker's job; this guards against refining to a saddle).
        var model = new ReluGaussianDouble(6, 6);
        var w = Newton(model, ReluGaussianDouble.Point(Example1Printed()), 8);
        double f = model.Value(w);
        var rng = new Random(5);
        for (int t = 0; t < 200; t++)
        {
            var u = Enumerable.Range(0, w.Length).Select(_ => Gaussian(rng)).ToArray();
            double r = Norm(u), dist = Math.Pow(10, -4 + 2 * rng.NextDouble());
            var x = w.Select((wi, q) => wi + dist * u[q] / r).ToArray();
            Assert.True(model.Value(x) > f, $"F dropped at distance {dist}");
        }
    }

    /// <summary>
    /// The paper's search protocol (Xavier init N(0, I/k), step 0.1, stop when every ‖∂F/∂wᵢ‖ ≤ 1e-9) for k = n = 7
    /// from a fixed seed: the 55th initialization of Random(12345) (found by a scratch run of 60 inits, 1 spurious)
    /// lands on a spurious local minimum whose F and λmin match Table 1's averages (0.023, 0.014).
    /// </summary>
    [Fact]
    public void GradientDescentFindsATable1MinimumForSevenNeurons()
    {
        const int k = 7;
        var model = new ReluGaussianDouble(k, k);
        var rng = new Random(12345);
        double[] w = [];
        for (int run = 0; run <= 54; run++) w = Xavier(rng, k, k);
        var g = new double[model.Dimension];
        int iterations = 0;
        for (; iterations < 100_000; iterations++)
        {
            model.ValueAndGradient(w, g);
            if (ReluGaussianDouble.MaxNeuronNorm(g, k) <= 1e-9) break;
            for (int q = 0; q < w.Length; q++) w[q] -= 0.1 * g[q];
        }
        double fGd = model.Value(w);
        var refined = Newton(model, w, 3);
        double f = model.Value(refined);
        double lambda = DenseDouble.MinEigenvalue(model.Hessian(refined));
        output.WriteLine($"k=n=7: GD stopped after {iterations} steps at F = {fGd:R}; Newton: ‖∇F‖ = {Norm(model.Gradient(refined)):E2}, F = {f:R}, λmin = {lambda:R}");
        Assert.True(iterations < 100_000);
        Assert.Equal(0.023, f, 3);
        Assert.Equal(0.014, lambda, 3);
        Assert.True(Norm(model.Gradient(refined)) < 1e-13);
    }

    /// <summary>
    /// Lemma 3 at Example 1: padding every neuron and target with a zero coordinate (k = 7, targets e₁..e₆ ∈ ℝ⁷, a
    /// general-V model) gives a Hessian whose spectrum is that of ∇²F(w) together with that of the n × n matrix M of
    /// Lemma 3. Also reports λmin(M), which decides the padded (Corollary 1) certificate's λ.
    /// </summary>
    [Fact]
    public void Example1PaddedSpectrumIsHessianPlusLemma3Matrix()
    {
        const int k = 6, n = 6;
        var model = new ReluGaussianDouble(k, n);
        var w = Newton(model, ReluGaussianDouble.Point(Example1Printed()), 8);
        var targets = new double[k + 1, k];
        for (int j = 0; j < k; j++) targets[j, j] = 1;
        var padded = new ReluGaussianDouble(n, targets);
        var wp = new double[(k + 1) * n];
        for (int i = 0; i < n; i++) Array.Copy(w, i * k, wp, i * (k + 1), k);

        var mat = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            var wi = w.AsSpan(i * k, k);
            double ri = Norm(wi);
            mat[i, i] = 0.5;
            for (int l = 0; l < n; l++)
            {
                if (l == i) continue;
                var wl = w.AsSpan(l * k, k);
                var (theta, sin, _) = ReluGaussianDouble.Angle(wi, wl);
                mat[i, i] += sin * Norm(wl) / (2 * Math.PI * ri);
                mat[i, l] = (Math.PI - theta) / (2 * Math.PI);
            }
            for (int l = 0; l < k; l++)
                mat[i, i] -= ReluGaussianDouble.Angle(wi, model.Target(l)).Sin / (2 * Math.PI * ri);
        }
        var expected = DenseDouble.SymmetricEigenvalues(model.Hessian(w)).Concat(DenseDouble.SymmetricEigenvalues(mat))
            .OrderBy(x => x).ToArray();
        var actual = DenseDouble.SymmetricEigenvalues(padded.Hessian(wp));
        Assert.Equal(expected.Length, actual.Length);
        for (int t = 0; t < actual.Length; t++) Assert.Equal(expected[t], actual[t], 1e-12);
        Assert.Equal(padded.Value(wp), model.Value(w), 1e-15);
        output.WriteLine($"Example 1 padded to k = 7: λmin(M) = {DenseDouble.MinEigenvalue(mat):R}, λmin(padded Hessian) = {actual[0]:R}");
    }

    private void Report(string name, ReluGaussianDouble model, double[] w0, double g0, double[] w, double f, double lambda)
    {
        output.WriteLine($"{name}: printed point ‖∇F‖ = {g0:E3}, F = {model.Value(w0):R}");
        output.WriteLine($"{name}: refined ‖∇F‖ = {Norm(model.Gradient(w)):E3}, max_i ‖∂F/∂w_i‖ = {ReluGaussianDouble.MaxNeuronNorm(model.Gradient(w), model.K):E3}");
        output.WriteLine($"{name}: F = {f:R}, λmin = {lambda:R}, ‖w − w_printed‖ = {Norm(w.Zip(w0, (a, b) => a - b).ToArray()):E3}");
        var m = ReluGaussianDouble.ToMatrix(w, model.K);
        for (int p = 0; p < model.K; p++)
            output.WriteLine(string.Join(" ", Enumerable.Range(0, model.N).Select(i => m[p, i].ToString("F9").PadLeft(13))));
    }
}
