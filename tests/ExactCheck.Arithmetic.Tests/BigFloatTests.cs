using System.Diagnostics;
using System.Numerics;
using CsCheck;
using static ExactCheck.Arithmetic.Tests.ExactReference;

namespace ExactCheck.Arithmetic.Tests;

/// <summary>
/// BigFloat against exact rational arithmetic: every rounded operation must be CORRECTLY rounded (the defining
/// inequalities with the p-bit neighbours of the result, and equality with an independent reference rounding).
/// </summary>
public class BigFloatTests
{
    private const RoundingMode Down = RoundingMode.Down;
    private const RoundingMode Up = RoundingMode.Up;
    private const RoundingMode Nearest = RoundingMode.Nearest;

    private static BigFloat P2(long e) => new(BigInteger.One, e);

    /// <summary>Asserts r = X rounded (X given through cmp), both by the inequalities and by the reference rounding.</summary>
    private static void AssertRounded(string what, Rational? exact, Func<Rational, int> cmp, BigFloat r, int p, RoundingMode mode)
    {
        var v = RoundingViolation(cmp, r, p, mode);
        if (v is not null) throw new Xunit.Sdk.XunitException($"{what} at {p} bits, {mode}: {v}");
        if (exact is { } x)
        {
            var reference = RoundRef(x, p, mode);
            if (reference != r) throw new Xunit.Sdk.XunitException($"{what} at {p} bits, {mode}: got {r}, reference rounding gives {reference}");
        }
    }

    private static void AssertRounded(string what, Rational exact, BigFloat r, int p, RoundingMode mode) =>
        AssertRounded(what, exact, c => c.CompareTo(exact), r, p, mode);

    // ------------------------------------------------------------------ the checker itself is not vacuous

    [Fact]
    public void CheckerRejectsOffByOneUlpAndAcceptsCorrectResults()
    {
        var third = new Rational(1, 3);
        // 1/3 = 0.0101|0101…b at 4 bits: Down 0.01010b = 5/16, Up 0.01011b = 11/32; the discarded part is 2/3 ulp → Nearest 11/32
        Assert.Null(RoundingViolation(third, new BigFloat(5, -4), 4, Down));
        Assert.Null(RoundingViolation(third, new BigFloat(11, -5), 4, Up));
        Assert.Null(RoundingViolation(third, new BigFloat(11, -5), 4, Nearest));
        Assert.NotNull(RoundingViolation(third, new BigFloat(11, -5), 4, Down)); // above
        Assert.NotNull(RoundingViolation(third, new BigFloat(9, -5), 4, Down));  // below but not the largest
        Assert.NotNull(RoundingViolation(third, new BigFloat(5, -4), 4, Up));    // below
        Assert.NotNull(RoundingViolation(third, new BigFloat(3, -3), 4, Up));    // above but not the smallest
        Assert.NotNull(RoundingViolation(third, new BigFloat(5, -4), 4, Nearest));
        Assert.NotNull(RoundingViolation(third, new BigFloat(21, -6), 4, Nearest)); // too many bits
        Assert.NotNull(RoundingViolation(third, BigFloat.Zero, 4, Down));
        // ties: 9/8 at 3 bits lies between 1 and 5/4 → even is 1 (100b); 11/8 between 5/4 and 3/2 → 3/2 (110b)
        Assert.Null(RoundingViolation(new Rational(9, 8), BigFloat.One, 3, Nearest));
        Assert.NotNull(RoundingViolation(new Rational(9, 8), new BigFloat(5, -2), 3, Nearest));
        Assert.Null(RoundingViolation(new Rational(11, 8), new BigFloat(3, -1), 3, Nearest));
        Assert.NotNull(RoundingViolation(new Rational(11, 8), new BigFloat(5, -2), 3, Nearest));
        // below a power of two the spacing halves: pred(1) at 3 bits is 7/8
        Assert.Null(RoundingViolation(new Rational(15, 16), new BigFloat(7, -3), 3, Down));
        Assert.NotNull(RoundingViolation(new Rational(15, 16), new BigFloat(3, -2), 3, Down));
        Assert.Equal(new BigFloat(7, -3), RoundRef(new Rational(15, 16), 3, Down));
        Assert.Equal(BigFloat.One, RoundRef(new Rational(15, 16), 3, Nearest)); // tie 7/8 | 1 → 1 (even)
        Assert.Equal(new BigFloat(-1, 0), RoundRef(new Rational(-15, 16), 3, Down));
    }

    // ------------------------------------------------------------------ rounded operations vs exact rationals

    [Fact]
    public void AddAndSubAreCorrectlyRounded() =>
        Gen.Select(GenPair(), GenPrecision).Sample((ab, p) =>
        {
            var (a, b) = ab;
            var sum = Q(a) + Q(b);
            var diff = Q(a) - Q(b);
            foreach (var mode in Modes)
            {
                AssertRounded($"Add({a}, {b})", sum, BigFloat.Add(a, b, p, mode), p, mode);
                AssertRounded($"Sub({a}, {b})", diff, BigFloat.Sub(a, b, p, mode), p, mode);
            }
        }, iter: 1500);

    [Fact]
    public void MulIsCorrectlyRounded() =>
        Gen.Select(GenPair(), GenPrecision).Sample((ab, p) =>
        {
            var (a, b) = ab;
            var exact = Q(a) * Q(b);
            Assert.Equal(exact, Q(BigFloat.MulExact(a, b)));
            foreach (var mode in Modes) AssertRounded($"Mul({a}, {b})", exact, BigFloat.Mul(a, b, p, mode), p, mode);
        }, iter: 1000);

    [Fact]
    public void DivIsCorrectlyRounded() =>
        Gen.Select(GenPair(), GenPrecision).Sample((ab, p) =>
        {
            var (a, b) = ab;
            if (b.IsZero)
            {
                Assert.Throws<DivideByZeroException>(() => BigFloat.Div(a, b, p, Down));
                return;
            }
            var exact = Q(a) / Q(b);
            foreach (var mode in Modes) AssertRounded($"Div({a}, {b})", exact, BigFloat.Div(a, b, p, mode), p, mode);
        }, iter: 1000);

    [Fact]
    public void RoundIsCorrectlyRounded() =>
        Gen.Select(GenBigFloat(), GenPrecision, Gen.Bool).Sample((x, p, tie) =>
        {
            if (tie && !x.IsZero)
            {
                // force an exact half-way case: p+1 significant bits ending in 1
                var m = (BigInteger.Abs(x.Mantissa) >> Math.Max(0, (int)x.MantissaBits - (p + 1))) & ((BigInteger.One << (p + 1)) - 1);
                m |= (BigInteger.One << p) | 1;
                x = new BigFloat(x.Sign < 0 ? -m : m, x.Exponent);
            }
            foreach (var mode in Modes) AssertRounded($"Round({x})", Q(x), BigFloat.Round(x, p, mode), p, mode);
        }, iter: 1500);

    [Fact]
    public void FromRationalIsCorrectlyRounded() =>
        Gen.Select(GenRational(300), GenPrecision).Sample((q, p) =>
        {
            foreach (var mode in Modes) AssertRounded($"FromRational({q})", q, BigFloat.FromRational(q, p, mode), p, mode);
        }, iter: 1000);

    [Fact]
    public void SqrtIsCorrectlyRoundedCheckedThroughSquares() =>
        Gen.Select(GenBigFloat(), GenPrecision, Gen.Int[0, 3]).Sample((x, p, kind) =>
        {
            var a = BigFloat.Abs(x);
            if (kind == 1) a = BigFloat.MulExact(x, x); // exact square (exact result when x has ≤ p bits)
            if (kind == 2 && !x.IsZero)
            {
                // the square of a (p+1)-bit odd number: √a is exactly a midpoint between two p-bit numbers
                var m = (BigInteger.Abs(x.Mantissa) | (BigInteger.One << p) | 1) & ((BigInteger.One << (p + 1)) - 1);
                a = new BigFloat(m * m, 2 * (x.Exponent % 5000));
            }
            var A = Q(a);
            int Cmp(Rational c) => c.Sign < 0 ? -1 : (c * c).CompareTo(A);
            foreach (var mode in Modes) AssertRounded($"Sqrt({a})", null, Cmp, BigFloat.Sqrt(a, p, mode), p, mode);
            if (kind == 1 && x.MantissaBits <= p)
                foreach (var mode in Modes) Assert.Equal(BigFloat.Abs(x), BigFloat.Sqrt(a, p, mode));
        }, iter: 1500);

    [Fact]
    public void SqrtTiesRoundToEven()
    {
        // (5/2)² = 25/4: √ = 2.5 = 10.1b, at 2 bits a tie between 2 (10b) and 3 (11b) → 2 (even)
        Assert.Equal(new BigFloat(2, 0), BigFloat.Sqrt(Parse("25*2^-2"), 2, Nearest));
        // (7/2)² = 49/4: √ = 3.5 = 11.1b tie between 3 and 4 → 4 (even mantissa 10b)
        Assert.Equal(new BigFloat(4, 0), BigFloat.Sqrt(Parse("49*2^-2"), 2, Nearest));
        Assert.Equal(new BigFloat(3, 0), BigFloat.Sqrt(Parse("49*2^-2"), 2, Down));
        Assert.Equal(new BigFloat(4, 0), BigFloat.Sqrt(Parse("49*2^-2"), 2, Up));
    }

    private static BigFloat Parse(string s) => BigFloat.Parse(s);

    [Fact]
    public void RoundedOperationsRejectBadPrecisionsAndNegativeSqrt()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BigFloat.Round(new BigFloat(7, 0), 1, Down));
        Assert.Throws<ArgumentOutOfRangeException>(() => BigFloat.Add(BigFloat.One, BigFloat.One, BigFloat.MaxPrecision + 1, Down));
        Assert.Throws<ArgumentOutOfRangeException>(() => BigFloat.Sqrt(new BigFloat(-1, 0), 53, Down));
        Assert.Throws<DivideByZeroException>(() => BigFloat.Div(BigFloat.One, BigFloat.Zero, 53, Up));
        Assert.Throws<OverflowException>(() => new BigFloat(1, BigFloat.MaxExponent + 1));
    }

    // ------------------------------------------------------------------ the sticky Add path

    [Fact]
    public void AddWithHugeExponentGapUsesTheStickyBitCorrectly()
    {
        var one = BigFloat.One;
        var tiny = P2(-100_000);
        const int p = 53;
        // 1 + tiny: in [1, 2) the spacing is 2^-52
        Assert.Equal(BigFloat.AddExact(one, P2(-52)), BigFloat.Add(one, tiny, p, Up));
        Assert.Equal(one, BigFloat.Add(one, tiny, p, Down));
        Assert.Equal(one, BigFloat.Add(one, tiny, p, Nearest));
        Assert.Equal(BigFloat.AddExact(one, P2(-52)), BigFloat.Add(tiny, one, p, Up)); // operand order
        // −1 + tiny = −(1 − tiny): in [1/2, 1) the spacing is 2^-53
        Assert.Equal(-BigFloat.SubExact(one, P2(-53)), BigFloat.Add(-one, tiny, p, Up));
        Assert.Equal(-one, BigFloat.Add(-one, tiny, p, Down));
        Assert.Equal(-one, BigFloat.Add(-one, tiny, p, Nearest));
        // 1 − tiny and −1 − tiny
        Assert.Equal(BigFloat.SubExact(one, P2(-53)), BigFloat.Sub(one, tiny, p, Down));
        Assert.Equal(one, BigFloat.Sub(one, tiny, p, Up));
        Assert.Equal(one, BigFloat.Sub(one, tiny, p, Nearest));
        Assert.Equal(-BigFloat.AddExact(one, P2(-52)), BigFloat.Sub(-one, tiny, p, Down));
        Assert.Equal(-one, BigFloat.Sub(-one, tiny, p, Up));
        Assert.Equal(-one, BigFloat.Sub(-one, tiny, p, Nearest));
        // all of them against the exact rational (1 ± 2^-100000 is a 100001-bit number: still cheap)
        foreach (var (x, y) in new[] { (one, tiny), (-one, tiny), (one, -tiny), (-one, -tiny) })
            foreach (var mode in Modes)
                AssertRounded($"Add({x}, {y})", Q(x) + Q(y), BigFloat.Add(x, y, p, mode), p, mode);
    }

    [Fact]
    public void AddJustAboveHalfUlpUsesTheStickyBit()
    {
        // 1 + 2^-53 + 2^-100000 at 53 bits: just above the midpoint between 1 and 1 + 2^-52, so Nearest goes up;
        // 1 + 2^-53 alone is a tie → 1 (even).
        var half = BigFloat.AddExact(BigFloat.One, P2(-53));
        Assert.Equal(BigFloat.One, BigFloat.Round(half, 53, Nearest));
        Assert.Equal(BigFloat.AddExact(BigFloat.One, P2(-52)), BigFloat.Add(half, P2(-100_000), 53, Nearest));
        Assert.Equal(BigFloat.One, BigFloat.Add(half, -P2(-100_000), 53, Nearest));
        // (1 + 3·2^-53) is a tie between 1 + 2^-52 (odd) and 1 + 2^-51 (even)
        var tie3 = BigFloat.AddExact(BigFloat.One, new BigFloat(3, -53));
        Assert.Equal(BigFloat.AddExact(BigFloat.One, P2(-51)), BigFloat.Round(tie3, 53, Nearest));
        Assert.Equal(BigFloat.AddExact(BigFloat.One, P2(-52)), BigFloat.Add(tie3, -P2(-100_000), 53, Nearest));
    }

    /// <summary>
    /// Deterministic sweep of the region where Add's far-operand shortcut starts: b just below, at, and just above
    /// the last kept bit of a (and the midpoint below a power of two), for small precisions, both signs, all modes.
    /// </summary>
    [Fact]
    public void AddIsCorrectlyRoundedWhereTheSmallerOperandMeetsTheLastKeptBit()
    {
        int checks = 0;
        for (int p = 2; p <= 20; p++)
        {
            var aMantissas = new BigInteger[] { 1, 3, 5, (BigInteger.One << p) - 1, (BigInteger.One << p) + 1, (BigInteger.One << (p + 3)) - 1 };
            foreach (var am in aMantissas)
                foreach (var aSign in new[] { 1, -1 })
                {
                    var a = new BigFloat(aSign * am, 7);
                    foreach (var bm in new BigInteger[] { 1, 3, 5, 7, 9, 15 })
                        for (long off = -4; off <= 1; off++)
                            foreach (var bSign in new[] { 1, -1 })
                            {
                                // b's msb sits at a.Msb − p + off
                                var b = new BigFloat(bSign * bm, a.Msb - p + off - ((long)bm.GetBitLength() - 1));
                                var exact = Q(a) + Q(b);
                                foreach (var mode in Modes)
                                {
                                    var r = BigFloat.Add(a, b, p, mode);
                                    var reference = RoundRef(exact, p, mode);
                                    if (r != reference)
                                        throw new Xunit.Sdk.XunitException($"Add({a}, {b}) at {p} bits, {mode}: got {r}, expected {reference}");
                                    checks++;
                                }
                            }
                }
        }
        Assert.Equal(19 * 6 * 2 * 6 * 6 * 2 * 3, checks);
    }

    [Fact]
    public void AddAndCompareWithExponentGapsNear2To40AreFast()
    {
        long big = BigFloat.MaxExponent - 1;
        var huge = P2(big);
        var minute = P2(-big);
        var sw = Stopwatch.StartNew();
        foreach (var mode in Modes)
        {
            foreach (int p in new[] { 2, 53, 200 })
            {
                var up = mode == Up;
                var down = mode == Down;
                Assert.Equal(up ? BigFloat.AddExact(BigFloat.One, P2(1 - p)) : BigFloat.One, BigFloat.Add(BigFloat.One, minute, p, mode));
                Assert.Equal(down ? -BigFloat.AddExact(BigFloat.One, P2(1 - p)) : -BigFloat.One, BigFloat.Add(-BigFloat.One, -minute, p, mode));
                Assert.Equal(up ? BigFloat.AddExact(huge, P2(big + 1 - p)) : huge, BigFloat.Add(huge, minute, p, mode));
                // just below a power of two the spacing halves: 2^big − 2^(big − p)
                Assert.Equal(down ? BigFloat.SubExact(huge, P2(big - p)) : huge, BigFloat.Sub(huge, minute, p, mode));
                Assert.Equal(up ? BigFloat.AddExact(huge, P2(big + 1 - p)) : huge, BigFloat.Add(minute, huge, p, mode));
            }
        }
        Assert.True(huge > minute);
        Assert.True(-huge < minute);
        Assert.True(BigFloat.One < huge && minute < BigFloat.One);
        Assert.Equal(1, huge.CompareTo(minute));
        Assert.Equal(-1, (-huge).CompareTo(-minute));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
    }

    // ------------------------------------------------------------------ exact conversions

    [Fact]
    public void FromDoubleIsExactOnSpecialDoubles()
    {
        Assert.Equal(new BigFloat(1, -1074), BigFloat.FromDouble(double.Epsilon));
        Assert.Equal(new BigFloat((1L << 52) - 1, -1074), BigFloat.FromDouble(BitConverter.Int64BitsToDouble(0x000FFFFFFFFFFFFFL))); // largest subnormal
        Assert.Equal(new BigFloat(1, -1022), BigFloat.FromDouble(BitConverter.Int64BitsToDouble(0x0010000000000000L)));            // smallest normal
        Assert.Equal(new BigFloat((1L << 53) - 1, 971), BigFloat.FromDouble(double.MaxValue));
        Assert.Equal(new BigFloat(-((1L << 53) - 1), 971), BigFloat.FromDouble(double.MinValue));
        Assert.Equal(new BigFloat(3602879701896397, -55), BigFloat.FromDouble(0.1));
        Assert.Equal(new BigFloat(-3, -1), BigFloat.FromDouble(-1.5));
        Assert.Equal(BigFloat.One, BigFloat.FromDouble(1.0));
        var negZero = BigFloat.FromDouble(-0.0);
        Assert.Equal(BigFloat.Zero, negZero);
        Assert.True(negZero.IsZero);
        Assert.Equal(0L, negZero.Exponent);
        Assert.Equal(0, negZero.Sign);
        Assert.Equal(BigFloat.Zero, BigFloat.FromDouble(0.0));
        Assert.Equal(new Rational(3602879701896397, 36028797018963968), BigFloat.FromDouble(0.1).ToRational());
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            Assert.Throws<ArgumentException>(() => BigFloat.FromDouble(bad));
    }

    [Fact]
    public void FromDoubleMatchesTheIeeeDefinitionOnRandomBitPatterns() =>
        Gen.Long.Sample(bits =>
        {
            double d = BitConverter.Int64BitsToDouble(bits);
            if (!double.IsFinite(d)) { Assert.Throws<ArgumentException>(() => BigFloat.FromDouble(d)); return; }
            // definition: (−1)^s · (biased == 0 ? f·2^-1074 : (2^52 + f)·2^(biased − 1075))
            int biased = (int)((bits >> 52) & 0x7FF);
            long f = bits & 0xFFFFFFFFFFFFFL;
            var mag = biased == 0 ? Dyadic(f, -1074) : Dyadic((1L << 52) + f, biased - 1075);
            var expected = bits < 0 ? -mag : mag;
            var x = BigFloat.FromDouble(d);
            Assert.Equal(expected, x.ToRational());
            Assert.True(x.IsZero || !x.Mantissa.IsEven, "not normalized");
            Assert.Equal(d, x.ToDoubleNearest()); // exact doubles come back unchanged (−0 compares equal to 0)
        }, iter: 3000);

    [Fact]
    public void ConstructorNormalizes() =>
        Gen.Select(GenMagnitude(200), Gen.Int[0, 100], Gen.Long[-1000, 1000], Gen.Bool).Sample((m, shift, e, neg) =>
        {
            var mm = neg ? -(m << shift) : m << shift;
            var x = new BigFloat(mm, e);
            Assert.False(x.Mantissa.IsEven);
            Assert.Equal(Dyadic(mm, e), x.ToRational());
            Assert.Equal(x, new BigFloat(x.Mantissa, x.Exponent));
            Assert.Equal(x.ToRational() < 0 ? -1 : 1, x.Sign);
            // Msb: 2^Msb ≤ |x| < 2^(Msb+1)
            var ax = Rational.Abs(x.ToRational());
            Assert.True(Pow2(x.Msb) <= ax && ax < Pow2(x.Msb + 1));
        }, iter: 500);

    [Fact]
    public void IntegerSqrtIsExactOnRandomIntegersUpTo5000Bits()
    {
        Gen.Select(Gen.Int[1, 5000], Gen.Byte.Array[626], Gen.Int[0, 3]).Sample((bits, bytes, kind) =>
        {
            var n = new BigInteger(bytes, isUnsigned: true) & ((BigInteger.One << bits) - 1);
            if (kind == 1) n = n * n;           // perfect square
            if (kind == 2) n = n * n - 1;       // one below a perfect square
            if (n.Sign < 0) n = BigInteger.Zero;
            var r = BigFloat.IntegerSqrt(n);
            Assert.True(r.Sign >= 0 && r * r <= n && n < (r + 1) * (r + 1), $"IntegerSqrt({n}) = {r}");
        }, iter: 600);
        for (int i = 0; i < 200; i++)
        {
            var r = BigFloat.IntegerSqrt(i);
            Assert.True(r * r <= i && i < (r + 1) * (r + 1));
        }
        var big = BigInteger.One << 5000;
        Assert.Equal(BigInteger.One << 2500, BigFloat.IntegerSqrt(big));
        Assert.Equal((BigInteger.One << 2500) - 1, BigFloat.IntegerSqrt(big - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BigFloat.IntegerSqrt(-1));
    }

    [Fact]
    public void ToStringParseRoundTrip() =>
        GenBigFloat(300, 1L << 39).Sample(x =>
        {
            var s = x.ToString();
            Assert.Equal(x, BigFloat.Parse(s));
        }, iter: 1000);

    [Fact]
    public void ToExactDecimalIsExact()
    {
        Assert.Equal("0.1000000000000000055511151231257827021181583404541015625", BigFloat.FromDouble(0.1).ToExactDecimal());
        Assert.Equal("-0.75", new BigFloat(-3, -2).ToExactDecimal());
        Assert.Equal("1024", new BigFloat(1, 10).ToExactDecimal());
        GenBigFloat(100, 300).Sample(x => Assert.Equal(x.ToRational(), Rational.Parse(x.ToExactDecimal())), iter: 300);
    }

    [Fact]
    public void CompareAndEqualityAgreeWithRationalComparison() =>
        GenPair().Sample(ab =>
        {
            var (a, b) = ab;
            int expected = Q(a).CompareTo(Q(b));
            Assert.Equal(expected, Math.Sign(a.CompareTo(b)));
            Assert.Equal(-expected, Math.Sign(b.CompareTo(a)));
            Assert.Equal(expected == 0, a == b);
            Assert.Equal(expected == 0, a.Equals(b));
            Assert.Equal(expected != 0, a != b);
            Assert.Equal(expected < 0, a < b);
            Assert.Equal(expected <= 0, a <= b);
            Assert.Equal(expected > 0, a > b);
            Assert.Equal(expected >= 0, a >= b);
            if (expected == 0) Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.Equal(expected <= 0 ? a : b, BigFloat.Min(a, b));
            Assert.Equal(expected >= 0 ? a : b, BigFloat.Max(a, b));
            // an equal value built differently
            var a2 = new BigFloat(a.Mantissa << 7, a.Exponent - 7);
            Assert.True(a == a2 && a.CompareTo(a2) == 0);
            // exact operations
            Assert.Equal(Q(a) + Q(b), Q(BigFloat.AddExact(a, b)));
            Assert.Equal(Q(a) - Q(b), Q(BigFloat.SubExact(a, b)));
            Assert.Equal(-Q(a), Q(-a));
            Assert.Equal(Rational.Abs(Q(a)), Q(BigFloat.Abs(a)));
            Assert.Equal(Q(a) * Pow2(13), Q(BigFloat.ScaleB(a, 13)));
        }, iter: 1500);

    [Fact]
    public void UlpIsTheSpacingOfPrecisionBitNumbers() =>
        Gen.Select(GenBigFloat(), GenPrecision).Sample((x, p) =>
        {
            if (x.IsZero) return;
            var r = BigFloat.Round(x, p, Down);
            if (r.IsZero) return;
            var (pred, succ, _) = Neighbours(r, p);
            var ulp = BigFloat.Ulp(r, p);
            // the step away from zero out of |r| is exactly one ulp of r's binade
            Assert.Equal(Q(ulp), r.Sign > 0 ? succ - Q(r) : Q(r) - pred);
        }, iter: 300);
}
