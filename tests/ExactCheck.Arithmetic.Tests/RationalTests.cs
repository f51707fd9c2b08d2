using System.Numerics;
using System.Text.RegularExpressions;
using CsCheck;
using static ExactCheck.Arithmetic.Tests.ExactReference;

namespace ExactCheck.Arithmetic.Tests;

public class RationalTests
{
    private static Rational R(long p, long q) => new(p, q);

    // ------------------------------------------------------------------ normalization

    [Fact]
    public void ConstructorNormalizesSignAndGcdAndZero()
    {
        var a = new Rational(6, -4);
        Assert.Equal(new BigInteger(-3), a.Numerator);
        Assert.Equal(new BigInteger(2), a.Denominator);
        var b = new Rational(-6, -4);
        Assert.Equal(new BigInteger(3), b.Numerator);
        Assert.Equal(new BigInteger(2), b.Denominator);
        var z = new Rational(0, -5);
        Assert.Equal(BigInteger.Zero, z.Numerator);
        Assert.Equal(BigInteger.One, z.Denominator);
        Assert.Equal(Rational.Zero, z);
        Assert.Equal(Rational.Zero, default);
        Assert.Equal(BigInteger.One, default(Rational).Denominator);
        Assert.Equal(Rational.Zero.GetHashCode(), default(Rational).GetHashCode());
        Assert.Equal(R(1, 2), R(50, 100));
        Assert.Equal(R(1, 2).GetHashCode(), R(-50, -100).GetHashCode());
        Assert.Throws<DivideByZeroException>(() => new Rational(1, 0));
        Assert.Throws<DivideByZeroException>(() => R(1, 2) / Rational.Zero);
        Assert.Throws<DivideByZeroException>(() => Rational.Pow(Rational.Zero, -1));
        Assert.True(R(4, 2).IsInteger);
        Assert.False(R(3, 2).IsInteger);
        Assert.True(R(3, 8).IsDyadic);
        Assert.False(R(1, 10).IsDyadic);
    }

    [Fact]
    public void ArithmeticResultsAreNormalized() =>
        Gen.Select(GenRational(), GenRational()).Sample((a, b) =>
        {
            foreach (var r in new[] { a + b, a - b, a * b, -a, Rational.Abs(a), Rational.Pow(a, 3), b.IsZero ? a : a / b })
            {
                Assert.True(r.Denominator.Sign > 0);
                Assert.True(BigInteger.GreatestCommonDivisor(r.Numerator, r.Denominator).IsOne);
                if (r.IsZero) Assert.Equal(BigInteger.One, r.Denominator);
            }
            // field identities, exactly
            Assert.Equal(a, a + b - b);
            Assert.Equal(a * (b + Rational.One), a * b + a);
            if (!b.IsZero) Assert.Equal(a, a / b * b);
        }, iter: 500);

    // ------------------------------------------------------------------ parsing

    public static TheoryData<string, string> GoodInputs() => new()
    {
        { "-12.5e-3", "-1/80" },
        { "7/3", "7/3" },
        { "-7/-3", "7/3" },
        { "14/-6", "-7/3" },
        { "+3", "3" },
        { ".5", "1/2" },
        { "3.", "3" },
        { "1E+7", "10000000" },
        { "1e7", "10000000" },
        { "0.1", "1/10" },
        { "-0", "0" },
        { "0/5", "0" },
        { "007", "7" },
        { "2.50e1", "25" },
        { "123456789012345678901234567890", "123456789012345678901234567890" },
        { "1e-5", "1/100000" },
        { "-.25E2", "-25" },
    };

    [Theory]
    [MemberData(nameof(GoodInputs))]
    public void ParsesExactly(string input, string expected)
    {
        var r = Rational.Parse(input);
        Assert.Equal(expected, r.ToString());
        Assert.True(Rational.TryParse(input, out var r2));
        Assert.Equal(r, r2);
    }

    [Fact]
    public void ParsesSpecificValues()
    {
        Assert.Equal(R(-1, 80), Rational.Parse("-12.5e-3"));
        Assert.Equal(R(1, 10), Rational.Parse("0.1"));
        Assert.NotEqual(Rational.FromDouble(0.1), Rational.Parse("0.1"));
        Assert.Equal(new Rational(BigInteger.Pow(10, Rational.MaxExponentMagnitude)), Rational.Parse("1e" + Rational.MaxExponentMagnitude));
        Assert.Equal(new Rational(BigInteger.One, BigInteger.Pow(10, Rational.MaxExponentMagnitude)), Rational.Parse("1e-" + Rational.MaxExponentMagnitude));
    }

    /// <summary>Each bad input with a phrase its error message must contain.</summary>
    public static TheoryData<string, string> BadInputs() => new()
    {
        { "", "empty" },
        { "abc", "\"abc\"" },
        { "1e", "exponent" },
        { "1/0", "zero denominator" },
        { "1.2.3", "\"1.2.3\"" },
        { "NaN", "\"NaN\"" },
        { "Infinity", "\"Infinity\"" },
        { "-Infinity", "\"-Infinity\"" },
        { "1e100001", "limit" },
        { " 1", "\" 1\"" },
        { "1 ", "\"1 \"" },
        { "0x10", "\"0x10\"" },
        { "1,5", "\"1,5\"" },
        { "\u22121", "\"\u22121\"" },
        { "-", "\"-\"" },
        { "+", "\"+\"" },
        { ".", "\".\"" },
        { "e5", "\"e5\"" },
        { "1e+", "exponent" },
        { "--1", "\"--1\"" },
        { "1/", "\"1/\"" },
        { "/2", "\"/2\"" },
        { "1/2/3", "\"1/2/3\"" },
        { "1.5/2", "\"1.5/2\"" },
        { "1/ 2", "\"1/ 2\"" },
        { "\uFF11", "\"\uFF11\"" }, // fullwidth digit one
        { "\u0661", "\"\u0661\"" }, // Arabic-Indic digit one
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void RejectsMalformedInputWithAClearMessage(string input, string phrase)
    {
        var ex = Assert.Throws<FormatException>(() => Rational.Parse(input));
        Assert.Contains(phrase, ex.Message, StringComparison.Ordinal);
        Assert.False(Rational.TryParse(input, out var v));
        Assert.Equal(Rational.Zero, v);
        Assert.False(Rational.TryParse(input, out _, out var error));
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void NullIsRejectedByTryParse() => Assert.False(Rational.TryParse(null, out _));

    [Fact]
    public async Task HugeExponentIsRejectedQuicklyWithoutAllocating()
    {
        // Run on a worker with a deadline: without the limit, 10^999999999 would take hours.
        var task = Task.Run(() =>
        {
            var results = new List<string>();
            foreach (var s in new[] { "1e999999999", "1e-999999999", "9.99e+2147483648", "1e99999999999999999999999999", "-0.5E-1000001" })
            {
                var ex = Assert.Throws<FormatException>(() => Rational.Parse(s));
                Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
                Assert.Contains(s, ex.Message, StringComparison.Ordinal);
                long before = GC.GetAllocatedBytesForCurrentThread();
                bool ok = Rational.TryParse(s, out _, out var error);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.False(ok);
                Assert.Equal(ex.Message, error);
                Assert.True(allocated < 10_000, $"parsing \"{s}\" allocated {allocated} bytes");
            }
        });
        await task.WaitAsync(TimeSpan.FromSeconds(10)); // TimeoutException if it hangs
    }

    // ------------------------------------------------------------------ formatting round trips

    [Fact]
    public void ToStringAndToExactStringRoundTrip() =>
        GenRational(300).Sample(q =>
        {
            Assert.Equal(q, Rational.Parse(q.ToString()));
            var exact = q.ToExactString();
            Assert.Equal(q, Rational.Parse(exact));
            Assert.Equal(q.HasFiniteDecimal && !q.IsInteger, exact.Contains('.'));
            Assert.Equal(!q.HasFiniteDecimal, exact.Contains('/'));
        }, iter: 1000);

    [Fact]
    public void ToExactStringOfFiniteDecimals()
    {
        Assert.Equal("-0.0125", R(-1, 80).ToExactString());
        Assert.Equal("0.1", R(1, 10).ToExactString());
        Assert.Equal("0.5", R(1, 2).ToExactString());
        Assert.Equal("-2.5", R(-5, 2).ToExactString());
        Assert.Equal("0.000001", R(1, 1_000_000).ToExactString());
        Assert.Equal("0.0009765625", R(1, 1024).ToExactString());
        Assert.Equal("1234.5678", R(12345678, 10000).ToExactString());
        Assert.Equal("7", R(7, 1).ToExactString());
        Assert.Equal("0", Rational.Zero.ToExactString());
        Assert.Equal("1/3", R(1, 3).ToExactString());
        Assert.Equal("-7/30", R(-7, 30).ToExactString());
        Assert.Equal("0.1000000000000000055511151231257827021181583404541015625", Rational.FromDouble(0.1).ToExactString());
        // random finite decimals m/(2^a·5^b)
        Gen.Select(Gen.Long[-1_000_000_000, 1_000_000_000], Gen.Int[0, 60], Gen.Int[0, 60]).Sample((m, a, b) =>
        {
            var q = new Rational(m, BigInteger.Pow(2, a) * BigInteger.Pow(5, b));
            Assert.True(q.HasFiniteDecimal);
            var s = q.ToExactString();
            Assert.Equal(q, Rational.Parse(s));
            Assert.DoesNotContain("/", s);
            Assert.Matches(new Regex(@"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"), s); // canonical: no redundant zeros
        }, iter: 300);
    }

    [Fact]
    public void ToDecimalStringRoundsInTheGivenDirection() =>
        Gen.Select(GenRational(120), Gen.Int[0, 30]).Sample((q, digits) =>
        {
            var unit = new Rational(BigInteger.One, BigInteger.Pow(10, digits));
            var down = Rational.Parse(q.ToDecimalString(digits, RoundingMode.Down));
            var up = Rational.Parse(q.ToDecimalString(digits, RoundingMode.Up));
            var near = Rational.Parse(q.ToDecimalString(digits, RoundingMode.Nearest));
            Assert.True(down <= q && q < down + unit);
            Assert.True(up - unit < q && q <= up);
            Assert.True(Rational.Abs(near - q) * 2 <= unit);
        }, iter: 300);

    private static readonly Regex Scientific = new(@"^(-?)([1-9])(?:\.([0-9]+))?e([+-][0-9]+)$");

    /// <summary>Parses "d.ddde±X" strictly, returning the value and its grid unit 10^(X − s + 1) and whether the digits are 10…0.</summary>
    private static (Rational Value, Rational Unit, bool PowerOfTen) ParseScientific(string s, int significantDigits)
    {
        var m = Scientific.Match(s);
        Assert.True(m.Success, $"\"{s}\" is not d.ddde±X");
        var digits = m.Groups[2].Value + m.Groups[3].Value;
        Assert.Equal(significantDigits, digits.Length);
        long e = long.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
        var value = Rational.Parse(s.Replace("e+", "e", StringComparison.Ordinal));
        var unitExp = e - significantDigits + 1;
        var unit = unitExp >= 0 ? new Rational(BigInteger.Pow(10, (int)unitExp)) : new Rational(BigInteger.One, BigInteger.Pow(10, (int)-unitExp));
        return (value, unit, digits.TrimEnd('0') == "1");
    }

    [Fact]
    public void ToScientificStringRoundsInTheGivenDirectionAndIsTight() =>
        Gen.Select(GenRational(200), Gen.Int[1, 25]).Sample((q, s) =>
        {
            if (q.IsZero)
            {
                foreach (var mode in Modes) Assert.Equal("0", q.ToScientificString(s, mode));
                return;
            }
            foreach (var mode in Modes)
            {
                var text = q.ToScientificString(s, mode);
                var (v, unit, pow10) = ParseScientific(text, s);
                Assert.Equal(q.Sign, v.Sign);
                // the s-digit grid around |v|: next larger magnitude |v| + unit, next smaller |v| − unit (or unit/10 at 10^E)
                var stepDown = pow10 ? unit / 10 : unit;
                var succ = v.Sign > 0 ? v + unit : v + stepDown;
                var pred = v.Sign > 0 ? v - stepDown : v - unit;
                switch (mode)
                {
                    case RoundingMode.Down:
                        Assert.True(v <= q, $"{text} (Down) > {q}");
                        Assert.True(q < succ, $"{text} (Down) is not tight for {q}");
                        break;
                    case RoundingMode.Up:
                        Assert.True(q <= v, $"{text} (Up) < {q}");
                        Assert.True(pred < q, $"{text} (Up) is not tight for {q}");
                        break;
                    default:
                        Assert.True((pred + v) / 2 <= q && q <= (v + succ) / 2, $"{text} (Nearest) is not nearest to {q}");
                        break;
                }
            }
        }, iter: 1000);

    [Fact]
    public void ToScientificStringSpotChecks()
    {
        Assert.Equal("3.333e-1", R(1, 3).ToScientificString(4, RoundingMode.Down));
        Assert.Equal("3.334e-1", R(1, 3).ToScientificString(4, RoundingMode.Up));
        Assert.Equal("-3.334e-1", R(-1, 3).ToScientificString(4, RoundingMode.Down));
        Assert.Equal("-3.333e-1", R(-1, 3).ToScientificString(4, RoundingMode.Up));
        Assert.Equal("9.999e+2", R(9999, 10).ToScientificString(4, RoundingMode.Up));     // exact
        Assert.Equal("1.000e+3", R(99999, 100).ToScientificString(4, RoundingMode.Up));   // 999.99 carries into the next decade
        Assert.Equal("9.999e+2", R(99999, 100).ToScientificString(4, RoundingMode.Down));
        Assert.Equal("-1.000e+3", R(-99999, 100).ToScientificString(4, RoundingMode.Down));
        Assert.Equal("-9.999e+2", R(-99999, 100).ToScientificString(4, RoundingMode.Up));
        Assert.Equal("1e+0", Rational.One.ToScientificString(1, RoundingMode.Nearest));
        Assert.Equal("1e+1", R(95, 10).ToScientificString(1, RoundingMode.Nearest));      // 9.5 tie → 10 (even)
        Assert.Equal("8e+0", R(85, 10).ToScientificString(1, RoundingMode.Nearest));      // 8.5 tie → 8 (even)
        Assert.Equal("1.0e+100", new Rational(BigInteger.Pow(10, 100)).ToScientificString(2, RoundingMode.Down));
        Assert.Equal("1.0e-100", new Rational(BigInteger.One, BigInteger.Pow(10, 100)).ToScientificString(2, RoundingMode.Up));
        Assert.Equal("9.9e-101", (new Rational(BigInteger.One, BigInteger.Pow(10, 100)) - new Rational(BigInteger.One, BigInteger.Pow(10, 300))).ToScientificString(2, RoundingMode.Down));
    }

    // ------------------------------------------------------------------ floor, ceiling, comparisons

    [Fact]
    public void FloorAndCeiling()
    {
        Assert.Equal(new BigInteger(-4), R(-7, 2).Floor());
        Assert.Equal(new BigInteger(-3), R(-7, 2).Ceiling());
        Assert.Equal(new BigInteger(3), R(7, 2).Floor());
        Assert.Equal(new BigInteger(4), R(7, 2).Ceiling());
        Assert.Equal(new BigInteger(-5), R(-5, 1).Floor());
        Assert.Equal(new BigInteger(-5), R(-5, 1).Ceiling());
        Assert.Equal(BigInteger.Zero, Rational.Zero.Floor());
        Assert.Equal(BigInteger.Zero, R(1, 3).Floor());
        Assert.Equal(BigInteger.One, R(1, 3).Ceiling());
        Assert.Equal(BigInteger.MinusOne, R(-1, 3).Floor());
        Assert.Equal(BigInteger.Zero, R(-1, 3).Ceiling());
        GenRational(200).Sample(q =>
        {
            var f = new Rational(q.Floor());
            var c = new Rational(q.Ceiling());
            Assert.True(f <= q && q < f + 1);
            Assert.True(c - 1 < q && q <= c);
            Assert.Equal(q.IsInteger, f == c);
        }, iter: 500);
    }

    [Fact]
    public void ComparisonsAreConsistent() =>
        Gen.Select(GenRational(150), GenRational(150), Gen.Long[-1000, 1000], Gen.Long[1, 1000], Gen.Long[-1000, 1000], Gen.Long[1, 1000])
            .Sample((a, b, n1, d1, n2, d2) =>
            {
                int c = a.CompareTo(b);
                Assert.Equal((a - b).Sign, Math.Sign(c));
                Assert.Equal(-Math.Sign(c), Math.Sign(b.CompareTo(a)));
                Assert.Equal(c == 0, a == b);
                Assert.Equal(c < 0, a < b);
                Assert.Equal(c <= 0, a <= b);
                Assert.Equal(c > 0, a > b);
                Assert.Equal(c >= 0, a >= b);
                Assert.Equal(c <= 0 ? a : b, Rational.Min(a, b));
                Assert.Equal(c >= 0 ? a : b, Rational.Max(a, b));
                Assert.Equal(0, a.CompareTo(a + Rational.Zero));
                // small fractions against cross-multiplication in long arithmetic
                var x = R(n1, d1);
                var y = R(n2, d2);
                Assert.Equal(Math.Sign(n1 * d2 - n2 * d1), Math.Sign(x.CompareTo(y)));
                Assert.Equal(n1 * d2 == n2 * d1, x.Equals(y));
                if (n1 * d2 == n2 * d1) Assert.Equal(x.GetHashCode(), y.GetHashCode());
            }, iter: 1000);

    [Fact]
    public void CompareToObject()
    {
        IComparable a = R(1, 2);
        Assert.Equal(0, a.CompareTo(R(2, 4)));
        Assert.Throws<ArgumentException>(() => a.CompareTo("1/2"));
        Assert.False(R(1, 2).Equals((object)"1/2"));
    }

    // ------------------------------------------------------------------ doubles

    [Fact]
    public void FromDoubleIsExact()
    {
        Assert.Equal(new Rational(3602879701896397, 36028797018963968), Rational.FromDouble(0.1));
        Assert.Equal(R(1, 2), Rational.FromDouble(0.5));
        Assert.Equal(R(-3, 4), Rational.FromDouble(-0.75));
        Assert.Equal(Rational.Zero, Rational.FromDouble(-0.0));
        Assert.Equal(new Rational(BigInteger.One, BigInteger.One << 1074), Rational.FromDouble(double.Epsilon));
        Assert.Equal(new Rational(((BigInteger.One << 53) - 1) << 971), Rational.FromDouble(double.MaxValue));
        Assert.Equal(new Rational(1L << 53), Rational.FromDouble(9007199254740992.0));
        Assert.Throws<ArgumentException>(() => Rational.FromDouble(double.NaN));
        Assert.Throws<ArgumentException>(() => Rational.FromDouble(double.PositiveInfinity));
        // random doubles: the rational's exact decimal, read back by .NET's correctly rounded parser, is the same double
        Gen.Double.Sample(d =>
        {
            if (!double.IsFinite(d)) return;
            var q = Rational.FromDouble(d);
            Assert.True(q.IsDyadic);
            Assert.Equal(d, double.Parse(q.ToExactString(), System.Globalization.CultureInfo.InvariantCulture));
        }, iter: 1000);
    }

    [Fact]
    public void PowIsExact()
    {
        Assert.Equal(R(8, 27), Rational.Pow(R(2, 3), 3));
        Assert.Equal(R(27, 8), Rational.Pow(R(2, 3), -3));
        Assert.Equal(R(-27, 8), Rational.Pow(R(-2, 3), -3));
        Assert.Equal(Rational.One, Rational.Pow(R(-2, 3), 0));
        Assert.Equal(Rational.One, Rational.Pow(Rational.Zero, 0));
        Assert.Equal(Rational.Zero, Rational.Pow(Rational.Zero, 5));
        Assert.Equal(R(1, 2), Rational.Pow(R(2, 1), -1));
        Assert.Equal(R(-1, 8), Rational.Pow(R(-2, 1), -3));
        // int.MinValue has no positive counterpart: this used to recurse until the process died
        Assert.Equal(Rational.One, Rational.Pow(Rational.One, int.MinValue));
        Assert.Equal(Rational.One, Rational.Pow(-Rational.One, int.MinValue));
        Assert.Equal(-Rational.One, Rational.Pow(-Rational.One, int.MaxValue));
        Assert.Throws<DivideByZeroException>(() => Rational.Pow(Rational.Zero, int.MinValue));
        CsCheck.Gen.Select(GenRational(40), CsCheck.Gen.Int[-12, 12]).Sample((q, n) =>
        {
            if (q.IsZero && n < 0) return;
            var expected = Rational.One;
            for (int i = 0; i < Math.Abs(n); i++) expected *= q;
            if (n < 0) expected = Rational.One / expected;
            Assert.Equal(expected, Rational.Pow(q, n));
        }, iter: 300);
    }
}
