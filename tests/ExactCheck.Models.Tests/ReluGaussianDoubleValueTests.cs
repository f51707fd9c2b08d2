using Xunit.Abstractions;
using static ExactCheck.Models.Tests.ModelTestSupport;

namespace ExactCheck.Models.Tests;

/// <summary>
/// F (and f, ∇F) against computations that do not use the arccos closed form: polar quadrature of the Gaussian
/// expectation, and Monte Carlo.
/// </summary>
public class ReluGaussianDoubleValueTests(ITestOutputHelper output)
{
    /// <summary>
    /// For k = 2, x = ρ(cos φ, sin φ) and the integrand is ρ²Q(φ)² with Q(φ) = Σ relu(wᵢ·e_φ) − Σ relu(vⱼ·e_φ); since
    /// ∫₀^∞ ρ³e^{−ρ²/2}dρ = 2, F = (1/2π)∫₀^{2π} Q(φ)² dφ. Q² is analytic between the kinks (wᵢ·e_φ = 0), where
    /// piecewise 20-point Gauss–Legendre is accurate to rounding.
    /// </summary>
    [Fact]
    public void ValueMatchesPolarQuadratureInTwoDimensions()
    {
        var rng = new Random(101);
        double worst = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 1 + trial % 4, m = 1 + trial % 3;
            ReluGaussianDouble model;
            if (trial % 2 == 0) { model = new ReluGaussianDouble(2, n); m = 2; }
            else
            {
                var v = new double[2, m];
                for (int p = 0; p < 2; p++)
                    for (int j = 0; j < m; j++) v[p, j] = Gaussian(rng);
                model = new ReluGaussianDouble(n, v);
            }
            var w = Xavier(rng, 2, n);
            var targets = Enumerable.Range(0, m).Select(model.Target).ToArray();
            double Q(double phi)
            {
                double c = Math.Cos(phi), s = Math.Sin(phi), q = 0;
                for (int i = 0; i < n; i++) q += Relu(w[2 * i] * c + w[2 * i + 1] * s);
                foreach (var v in targets) q -= Relu(v[0] * c + v[1] * s);
                return q * q;
            }
            var kinks = Enumerable.Range(0, n).SelectMany(i => Kinks(w[2 * i], w[2 * i + 1]))
                .Concat(targets.SelectMany(v => Kinks(v[0], v[1])));
            double reference = IntegrateCircle(Q, kinks) / (2 * Math.PI);
            double f = model.Value(w);
            worst = Math.Max(worst, Math.Abs(f - reference) / Math.Max(1, Math.Abs(reference)));
        }
        output.WriteLine($"k=2: max |F − quadrature| = {worst:E2}");
        Assert.True(worst < 1e-13, $"{worst:E3}");
    }

    /// <summary>
    /// f(u, v) in k = 5 against quadrature in the plane of u and v: with Gram–Schmidt coordinates u = (a, 0),
    /// v = (b₁, b₂) (from u·u, u·v, v·v only), f = (1/π)∫₀^{2π} relu(u·e_φ) relu(v·e_φ) dφ.
    /// </summary>
    [Fact]
    public void PairValueMatchesQuadratureInThePlaneOfTheTwoVectors()
    {
        var rng = new Random(102);
        double worst = 0;
        for (int trial = 0; trial < 50; trial++)
        {
            var u = Enumerable.Range(0, 5).Select(_ => Gaussian(rng)).ToArray();
            var v = Enumerable.Range(0, 5).Select(_ => Gaussian(rng)).ToArray();
            if (trial == 0) v = u.Select(x => 2 * x).ToArray();   // θ = 0
            if (trial == 1) v = u.Select(x => -3 * x).ToArray();  // θ = π
            double uu = u.Zip(u, (x, y) => x * y).Sum(), uv = u.Zip(v, (x, y) => x * y).Sum(), vv = v.Zip(v, (x, y) => x * y).Sum();
            double a = Math.Sqrt(uu), b1 = uv / a, b2 = Math.Sqrt(Math.Max(0, vv - b1 * b1));
            double integrand(double phi)
            {
                double c = Math.Cos(phi), s = Math.Sin(phi);
                return Relu(a * c) * Relu(b1 * c + b2 * s);
            }
            double reference = IntegrateCircle(integrand, Kinks(a, 0).Concat(Kinks(b1, b2))) / Math.PI;
            double f = ReluGaussianDouble.PairValue(u, v);
            worst = Math.Max(worst, Math.Abs(f - reference) / Math.Max(1, Math.Abs(reference)));
            // Cho & Saul's kernel also equals E[relu relu] written with the arccos closed form of eq. 7 by hand:
            var (theta, _, _) = ReluGaussianDouble.Angle(u, v);
            double closed = Math.Sqrt(uu * vv) * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / (2 * Math.PI);
            Assert.Equal(closed, f, 12);
        }
        output.WriteLine($"k=5 pairs: max |f − quadrature| = {worst:E2}");
        Assert.True(worst < 1e-13, $"{worst:E3}");
    }

    /// <summary>
    /// Monte Carlo with a fixed seed, k = 4: the sample mean of ½(Σ relu(wᵢ·x) − Σ relu(vⱼ·x))² and of the pathwise
    /// gradient r(x)·1[wᵢ·x &gt; 0]·x (r the residual) against F and ∇F, as z-scores (difference / standard error).
    /// With a fixed seed the outcome is deterministic; |z| ≤ 4 for F and ≤ 4.5 for the max over the 20 gradient
    /// coordinates (a correct formula exceeds those with probability ≈ 6·10⁻⁵ resp. ≈ 1.4·10⁻⁴).
    /// </summary>
    [Fact]
    public void ValueAndGradientMatchMonteCarloInFourDimensions()
    {
        const int k = 4, n = 5, samples = 400_000;
        var model = new ReluGaussianDouble(k, n);
        var rng = new Random(103);
        var w = Xavier(rng, k, n);
        double f = model.Value(w);
        var g = model.Gradient(w);

        double sum = 0, sumSq = 0;
        var gs = new double[k * n];
        var gsSq = new double[k * n];
        var x = new double[k];
        var pre = new double[n];
        for (int t = 0; t < samples; t++)
        {
            for (int p = 0; p < k; p++) x[p] = Gaussian(rng);
            double r = 0;
            for (int i = 0; i < n; i++)
            {
                double z = 0;
                for (int p = 0; p < k; p++) z += w[i * k + p] * x[p];
                pre[i] = z;
                r += Relu(z);
            }
            for (int j = 0; j < k; j++) r -= Relu(x[j]); // vⱼ = eⱼ
            double y = 0.5 * r * r;
            sum += y;
            sumSq += y * y;
            for (int i = 0; i < n; i++)
            {
                if (pre[i] <= 0) continue;
                for (int p = 0; p < k; p++)
                {
                    double gi = r * x[p];
                    gs[i * k + p] += gi;
                    gsSq[i * k + p] += gi * gi;
                }
            }
        }
        double mean = sum / samples, se = Math.Sqrt((sumSq / samples - mean * mean) / samples);
        double zF = (mean - f) / se;
        double zG = 0;
        for (int q = 0; q < k * n; q++)
        {
            double m = gs[q] / samples, s = Math.Sqrt((gsSq[q] / samples - m * m) / samples);
            zG = Math.Max(zG, Math.Abs((m - g[q]) / s));
        }
        output.WriteLine($"k=4 n=5, {samples} samples: F = {f:R}, MC = {mean:R} ± {se:E2}, z = {zF:F2}; max |z| over ∇F = {zG:F2}");
        Assert.True(Math.Abs(zF) < 4, $"z(F) = {zF}");
        Assert.True(zG < 4.5, $"max z(∇F) = {zG}");
    }

    [Fact]
    public void ClosedFormSpecialValues()
    {
        // f(w, w) = ‖w‖²/2; f(w, −w) = 0; f(w, v) = ‖w‖‖v‖/(2π) for w ⟂ v.
        Assert.Equal(0.5 * 14, ReluGaussianDouble.PairValue([1, 2, 3], [1, 2, 3]), 13);
        Assert.Equal(0, ReluGaussianDouble.PairValue([1, 2, 3], [-1, -2, -3]), 15);
        Assert.Equal(2.0 * 3.0 / (2 * Math.PI), ReluGaussianDouble.PairValue([2, 0, 0], [0, 0, 3]), 15);
        // F(0) = ½ Σ f(vᵢ, vⱼ) = k/4 + k(k−1)/(4π) for orthonormal targets.
        var model = new ReluGaussianDouble(6, 6);
        Assert.Equal(6 / 4.0 + 30 / (4 * Math.PI), model.TargetConstant, 14);
        Assert.Equal(model.TargetConstant, model.Value(new double[36]), 15);
    }
}
