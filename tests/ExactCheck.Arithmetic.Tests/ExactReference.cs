using System.Numerics;
using CsCheck;

namespace ExactCheck.Arithmetic.Tests;

/// <summary>
/// Independent exact reference for the property tests: random generators of BigFloats, intervals and rationals, a
/// reference rounding function written directly over <see cref="Rational"/>, and a correct-rounding checker that
/// tests the defining inequalities (result ≤ exact &lt; successor, …) rather than re-running the kernel's algorithm.
/// Only the kernel's exact conversions (Mantissa/Exponent, ToRational, the BigFloat constructor) are trusted here.
/// </summary>
public static class ExactReference
{
    // ------------------------------------------------------------------ exact dyadic helpers

    public static Rational Pow2(long k) =>
        k >= 0 ? new Rational(BigInteger.One << checked((int)k)) : new Rational(BigInteger.One, BigInteger.One << checked((int)-k));

    /// <summary>The exact rational M·2^k.</summary>
    public static Rational Dyadic(BigInteger m, long k) => new Rational(m) * Pow2(k);

    public static Rational Q(BigFloat x) => x.ToRational();

    /// <summary>floor(log2 a) for a &gt; 0, exactly.</summary>
    public static long FloorLog2(Rational a)
    {
        if (a.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(a));
        // 2^(nb−1) ≤ num < 2^nb and 2^(db−1) ≤ den < 2^db, so 2^(E−1) < a < 2^(E+1) with E = nb − db.
        long e = (long)a.Numerator.GetBitLength() - (long)a.Denominator.GetBitLength();
        if (a < Pow2(e)) e--;
        return e;
    }

    /// <summary>
    /// Reference rounding of an exact rational to <paramref name="p"/> bits, written from the definition: scale |x| into
    /// [2^(p−1), 2^p), take floor/ceiling/half-even of that rational, scale back.
    /// </summary>
    public static BigFloat RoundRef(Rational x, int p, RoundingMode mode)
    {
        if (x.IsZero) return BigFloat.Zero;
        int sign = x.Sign;
        var a = Rational.Abs(x);
        long e = FloorLog2(a);
        var s = a * Pow2(p - 1 - e); // in [2^(p−1), 2^p)
        bool magnitudeUp = mode switch
        {
            RoundingMode.Up => sign > 0,
            RoundingMode.Down => sign < 0,
            _ => false,
        };
        BigInteger m;
        if (mode == RoundingMode.Nearest)
        {
            var f = s.Floor();
            int c = (s - new Rational(f)).CompareTo(new Rational(1, 2));
            m = c < 0 ? f : c > 0 ? f + 1 : (f.IsEven ? f : f + 1);
        }
        else m = magnitudeUp ? s.Ceiling() : s.Floor();
        return new BigFloat(sign < 0 ? -m : m, e - p + 1);
    }

    /// <summary>
    /// The p-bit neighbours of a nonzero p-bit number r: its predecessor and successor among p-bit numbers, and
    /// whether r's p-bit mantissa is even.
    /// </summary>
    public static (Rational Pred, Rational Succ, bool Even) Neighbours(BigFloat r, int p)
    {
        var m = BigInteger.Abs(r.Mantissa);
        long b = (long)m.GetBitLength();
        if (b > p) throw new ArgumentException("r has more than p bits");
        var M = m << (int)(p - b);      // p-bit mantissa, 2^(p−1) ≤ M < 2^p
        long k = r.Exponent - (p - b);  // |r| = M·2^k
        var upMag = Dyadic(M + 1, k);
        var downMag = M == BigInteger.One << (p - 1) ? Dyadic(2 * M - 1, k - 1) : Dyadic(M - 1, k);
        return r.Sign > 0 ? (downMag, upMag, M.IsEven) : (-upMag, -downMag, M.IsEven);
    }

    /// <summary>
    /// Null if <paramref name="r"/> is the exact value X correctly rounded to <paramref name="p"/> bits in direction
    /// <paramref name="mode"/>, otherwise the reason. X is known only through <paramref name="cmp"/>(c) = sign(c − X)
    /// (this lets √ be checked through squares). Definitions: Down: r ≤ X &lt; succ(r); Up: pred(r) &lt; X ≤ r;
    /// Nearest: (pred+r)/2 ≤ X ≤ (r+succ)/2, and r's mantissa even when X is on either midpoint.
    /// </summary>
    public static string? RoundingViolation(Func<Rational, int> cmp, BigFloat r, int p, RoundingMode mode)
    {
        if (r.MantissaBits > p) return $"result {r} has {r.MantissaBits} > {p} bits";
        if (r.IsZero) return cmp(Rational.Zero) == 0 ? null : "result 0 but the exact value is not 0";
        var (pred, succ, even) = Neighbours(r, p);
        int c = cmp(Q(r));
        switch (mode)
        {
            case RoundingMode.Down:
                if (c > 0) return $"Down result {r} is above the exact value";
                if (cmp(succ) <= 0) return $"Down result {r} is not the largest: its successor is ≤ the exact value";
                return null;
            case RoundingMode.Up:
                if (c < 0) return $"Up result {r} is below the exact value";
                if (cmp(pred) >= 0) return $"Up result {r} is not the smallest: its predecessor is ≥ the exact value";
                return null;
            default:
                var half = new Rational(1, 2);
                int lo = cmp((pred + Q(r)) * half), hi = cmp((Q(r) + succ) * half);
                if (lo > 0) return $"Nearest result {r}: exact value below the lower midpoint";
                if (hi < 0) return $"Nearest result {r}: exact value above the upper midpoint";
                if ((lo == 0 || hi == 0) && !even) return $"Nearest result {r}: tie not rounded to even";
                return null;
        }
    }

    public static string? RoundingViolation(Rational exact, BigFloat r, int p, RoundingMode mode) =>
        RoundingViolation(c => c.CompareTo(exact), r, p, mode);

    public static readonly RoundingMode[] Modes = [RoundingMode.Down, RoundingMode.Up, RoundingMode.Nearest];

    // ------------------------------------------------------------------ generators

    /// <summary>Positive integers of 1..maxBits bits, biased toward edge shapes (powers of two, all ones, 2^k + 1, tiny).</summary>
    public static Gen<BigInteger> GenMagnitude(int maxBits) =>
        Gen.Select(Gen.Int[1, maxBits], Gen.Byte.Array[(maxBits + 7) / 8], Gen.Int[0, 11], (bits, bytes, shape) => shape switch
        {
            0 => BigInteger.One << (bits - 1),
            1 => (BigInteger.One << bits) - 1,
            2 => bits == 1 ? BigInteger.One : (BigInteger.One << (bits - 1)) + 1,
            3 => new BigInteger(bytes.AsSpan(0, 1), isUnsigned: true) + 1, // 1..256
            4 => (BigInteger)(bytes[0] % 7 + 1),                           // tiny: ties are frequent
            _ => (new BigInteger(bytes, isUnsigned: true) & ((BigInteger.One << bits) - 1)) | (BigInteger.One << (bits - 1)),
        });

    /// <summary>Exponents (of the lowest mantissa bit): mostly moderate, sometimes far apart.</summary>
    public static Gen<long> GenExponent(long wide) =>
        Gen.Frequency((6, (IGen<long>)Gen.Long[-80, 80]), (3, Gen.Long[-1000, 1000]), (1, Gen.Long[-wide, wide]));

    /// <summary>Random BigFloats: both signs, zero sometimes, mantissas up to maxBits bits.</summary>
    public static Gen<BigFloat> GenBigFloat(int maxBits = 300, long wideExponent = 20_000) =>
        Gen.Select(GenMagnitude(maxBits), Gen.Bool, GenExponent(wideExponent), Gen.Int[0, 40],
            (m, negative, e, zero) => zero == 0 ? BigFloat.Zero : new BigFloat(negative ? -m : m, e));

    /// <summary>Pairs (a, b): independent, or b ≈ −a (cancellation), or b a power-of-two scaling of ±a.</summary>
    public static Gen<(BigFloat A, BigFloat B)> GenPair(int maxBits = 300, long wideExponent = 20_000) =>
        Gen.Select(GenBigFloat(maxBits, wideExponent), GenBigFloat(maxBits, wideExponent), Gen.Int[0, 5], Gen.Int[-320, 20], Gen.Bool,
            (a, c, kind, off, flip) =>
            {
                if (a.IsZero || c.IsZero) return (a, c);
                switch (kind)
                {
                    case 0: // c scaled to sit `off` binades from a, then b = c − a: a + b = c exactly, heavy cancellation
                        var cs = BigFloat.ScaleB(c, a.Msb - c.Msb + off);
                        return (a, BigFloat.SubExact(cs, a));
                    case 1:
                        var s = BigFloat.ScaleB(a, off / 8);
                        return (a, flip ? -s : s);
                    default:
                        return (a, c);
                }
            });

    /// <summary>Precisions 2..200, with extra weight on tiny precisions where ties and carries are common.</summary>
    public static readonly Gen<int> GenPrecision = Gen.Frequency((1, (IGen<int>)Gen.Int[2, 8]), (3, Gen.Int[2, 200]));

    /// <summary>Random rationals with numerators/denominators up to maxBits bits.</summary>
    public static Gen<Rational> GenRational(int maxBits = 200) =>
        Gen.Select(GenMagnitude(maxBits), GenMagnitude(maxBits), Gen.Int[0, 3], Gen.Int[0, 20],
            (n, d, sign, zero) => zero == 0 ? Rational.Zero : new Rational(sign == 0 ? -n : n, d));

    /// <summary>A random interval with a handful of exact sample points in it (both ends, 0 if inside, interior points).</summary>
    public sealed record IntervalSample(Interval I, Rational[] Points)
    {
        public override string ToString() => $"{I} (p = {I.Precision})";
    }

    public static Gen<IntervalSample> GenInterval(int maxBits = 300) =>
        Gen.Select(GenBigFloat(maxBits, 300), GenBigFloat(maxBits, 300), Gen.Int[0, 6], Gen.Int[2, 300], Gen.Int[0, 1 << 16], Gen.Int[0, 1 << 16],
            (a, b, kind, p, t1, t2) =>
            {
                BigFloat lo, hi;
                var aa = BigFloat.Abs(a);
                var bb = BigFloat.Abs(b);
                switch (kind)
                {
                    case 0: lo = hi = a; break;                                // a point
                    case 1: lo = BigFloat.Zero; hi = aa; break;                // [0, |a|]
                    case 2: lo = -aa; hi = BigFloat.Zero; break;               // [−|a|, 0]
                    case 3: lo = -aa; hi = bb; break;                          // straddles 0
                    case 4:                                                    // narrow: [a, a + |b| scaled below a]
                        lo = a;
                        hi = a.IsZero || bb.IsZero ? aa : BigFloat.AddExact(a, BigFloat.ScaleB(bb, a.Msb - bb.Msb - 1 - (t1 & 63)));
                        break;
                    default: lo = BigFloat.Min(a, b); hi = BigFloat.Max(a, b); break;
                }
                var i = new Interval(lo, hi, p);
                var qlo = Q(lo);
                var w = Q(hi) - qlo;
                var pts = new List<Rational> { qlo, Q(hi), qlo + w * new Rational(t1, 1 << 16), qlo + w * new Rational(t2, 1 << 16) };
                if (i.ContainsZero) pts.Add(Rational.Zero);
                return new IntervalSample(i, pts.ToArray());
            });
}
