using ExactCheck.Arithmetic;

namespace ExactCheck.Linear.Tests;

public class RationalMatrixTests
{
    private static Rational P(string s) => Rational.Parse(s);

    private static RationalMatrix M(params string[][] rows) => RationalMatrix.FromRows(rows.Select(r => r.Select(P).ToArray()).ToList());

    private static RationalMatrix RandomMatrix(Random rng, int rows, int cols) =>
        RationalMatrix.FromRows(Enumerable.Range(0, rows).Select(_ =>
            Enumerable.Range(0, cols).Select(_ => new Rational(rng.Next(-9, 10), rng.Next(1, 5))).ToArray()).ToList());

    [Fact]
    public void MultiplyAndTranspose()
    {
        var a = M(["1", "2"], ["3", "4"], ["1/2", "-1"]);
        var b = M(["1", "0", "2"], ["-1", "1/3", "0"]);
        var c = a * b;
        Assert.Equal(M(["-1", "2/3", "2"], ["-1", "4/3", "6"], ["3/2", "-1/3", "1"]), c);
        Assert.Equal((b.Transpose() * a.Transpose()), c.Transpose());
        Assert.Equal(a, a.Transpose().Transpose());
        Assert.Equal(a, RationalMatrix.Identity(3) * a);
        Assert.Throws<ArgumentException>(() => a * a);
    }

    [Fact]
    public void RankOfFullAndDeficientMatrices()
    {
        Assert.Equal(2, M(["1", "2"], ["3", "4"]).Rank());
        Assert.Equal(1, M(["1", "2", "3"], ["2", "4", "6"], ["-1/2", "-1", "-3/2"]).Rank());
        Assert.Equal(0, new RationalMatrix(3, 2).Rank());
        Assert.Equal(2, M(["0", "1", "1"], ["0", "2", "3"], ["0", "3", "4"]).Rank());
    }

    [Fact]
    public void SolveIsExactAndDetectsInconsistency()
    {
        var a = M(["2", "1"], ["1", "3"]);
        var x = RationalMatrix.Solve(a, RationalMatrix.Column([P("1"), P("2")]))!;
        Assert.Equal(RationalMatrix.Column([P("1/5"), P("3/5")]), x);
        var singular = M(["1", "2"], ["2", "4"]);
        Assert.Null(RationalMatrix.Solve(singular, RationalMatrix.Column([P("1"), P("1")])));
        var y = RationalMatrix.Solve(singular, RationalMatrix.Column([P("1"), P("2")]))!;
        Assert.Equal(RationalMatrix.Column([P("1"), P("2")]), singular * y);
    }

    [Fact]
    public void RandomSquareSystemsAreSolvedExactly()
    {
        var rng = new Random(3);
        for (int t = 0; t < 30; t++)
        {
            int n = rng.Next(1, 7);
            var a = RandomMatrix(rng, n, n);
            var b = RandomMatrix(rng, n, 2);
            var x = RationalMatrix.Solve(a, b);
            if (a.Rank() == n) Assert.Equal(b, a * x!);
        }
    }

    [Fact]
    public void LeastSquaresSatisfiesTheNormalEquations()
    {
        var rng = new Random(5);
        for (int t = 0; t < 20; t++)
        {
            int m = rng.Next(3, 15), n = rng.Next(1, 4);
            var a = RandomMatrix(rng, m, n);
            if (t % 4 == 0) a = RationalMatrix.FromRows(Enumerable.Range(0, m).Select(i => a.GetRow(i).Select(v => v).Append(a[i, 0] * 2).ToArray()).ToList()); // rank deficient
            var b = RandomMatrix(rng, m, 1);
            var x = RationalMatrix.LeastSquares(a, b);
            Assert.True((a.Transpose() * (a * x - b)).IsZero());
            // No other point is better: ‖A(x + d) − b‖² ≥ ‖Ax − b‖² for random d.
            var best = (a * x - b).FrobeniusNormSquared();
            for (int k = 0; k < 5; k++)
                Assert.True((a * (x + RandomMatrix(rng, x.Rows, 1)) - b).FrobeniusNormSquared() >= best);
        }
    }

    [Fact]
    public void LeastSquaresLineFit()
    {
        // Fit y = c0 + c1 x to (0,0), (1,1), (2,4): c = (−1/3, 2), residual (1/3, −2/3, 1/3).
        var a = M(["1", "0"], ["1", "1"], ["1", "2"]);
        var b = RationalMatrix.Column([P("0"), P("1"), P("4")]);
        var c = RationalMatrix.LeastSquares(a, b);
        Assert.Equal(RationalMatrix.Column([P("-1/3"), P("2")]), c);
        Assert.Equal(P("2/3"), (a * c - b).FrobeniusNormSquared());
    }
}
