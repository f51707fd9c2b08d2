using ExactCheck.Models;

namespace ExactCheck.Search.Tests;

public class SymmetricEigenvalueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(30)]
    public void MatchesJacobiOnRandomMatrices(int n)
    {
        var rng = new Random(n);
        for (int t = 0; t < 10; t++)
        {
            var a = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) a[i, j] = a[j, i] = rng.NextDouble() * 2 - 1;
            double expected = DenseDouble.MinEigenvalue(a);
            Assert.Equal(expected, SymmetricEigenvalue.Min(a), 1e-12 * n);
        }
    }

    [Fact]
    public void DiagonalAndRepeatedEigenvalues()
    {
        Assert.Equal(-3.0, SymmetricEigenvalue.Min(new double[,] { { 2, 0, 0 }, { 0, -3, 0 }, { 0, 0, 5 } }), 1e-15);
        var ones = new double[4, 4]; // eigenvalues 4, 0, 0, 0
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) ones[i, j] = 1;
        Assert.Equal(0.0, SymmetricEigenvalue.Min(ones), 1e-14);
    }

    [Fact]
    public void MatchesJacobiOnASearchHessian()
    {
        var r = GradientDescentSearch.Run(7, 7, 1, 0);
        var h = new ReluGaussianDouble(7, 7).Hessian(r.Point);
        Assert.Equal(DenseDouble.MinEigenvalue(h), SymmetricEigenvalue.Min(h), 1e-13);
        Assert.Equal(r.MinEigenvalue!.Value, SymmetricEigenvalue.Min(h));
    }
}
