using System.Globalization;
using System.Numerics;
using System.Text;

namespace ExactCheck.Arithmetic;

/// <summary>
/// An exact rational number p/q over <see cref="BigInteger"/>. Always normalized: q &gt; 0 and gcd(p, q) = 1
/// (zero is 0/1), so structural equality is numeric equality. Nothing here ever goes through <c>double</c>.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>, IComparable
{
    private readonly BigInteger _num;
    private readonly BigInteger _den; // 0 only in default(Rational), which we read as 0/1.

    public BigInteger Numerator => _num;
    public BigInteger Denominator => _den.IsZero ? BigInteger.One : _den;

    public static Rational Zero => new(BigInteger.Zero, BigInteger.One, normalized: true);
    public static Rational One => new(BigInteger.One, BigInteger.One, normalized: true);

    private Rational(BigInteger num, BigInteger den, bool normalized)
    {
        // Every exact operation ends here: the place to honour a time budget (issue #7; stops work, changes no result).
        Budget.Checkpoint();
        _num = num;
        _den = den;
    }

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("Rational with zero denominator.");
        Budget.Checkpoint();
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsOne && !g.IsZero) { numerator /= g; denominator /= g; }
        if (numerator.IsZero) denominator = BigInteger.One;
        _num = numerator;
        _den = denominator;
    }

    public Rational(BigInteger integer) : this(integer, BigInteger.One, normalized: true) { }

    public static implicit operator Rational(int v) => new(v);
    public static implicit operator Rational(long v) => new(v);
    public static implicit operator Rational(BigInteger v) => new(v);

    public int Sign => _num.Sign;
    public bool IsZero => _num.IsZero;
    public bool IsInteger => Denominator.IsOne;

    /// <summary>True when the denominator is a power of two, i.e. the value is a dyadic m·2^e.</summary>
    public bool IsDyadic => Denominator.IsPowerOfTwo;

    public static Rational operator -(Rational a) => new(-a._num, a.Denominator, normalized: true);
    // Fix (issue #7 fuzzing): +, −, ×, ÷ used to form the full products and normalize them with one gcd of the
    // products' size. A certificate number near the limits (10 000 digits, exponent ±100 000: ~330 000 bits) made every
    // operation cost a gcd of ~660 000-bit numbers (~0.4 s, quadratic), and one such number in a Yun certificate took
    // the checker past 30 s. Now the classical reductions (Knuth, TAOCP vol. 2, 4.5.1; GMP's mpq does the same) take
    // the gcds of the operands instead, which is cheap whenever one operand is small. The result is the same
    // normalized fraction (the proofs are in the comments); tests compare against the normalizing constructor.

    /// <summary>
    /// p₁/q₁ + p₂/q₂ with g = gcd(q₁, q₂) and t = p₁(q₂/g) + p₂(q₁/g): the sum is t / (q₁q₂/g), and a prime dividing t
    /// and q₁q₂/g must divide g (one dividing q₁/g only, say, would divide p₂(q₁/g) and hence p₁(q₂/g), but it divides
    /// neither p₁ nor q₂/g). So dividing by g₂ = gcd(t, g) normalizes.
    /// </summary>
    public static Rational operator +(Rational a, Rational b)
    {
        BigInteger p1 = a._num, q1 = a.Denominator, p2 = b._num, q2 = b.Denominator;
        if (q1.IsOne && q2.IsOne) return new(p1 + p2, BigInteger.One, normalized: true);
        var g = BigInteger.GreatestCommonDivisor(q1, q2);
        if (g.IsOne) return new(p1 * q2 + p2 * q1, q1 * q2, normalized: true);
        var t = p1 * (q2 / g) + p2 * (q1 / g);
        if (t.IsZero) return Zero;
        var g2 = BigInteger.GreatestCommonDivisor(t, g);
        return new(t / g2, q1 / g * (q2 / g2), normalized: true);
    }

    public static Rational operator -(Rational a, Rational b) => a + -b;

    /// <summary>
    /// (p₁/q₁)(p₂/q₂) = ((p₁/g₁)(p₂/g₂)) / ((q₁/g₂)(q₂/g₁)) with g₁ = gcd(p₁, q₂), g₂ = gcd(p₂, q₁): normalized, since
    /// p₁/g₁ is prime to q₁ and to q₂/g₁, and p₂/g₂ to q₂ and to q₁/g₂.
    /// </summary>
    public static Rational operator *(Rational a, Rational b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        BigInteger p1 = a._num, q1 = a.Denominator, p2 = b._num, q2 = b.Denominator;
        var g1 = BigInteger.GreatestCommonDivisor(p1, q2);
        var g2 = BigInteger.GreatestCommonDivisor(p2, q1);
        return new(p1 / g1 * (p2 / g2), q1 / g2 * (q2 / g1), normalized: true);
    }

    public static Rational operator /(Rational a, Rational b)
    {
        if (b.IsZero) throw new DivideByZeroException("Rational division by zero.");
        // 1/b is normalized: (sign·q₂)/|p₂|.
        var inverse = new Rational(b._num.Sign * b.Denominator, BigInteger.Abs(b._num), normalized: true);
        return a * inverse;
    }

    public static Rational Abs(Rational a) => a.Sign < 0 ? -a : a;
    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;
    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;

    public static Rational Pow(Rational a, int exponent)
    {
        if (exponent >= 0) return new(BigInteger.Pow(a._num, exponent), BigInteger.Pow(a.Denominator, exponent), normalized: true);
        if (a.IsZero) throw new DivideByZeroException("0 to a negative power.");
        // Fix: was One / Pow(a, -exponent); for int.MinValue, −exponent == int.MinValue, so it recursed until the
        // process died of a stack overflow. a^e = (1/a)^(−(e+1)) · (1/a), and −(e+1) ≥ 0 never overflows.
        var inverse = One / a;
        return Pow(inverse, -(exponent + 1)) * inverse;
    }

    /// <summary>Largest integer ≤ this value.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(_num, Denominator, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>Smallest integer ≥ this value.</summary>
    public BigInteger Ceiling()
    {
        var q = BigInteger.DivRem(_num, Denominator, out var r);
        return r.Sign > 0 ? q + 1 : q;
    }

    public int CompareTo(Rational other) => (_num * other.Denominator).CompareTo(other._num * Denominator);
    public int CompareTo(object? obj) => obj is Rational r ? CompareTo(r) : throw new ArgumentException("Not a Rational.");
    public bool Equals(Rational other) => _num == other._num && Denominator == other.Denominator;
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(_num, Denominator);

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>Exact value of a finite double (every double is a dyadic rational).</summary>
    public static Rational FromDouble(double d) => BigFloat.FromDouble(d).ToRational();

    // ---------------------------------------------------------------- parsing

    /// <summary>Longest exponent literal accepted (digits), so "1e999999999" cannot allocate a gigabyte.</summary>
    public const int MaxExponentMagnitude = 100_000;

    /// <summary>
    /// Parses exactly: an integer "-12", a decimal "-12.5e-3" / "3.", ".5", "1E+7", or a fraction "p/q" (integers,
    /// q ≠ 0). No whitespace, no thousands separators, no NaN/Infinity. Exponents are limited to
    /// ±<see cref="MaxExponentMagnitude"/>.
    /// </summary>
    public static Rational Parse(string s)
    {
        if (!TryParse(s, out var r, out var error)) throw new FormatException(error);
        return r;
    }

    public static bool TryParse(string? s, out Rational value) => TryParse(s, out value, out _);

    public static bool TryParse(string? s, out Rational value, out string error)
    {
        value = Zero;
        if (string.IsNullOrEmpty(s)) { error = "expected a number, got an empty string"; return false; }
        int slash = s.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryParseInteger(s.AsSpan(0, slash), out var p) || !TryParseInteger(s.AsSpan(slash + 1), out var q))
            {
                error = $"expected a fraction p/q of two integers, got \"{Shorten(s)}\"";
                return false;
            }
            if (q.IsZero) { error = $"fraction \"{Shorten(s)}\" has a zero denominator"; return false; }
            value = new Rational(p, q);
            error = "";
            return true;
        }
        return TryParseDecimal(s, out value, out error);
    }

    private static bool TryParseInteger(ReadOnlySpan<char> s, out BigInteger value)
    {
        value = BigInteger.Zero;
        int i = 0;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) i = 1;
        if (i == s.Length) return false;
        for (int j = i; j < s.Length; j++) if (s[j] < '0' || s[j] > '9') return false;
        value = BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool TryParseDecimal(string s, out Rational value, out string error)
    {
        value = Zero;
        int i = 0;
        bool negative = false;
        if (s[0] == '-' || s[0] == '+') { negative = s[0] == '-'; i = 1; }
        var digits = new StringBuilder();
        int fractionDigits = 0;
        bool seenPoint = false, seenDigit = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9') { digits.Append(c); seenDigit = true; if (seenPoint) fractionDigits++; }
            else if (c == '.' && !seenPoint) seenPoint = true;
            else break;
        }
        if (!seenDigit) { error = $"expected a decimal number or p/q, got \"{Shorten(s)}\""; return false; }
        long exponent = 0;
        if (i < s.Length)
        {
            if (s[i] != 'e' && s[i] != 'E') { error = $"unexpected character '{s[i]}' at position {i + 1} in number \"{Shorten(s)}\""; return false; }
            i++;
            bool expNegative = false;
            if (i < s.Length && (s[i] == '-' || s[i] == '+')) { expNegative = s[i] == '-'; i++; }
            if (i == s.Length) { error = $"exponent has no digits in number \"{Shorten(s)}\""; return false; }
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9') { error = $"unexpected character '{c}' at position {i + 1} in number \"{Shorten(s)}\""; return false; }
                exponent = exponent * 10 + (c - '0');
                if (exponent > MaxExponentMagnitude)
                {
                    error = $"exponent of \"{Shorten(s)}\" exceeds the limit ±{MaxExponentMagnitude}";
                    return false;
                }
            }
            if (expNegative) exponent = -exponent;
        }
        var mantissa = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) mantissa = -mantissa;
        long scale = exponent - fractionDigits; // value = mantissa · 10^scale
        value = scale >= 0
            ? new Rational(mantissa * BigInteger.Pow(10, checked((int)scale)))
            : new Rational(mantissa, BigInteger.Pow(10, checked((int)-scale)));
        error = "";
        return true;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    // ---------------------------------------------------------------- formatting

    /// <summary>Exact canonical form: "p" for integers, "p/q" otherwise. Parse(ToString()) == this.</summary>
    public override string ToString() =>
        IsInteger ? _num.ToString(CultureInfo.InvariantCulture)
                  : _num.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the value has a finite decimal expansion (denominator 2^a·5^b).</summary>
    public bool HasFiniteDecimal => SplitTwosAndFives(Denominator, out _, out _).IsOne;

    /// <summary>
    /// d = 2^twos · 5^fives · rest with rest prime to 10. Fix (issue #7 fuzzing): this was two loops that divided by 2
    /// and by 5 once per factor, O(e) big divisions for a denominator 10^e; a certificate number "3e-100000" (allowed:
    /// exponents up to ±100 000) then took ~5 s in HasFiniteDecimal and ~15 s in ToCanonicalString, and the Yun
    /// checker calls ToExactString once per data point. Now: the twos by one trailing-zero count, the fives by
    /// dividing out 5^(2^j) for j from the largest power that divides d downwards (binary digits of the 5-adic
    /// valuation), O(log e) divisions. Same results; exact integer arithmetic throughout.
    /// </summary>
    private static BigInteger SplitTwosAndFives(BigInteger d, out long twos, out long fives)
    {
        twos = d.IsZero ? 0 : (long)BigInteger.TrailingZeroCount(d);
        d >>= checked((int)twos);
        // powers[j] = 5^(2^j) while it divides d; then v5(d) < 2^powers.Count.
        var powers = new List<BigInteger>();
        var power = new BigInteger(5);
        while (!d.IsZero && power <= d && (d % power).IsZero)
        {
            powers.Add(power);
            power *= power;
        }
        fives = 0;
        for (int j = powers.Count - 1; j >= 0; j--)
        {
            var q = BigInteger.DivRem(d, powers[j], out var r);
            if (!r.IsZero) continue;
            d = q;
            fives += 1L << j;
        }
        return d;
    }

    /// <summary>
    /// The exact decimal expansion ("-0.0125") when it is finite; otherwise the exact "p/q" form.
    /// Parse(ToExactString()) == this always.
    /// </summary>
    public string ToExactString()
    {
        if (IsInteger) return ToString();
        if (!SplitTwosAndFives(Denominator, out long twos, out long fives).IsOne) return ToString();
        int k = checked((int)Math.Max(twos, fives)); // value = num·(10^k/den) / 10^k, and 10^k/den is an integer
        var scaled = BigInteger.Abs(_num) * BigInteger.Pow(10, k) / Denominator;
        var text = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(k + 1, '0');
        var result = text[..^k] + "." + text[^k..];
        return (_num.Sign < 0 ? "-" : "") + result;
    }

    /// <summary>
    /// The canonical exact text used in certificates: a plain decimal ("0.0047", "-12.5") when the value has a finite
    /// decimal expansion of moderate magnitude, scientific ("1.81e-79") when it is very small or large, "p/q"
    /// otherwise. Exact: Parse(ToCanonicalString()) == this.
    /// </summary>
    public string ToCanonicalString()
    {
        if (IsZero) return "0";
        if (!HasFiniteDecimal) return ToString();
        // value = ±D·10^E with D an integer without trailing zeros
        var exact = ToExactString().TrimStart('-');
        int point = exact.IndexOf('.');
        string digits = point < 0 ? exact : exact.Remove(point, 1);
        long e = point < 0 ? 0 : -(exact.Length - point - 1);
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..];
        int trail = 0;
        while (trail < digits.Length - 1 && digits[^(trail + 1)] == '0') trail++;
        digits = digits[..^trail];
        e += trail;
        long leading = e + digits.Length - 1; // decimal exponent of the first digit
        if (leading >= -6 && leading <= 20) return ToExactString();
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        return $"{(Sign < 0 ? "-" : "")}{mantissa}e{(leading >= 0 ? "+" : "")}{leading}";
    }

    /// <summary>
    /// A decimal with <paramref name="digits"/> digits after the point, rounded in the given direction
    /// (Down = toward −∞, Up = toward +∞, Nearest = half-even). For display; the direction is explicit.
    /// </summary>
    public string ToDecimalString(int digits, RoundingMode mode)
    {
        if (digits < 0) throw new ArgumentOutOfRangeException(nameof(digits));
        var scale = BigInteger.Pow(10, digits);
        var scaled = this * new Rational(scale);
        BigInteger n = mode switch
        {
            RoundingMode.Down => scaled.Floor(),
            RoundingMode.Up => scaled.Ceiling(),
            _ => RoundHalfEven(scaled),
        };
        var sign = n.Sign < 0 ? "-" : "";
        var text = BigInteger.Abs(n).ToString(CultureInfo.InvariantCulture);
        if (digits == 0) return sign + text;
        text = text.PadLeft(digits + 1, '0');
        return sign + text[..^digits] + "." + text[^digits..];
    }

    /// <summary>
    /// "d.ddd…e±X" with <paramref name="significantDigits"/> digits, rounded in direction <paramref name="mode"/>
    /// (so a lower bound printed with Down stays a lower bound). "0" for zero.
    /// </summary>
    public string ToScientificString(int significantDigits, RoundingMode mode)
    {
        if (significantDigits < 1) throw new ArgumentOutOfRangeException(nameof(significantDigits));
        if (IsZero) return "0";
        var a = Abs(this);
        // Decimal exponent E with 10^E ≤ |x| < 10^(E+1): estimate from bit lengths, then correct exactly.
        long estimate = (long)Math.Floor((double)(a.Numerator.GetBitLength() - a.Denominator.GetBitLength()) * 0.30102999566398120);
        long E = estimate;
        while (a < Pow10(E)) E--;
        while (a >= Pow10(E + 1)) E++;
        var scaled = this / Pow10(E - significantDigits + 1); // |scaled| ∈ [10^(s-1), 10^s)
        BigInteger n = mode switch
        {
            RoundingMode.Down => scaled.Floor(),
            RoundingMode.Up => scaled.Ceiling(),
            _ => RoundHalfEven(scaled),
        };
        var digits = BigInteger.Abs(n).ToString(CultureInfo.InvariantCulture);
        if (digits.Length > significantDigits) { E++; digits = digits[..significantDigits]; } // rounded up to 10^s: trailing digit is 0
        var sign = n.Sign < 0 ? "-" : "";
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        return $"{sign}{mantissa}e{(E >= 0 ? "+" : "")}{E}";
    }

    private static Rational Pow10(long e) =>
        e >= 0 ? new Rational(BigInteger.Pow(10, checked((int)e))) : new Rational(BigInteger.One, BigInteger.Pow(10, checked((int)-e)));

    private static BigInteger RoundHalfEven(Rational x)
    {
        var f = x.Floor();
        var frac = x - f;
        int c = frac.CompareTo(new Rational(1, 2));
        if (c < 0) return f;
        if (c > 0) return f + 1;
        return f.IsEven ? f : f + 1;
    }
}
