using CsCheck;
using static ExactCheck.Models.Tests.ModelTestSupport;

namespace ExactCheck.Models.Tests;

/// <summary>Invariances of F and the global minimum.</summary>
public class ReluGaussianDoubleSymmetryTests
{
    private static int[] Permutation(Random rng, int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(p);
        return p;
    }

    private static double[] PermuteNeurons(double[] w, int k, int[] perm)
    {
        var x = new double[w.Length];
        for (int i = 0; i < perm.Length; i++) Array.Copy(w, perm[i] * k, x, i * k, k);
        return x;
    }

    [Fact]
    public void PermutingNeuronsPermutesValueGradientAndHessian()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var rng = new Random(seed);
            int k = rng.Next(1, 7), n = rng.Next(1, 7);
            var model = new ReluGaussianDouble(k, n);
            var w = Xavier(rng, k, n);
            var perm = Permutation(rng, n);
            var x = PermuteNeurons(w, k, perm);
            double f = model.Value(w);
            Assert.Equal(f, model.Value(x), 1e-13 * (1 + Math.Abs(f)));
            var g = model.Gradient(w);
            Assert.Equal(PermuteNeurons(g, k, perm), model.Gradient(x), (a, b) => Math.Abs(a - b) <= 1e-13);
            if (k > 1 || n == 1)
            {
                var h = model.Hessian(w);
                var hx = model.Hessian(x);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        for (int p = 0; p < k; p++)
                            for (int q = 0; q < k; q++)
                                Assert.Equal(h[perm[i] * k + p, perm[j] * k + q], hx[i * k + p, j * k + q], 1e-13);
            }
        }, iter: 200);
    }

    [Fact]
    public void SimultaneousRotationOfNeuronsAndTargetsLeavesFUnchanged()
    {
        // F(Qw; QV) = F(w; V) for orthogonal Q (x ↦ Qᵀx preserves N(0, I)); exercises general, non-axis targets.
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var rng = new Random(seed);
            int k = rng.Next(2, 7), n = rng.Next(1, 7);
            var q = RandomOrthogonal(rng, k);
            var rotatedTargets = new double[k, k];
            for (int p = 0; p < k; p++)
                for (int j = 0; j < k; j++) rotatedTargets[p, j] = q[p, j]; // Q·eⱼ = column j of Q
            var plain = new ReluGaussianDouble(k, n);
            var rotated = new ReluGaussianDouble(n, rotatedTargets);
            var w = Xavier(rng, k, n);
            var qw = new double[w.Length];
            for (int i = 0; i < n; i++)
                for (int p = 0; p < k; p++)
                    for (int r = 0; r < k; r++) qw[i * k + p] += q[p, r] * w[i * k + r];
            double f = plain.Value(w);
            Assert.Equal(f, rotated.Value(qw), 1e-12 * (1 + f));
            // ∇F rotates with the neurons: ∇F(Qw; QV) = Q∇F(w; V) per neuron.
            var g = plain.Gradient(w);
            var gq = rotated.Gradient(qw);
            for (int i = 0; i < n; i++)
                for (int p = 0; p < k; p++)
                {
                    double expected = 0;
                    for (int r = 0; r < k; r++) expected += q[p, r] * g[i * k + r];
                    Assert.Equal(expected, gq[i * k + p], 1e-12);
                }
        }, iter: 100);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(20)]
    [InlineData(50)]
    public void GlobalMinimumHasZeroValueAndGradient(int k)
    {
        var model = new ReluGaussianDouble(k, k);
        var identity = new double[k, k];
        for (int p = 0; p < k; p++) identity[p, p] = 1;
        var w = ReluGaussianDouble.Point(identity);
        Assert.Equal(0, model.Value(w), 1e-12 * k * k);
        Assert.All(model.Gradient(w), gi => Assert.Equal(0, gi, 1e-14));
        // Any permutation of the targets is a global minimum too.
        var x = PermuteNeurons(w, k, Permutation(new Random(k), k));
        Assert.Equal(0, model.Value(x), 1e-12 * k * k);
        Assert.All(model.Gradient(x), gi => Assert.Equal(0, gi, 1e-14));
        // The Hessian exists there (w–w pairs are orthogonal; h1(wᵢ, vᵢ) → 0) and is PSD.
        if (k <= 6) Assert.True(DenseDouble.MinEigenvalue(model.Hessian(w)) > -1e-12);
    }

    [Fact]
    public void ZeroNeuronsAddNothingToF()
    {
        var rng = new Random(7);
        var w = Xavier(rng, 4, 3);
        var padded = w.Concat(new double[8]).ToArray();
        Assert.Equal(new ReluGaussianDouble(4, 3).Value(w), new ReluGaussianDouble(4, 5).Value(padded), 14);
    }

    [Fact]
    public void PointAndToMatrixAreInverse()
    {
        var a = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }; // k = 2, n = 3: neuron 1 = (1, 4)
        var w = ReluGaussianDouble.Point(a);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, w);
        Assert.Equal(a, ReluGaussianDouble.ToMatrix(w, 2));
        Assert.Throws<ArgumentException>(() => ReluGaussianDouble.ToMatrix(w, 4));
        Assert.Equal(5.0, ReluGaussianDouble.MaxNeuronNorm([3, 4, 1, 0], 2), 15);
    }

    private static double[,] RandomOrthogonal(Random rng, int k)
    {
        // Gram–Schmidt on a Gaussian matrix (columns).
        var q = new double[k, k];
        for (int j = 0; j < k; j++)
        {
            var col = Enumerable.Range(0, k).Select(_ => Gaussian(rng)).ToArray();
            for (int l = 0; l < j; l++)
            {
                double d = 0;
                for (int p = 0; p < k; p++) d += q[p, l] * col[p];
                for (int p = 0; p < k; p++) col[p] -= d * q[p, l];
            }
            double r = Norm(col);
            for (int p = 0; p < k; p++) q[p, j] = col[p] / r;
        }
        return q;
    }
}
