using System.Runtime.Intrinsics;
using ExactCheck.Models;

namespace ExactCheck.Search.Tests;

public class FastReluGaussianTests
{
    [Fact]
    public void Atan2MatchesTheLibraryToAFewUlps()
    {
        // Over angles spread on [0, π] (both reduction boundaries, c = 0, c < 0, tiny and huge ratios).
        var rng = new Random(5);
        double worst = 0;
        var cases = new List<(double S, double C)> { (1, 0), (0, 1), (0, -1), (1e-300, 1), (1, 1e-300), (1, -1e-300), (0.66, 1), (2.41421356237309504880, 1) };
        for (int t = 0; t < 20000; t++)
        {
            double theta = rng.NextDouble() * Math.PI;
            double scale = Math.Pow(10, rng.Next(-3, 3));
            cases.Add((Math.Sin(theta) * scale, Math.Cos(theta) * scale));
        }
        for (int t = 0; t < 2000; t++) cases.Add((rng.NextDouble() * 1e-8, rng.NextDouble() < 0.5 ? 1 : -1));
        foreach (var (s, c) in cases)
        {
            double a = FastReluGaussian.Atan2(Vector256.Create(s), Vector256.Create(c)).GetElement(0);
            double b = Math.Atan2(s, c);
            double ulps = Math.Abs(a - b) / (Math.BitIncrement(Math.Abs(b)) - Math.Abs(b));
            worst = Math.Max(worst, ulps);
        }
        Assert.True(worst <= 2, $"worst error {worst} ulp");
    }

    private static void AssertAgrees(int k, int n, double[] w, double relTol = 1e-12)
    {
        var reference = new ReluGaussianDouble(k, n);
        var g0 = new double[k * n];
        double f0 = reference.ValueAndGradient(w, g0);
        var fast = new FastReluGaussian(k, n);
        var x = fast.Pad(w);
        var gx = new double[x.Length];
        double f1 = fast.ValueAndGradient(x, gx, out double worst2);
        var g1 = fast.Unpad(gx);
        Assert.True(Math.Abs(f1 - f0) <= relTol * Math.Max(1, Math.Abs(f0)), $"F {f1:R} vs {f0:R}");
        double scale = g0.Max(Math.Abs) + 1e-3;
        for (int q = 0; q < g0.Length; q++)
            Assert.True(Math.Abs(g1[q] - g0[q]) <= relTol * scale, $"∂F[{q}] {g1[q]:R} vs {g0[q]:R}");
        double worstRef = ReluGaussianDouble.MaxNeuronNorm(g0, k);
        Assert.True(Math.Abs(Math.Sqrt(worst2) - worstRef) <= relTol * scale);
        // Padding stays zero.
        for (int i = 0; i < n; i++)
            for (int p = k; p < fast.RowStride; p++) Assert.Equal(0.0, gx[i * fast.RowStride + p]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 4)]
    [InlineData(5, 7)]
    [InlineData(6, 6)]
    [InlineData(10, 11)]
    [InlineData(13, 9)]
    public void ValueAndGradientMatchTheReferenceModel(int k, int n)
    {
        for (int r = 0; r < 20; r++)
            AssertAgrees(k, n, GradientDescentSearch.InitialPoint(k, n, 11, r));
    }

    [Fact]
    public void NearCollinearPairsUseTheStableSine()
    {
        // Neurons nearly parallel to each other and to targets (|cos θ| > 0.9 lanes), also antiparallel.
        const int k = 5, n = 6;
        var w = GradientDescentSearch.InitialPoint(k, n, 3, 0);
        for (int p = 0; p < k; p++) w[k + p] = 2 * w[p] + (p == 1 ? 1e-7 : 0);     // neuron 1 ∥ neuron 0
        for (int p = 0; p < k; p++) w[2 * k + p] = -0.5 * w[p] + (p == 2 ? 1e-6 : 0); // neuron 2 antiparallel
        for (int p = 0; p < k; p++) w[3 * k + p] = p == 3 ? 0.9 : 1e-6 * (p + 1);    // neuron 3 ≈ e_3
        for (int p = 0; p < k; p++) w[4 * k + p] = p == 0 ? -1.1 : 1e-5;              // neuron 4 ≈ −e_0
        AssertAgrees(k, n, w, 1e-10);
    }

    [Fact]
    public void AZeroNeuronGivesANonFiniteGradient()
    {
        var fast = new FastReluGaussian(3, 2);
        var x = fast.Pad([1, 0, 0, 0, 0, 0]);
        fast.ValueAndGradient(x, new double[x.Length], out double worst);
        Assert.True(double.IsNaN(worst));
    }
}
