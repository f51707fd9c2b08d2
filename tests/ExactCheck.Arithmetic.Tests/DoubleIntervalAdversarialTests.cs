using ExactCheck.Arithmetic;

namespace ExactCheck.Arithmetic.Tests;

/// <summary>
/// Soundness review of [arith.double-interval] (issue #9) at the edges of the double range: ends at ±MaxValue, 10^308,
/// the smallest normal and subnormal numbers and ±0, combined so that one end of a result overflows (where
/// <c>Math.BitDecrement(+∞)</c> would be the finite MaxValue), products and quotients underflow to subnormals or 0, and
/// quotients by tiny divisors overflow. Every result must contain the exact image (checked in rationals) or throw
/// <see cref="OverflowException"/>; nothing may come back non-finite or NaN.
/// </summary>
public class DoubleIntervalAdversarialTests
{
    private static readonly double[] Edges =
    [
        double.MaxValue, -double.MaxValue, 1e308, -1e308, Math.ScaleB(1.0, 1023), Math.ScaleB(1.0, 512), Math.ScaleB(1.0, -512),
        Math.ScaleB(1.0, -1022), -Math.ScaleB(1.0, -1022), double.Epsilon, -double.Epsilon, 3 * double.Epsilon,
        Math.ScaleB(1.0, -537), Math.ScaleB(1.0, -538), 0.0, -0.0, 1.0, -1.0, 1.0 / 3.0, Math.BitIncrement(1.0), Math.BitDecrement(1.0),
    ];

    private static Rational Q(double x) => Rational.FromDouble(x);

    private static void AssertEncloses(Func<DoubleInterval> op, Rational exact, string what)
    {
        DoubleInterval r;
        try { r = op(); }
        catch (OverflowException) { return; }
        Assert.True(double.IsFinite(r.Lo) && double.IsFinite(r.Hi) && r.Lo <= r.Hi, $"{what}: not a finite interval {r}");
        Assert.True(Q(r.Lo) <= exact && exact <= Q(r.Hi), $"{what} = {r} misses the exact value");
    }

    [Fact]
    public void EveryPairOfEdgeIntervalsEnclosesEveryCornerResult()
    {
        var intervals = new List<DoubleInterval>();
        foreach (var a in Edges)
            foreach (var b in Edges)
                if (a <= b && !(a == 0 && b == 0 && double.IsNegative(b))) intervals.Add(new DoubleInterval(a, b));
        int checkedCount = 0;
        var rng = new Random(9);
        for (int t = 0; t < 20000; t++)
        {
            var a = intervals[rng.Next(intervals.Count)];
            var b = intervals[rng.Next(intervals.Count)];
            var x = rng.Next(2) == 0 ? Q(a.Lo) : Q(a.Hi);
            var y = rng.Next(2) == 0 ? Q(b.Lo) : Q(b.Hi);
            AssertEncloses(() => a + b, x + y, $"{a} + {b}");
            AssertEncloses(() => a - b, x - y, $"{a} − {b}");
            AssertEncloses(() => a * b, x * y, $"{a} × {b}");
            AssertEncloses(() => a.Square(), x * x, $"{a}²");
            if (!b.ContainsZero) AssertEncloses(() => a / b, x / y, $"{a} / {b}");
            if (a.Lo >= 0)
            {
                var s = a.Sqrt();
                Assert.True(Q(s.Lo) * Q(s.Lo) <= x && x <= Q(s.Hi) * Q(s.Hi), $"√{a} = {s}");
            }
            checkedCount++;
        }
        Assert.True(checkedCount > 0);
    }

    [Fact]
    public void OneSidedOverflowThrowsInsteadOfReturningMaxValue()
    {
        // fl(1e308 + 1e308) = +∞ on both ends; BitDecrement(+∞) = MaxValue would be a wrong lower end: must throw.
        var big = DoubleInterval.Point(1e308);
        Assert.Throws<OverflowException>(() => big + big);
        Assert.Throws<OverflowException>(() => -big - big);
        Assert.Throws<OverflowException>(() => big / DoubleInterval.Point(1e-10));
        Assert.Throws<OverflowException>(() => new DoubleInterval(1e300, 1e308) * DoubleInterval.Point(1e10));
        // Underflow: 2^-600 · 2^-600 = 2^-1200 rounds to 0; the stepped ends [−2^-1074, 2^-1074] still contain it.
        var tiny = DoubleInterval.Point(Math.ScaleB(1.0, -600));
        var p = tiny * tiny;
        Assert.True(p.Lo < 0 && p.Hi > 0);
        Assert.True(Q(p.Hi) >= Q(Math.ScaleB(1.0, -600)) * Q(Math.ScaleB(1.0, -600)));
    }
}
