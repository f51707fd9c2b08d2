using System.Numerics;
using ExactCheck.Arithmetic;

namespace ExactCheck.Benchmarks;

/// <summary>Deterministic benchmark inputs (fixed seeds, so every run measures the same numbers).</summary>
internal static class Inputs
{
    public const int Seed = 20_240_601;

    /// <summary>
    /// A random value with a full <paramref name="precision"/>-bit odd mantissa (top and bottom bits set), magnitude in
    /// [2^(e−1), 2^e) for e uniform in [<paramref name="minExp"/>, <paramref name="maxExp"/>], and sign as asked.
    /// </summary>
    public static BigFloat FullPrecision(Random rng, int precision, int minExp, int maxExp, bool negative)
    {
        var bytes = new byte[(precision + 7) / 8];
        rng.NextBytes(bytes);
        var m = new BigInteger(bytes, isUnsigned: true);
        m &= (BigInteger.One << precision) - 1;   // keep exactly `precision` bits …
        m |= BigInteger.One << (precision - 1);   // … with the top one set …
        m |= BigInteger.One;                       // … and odd, so normalization keeps all of them
        int e = rng.Next(minExp, maxExp + 1);
        return new BigFloat(negative ? -m : m, e - precision);
    }

    /// <summary>A narrow interval [x − k·ulp, x + k·ulp] (k ∈ [1, 8]) around a full-precision x, at that precision.</summary>
    public static Interval NarrowAround(Random rng, BigFloat x, int precision)
    {
        var d = BigFloat.MulExact(BigFloat.Ulp(x, precision), new BigFloat(rng.Next(1, 9), 0));
        return new Interval(
            BigFloat.Sub(x, d, precision, RoundingMode.Down),
            BigFloat.Add(x, d, precision, RoundingMode.Up),
            precision);
    }

    /// <summary>The value q rounded to nearest at <paramref name="precision"/> bits (full precision when q is not dyadic).</summary>
    public static BigFloat Nearest(Rational q, int precision) => BigFloat.FromRational(q, precision, RoundingMode.Nearest);
}
