using ExactCheck.Arithmetic;

namespace ExactCheck.Arithmetic.Tests;

/// <summary>[arith.double-interval]: every operation's result contains the exact image, checked in exact rationals.</summary>
public class DoubleIntervalTests
{
    private static readonly double[] Specials =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, Math.ScaleB(1.0, -1022), Math.ScaleB(1.0, -1060), 1.0, -1.0, 0.1, -0.3,
        1e-300, -1e-300, 3.5, 1e150, -7e149, 2.0 / 3.0,
    ];

    private static double Random(Random rng) => rng.Next(4) == 0
        ? Specials[rng.Next(Specials.Length)]
        : (rng.NextDouble() - 0.5) * Math.ScaleB(1.0, rng.Next(-60, 60));

    private static DoubleInterval RandomInterval(Random rng)
    {
        double a = Random(rng), b = rng.Next(3) == 0 ? a : Random(rng);
        return new DoubleInterval(Math.Min(a, b), Math.Max(a, b));
    }

    private static Rational Q(double x) => Rational.FromDouble(x);

    private static bool Contains(DoubleInterval i, Rational x) => Q(i.Lo) <= x && x <= Q(i.Hi);

    /// <summary>Contains, or the operation refused with OverflowException (allowed: no bound is ever wrong).</summary>
    private static bool Encloses(Func<DoubleInterval> op, Rational x)
    {
        try { return Contains(op(), x); }
        catch (OverflowException) { return true; }
    }

    private static Rational Pick(Random rng, DoubleInterval i)
    {
        // an end, or a rational point between the ends
        int c = rng.Next(3);
        if (c == 0) return Q(i.Lo);
        if (c == 1) return Q(i.Hi);
        var t = new Rational(rng.Next(0, 1001), 1000);
        return Q(i.Lo) + t * (Q(i.Hi) - Q(i.Lo));
    }

    [Fact]
    public void ArithmeticEnclosesTheExactResult()
    {
        var rng = new Random(20261123);
        for (int trial = 0; trial < 4000; trial++)
        {
            var a = RandomInterval(rng);
            var b = RandomInterval(rng);
            var x = Pick(rng, a);
            var y = Pick(rng, b);
            Assert.True(Encloses(() => a + b, x + y), $"{a} + {b}");
            Assert.True(Encloses(() => a - b, x - y), $"{a} − {b}");
            Assert.True(Encloses(() => a * b, x * y), $"{a} × {b}");
            Assert.True(Encloses(() => a.Square(), x * x), $"{a}²");
            if (!b.ContainsZero) Assert.True(Encloses(() => a / b, x / y), $"{a} / {b}");
            if (a.Lo >= 0)
            {
                var s = a.Sqrt();
                // √x ∈ [lo, hi] ⟺ lo² ≤ x ≤ hi² for lo, hi ≥ 0
                Assert.True(Q(s.Lo) * Q(s.Lo) <= x && x <= Q(s.Hi) * Q(s.Hi), $"√{a}");
            }
        }
    }

    [Fact]
    public void ConversionFromBigFloatRoundsOutward()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 500; trial++)
        {
            var q = new Rational(rng.Next(-1_000_000, 1_000_000), rng.Next(1, 1_000_000)) / (Rational)(1L << rng.Next(0, 40));
            var i = Interval.FromRational(q, 200);
            var d = DoubleInterval.FromInterval(i);
            Assert.True(Contains(d, q));
            Assert.True(Q(d.Hi) - Q(d.Lo) <= Rational.Abs(q) / (Rational)(1L << 51), "too wide");
        }
        var tiny = DoubleInterval.FromInterval(Interval.Point(new BigFloat(3, -2000), 64));
        Assert.True(tiny.Lo == 0 && tiny.Hi > 0);
        Assert.Throws<OverflowException>(() => DoubleInterval.FromInterval(Interval.Point(new BigFloat(1, 2000), 64)));
    }

    [Fact]
    public void OverflowAndZeroDivisorsThrow()
    {
        var big = DoubleInterval.Point(1e300);
        Assert.Throws<OverflowException>(() => big * big);
        Assert.Throws<DivideByZeroException>(() => DoubleInterval.One / new DoubleInterval(-1, 1));
    }
}
