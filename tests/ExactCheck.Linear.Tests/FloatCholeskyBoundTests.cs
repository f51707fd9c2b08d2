using System.Numerics;
using ExactCheck.Arithmetic;

namespace ExactCheck.Linear.Tests;

/// <summary>
/// [linalg.float-cholesky]: the float-Cholesky bound is ≤ the exact λmin on matrices with exactly known spectra
/// (Q·diag(μ)·Qᵀ with a rational Householder reflector Q), refuses near-singular and indefinite matrices whose float
/// factorization succeeds, and guards underflow.
/// </summary>
public class FloatCholeskyBoundTests
{
    /// <summary>Q·diag(μ)·Qᵀ for Q = I − 2vvᵀ/(vᵀv): symmetric, rational, eigenvalues exactly μ.</summary>
    private static Rational[,] WithSpectrum(Rational[] mu, int seed)
    {
        int n = mu.Length;
        var rng = new Random(seed);
        var v = Enumerable.Range(0, n).Select(_ => new Rational(rng.Next(-9, 10))).ToArray();
        v[0] += 10; // v ≠ 0
        var vv = v.Aggregate(Rational.Zero, (s, x) => s + x * x);
        var muV = v.Select((x, i) => mu[i] * x).ToArray();
        var vMuV = v.Select((x, i) => x * muV[i]).Aggregate(Rational.Zero, (s, x) => s + x);
        var a = new Rational[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                // (I − 2vvᵀ/c) D (I − 2vvᵀ/c) = D − 2(v(Dv)ᵀ + (Dv)vᵀ)/c + 4(vᵀDv)vvᵀ/c²
                var x = (i == j ? mu[i] : Rational.Zero) - 2 * (v[i] * muV[j] + muV[i] * v[j]) / vv + 4 * vMuV * v[i] * v[j] / (vv * vv);
                a[i, j] = a[j, i] = x;
            }
        return a;
    }

    /// <summary>The tightest double interval matrix around a rational one.</summary>
    private static DoubleSymmetricIntervalMatrix Enclose(Rational[,] a)
    {
        int n = a.GetLength(0);
        var h = new DoubleSymmetricIntervalMatrix(n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                h[i, j] = DoubleInterval.FromInterval(Interval.FromRational(a[i, j], 64));
        return h;
    }

    private static Rational[] Spectrum(int n, Rational smallest) =>
        Enumerable.Range(0, n).Select(i => i == 0 ? smallest : new Rational(1 + i, 3)).ToArray();

    [Theory]
    [InlineData(5, 1)]
    [InlineData(40, 2)]
    [InlineData(120, 3)]
    public void BoundIsBelowAndCloseToTheExactSmallestEigenvalue(int n, int seed)
    {
        var lambda = new Rational(1, 1000);
        var h = Enclose(WithSpectrum(Spectrum(n, lambda), seed));
        var r = FloatCholeskyBound.LambdaMinLower(h, 0.999e-3);
        Assert.True(r.Succeeded, r.Failure);
        var lower = r.Lower!.Value.ToRational();
        Assert.True(lower <= lambda, $"bound {lower} above the exact λmin {lambda}");
        Assert.True(lower > lambda - new Rational(2, 1_000_000), $"bound {lower} is loose");
    }

    [Fact]
    public void BoundAgreesWithExactPositiveDefinitenessOnRandomMatrices()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = rng.Next(2, 9);
            var a = EigenvalueBoundsTests.RandomSymmetric(rng, n);
            var h = Enclose(a);
            double estimate = EigenvalueBounds.EstimateLambdaMin(h.MidpointsAsDoubles());
            var r = FloatCholeskyBound.LambdaMinLower(h, estimate - 1e-6 * Math.Max(1, Math.Abs(estimate)));
            Assert.True(r.Succeeded, r.Failure);
            // A − λI ⪰ 0 exactly: every pivot of A − (λ − tiny)I is positive.
            var lower = r.Lower!.Value.ToRational();
            Assert.True(EigenvalueBoundsTests.IsPositiveDefinite(EigenvalueBoundsTests.Shift(a, lower - new Rational(1, BigInteger.Pow(10, 30)))),
                $"trial {trial}: bound {lower} is not below λmin");
        }
    }

    [Theory]
    [InlineData(60, 11)]
    [InlineData(200, 12)]
    public void NearSingularAndIndefiniteMatricesAreRefusedEvenWhenTheFloatFactorizationRuns(int n, int seed)
    {
        // λmin = 10⁻¹⁶ and −10⁻¹⁶: below the factorization's own rounding error (≈ n·u·tr). Whatever the float
        // Cholesky does at σ = 0, the bound must stay ≤ the exact λmin, so "λmin > 0" is never shown for the second.
        int ran = 0;
        foreach (var smallest in new[] { new Rational(1, BigInteger.Pow(10, 16)), new Rational(-1, BigInteger.Pow(10, 16)) })
        {
            var h = Enclose(WithSpectrum(Spectrum(n, smallest), seed));
            foreach (double sigma in new[] { 0.0, 1e-17, -1e-12 })
            {
                var r = FloatCholeskyBound.LambdaMinLower(h, sigma);
                if (!r.Succeeded) continue;
                ran++;
                var lower = r.Lower!.Value.ToRational();
                Assert.True(lower <= smallest, $"σ = {sigma}: bound {lower} above the exact λmin {smallest}");
                Assert.True(lower.Sign < 0, $"σ = {sigma}: a near-singular matrix was shown positive definite ({lower})");
            }
        }
        Assert.True(ran >= 2, "the float factorization never ran: the test does not exercise the bound");
    }

    [Fact]
    public void FactorEntriesBelowTheUnderflowGuardAreRefused()
    {
        var tiny = Math.ScaleB(1.0, -600);
        var h = new DoubleSymmetricIntervalMatrix(2);
        h[0, 0] = DoubleInterval.Point(1);
        h[1, 1] = DoubleInterval.Point(1);
        h[1, 0] = DoubleInterval.Point(tiny);
        var r = FloatCholeskyBound.LambdaMinLower(h, 0.5);
        Assert.False(r.Succeeded);
        Assert.Contains("guarded range", r.Failure);
    }

    [Fact]
    public void AShiftAboveTheSpectrumIsReported()
    {
        var h = Enclose(new Rational[,] { { 2, 1 }, { 1, 2 } });
        var r = FloatCholeskyBound.LambdaMinLower(h, 1.5);
        Assert.False(r.Succeeded);
        Assert.Contains("lower σ", r.Failure);
        var ok = FloatCholeskyBound.LambdaMinLower(h, 0.9);
        Assert.True(ok.Lower!.Value.ToRational() <= Rational.One);
        Assert.True(ok.Lower!.Value.ToRational() > new Rational(899, 1000));
    }

    [Fact]
    public void ASpentTimeBudgetStopsTheDoubleLoops()
    {
        // The double loops call no BigFloat or Rational primitive (whose checkpoints watch the budget), so they check
        // the clock once per row themselves: a budget already spent when the bound starts stops it at the first row.
        const int n = 64;
        var h = new DoubleSymmetricIntervalMatrix(n);
        for (int i = 0; i < n; i++) { h.Lo[i][i] = 2; h.Hi[i][i] = 2; }
        Assert.NotNull(FloatCholeskyBound.LambdaMinLower(h, 1).Lower); // without a budget: λ ≥ ~1
        Assert.Throws<BudgetExceededException>(() => Budget.Run(1e-3, () =>
        {
            Thread.Sleep(20);
            return FloatCholeskyBound.LambdaMinLower(h, 1);
        }));
    }
}
