using ExactCheck.Arithmetic;
using CsCheck;

namespace ExactCheck.Linear.Tests;

/// <summary>
/// Exact checks of the eigenvalue lower bounds: for a bound λ of a rational symmetric A, A − λI must be positive
/// definite, decided by exact rational LDLᵀ (A ≻ 0 iff every pivot is &gt; 0, by the leading principal minors).
/// </summary>
public class EigenvalueBoundsTests
{
    public static bool IsPositiveDefinite(Rational[,] a)
    {
        int n = a.GetLength(0);
        var m = (Rational[,])a.Clone();
        for (int k = 0; k < n; k++)
        {
            if (m[k, k] <= Rational.Zero) return false;
            for (int i = k + 1; i < n; i++)
            {
                var f = m[i, k] / m[k, k];
                for (int j = k + 1; j < n; j++) m[i, j] -= f * m[k, j];
            }
        }
        return true;
    }

    public static Rational[,] Shift(Rational[,] a, Rational s)
    {
        var b = (Rational[,])a.Clone();
        for (int i = 0; i < a.GetLength(0); i++) b[i, i] -= s;
        return b;
    }

    public static Rational[,] RandomSymmetric(Random rng, int n, int den = 97)
    {
        var a = new Rational[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                a[i, j] = a[j, i] = new Rational(rng.Next(-200, 201), den);
        return a;
    }

    [Fact]
    public void TwoByTwoKnownSpectrum()
    {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        var a = new Rational[,] { { 2, 1 }, { 1, 2 } };
        var h = SymmetricIntervalMatrix.FromRational(a, 128);
        var r = EigenvalueBounds.LambdaMinLowerAuto(h);
        Assert.True(r.Succeeded, r.Failure);
        var lower = r.Lower!.Value.ToRational();
        Assert.True(lower < Rational.One);
        Assert.True(lower > new Rational(999, 1000), $"bound {lower} is loose");
        Assert.Equal(new Rational(-1), EigenvalueBounds.GershgorinLower(SymmetricIntervalMatrix.FromRational(new Rational[,] { { 0, 1 }, { 1, 0 } }, 64)).ToRational());
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(8, 2)]
    [InlineData(20, 3)]
    [InlineData(24, 4)]
    public void BoundsOfRandomRationalMatricesAreValidAndTight(int n, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 3; trial++)
        {
            var a = RandomSymmetric(rng, n);
            var r = EigenvalueBounds.LambdaMinLowerAuto(SymmetricIntervalMatrix.FromRational(a, 128));
            Assert.True(r.Succeeded, r.Failure);
            var lower = r.Lower!.Value.ToRational();
            Assert.True(IsPositiveDefinite(Shift(a, lower)), "A − λI is not positive definite: the bound is wrong");
            // tight: a slightly larger shift is no longer positive definite
            Assert.False(IsPositiveDefinite(Shift(a, lower + new Rational(1, 1_000_000))), "bound more than 1e-6 below λmin");
            Assert.True(EigenvalueBounds.GershgorinLower(SymmetricIntervalMatrix.FromRational(a, 128)).ToRational() <= lower);
        }
    }

    [Fact]
    public void IntervalMatricesBoundEveryMember()
    {
        var rng = new Random(11);
        int n = 10;
        var a = RandomSymmetric(rng, n);
        var radius = new Rational(1, 10_000);
        var h = new SymmetricIntervalMatrix(n, 128);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                h[i, j] = Interval.Hull(Interval.FromRational(a[i, j] - radius, 128), Interval.FromRational(a[i, j] + radius, 128));
        var r = EigenvalueBounds.LambdaMinLowerAuto(h);
        Assert.True(r.Succeeded, r.Failure);
        var lower = r.Lower!.Value.ToRational();
        for (int sample = 0; sample < 30; sample++)
        {
            var b = (Rational[,])a.Clone();
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    b[i, j] = b[j, i] = a[i, j] + radius * new Rational(rng.Next(-1000, 1001), 1000);
            Assert.True(IsPositiveDefinite(Shift(b, lower)), $"member {sample} has λmin below the bound");
        }
    }

    [Fact]
    public void ArbitraryFactorsNeverGiveAWrongBound()
    {
        // The factors are untrusted: garbage L and any positive D still give a valid (if useless) bound.
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var rng = new Random(seed);
            int n = rng.Next(1, 7);
            var a = RandomSymmetric(rng, n, 7);
            var l = new double[n, n];
            var d = new double[n];
            for (int i = 0; i < n; i++)
            {
                d[i] = rng.NextDouble() * 3 + 1e-6;
                for (int k = 0; k < i; k++) l[i, k] = rng.NextDouble() * 4 - 2;
            }
            var sigma = BigFloat.FromDouble(rng.NextDouble() * 10 - 5);
            var r = EigenvalueBounds.LambdaMinLower(SymmetricIntervalMatrix.FromRational(a, 64), sigma, l, d);
            return r.Succeeded && IsPositiveDefinite(Shift(a, r.Lower!.Value.ToRational() - new Rational(1, 1L << 40)))
                   && !IsPositiveDefinite(Shift(a, r.Lower!.Value.ToRational() + r.ResidualRowSumUpper!.Value.ToRational() * 3 + 100)) ;
        }, iter: 200);
    }

    [Fact]
    public void AShiftAboveTheSpectrumFailsWithAReason()
    {
        var a = new Rational[,] { { 2, 1 }, { 1, 2 } };
        var h = SymmetricIntervalMatrix.FromRational(a, 64);
        Assert.Null(EigenvalueBounds.FloatLdlt(h.MidpointsAsDoubles(), 1.5)); // σ above λmin = 1
        var l = new double[,] { { 1, 0 }, { 0.5, 1 } };
        var r = EigenvalueBounds.LambdaMinLower(h, BigFloat.FromDouble(2.5), l, [-0.5, 1.0]);
        Assert.False(r.Succeeded);
        Assert.Contains("not positive", r.Failure);
    }

    [Fact]
    public void LargeFactorsUseTheBigIntegerPathAndStayExact()
    {
        // Entries of L near 2^40 push the product beyond 128 bits: the exact BigInteger path must give the same answer.
        var a = new Rational[,] { { 1, 0 }, { 0, 1 } };
        var h = SymmetricIntervalMatrix.FromRational(a, 64);
        var l = new double[,] { { 1, 0 }, { Math.ScaleB(1, 40), 1 } };
        var r = EigenvalueBounds.LambdaMinLower(h, BigFloat.Zero, l, [1.0, 1.0], gridBits: 40);
        Assert.True(r.Succeeded);
        Assert.True(IsPositiveDefinite(Shift(a, r.Lower!.Value.ToRational() - new Rational(1, 1L << 40))));
        Assert.True(r.Lower!.Value.ToRational() < -new Rational(1L << 40)); // the residual is huge, so is the loss
    }
}
