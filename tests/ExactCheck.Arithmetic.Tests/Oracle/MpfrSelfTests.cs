using System.Numerics;
using static ExactCheck.Arithmetic.Tests.Oracle.Mpfr;

namespace ExactCheck.Arithmetic.Tests.Oracle;

/// <summary>
/// Validates the MPFR binding itself (independently of our kernel). All comparisons
/// are exact, on dyadic rationals m·2^e.
/// </summary>
public sealed class MpfrSelfTests
{
    private static readonly (BigInteger, long) One = (BigInteger.One, 0);

    // ------------------------------------------------------------ exact dyadic helpers

    private static int Compare((BigInteger M, long E) a, (BigInteger M, long E) b)
    {
        long e = Math.Min(a.E, b.E);
        return (a.M << checked((int)(a.E - e))).CompareTo(b.M << checked((int)(b.E - e)));
    }

    private static (BigInteger M, long E) Sub((BigInteger M, long E) a, (BigInteger M, long E) b)
    {
        long e = Math.Min(a.E, b.E);
        return Normalize(((a.M << checked((int)(a.E - e))) - (b.M << checked((int)(b.E - e))), e));
    }

    private static (BigInteger M, long E) Mul((BigInteger M, long E) a, (BigInteger M, long E) b) =>
        Normalize((a.M * b.M, a.E + b.E));

    private static (BigInteger M, long E) Normalize((BigInteger M, long E) x)
    {
        if (x.M.IsZero)
        {
            return (BigInteger.Zero, 0);
        }

        int tz = (int)BigInteger.TrailingZeroCount(x.M);
        return (x.M >> tz, x.E + tz);
    }

    private static (BigInteger M, long E) Pow2(long k) => (BigInteger.One, k);

    private static (BigInteger M, long E) Neg((BigInteger M, long E) x) => (-x.M, x.E);

    private static void AssertNormalized((BigInteger M, long E) x)
    {
        if (x.M.IsZero)
        {
            Assert.Equal(0L, x.E);
        }
        else
        {
            Assert.False(x.M.IsEven, $"mantissa {x.M} has trailing zero bits");
        }
    }

    // ------------------------------------------------------------ pi

    [Fact]
    public void Pi53Nearest_EqualsMathPi()
    {
        long bits = BitConverter.DoubleToInt64Bits(Math.PI);
        long biased = (bits >> 52) & 0x7FF;
        long frac = bits & ((1L << 52) - 1);
        var expected = Normalize((new BigInteger(frac | (1L << 52)), biased - 1075));

        var pi = Pi(53, MpfrRound.Nearest);

        AssertNormalized(pi);
        Assert.Equal(expected, pi);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(1024)]
    public void PiDownAndUp_DifferByOneUlp(int precision)
    {
        var down = Pi(precision, MpfrRound.Down);
        var up = Pi(precision, MpfrRound.Up);

        AssertNormalized(down);
        AssertNormalized(up);
        Assert.True(Compare(down, up) < 0);
        // pi is in [2, 4), so one ulp at p bits is 2^(2 - p).
        Assert.Equal(Pow2(2 - precision), Sub(up, down));
        Assert.Equal(down, Pi(precision, MpfrRound.TowardZero));
        var nearest = Pi(precision, MpfrRound.Nearest);
        Assert.True(nearest == down || nearest == up);
    }

    // ------------------------------------------------------------ simple exact values

    [Fact]
    public void ExactValues()
    {
        foreach (MpfrRound r in Enum.GetValues<MpfrRound>())
        {
            Assert.Equal(One, Eval("exp", 0, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("log", 1, 0, 53, r));
            Assert.Equal((BigInteger.One, 1L), Eval("sqrt", 4, 0, 53, r));
            Assert.Equal((BigInteger.One, 1L), Eval("sqrt", 1, 2, 53, r));
            Assert.Equal((new BigInteger(3), -1L), Eval("sqrt", 9, -2, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("sin", 0, 0, 53, r));
            Assert.Equal(One, Eval("cos", 0, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("tanh", 0, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("expm1", 0, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("log1p", 0, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("atan", 0, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("asin", 0, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("acos", 1, 0, 53, r));
            Assert.Equal((BigInteger.Zero, 0L), Eval("tan", 0, 0, 53, r));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(53)]
    [InlineData(200)]
    public void InverseTrig_MatchesPiExactly(int p)
    {
        // atan(1) = pi/4, asin(1) = pi/2, acos(-1) = pi: scaling by a power of two commutes with rounding.
        foreach (MpfrRound r in Enum.GetValues<MpfrRound>())
        {
            var pi = Pi(p, r);
            Assert.Equal((pi.Mantissa, pi.Exponent - 2), Eval("atan", 1, 0, p, r));
            Assert.Equal((pi.Mantissa, pi.Exponent - 1), Eval("asin", 1, 0, p, r));
            Assert.Equal(pi, Eval("acos", -1, 0, p, r));
        }

        // Negative results: Down of a negative value is minus Up of its magnitude.
        var piUp = Pi(p, MpfrRound.Up);
        var piDown = Pi(p, MpfrRound.Down);
        Assert.Equal((-piUp.Mantissa, piUp.Exponent - 2), Eval("atan", -1, 0, p, MpfrRound.Down));
        Assert.Equal((-piDown.Mantissa, piDown.Exponent - 2), Eval("atan", -1, 0, p, MpfrRound.Up));
        Assert.Equal((-piDown.Mantissa, piDown.Exponent - 2), Eval("atan", -1, 0, p, MpfrRound.TowardZero));
        Assert.Equal((-piDown.Mantissa, piDown.Exponent - 1), Eval("asin", -1, 0, p, MpfrRound.TowardZero));
    }

    [Fact]
    public void PrecisionOne_Works()
    {
        // pi at 1 bit: Down = 2, Up = 4.
        Assert.Equal((BigInteger.One, 1L), Pi(1, MpfrRound.Down));
        Assert.Equal((BigInteger.One, 2L), Pi(1, MpfrRound.Up));
        Assert.Equal((BigInteger.One, 1L), Eval("sqrt", 5, 0, 1, MpfrRound.Down));
        Assert.Equal((BigInteger.One, 2L), Eval("sqrt", 5, 0, 1, MpfrRound.Up));
    }

    // ------------------------------------------------------------ sqrt

    [Fact]
    public void Sqrt2_200Bits_Brackets2()
    {
        var two = (new BigInteger(2), 0L);
        var down = Eval("sqrt", 2, 0, 200, MpfrRound.Down);
        var up = Eval("sqrt", 2, 0, 200, MpfrRound.Up);

        Assert.True(Compare(Mul(down, down), two) < 0);
        Assert.True(Compare(two, Mul(up, up)) < 0);
        // sqrt(2) is in [1, 2): one ulp at 200 bits is 2^-199.
        Assert.Equal(Pow2(-199), Sub(up, down));
        Assert.True(down.Mantissa.GetBitLength() <= 200);
        Assert.True(up.Mantissa.GetBitLength() <= 200);
    }

    [Fact]
    public void Sqrt_Of_Square_RoundTrips_3000BitMantissa()
    {
        var rng = new Random(12345);
        for (int trial = 0; trial < 5; trial++)
        {
            var bytes = new byte[3000 / 8];
            rng.NextBytes(bytes);
            var m = new BigInteger(bytes, isUnsigned: true) | (BigInteger.One << 2999) | BigInteger.One;
            Assert.Equal(3000, (long)m.GetBitLength());
            long e = rng.NextInt64(-5000, 5000);

            foreach (MpfrRound r in Enum.GetValues<MpfrRound>())
            {
                Assert.Equal((m, e), Eval("sqrt", m * m, 2 * e, 3000, r));
            }

            // One bit less precision than needed must round, and Down/Up must bracket m·2^e.
            var down = Eval("sqrt", m * m, 2 * e, 2999, MpfrRound.Down);
            var up = Eval("sqrt", m * m, 2 * e, 2999, MpfrRound.Up);
            Assert.True(Compare(down, (m, e)) < 0);
            Assert.True(Compare((m, e), up) < 0);
            Assert.Equal(Pow2(e + 1), Sub(up, down));
        }
    }

    [Fact]
    public void Input_IsReadExactly_NotRoundedToOutputPrecision()
    {
        // log1p(x) ~ x for tiny x; the input 1 + 2^-3000 (3001 bits) must not be rounded
        // to 1 when read, so log(1 + 2^-3000) at Up is strictly positive.
        var x = (BigInteger.One << 3000) + 1;
        var up = Eval("log", x, -3000, 10, MpfrRound.Up);
        var down = Eval("log", x, -3000, 10, MpfrRound.Down);
        Assert.True(up.Mantissa.Sign > 0);
        Assert.True(down.Mantissa.Sign > 0);
        Assert.True(Compare(down, Pow2(-3000)) < 0);
        Assert.True(Compare(Pow2(-3001), down) < 0);
    }

    // ------------------------------------------------------------ tiny / huge arguments

    [Fact]
    public void SinOfTinyArgument_Down_IsJustBelowArgument()
    {
        var x = Pow2(-2000);
        var down = Eval("sin", 1, -2000, 100, MpfrRound.Down);
        // The largest 100-bit number below 2^-2000 is (2^100 - 1)·2^-2100.
        Assert.Equal(((BigInteger.One << 100) - 1, -2100L), down);
        Assert.True(Compare(down, x) < 0);
        Assert.Equal(x, Eval("sin", 1, -2000, 100, MpfrRound.Up));
        Assert.Equal(x, Eval("sin", 1, -2000, 100, MpfrRound.Nearest));
    }

    [Fact]
    public void ExpAndLog_AtExponentExtremes()
    {
        // exp(2^-3000) = 1 + 2^-3000 + ...: Nearest/Down give 1, Up gives 1 + 2^-99 at 100 bits.
        Assert.Equal(One, Eval("exp", 1, -3000, 100, MpfrRound.Nearest));
        Assert.Equal(One, Eval("exp", 1, -3000, 100, MpfrRound.Down));
        Assert.Equal(((BigInteger.One << 99) + 1, -99L), Eval("exp", 1, -3000, 100, MpfrRound.Up));
        // exp(-2^-3000) is just below 1: Down gives 1 - 2^-100 at 100 bits.
        Assert.Equal(((BigInteger.One << 100) - 1, -100L), Eval("exp", -1, -3000, 100, MpfrRound.Down));
        Assert.Equal(One, Eval("exp", -1, -3000, 100, MpfrRound.Up));
        // expm1 keeps the tiny part: expm1(2^-3000) Down = 2^-3000 exactly at 100 bits.
        Assert.Equal(Pow2(-3000), Eval("expm1", 1, -3000, 100, MpfrRound.Down));
        Assert.Equal(((BigInteger.One << 100) - 1, -3100L), Eval("log1p", 1, -3000, 100, MpfrRound.Down));

        // log(2^3000) = 3000·ln 2: must be consistent with 3000 × [log(2) Down, log(2) Up].
        const int p = 200;
        var l2Down = Eval("log", 2, 0, p, MpfrRound.Down);
        var l2Up = Eval("log", 2, 0, p, MpfrRound.Up);
        var bigDown = Eval("log", 1, 3000, p, MpfrRound.Down);
        var bigUp = Eval("log", 1, 3000, p, MpfrRound.Up);
        var k = (new BigInteger(3000), 0L);
        Assert.True(Compare(bigDown, bigUp) < 0);
        Assert.True(Compare(bigDown, Mul(k, l2Up)) <= 0);
        Assert.True(Compare(Mul(k, l2Down), bigUp) <= 0);
        // 3000·ln 2 ≈ 2079.4 is in [2^11, 2^12): one ulp at 200 bits is 2^(12 - 200).
        Assert.Equal(Pow2(12 - p), Sub(bigUp, bigDown));

        // log(2^-3000) = -log(2^3000), with directed roundings swapped.
        Assert.Equal(Neg(bigUp), Eval("log", 1, -3000, p, MpfrRound.Down));
        Assert.Equal(Neg(bigDown), Eval("log", 1, -3000, p, MpfrRound.Up));
        Assert.Equal(Neg(bigDown), Eval("log", 1, -3000, p, MpfrRound.TowardZero));

        // Large arguments to exp are in range too: exp(2^10) is fine; exp(2^3000) overflows.
        var e1024 = Eval("exp", 1, 10, 64, MpfrRound.Nearest);
        // exp(1024) = 2^(1024 / ln 2) ≈ 2^1477.3, so its leading bit has weight 2^1477.
        Assert.Equal(1478L, e1024.Exponent + (long)e1024.Mantissa.GetBitLength());
        Assert.Throws<ArgumentException>(() => Eval("exp", 1, 3000, 64, MpfrRound.Nearest));

        // exp(-2^3000) underflows: Down gives 0, Up gives the smallest positive number of the
        // widened exponent range (far below MPFR's default emin of 1 - 2^30).
        Assert.Equal((BigInteger.Zero, 0L), Eval("exp", -1, 3000, 64, MpfrRound.Down));
        var tiny = Eval("exp", -1, 3000, 64, MpfrRound.Up);
        Assert.Equal(BigInteger.One, tiny.Mantissa);
        Assert.True(tiny.Exponent < -(1L << 61), $"exponent {tiny.Exponent}");
    }

    [Fact]
    public void HugeArgumentToSin_Works()
    {
        // sin(2^3000): needs a huge argument reduction, result is in [-1, 1] and Down < Up by one ulp.
        var down = Eval("sin", 1, 3000, 100, MpfrRound.Down);
        var up = Eval("sin", 1, 3000, 100, MpfrRound.Up);
        Assert.True(Compare(down, up) < 0);
        Assert.True(Compare(up, One) <= 0);
        Assert.True(Compare(Neg(One), down) <= 0);
    }

    // ------------------------------------------------------------ errors

    [Fact]
    public void NaNResult_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Eval("log", -1, 0, 53, MpfrRound.Nearest));
        Assert.Contains("log", ex.Message);
        Assert.Contains("NaN", ex.Message);
        Assert.Throws<ArgumentException>(() => Eval("sqrt", -2, 0, 53, MpfrRound.Nearest));
        Assert.Throws<ArgumentException>(() => Eval("asin", 3, 0, 53, MpfrRound.Nearest));
        // log(0) = -inf
        Assert.Throws<ArgumentException>(() => Eval("log", 0, 0, 53, MpfrRound.Nearest));
        Assert.Throws<ArgumentException>(() => Eval("gamma", 1, 0, 53, MpfrRound.Nearest));
        Assert.Throws<ArgumentOutOfRangeException>(() => Eval("exp", 1, 0, 0, MpfrRound.Nearest));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pi(0, MpfrRound.Nearest));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pi(53, (MpfrRound)4));
    }

    // ------------------------------------------------------------ threading

    [Fact]
    public void ParallelCalls_AgreeWithSerial()
    {
        string[] fns = ["exp", "log", "sin", "cos", "atan", "tanh", "sqrt", "expm1", "log1p"];
        var inputs = Enumerable.Range(1, 200).Select(i => (Fn: fns[i % fns.Length], M: new BigInteger(i * 7919 + 1), E: (long)(-(i % 13)), P: 64 + i)).ToArray();
        var serial = inputs.Select(t => Eval(t.Fn, t.M, t.E, t.P, MpfrRound.Down)).ToArray();
        var parallel = new (BigInteger, long)[inputs.Length];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var t = inputs[i];
            parallel[i] = Eval(t.Fn, t.M, t.E, t.P, MpfrRound.Down);
            _ = Pi(t.P, MpfrRound.Up);
        });
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void Library_IsAvailable()
    {
        Assert.True(Mpfr.IsAvailable);
        Assert.StartsWith("4.", Mpfr.Version, StringComparison.Ordinal);
    }
}
