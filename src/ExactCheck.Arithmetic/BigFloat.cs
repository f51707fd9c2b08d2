using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace ExactCheck.Arithmetic;

/// <summary>
/// A dyadic number m·2^e (<see cref="BigInteger"/> m, <c>long</c> e), always normalized (m odd, or m = 0 and e = 0),
/// so structural equality is numeric equality.
/// Exact operations (negation, Abs, <see cref="AddExact"/>, <see cref="MulExact"/>, <see cref="ScaleB"/>, comparisons,
/// conversion to <see cref="Rational"/> and from <c>double</c>) never round. Every other operation takes a precision
/// (bits of mantissa kept) and a <see cref="RoundingMode"/>; the result is the exact result rounded in that
/// direction (correct rounding, like MPFR). Derivations: proofs/arithmetic.md § "BigFloat rounding" [arith.round].
/// </summary>
public readonly struct BigFloat : IEquatable<BigFloat>, IComparable<BigFloat>, IComparable
{
    /// <summary>|exponent| bound: keeps every shift and exponent sum far inside <c>long</c>.</summary>
    public const long MaxExponent = 1L << 40;

    /// <summary>Smallest and largest precision (bits) accepted by rounded operations.</summary>
    public const int MinPrecision = 2;
    public const int MaxPrecision = 1 << 24;

    private readonly BigInteger _m;
    private readonly long _e;

    public BigInteger Mantissa => _m;
    public long Exponent => _e;

    public static BigFloat Zero => default;
    public static BigFloat One => new(BigInteger.One, 0);

    /// <summary>The exact value m·2^e (normalized on construction).</summary>
    public BigFloat(BigInteger mantissa, long exponent)
    {
        if (mantissa.IsZero) { _m = mantissa; _e = 0; return; }
        long tz = (long)BigInteger.TrailingZeroCount(mantissa);
        if (tz > 0) mantissa >>= (int)tz;
        exponent = checked(exponent + tz);
        if (exponent > MaxExponent || exponent < -MaxExponent)
            throw new OverflowException($"BigFloat exponent {exponent} outside ±2^40.");
        _m = mantissa;
        _e = exponent;
    }

    public static implicit operator BigFloat(int v) => new(v, 0);
    public static implicit operator BigFloat(long v) => new(v, 0);
    public static implicit operator BigFloat(BigInteger v) => new(v, 0);

    public int Sign => _m.Sign;
    public bool IsZero => _m.IsZero;

    /// <summary>Number of bits of |m|.</summary>
    public long MantissaBits => BigInteger.Abs(_m).GetBitLength();

    /// <summary>floor(log2 |x|) for x ≠ 0: 2^Msb ≤ |x| &lt; 2^(Msb+1).</summary>
    public long Msb
    {
        get
        {
            if (IsZero) throw new InvalidOperationException("Msb of zero.");
            return _e + MantissaBits - 1;
        }
    }

    // ------------------------------------------------------------------ conversions (exact)

    /// <summary>The exact value of a finite double.</summary>
    public static BigFloat FromDouble(double d)
    {
        if (!double.IsFinite(d)) throw new ArgumentException($"Cannot convert {d} to BigFloat: not finite.");
        long bits = BitConverter.DoubleToInt64Bits(d);
        bool negative = bits < 0;
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        if (biased == 0 && fraction == 0) return Zero;
        long m = biased == 0 ? fraction : fraction | (1L << 52);
        long e = biased == 0 ? -1074 : biased - 1075;
        return new BigFloat(negative ? -m : m, e);
    }

    public Rational ToRational() =>
        _e >= 0 ? new Rational(_m << checked((int)_e)) : new Rational(_m, BigInteger.One << checked((int)-_e));

    /// <summary>The nearest double (ties to even; overflow gives ±∞). For display and the untrusted producer only.</summary>
    public double ToDoubleNearest()
    {
        if (IsZero) return 0.0;
        // Round to 53 bits first (one rounding), then scale. Subnormal results may round twice: display only.
        var r = Round(this, 53, RoundingMode.Nearest);
        if (r.Msb > 1024) return r.Sign > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        if (r.Msb < -1100) return r.Sign > 0 ? 0.0 : -0.0;
        return Math.ScaleB((double)r._m, (int)r._e);
    }

    /// <summary>The exact rational rounded to <paramref name="precision"/> bits in direction <paramref name="mode"/>.</summary>
    public static BigFloat FromRational(Rational q, int precision, RoundingMode mode) =>
        Div(new BigFloat(q.Numerator, 0), new BigFloat(q.Denominator, 0), precision, mode);

    /// <summary>Exact conversion; throws if q is not a dyadic rational (denominator not a power of two).</summary>
    public static BigFloat FromDyadic(Rational q)
    {
        if (!q.IsDyadic) throw new ArgumentException($"{q} is not dyadic (its denominator is not a power of two).");
        return new BigFloat(q.Numerator, -(long)(q.Denominator.GetBitLength() - 1));
    }

    // ------------------------------------------------------------------ exact operations

    public static BigFloat operator -(BigFloat a) => new(-a._m, a._e);
    public static BigFloat Abs(BigFloat a) => a.Sign < 0 ? -a : a;

    /// <summary>Exact a·2^k.</summary>
    public static BigFloat ScaleB(BigFloat a, long k) => a.IsZero ? a : new(a._m, checked(a._e + k));

    /// <summary>Exact sum. The mantissa grows with the exponent gap: use only where that gap is known small.</summary>
    public static BigFloat AddExact(BigFloat a, BigFloat b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        long e = Math.Min(a._e, b._e);
        return new BigFloat((a._m << checked((int)(a._e - e))) + (b._m << checked((int)(b._e - e))), e);
    }

    public static BigFloat SubExact(BigFloat a, BigFloat b) => AddExact(a, -b);

    /// <summary>Exact product.</summary>
    public static BigFloat MulExact(BigFloat a, BigFloat b) =>
        a.IsZero || b.IsZero ? Zero : new BigFloat(a._m * b._m, checked(a._e + b._e));

    // ------------------------------------------------------------------ rounding core

    /// <summary>x rounded to <paramref name="precision"/> bits in direction <paramref name="mode"/>.</summary>
    public static BigFloat Round(BigFloat x, int precision, RoundingMode mode)
    {
        CheckPrecision(precision);
        if (x.IsZero || x.MantissaBits <= precision) return x;
        return RoundCore(x.Sign, BigInteger.Abs(x._m), x._e, sticky: false, precision, mode);
    }

    /// <summary>
    /// Rounds the value sign·(mag + δ)·2^e, 0 ≤ δ &lt; 1, δ &gt; 0 exactly when <paramref name="sticky"/>, to
    /// <paramref name="precision"/> bits. When sticky, mag must have at least precision + 2 bits (so the
    /// discarded part is non-empty and the half-way test is decided). [arith.round]
    /// </summary>
    private static BigFloat RoundCore(int sign, BigInteger mag, long e, bool sticky, int precision, RoundingMode mode)
    {
        Debug.Assert(mag.Sign > 0 && sign != 0);
        long len = mag.GetBitLength();
        if (len <= precision)
        {
            if (sticky) throw new InvalidOperationException("RoundCore: sticky bit with too few mantissa bits.");
            return new BigFloat(sign < 0 ? -mag : mag, e);
        }
        int shift = checked((int)(len - precision));
        var q = mag >> shift;
        var rem = mag - (q << shift);
        bool inexact = !rem.IsZero || sticky;
        if (inexact)
        {
            bool awayFromZero = mode switch
            {
                RoundingMode.Up => sign > 0,
                RoundingMode.Down => sign < 0,
                _ => NearestRoundsAway(rem, shift, sticky, q),
            };
            if (awayFromZero) q += BigInteger.One;
        }
        return new BigFloat(sign < 0 ? -q : q, checked(e + shift));
    }

    private static bool NearestRoundsAway(BigInteger rem, int shift, bool sticky, BigInteger q)
    {
        var half = BigInteger.One << (shift - 1);
        int c = rem.CompareTo(half);
        if (c > 0) return true;
        if (c < 0) return false;
        if (sticky) return true;  // strictly above half
        return !q.IsEven;         // exact tie: to even
    }

    private static void CheckPrecision(int precision)
    {
        // Every rounded operation passes here: the place to honour a time budget (issue #7; stops work, changes no result).
        Budget.Checkpoint();
        if (precision < MinPrecision || precision > MaxPrecision)
            throw new ArgumentOutOfRangeException(nameof(precision), $"precision {precision} outside [{MinPrecision}, {MaxPrecision}] bits");
    }

    // ------------------------------------------------------------------ rounded operations

    /// <summary>a + b rounded. Operands far below the larger one's last kept bit become a sticky bit. [arith.round.add]</summary>
    public static BigFloat Add(BigFloat a, BigFloat b, int precision, RoundingMode mode)
    {
        CheckPrecision(precision);
        if (a.IsZero) return Round(b, precision, mode);
        if (b.IsZero) return Round(a, precision, mode);
        if (b.Msb > a.Msb) (a, b) = (b, a);
        // a is a multiple of 2^t, and every precision-bit number and half-way point near a is a multiple of 2^t;
        // if |b| < 2^t then a+b and a+sign(b)·2^(t-1) lie strictly between the same two such multiples, so they round alike.
        long t = Math.Min(a._e, a.Msb - precision - 1);
        if (b.Msb < t) b = new BigFloat(b.Sign, t - 1);
        var sum = AddExact(a, b);
        return Round(sum, precision, mode);
    }

    public static BigFloat Sub(BigFloat a, BigFloat b, int precision, RoundingMode mode) => Add(a, -b, precision, mode);

    public static BigFloat Mul(BigFloat a, BigFloat b, int precision, RoundingMode mode) =>
        Round(MulExact(a, b), precision, mode);

    /// <summary>a / b rounded (b ≠ 0). [arith.round.div]</summary>
    public static BigFloat Div(BigFloat a, BigFloat b, int precision, RoundingMode mode)
    {
        CheckPrecision(precision);
        if (b.IsZero) throw new DivideByZeroException("BigFloat division by zero.");
        if (a.IsZero) return Zero;
        var A = BigInteger.Abs(a._m);
        var B = BigInteger.Abs(b._m);
        // Scale A so the integer quotient has at least precision + 3 bits.
        long s = Math.Max(0, precision + 3 + B.GetBitLength() - A.GetBitLength());
        var q = BigInteger.DivRem(A << checked((int)s), B, out var r);
        return RoundCore(a.Sign * b.Sign, q, checked(a._e - b._e - s), sticky: !r.IsZero, precision, mode);
    }

    /// <summary>√a rounded (a ≥ 0). [arith.round.sqrt]</summary>
    public static BigFloat Sqrt(BigFloat a, int precision, RoundingMode mode)
    {
        CheckPrecision(precision);
        if (a.Sign < 0) throw new ArgumentOutOfRangeException(nameof(a), "square root of a negative number");
        if (a.IsZero) return Zero;
        var m = a._m;
        long e = a._e;
        // Shift m left so that it has at least 2·(precision + 3) bits and the exponent becomes even.
        long s = Math.Max(0, 2 * (precision + 3) - m.GetBitLength());
        if (((e - s) & 1) != 0) s++;
        m <<= checked((int)s);
        e -= s;
        var root = IntegerSqrt(m);
        bool sticky = root * root != m;
        return RoundCore(1, root, e / 2, sticky, precision, mode);
    }

    /// <summary>floor(√n) for n ≥ 0, by Newton's iteration (exact integer arithmetic).</summary>
    public static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n < 2) return n;
        long bits = n.GetBitLength();
        // Any positive start works: one Newton step from x > 0 gives a value ≥ floor(√n) (AM–GM), and from there the
        // iteration decreases strictly until it reaches floor(√n). A double estimate only saves iterations.
        int half = (int)Math.Max(0, (bits - 100) / 2);
        var x = new BigInteger(Math.Sqrt((double)(n >> (2 * half))) + 1) << half;
        if (x.IsZero) x = BigInteger.One;
        x = (x + n / x) >> 1;
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    // ------------------------------------------------------------------ comparison

    public int CompareTo(BigFloat other)
    {
        if (Sign != other.Sign) return Sign.CompareTo(other.Sign);
        if (IsZero) return 0;
        long ma = Msb, mb = other.Msb;
        if (ma != mb) return Sign > 0 ? ma.CompareTo(mb) : mb.CompareTo(ma);
        // Same binade: the exponent gap is bounded by the mantissa lengths, so the exact difference is cheap.
        return SubExact(this, other).Sign;
    }

    public int CompareTo(object? obj) => obj is BigFloat b ? CompareTo(b) : throw new ArgumentException("Not a BigFloat.");
    public bool Equals(BigFloat other) => _m == other._m && _e == other._e;
    public override bool Equals(object? obj) => obj is BigFloat b && Equals(b);
    public override int GetHashCode() => HashCode.Combine(_m, _e);

    public static bool operator ==(BigFloat a, BigFloat b) => a.Equals(b);
    public static bool operator !=(BigFloat a, BigFloat b) => !a.Equals(b);
    public static bool operator <(BigFloat a, BigFloat b) => a.CompareTo(b) < 0;
    public static bool operator >(BigFloat a, BigFloat b) => a.CompareTo(b) > 0;
    public static bool operator <=(BigFloat a, BigFloat b) => a.CompareTo(b) <= 0;
    public static bool operator >=(BigFloat a, BigFloat b) => a.CompareTo(b) >= 0;

    public static BigFloat Min(BigFloat a, BigFloat b) => a <= b ? a : b;
    public static BigFloat Max(BigFloat a, BigFloat b) => a >= b ? a : b;

    /// <summary>Distance between consecutive <paramref name="precision"/>-bit numbers in x's binade: 2^(Msb − precision + 1).</summary>
    public static BigFloat Ulp(BigFloat x, int precision) => new(BigInteger.One, x.Msb - precision + 1);

    // ------------------------------------------------------------------ text

    /// <summary>Exact, compact: "m*2^e" (or "m" when e = 0). BigFloat.Parse reads it back.</summary>
    public override string ToString() =>
        _e == 0 ? _m.ToString(CultureInfo.InvariantCulture)
                : _m.ToString(CultureInfo.InvariantCulture) + "*2^" + _e.ToString(CultureInfo.InvariantCulture);

    /// <summary>Exact decimal expansion (every dyadic has one). Long for large |e|.</summary>
    public string ToExactDecimal() => ToRational().ToExactString();

    /// <summary>Reads the "m*2^e" form of <see cref="ToString"/>.</summary>
    public static BigFloat Parse(string s)
    {
        int star = s.IndexOf("*2^", StringComparison.Ordinal);
        if (star < 0) return new BigFloat(BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), 0);
        return new BigFloat(
            BigInteger.Parse(s.AsSpan(0, star), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            long.Parse(s.AsSpan(star + 3), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
    }
}
