using ExactCheck.Arithmetic;
using Xunit.Abstractions;

namespace ExactCheck.Linear.Tests;

/// <summary>
/// Soundness review of [linalg.float-cholesky] (issue #9): adversarial interval matrices whose exact λmin is known, with
/// the shift σ swept through λmin from below and above, so that the float Cholesky of mid H − σI often runs to
/// completion although H − σI is indefinite (rounding) — the a-priori term g·tr(A′) and the radius term ρ must then pull
/// the bound below the truth. The matrices are Q·diag(μ)·Qᵀ with Q = (Sylvester–Hadamard)/√n (n a power of 2, so Q·diag·Qᵀ =
/// H·diag·Hᵀ/n is dyadic and every entry is an exact double, computed in 64-bit integers), optionally block-diagonal with blocks scaled by
/// 2^±e and symmetrically permuted. Every assertion is exact: a bound above the stated λmin is a counterexample.
/// </summary>
public class FloatCholeskyAdversarialTests(ITestOutputHelper output)
{
    /// <summary>Sylvester–Hadamard sign H_ik = (−1)^popcount(i AND k).</summary>
    private static int HadamardSign(int i, int k) => (System.Numerics.BitOperations.PopCount((uint)(i & k)) & 1) == 0 ? 1 : -1;

    /// <summary>
    /// Integer matrix S = H·diag(m)·Hᵀ (S_ij = Σ_k H_ik H_jk m_k); the real matrix is S/(n·2^e) and has eigenvalues
    /// m_k/2^e exactly (H/√n is orthogonal). Requires Σ|m_k| &lt; 2^53 so every S_ij is an exact double.
    /// </summary>
    private static long[,] HadamardProduct(long[] m)
    {
        int n = m.Length;
        var s = new long[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                long sum = 0;
                for (int k = 0; k < n; k++) sum += HadamardSign(i, k) * HadamardSign(j, k) * m[k];
                s[i, j] = s[j, i] = sum;
            }
        return s;
    }

    /// <summary>Dyadic rational a·2^e as a Rational (exact).</summary>
    private static Rational Dyadic(long a, int e) =>
        e >= 0 ? new Rational(new System.Numerics.BigInteger(a) << e) : new Rational(a, System.Numerics.BigInteger.One << -e);

    /// <summary>An exact double a·2^e (asserted exact).</summary>
    private static double ExactDouble(long a, int e)
    {
        double x = Math.ScaleB((double)a, e);
        Assert.True(Math.Abs(a) < (1L << 53) && Math.ScaleB(x, -e) == a, $"{a}·2^{e} is not an exact double");
        return x;
    }

    /// <summary>Sweeps σ around <paramref name="truth"/> (an exact upper bound on λmin of some member) and asserts every successful bound ≤ truth.</summary>
    private (int Ran, int RanAboveTruth) Sweep(DoubleSymmetricIntervalMatrix h, Rational truth, double scale, string name)
    {
        int ran = 0, above = 0;
        double t = BigFloat.FromRational(truth, 53, RoundingMode.Nearest).ToDoubleNearest();
        var offsets = new List<double> { 0 };
        for (int q = 1; q <= 70; q += q < 30 ? 3 : 1) { offsets.Add(Math.ScaleB(scale, -q)); offsets.Add(-Math.ScaleB(scale, -q)); }
        foreach (var off in offsets)
            foreach (var sigma in off == 0 ? new[] { t, Math.BitIncrement(t), Math.BitDecrement(t) } : new[] { t + off })
            {
                var r = FloatCholeskyBound.LambdaMinLower(h, sigma);
                if (r.Lower is not { } lower) continue;
                ran++;
                if (Rational.FromDouble(sigma) > truth) above++;
                Assert.True(lower.ToRational() <= truth,
                    $"{name}: σ = {sigma:R}: bound {lower} above the exact λmin {t:R}");
            }
        output.WriteLine($"{name}: {ran} factorizations ran, {above} of them with σ above the exact λmin");
        return (ran, above);
    }

    private static DoubleSymmetricIntervalMatrix PointMatrix(long[,] s, int e, int[]? perm = null)
    {
        int n = s.GetLength(0);
        perm ??= Enumerable.Range(0, n).ToArray();
        var h = new DoubleSymmetricIntervalMatrix(n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                h[perm[i], perm[j]] = DoubleInterval.Point(ExactDouble(s[i, j], e));
        return h;
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(64, 2)]
    [InlineData(128, 3)]
    public void SingularAndBarelyIndefinitePointMatricesNeverGetABoundAboveTheirSmallestEigenvalue(int n, int seed)
    {
        int log = System.Numerics.BitOperations.Log2((uint)n);
        var rng = new Random(seed);
        // μ_0 ∈ {0, −1, +1}·2^−40 (e = 40), the rest in [1, 2]; eigenvalues m_k/2^40, S/(n·2^40) exact.
        int totalRan = 0, totalAbove = 0;
        foreach (long smallest in new long[] { 0, -1, 1, -(1L << 10), 1L << 10 })
        {
            var m = Enumerable.Range(0, n).Select(k => k == 0 ? smallest : (1L << 40) + rng.NextInt64(0, 1L << 40)).ToArray();
            // Spread the small eigenvector over all coordinates: put μ_0 on a random Hadamard column.
            int col = rng.Next(n);
            (m[0], m[col]) = (m[col], m[0]);
            var h = PointMatrix(HadamardProduct(m), -40 - log);
            var (ran, above) = Sweep(h, Dyadic(smallest, -40), 1.0, $"n={n} μmin={smallest}·2^-40");
            totalRan += ran;
            totalAbove += above;
        }
        Assert.True(totalAbove > 0, "no factorization ran with σ above λmin: the sweep did not reach the error term");
    }

    [Theory]
    [InlineData(16, 4)]
    [InlineData(64, 5)]
    [InlineData(128, 6)]
    public void TheWorstMemberOfAnIntervalMatrixIsAccountedFor(int n, int seed)
    {
        // Box [A − r, A + r] entrywise around A = Q diag(μ) Qᵀ. Its member A − r·s sᵀ, s = the Hadamard column of μmin
        // (a ±1 vector, an eigenvector of A), has λmin = μmin − n·r exactly: ρ must cover the whole row sum n·r.
        int log = System.Numerics.BitOperations.Log2((uint)n);
        var rng = new Random(seed);
        int col = rng.Next(n);
        var m = Enumerable.Range(0, n).Select(k => k == col ? 1L << 20 : (1L << 40) + rng.NextInt64(0, 1L << 40)).ToArray();
        var s = HadamardProduct(m);
        int e = -40 - log;
        long radius = 1L << 10; // r = 2^10·2^e = 2^(−30)/n, so n·r = 2^−30 (μmin = 2^−20)
        var h = new DoubleSymmetricIntervalMatrix(n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                h[i, j] = new DoubleInterval(ExactDouble(s[i, j] - radius, e), ExactDouble(s[i, j] + radius, e));
        // λmin(A − r ssᵀ) = μmin − r·n (s is the eigenvector of μmin, ‖s‖² = n), r = radius·2^e.
        var truth = Dyadic(1L << 20, -40) - Dyadic(radius * n, e);
        Assert.True(truth < Dyadic(1L << 20, -40));
        // Sweep σ around the member's λmin and around A's own λmin (where ρ alone must absorb the gap).
        var (ran1, _) = Sweep(h, truth, 1.0, $"n={n} worst member");
        var (ran2, _) = Sweep(h, Dyadic(1L << 20, -40), 1.0, $"n={n} midpoint λmin");
        Assert.True(ran1 + ran2 > 0);
        // And at σ = A's λmin + a little, a successful factorization must still give a bound ≤ the worst member's.
        for (int q = 0; q < 60; q++)
        {
            double sigma = Math.ScaleB(1.0, -20) + Math.ScaleB(1.0, -20 - q);
            if (FloatCholeskyBound.LambdaMinLower(h, sigma).Lower is { } l)
                Assert.True(l.ToRational() <= truth, $"σ = {sigma:R}: bound {l} above the worst member's λmin {truth}");
        }
    }

    [Theory]
    [InlineData(64, 7, 200)]
    [InlineData(64, 8, 400)]
    [InlineData(32, 9, 100)]
    public void BadlyScaledBlockMatricesWithHugeAndTinyEntries(int n, int seed, int spread)
    {
        // Four Hadamard blocks of size n/4 scaled by 2^(−spread), 2^0, 2^(spread/2), 2^spread (the guard is 2^±500),
        // then a random symmetric permutation. λmin = the tiny block's smallest eigenvalue, swept from both sides.
        var rng = new Random(seed);
        int b = n / 4, log = System.Numerics.BitOperations.Log2((uint)b);
        var scales = new[] { -spread, 0, spread / 2, spread };
        var perm = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        var h = new DoubleSymmetricIntervalMatrix(n);
        Rational truth = Rational.Zero;
        for (int block = 0; block < 4; block++)
        {
            int col = rng.Next(b);
            long smallest = block == 0 ? 1 : 1L << 30;
            var m = Enumerable.Range(0, b).Select(k => k == col ? smallest : (1L << 40) + rng.NextInt64(0, 1L << 40)).ToArray();
            var s = HadamardProduct(m);
            int e = scales[block] - 40 - log;
            for (int i = 0; i < b; i++)
                for (int j = 0; j <= i; j++)
                    h[perm[block * b + i], perm[block * b + j]] = DoubleInterval.Point(ExactDouble(s[i, j], e));
            if (block == 0) truth = Dyadic(smallest, scales[0] - 40);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                if (i / b != j / b) h[perm[i], perm[j]] = DoubleInterval.Zero;
        Sweep(h, truth, Math.ScaleB(1.0, -spread), $"n={n} blocks 2^±{spread}");
        // Around zero as well: the huge blocks' g·tr dominates, nothing may claim λmin > truth.
        Sweep(h, truth, 1.0, $"n={n} blocks 2^±{spread}, unit sweep");
    }

    [Theory]
    [InlineData(64, 10)]
    [InlineData(32, 11)]
    public void NearlySingularDenseMatricesWithAWideSpectrum(int n, int seed)
    {
        // Eigenvalues from 2^-52 to ≈ 2^-9 (condition ≈ 10^13, near 1/u): an ill-conditioned factorization whose last
        // pivots lose most accuracy, swept at σ around the smallest eigenvalue.
        int log = System.Numerics.BitOperations.Log2((uint)n);
        var rng = new Random(seed);
        int col = rng.Next(n);
        var m = Enumerable.Range(0, n).Select(k => k == col ? 1L : 1L << rng.Next(20, 44)).ToArray();
        var h = PointMatrix(HadamardProduct(m), -52 - log);
        Sweep(h, Dyadic(1, -52), Math.ScaleB(1.0, -40), $"n={n} cond 1e13");
        Sweep(h, Dyadic(1, -52), 1.0, $"n={n} cond 1e13, unit sweep");
    }

    [Fact]
    public void HugeRadiiThatOverflowTheRowSumsAreAFailureNotAnException()
    {
        // Every entry passes the ±2^500 guard on A′ (midpoint 0), but the radii 10^308 sum to +∞: a reported failure,
        // never an exception or a bound.
        var h = new DoubleSymmetricIntervalMatrix(3);
        for (int i = 0; i < 3; i++)
        {
            h[i, i] = DoubleInterval.Point(1);
            for (int j = 0; j < i; j++) h[i, j] = new DoubleInterval(-1e308, 1e308);
        }
        var r = FloatCholeskyBound.LambdaMinLower(h, -1);
        Assert.False(r.Succeeded);
        Assert.Contains("not finite", r.Failure);
    }
}
