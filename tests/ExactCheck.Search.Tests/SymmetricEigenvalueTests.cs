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
            var a = RandomSymmetric(rng, n);
            double expected = DenseDouble.MinEigenvalue(a);
            Assert.Equal(expected, SymmetricEigenvalue.Min(a), 1e-12 * n);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(30, 10)]
    [InlineData(5, 9)]
    public void SmallestMatchesJacobiOnRandomMatrices(int n, int count)
    {
        var a = RandomSymmetric(new Random(100 + n), n);
        var expected = DenseDouble.SymmetricEigenvalues(a).Take(count).ToArray();
        var actual = SymmetricEigenvalue.Smallest(a, count);
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], 1e-12 * n);
    }

    [Fact]
    public void SmallestCountsRepeatedEigenvalues()
    {
        var ones = new double[4, 4]; // eigenvalues 0, 0, 0, 4
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) ones[i, j] = 1;
        var values = SymmetricEigenvalue.Smallest(ones, 4);
        Assert.Equal([0.0, 0.0, 0.0], values[..3].Select(v => Math.Round(v, 13) + 0.0).ToArray());
        Assert.Equal(4.0, values[3], 1e-13);
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

    /// <summary>An n × n symmetric matrix with entries uniform in [−1, 1).</summary>
    private static double[,] RandomSymmetric(Random rng, int n)
    {
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i, j] = a[j, i] = rng.NextDouble() * 2 - 1;
        return a;
    }
}
