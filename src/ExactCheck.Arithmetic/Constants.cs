using System.Numerics;

namespace ExactCheck.Arithmetic;

/// <summary>
/// Rigorous enclosures of π and ln 2, computed once per precision in fixed-point integer arithmetic with a proved
/// error count, and cached (an enclosure at a higher precision rounded outward is still an enclosure).
/// Derivations: proofs/arithmetic.md [arith.pi], [arith.ln2].
/// </summary>
public static class Constants
{
    private sealed record Cached(int Precision, Interval Value);

    private static Cached? _pi;
    private static Cached? _ln2;

    /// <summary>An interval of width ≤ 2 ulps at <paramref name="precision"/> bits containing π. [arith.pi]</summary>
    public static Interval Pi(int precision) => Get(ref _pi, precision, PiFixedPoint);

    /// <summary>An interval of width ≤ 2 ulps at <paramref name="precision"/> bits containing ln 2. [arith.ln2]</summary>
    public static Interval Ln2(int precision) => Get(ref _ln2, precision, Ln2FixedPoint);

    /// <summary>π computed afresh, bypassing the cache (for benchmarks and tests of the computation itself).</summary>
    public static Interval PiUncached(int precision)
    {
        var (lo, hi, w) = PiFixedPoint(precision);
        return new Interval(new BigFloat(lo, -w), new BigFloat(hi, -w), precision).RoundOutward(precision);
    }

    public static BigFloat PiLower(int precision) => Pi(precision).Lo;
    public static BigFloat PiUpper(int precision) => Pi(precision).Hi;

    private static Interval Get(ref Cached? cache, int precision, Func<int, (BigInteger Lo, BigInteger Hi, int W)> compute)
    {
        var c = Volatile.Read(ref cache);
        if (c is not null && c.Precision >= precision) return c.Value.RoundOutward(precision);
        var (lo, hi, w) = compute(precision);
        // value ∈ [lo, hi]·2^-W exactly; rounding the ends outward keeps it inside.
        var exact = new Interval(new BigFloat(lo, -w), new BigFloat(hi, -w), precision);
        var rounded = exact.RoundOutward(precision);
        var fresh = new Cached(precision, rounded);
        if (c is null || c.Precision < precision) Volatile.Write(ref cache, fresh); // a race only loses a cache entry, never soundness
        return rounded;
    }

    /// <summary>
    /// atan(1/m)·2^W by the alternating Taylor series with truncating integer division. Returns S and E with
    /// |atan(1/m)·2^W − S| ≤ E. [arith.pi] Each computed term is at most 3 units below the exact term; the first
    /// omitted term (once P_j = 0) is below 2 units.
    /// </summary>
    private static (BigInteger Sum, BigInteger Error) AtanInverseFixed(int m, int w)
    {
        var m2 = new BigInteger(m) * m;
        var p = (BigInteger.One << w) / m; // P_0 = floor(2^W/m)
        var sum = BigInteger.Zero;
        long terms = 0;
        for (int j = 0; !p.IsZero; j++)
        {
            var term = p / (2 * j + 1);
            sum = (j & 1) == 0 ? sum + term : sum - term;
            terms++;
            p /= m2; // P_{j+1} = floor(P_j / m²)
        }
        return (sum, 3 * terms + 2);
    }

    /// <summary>π = 16·atan(1/5) − 4·atan(1/239) (Machin). [arith.pi]</summary>
    private static (BigInteger, BigInteger, int) PiFixedPoint(int precision)
    {
        int w = precision + 64;
        var (a5, e5) = AtanInverseFixed(5, w);
        var (a239, e239) = AtanInverseFixed(239, w);
        var s = 16 * a5 - 4 * a239;
        var e = 16 * e5 + 4 * e239;
        return (s - e, s + e, w);
    }

    /// <summary>ln 2 = 2·atanh(1/3) = Σ 2/((2j+1)·3^(2j+1)), all terms positive. [arith.ln2]</summary>
    private static (BigInteger, BigInteger, int) Ln2FixedPoint(int precision)
    {
        int w = precision + 64;
        var p = (BigInteger.One << (w + 1)) / 3; // P_0 = floor(2^(W+1)/3)
        var sum = BigInteger.Zero;
        long terms = 0;
        for (int j = 0; !p.IsZero; j++)
        {
            sum += p / (2 * j + 1);
            terms++;
            p /= 9;
        }
        // Each term is at most 3 units low; the omitted tail is below 3 units; nothing is ever too high.
        return (sum, sum + 3 * terms + 3, w);
    }
}
