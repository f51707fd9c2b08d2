using static ExactCheck.Models.Tests.ModelTestSupport;

namespace ExactCheck.Models.Tests;

public class DenseDoubleTests
{
    [Fact]
    public void SolveNeedsPivotingAndReproducesTheRightHandSide()
    {
        var a = new double[,] { { 0, 2, 1 }, { 1, 1, 0 }, { 3, 0, 1 } }; // a[0,0] = 0 forces a row swap
        var x = DenseDouble.Solve(a, [3, 2, 4]);
        Assert.Equal(1, x[0], 14);
        Assert.Equal(1, x[1], 14);
        Assert.Equal(1, x[2], 14);
        Assert.Throws<InvalidOperationException>(() => DenseDouble.Solve(new double[,] { { 1, 2 }, { 2, 4 } }, [1, 1]));

        var rng = new Random(3);
        int n = 40;
        var m = new double[n, n];
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++) m[p, q] = Gaussian(rng);
        var b = Enumerable.Range(0, n).Select(_ => Gaussian(rng)).ToArray();
        var y = DenseDouble.Solve(m, b);
        for (int p = 0; p < n; p++)
        {
            double s = 0;
            for (int q = 0; q < n; q++) s += m[p, q] * y[q];
            Assert.Equal(b[p], s, 1e-10);
        }
    }

    [Fact]
    public void JacobiFindsKnownSpectra()
    {
        // Tridiagonal (2, −1): eigenvalues 2 − 2cos(jπ/(n+1)).
        int n = 30;
        var t = new double[n, n];
        for (int p = 0; p < n; p++)
        {
            t[p, p] = 2;
            if (p + 1 < n) t[p, p + 1] = t[p + 1, p] = -1;
        }
        var ev = DenseDouble.SymmetricEigenvalues(t);
        for (int j = 1; j <= n; j++) Assert.Equal(2 - 2 * Math.Cos(j * Math.PI / (n + 1)), ev[j - 1], 1e-12); // Jacobi: ≈ nε‖A‖

        // Q diag(λ) Qᵀ with a random orthogonal Q: values and vectors come back.
        var rng = new Random(4);
        int d = 25;
        var lambda = Enumerable.Range(0, d).Select(i => -3 + 0.25 * i + 1e-3 * Gaussian(rng)).OrderBy(x => x).ToArray();
        var (_, q) = DenseDouble.SymmetricEigen(RandomSymmetric(rng, d)); // any orthogonal matrix will do
        var a = new double[d, d];
        for (int p = 0; p < d; p++)
            for (int r = 0; r < d; r++)
                for (int j = 0; j < d; j++) a[p, r] += q[p, j] * lambda[j] * q[r, j];
        var (values, vectors) = DenseDouble.SymmetricEigen(a);
        for (int j = 0; j < d; j++) Assert.Equal(lambda[j], values[j], 1e-12);
        for (int j = 0; j < d; j++)
            for (int p = 0; p < d; p++)
            {
                double av = 0;
                for (int r = 0; r < d; r++) av += a[p, r] * vectors[r, j];
                Assert.Equal(values[j] * vectors[p, j], av, 1e-11);
            }
        Assert.Equal(lambda[0], DenseDouble.MinEigenvalue(a), 1e-12);
    }

    private static double[,] RandomSymmetric(Random rng, int d)
    {
        var s = new double[d, d];
        for (int p = 0; p < d; p++)
            for (int r = p; r < d; r++) s[p, r] = s[r, p] = Gaussian(rng);
        return s;
    }
}
