using System.Numerics;

namespace ExactCheck.Arithmetic;

/// <summary>
/// A closed interval [Lo, Hi] of <see cref="BigFloat"/>s (Lo ≤ Hi, asserted), with the working precision in bits
/// that operations on it round to. Every operation returns an interval containing the exact image of its inputs:
/// lower ends round toward −∞, upper ends toward +∞ ("outward"). Binary operations use the larger of the two
/// precisions. Derivations: proofs/arithmetic.md § "Interval operations" [arith.interval].
/// </summary>
public readonly partial struct Interval : IEquatable<Interval>
{
    public BigFloat Lo { get; }
    public BigFloat Hi { get; }
    public int Precision { get; }

    private const RoundingMode Down = RoundingMode.Down;
    private const RoundingMode Up = RoundingMode.Up;

    public Interval(BigFloat lo, BigFloat hi, int precision)
    {
        if (lo > hi) throw new ArgumentException($"Interval with lo > hi: [{lo}, {hi}].");
        if (precision < BigFloat.MinPrecision || precision > BigFloat.MaxPrecision)
            throw new ArgumentOutOfRangeException(nameof(precision), $"precision {precision} outside [{BigFloat.MinPrecision}, {BigFloat.MaxPrecision}]");
        Lo = lo;
        Hi = hi;
        Precision = precision;
    }

    /// <summary>The exact point [x, x] (no rounding, whatever x's length).</summary>
    public static Interval Point(BigFloat x, int precision) => new(x, x, precision);

    /// <summary>The exact point [d, d] of a finite double.</summary>
    public static Interval FromDouble(double d, int precision) => Point(BigFloat.FromDouble(d), precision);

    /// <summary>The tightest precision-bit interval containing q: [q rounded down, q rounded up].</summary>
    public static Interval FromRational(Rational q, int precision) =>
        new(BigFloat.FromRational(q, precision, Down), BigFloat.FromRational(q, precision, Up), precision);

    public static Interval Zero(int precision) => Point(BigFloat.Zero, precision);
    public static Interval One(int precision) => Point(BigFloat.One, precision);

    /// <summary>This interval re-rounded outward to <paramref name="precision"/> bits (still contains the old one).</summary>
    public Interval RoundOutward(int precision) =>
        new(BigFloat.Round(Lo, precision, Down), BigFloat.Round(Hi, precision, Up), precision);

    /// <summary>The same bounds, operating at another precision from now on.</summary>
    public Interval WithPrecision(int precision) => new(Lo, Hi, precision);

    public bool IsPoint => Lo == Hi;
    public bool ContainsZero => Lo.Sign <= 0 && Hi.Sign >= 0;
    public bool IsPositive => Lo.Sign > 0;
    public bool IsNegative => Hi.Sign < 0;
    public bool IsNonNegative => Lo.Sign >= 0;

    public bool Contains(BigFloat x) => Lo <= x && x <= Hi;
    public bool Contains(Rational x) => Lo.ToRational() <= x && x <= Hi.ToRational();
    public bool Contains(Interval other) => Lo <= other.Lo && other.Hi <= Hi;

    /// <summary>Upper bound of the width Hi − Lo.</summary>
    public BigFloat WidthUpper => BigFloat.Sub(Hi, Lo, Precision, Up);

    /// <summary>Upper bound of max |x| over the interval (exact: it is an endpoint's magnitude).</summary>
    public BigFloat Mag => BigFloat.Max(BigFloat.Abs(Lo), BigFloat.Abs(Hi));

    /// <summary>min |x| over the interval (exact; 0 if the interval contains 0).</summary>
    public BigFloat Mig => ContainsZero ? BigFloat.Zero : BigFloat.Min(BigFloat.Abs(Lo), BigFloat.Abs(Hi));

    /// <summary>A point of the interval near its middle (the exact midpoint rounded to nearest at Precision + 2 bits; Lo if that falls outside).</summary>
    // Fix: was Round(ScaleB(AddExact(Lo, Hi), −1)), whose exact sum has as many bits as the ends' exponent gap
    // (128 MiB for [2^-(2^30), 1], OverflowException beyond 2^31). The correctly rounded Add gives the same value
    // (scaling by 2^-1 commutes with rounding) without forming the exact sum.
    public BigFloat Mid => BigFloat.ScaleB(BigFloat.Add(Lo, Hi, Precision + 2, RoundingMode.Nearest), -1) is var m && Contains(m) ? m : Lo;

    public static Interval Hull(Interval a, Interval b) =>
        new(BigFloat.Min(a.Lo, b.Lo), BigFloat.Max(a.Hi, b.Hi), Math.Max(a.Precision, b.Precision));

    /// <summary>a ∩ b; throws if they are disjoint.</summary>
    public static Interval Intersect(Interval a, Interval b)
    {
        var lo = BigFloat.Max(a.Lo, b.Lo);
        var hi = BigFloat.Min(a.Hi, b.Hi);
        if (lo > hi) throw new ArgumentException($"Disjoint intervals {a} and {b}.");
        return new(lo, hi, Math.Max(a.Precision, b.Precision));
    }

    // ------------------------------------------------------------------ arithmetic [arith.interval]

    public static Interval operator -(Interval a) => new(-a.Hi, -a.Lo, a.Precision);

    public static Interval operator +(Interval a, Interval b)
    {
        int p = Math.Max(a.Precision, b.Precision);
        return new(BigFloat.Add(a.Lo, b.Lo, p, Down), BigFloat.Add(a.Hi, b.Hi, p, Up), p);
    }

    public static Interval operator -(Interval a, Interval b)
    {
        int p = Math.Max(a.Precision, b.Precision);
        return new(BigFloat.Sub(a.Lo, b.Hi, p, Down), BigFloat.Sub(a.Hi, b.Lo, p, Up), p);
    }

    /// <summary>Product: the extremes of the four endpoint products, chosen by the signs. [arith.interval.mul]</summary>
    public static Interval operator *(Interval a, Interval b)
    {
        int p = Math.Max(a.Precision, b.Precision);
        BigFloat lo, hi;
        if (a.Lo.Sign >= 0)
        {
            if (b.Lo.Sign >= 0) { lo = Mul(a.Lo, b.Lo, p, Down); hi = Mul(a.Hi, b.Hi, p, Up); }
            else if (b.Hi.Sign <= 0) { lo = Mul(a.Hi, b.Lo, p, Down); hi = Mul(a.Lo, b.Hi, p, Up); }
            else { lo = Mul(a.Hi, b.Lo, p, Down); hi = Mul(a.Hi, b.Hi, p, Up); }
        }
        else if (a.Hi.Sign <= 0)
        {
            if (b.Lo.Sign >= 0) { lo = Mul(a.Lo, b.Hi, p, Down); hi = Mul(a.Hi, b.Lo, p, Up); }
            else if (b.Hi.Sign <= 0) { lo = Mul(a.Hi, b.Hi, p, Down); hi = Mul(a.Lo, b.Lo, p, Up); }
            else { lo = Mul(a.Lo, b.Hi, p, Down); hi = Mul(a.Lo, b.Lo, p, Up); }
        }
        else
        {
            if (b.Lo.Sign >= 0) { lo = Mul(a.Lo, b.Hi, p, Down); hi = Mul(a.Hi, b.Hi, p, Up); }
            else if (b.Hi.Sign <= 0) { lo = Mul(a.Hi, b.Lo, p, Down); hi = Mul(a.Lo, b.Lo, p, Up); }
            else
            {
                lo = BigFloat.Min(Mul(a.Lo, b.Hi, p, Down), Mul(a.Hi, b.Lo, p, Down));
                hi = BigFloat.Max(Mul(a.Lo, b.Lo, p, Up), Mul(a.Hi, b.Hi, p, Up));
            }
        }
        return new(lo, hi, p);
    }

    private static BigFloat Mul(BigFloat x, BigFloat y, int p, RoundingMode m) => BigFloat.Mul(x, y, p, m);
    private static BigFloat Div(BigFloat x, BigFloat y, int p, RoundingMode m) => BigFloat.Div(x, y, p, m);

    /// <summary>Quotient; throws <see cref="DivideByZeroException"/> when the divisor contains 0. [arith.interval.div]</summary>
    public static Interval operator /(Interval a, Interval b)
    {
        if (b.ContainsZero) throw new DivideByZeroException($"Interval division: the divisor {b} contains 0.");
        int p = Math.Max(a.Precision, b.Precision);
        BigFloat lo, hi;
        if (b.Lo.Sign > 0)
        {
            if (a.Lo.Sign >= 0) { lo = Div(a.Lo, b.Hi, p, Down); hi = Div(a.Hi, b.Lo, p, Up); }
            else if (a.Hi.Sign <= 0) { lo = Div(a.Lo, b.Lo, p, Down); hi = Div(a.Hi, b.Hi, p, Up); }
            else { lo = Div(a.Lo, b.Lo, p, Down); hi = Div(a.Hi, b.Lo, p, Up); }
        }
        else
        {
            if (a.Lo.Sign >= 0) { lo = Div(a.Hi, b.Hi, p, Down); hi = Div(a.Lo, b.Lo, p, Up); }
            else if (a.Hi.Sign <= 0) { lo = Div(a.Hi, b.Lo, p, Down); hi = Div(a.Lo, b.Hi, p, Up); }
            else { lo = Div(a.Hi, b.Hi, p, Down); hi = Div(a.Lo, b.Hi, p, Up); }
        }
        return new(lo, hi, p);
    }

    public static Interval operator +(Interval a, BigFloat b) => a + Point(b, a.Precision);
    public static Interval operator -(Interval a, BigFloat b) => a - Point(b, a.Precision);
    public static Interval operator *(Interval a, BigFloat b) => a * Point(b, a.Precision);
    public static Interval operator /(Interval a, BigFloat b) => a / Point(b, a.Precision);
    public static Interval operator +(BigFloat a, Interval b) => Point(a, b.Precision) + b;
    public static Interval operator -(BigFloat a, Interval b) => Point(a, b.Precision) - b;
    public static Interval operator *(BigFloat a, Interval b) => Point(a, b.Precision) * b;
    public static Interval operator /(BigFloat a, Interval b) => Point(a, b.Precision) / b;

    /// <summary>Exact a·2^k.</summary>
    public static Interval ScaleB(Interval a, long k) => new(BigFloat.ScaleB(a.Lo, k), BigFloat.ScaleB(a.Hi, k), a.Precision);

    /// <summary>{x² : x ∈ a} — tighter than a·a when a contains 0. [arith.interval.square]</summary>
    public Interval Square()
    {
        int p = Precision;
        if (Lo.Sign >= 0) return new(Mul(Lo, Lo, p, Down), Mul(Hi, Hi, p, Up), p);
        if (Hi.Sign <= 0) return new(Mul(Hi, Hi, p, Down), Mul(Lo, Lo, p, Up), p);
        var m = Mag;
        return new(BigFloat.Zero, Mul(m, m, p, Up), p);
    }

    /// <summary>{|x| : x ∈ a}.</summary>
    public Interval Abs() => new(Mig, Mag, Precision);

    /// <summary>√ on [Lo, Hi] ⊂ [0, ∞); throws if Lo &lt; 0. Monotone: [√Lo rounded down, √Hi rounded up].</summary>
    public Interval Sqrt()
    {
        if (Lo.Sign < 0) throw new ArgumentOutOfRangeException(nameof(Lo), $"square root of an interval with negative part: {this}");
        return new(BigFloat.Sqrt(Lo, Precision, Down), BigFloat.Sqrt(Hi, Precision, Up), Precision);
    }

    /// <summary>xⁿ for n ≥ 0 by repeated squaring (each step an enclosure).</summary>
    public Interval Pow(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n == 0) return One(Precision);
        if ((n & 1) == 0) return Pow(n / 2).Square();
        return this * Pow(n - 1);
    }

    // ------------------------------------------------------------------ misc

    public bool Equals(Interval other) => Lo == other.Lo && Hi == other.Hi;
    public override bool Equals(object? obj) => obj is Interval i && Equals(i);
    public override int GetHashCode() => HashCode.Combine(Lo, Hi);

    /// <summary>"[lo, hi]" with each end's exact "m*2^e" form.</summary>
    public override string ToString() => $"[{Lo}, {Hi}]";

    /// <summary>
    /// "[lo, hi]" in decimal with <paramref name="significantDigits"/> digits, lo rounded down and hi up. An end whose
    /// binary exponent or msb exceeds ±100 000 is printed exactly in its "m*2^e" form instead.
    /// </summary>
    public string ToDecimalString(int significantDigits = 20) =>
        $"[{EndToDecimal(Lo, significantDigits, Down)}, {EndToDecimal(Hi, significantDigits, Up)}]";

    /// <summary>Largest |binary exponent| of an end that <see cref="ToDecimalString"/> converts to decimal.</summary>
    private const long MaxDecimalExponent = 100_000;

    // Fix: the decimal conversion builds the exact rational and powers of ten with ~0.3·|e| digits, so an end like
    // the 2^-(2^30) that Exp returns for very negative arguments took hours, and beyond 2^±31 ToRational threw
    // OverflowException. Log/Asin/Acos format their domain-error messages with this method, so such inputs hung or
    // threw the wrong exception type. Display only: the exact "m*2^e" form is a valid bound in either direction.
    private static string EndToDecimal(BigFloat x, int significantDigits, RoundingMode mode) =>
        x.IsZero || (Math.Abs(x.Exponent) <= MaxDecimalExponent && Math.Abs(x.Msb) <= MaxDecimalExponent)
            ? x.ToRational().ToScientificString(significantDigits, mode)
            : x.ToString();

    internal static BigInteger Factorial(int n)
    {
        var f = BigInteger.One;
        for (int i = 2; i <= n; i++) f *= i;
        return f;
    }
}
