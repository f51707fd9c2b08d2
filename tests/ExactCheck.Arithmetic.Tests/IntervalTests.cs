using System.Numerics;
using static ExactCheck.Arithmetic.Tests.ExactReference;
using static ExactCheck.Arithmetic.Tests.Oracle.Mpfr;

namespace ExactCheck.Arithmetic.Tests;

/// <summary>
/// Domain errors, range handling of the elementary functions against exact knowledge (extrema, saturation,
/// underflow), and exact spot checks against MPFR.
/// </summary>
public class IntervalTests
{
    private static BigFloat F(double d) => BigFloat.FromDouble(d);
    private static BigFloat P2(long e) => new(BigInteger.One, e);
    private static Interval I(double lo, double hi, int p = 53) => new(F(lo), F(hi), p);
    private static Interval IB(BigFloat lo, BigFloat hi, int p = 53) => new(lo, hi, p);
    private static readonly BigFloat One = BigFloat.One;

    private static BigFloat Mp((BigInteger Mantissa, long Exponent) v) => new(v.Mantissa, v.Exponent);

    private static (BigFloat Down, BigFloat Up) Oracle(string f, BigFloat x, int p) =>
        (Mp(Eval(f, x.Mantissa, x.Exponent, p, MpfrRound.Down)), Mp(Eval(f, x.Mantissa, x.Exponent, p, MpfrRound.Up)));

    private static (BigFloat Down, BigFloat Up) MpfrPi(int p) => (Mp(Pi(p, MpfrRound.Down)), Mp(Pi(p, MpfrRound.Up)));

    private static void AssertContainsOracle(Interval r, string f, BigFloat x, int p)
    {
        var (d, u) = Oracle(f, x, p);
        Assert.True(r.Lo <= d && u <= r.Hi, $"{f}({x}) = {r} does not contain MPFR's [{d}, {u}]");
    }

    // ------------------------------------------------------------------ construction and domain errors

    [Fact]
    public void ConstructorRejectsReversedEndsAndBadPrecision()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Interval(F(2), F(1), 53));
        Assert.Contains("lo > hi", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Interval(P2(-1000), P2(-1001), 53));
        Assert.Throws<ArgumentException>(() => new Interval(F(-1), F(-2), 53));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Interval(F(1), F(2), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Interval(F(1), F(2), BigFloat.MaxPrecision + 1));
        var point = new Interval(F(1.5), F(1.5), 2); // a point need not fit the precision
        Assert.True(point.IsPoint);
        Assert.Equal(F(1.5), Interval.FromDouble(1.5, 2).Lo);
    }

    [Fact]
    public void DivisionByAnIntervalContainingZeroThrows()
    {
        var a = I(1, 2);
        foreach (var b in new[] { I(0, 0), I(-1, 0), I(0, 1), I(-1, 1), IB(-P2(-1000), P2(-1000)), I(-1e300, 1e-300) })
        {
            var ex = Assert.Throws<DivideByZeroException>(() => a / b);
            Assert.Contains("contains 0", ex.Message, StringComparison.Ordinal);
            ex = Assert.Throws<DivideByZeroException>(() => Interval.Zero(53) / b);
            Assert.Contains("contains 0", ex.Message, StringComparison.Ordinal);
        }
        Assert.Throws<DivideByZeroException>(() => a / BigFloat.Zero);
        Assert.Equal(Interval.Zero(53), Interval.Zero(53) / I(1, 2));
        Assert.Equal(I(-2, -0.5), a / I(-2, -1)); // exact ends
    }

    [Fact]
    public void SqrtLogAsinAcosRejectArgumentsOutsideTheirDomain()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => I(-1, 4).Sqrt());
        Assert.Throws<ArgumentOutOfRangeException>(() => IB(-P2(-1000), One).Sqrt());
        Assert.Throws<ArgumentOutOfRangeException>(() => I(-2, -1).Sqrt());
        Assert.Equal(I(0, 2), I(0, 4).Sqrt());

        foreach (var x in new[] { I(0, 1), I(0, 0), I(-1, 2), I(-2, -1), IB(-P2(-1000), One) })
            Assert.Throws<ArgumentOutOfRangeException>(() => Interval.Log(x));
        Assert.Equal(Interval.Zero(53), Interval.Log(Interval.One(53)));

        var outside = new[]
        {
            I(-1.5, 0), I(0, 1.5), I(2, 3), I(-3, -2), I(-2, 2),
            IB(BigFloat.Zero, BigFloat.AddExact(One, P2(-100))), IB(-BigFloat.AddExact(One, P2(-200)), -One),
        };
        foreach (var x in outside)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Interval.Asin(x));
            Assert.Throws<ArgumentOutOfRangeException>(() => Interval.Acos(x));
        }
        // the closed unit interval itself is accepted
        var asin = Interval.Asin(I(-1, 1));
        var (pd, pu) = MpfrPi(53);
        Assert.True(asin.Lo <= -BigFloat.ScaleB(pu, -1) && BigFloat.ScaleB(pu, -1) <= asin.Hi);
        Assert.True(asin.Hi <= BigFloat.ScaleB(BigFloat.AddExact(pu, BigFloat.Ulp(pu, 53)), -1));
        Assert.True(BigFloat.ScaleB(pd, -1) <= asin.Hi);
    }

    /// <summary>Runs f on a worker with a deadline, so that a regression fails instead of hanging the test run.</summary>
    private static T WithDeadline<T>(Func<T> f, string what, int seconds = 10)
    {
        var task = Task.Run(f);
        Assert.True(task.Wait(TimeSpan.FromSeconds(seconds)), $"{what} did not finish within {seconds} s");
        return task.Result;
    }

    private static Exception? Catch(Action a)
    {
        try { a(); return null; }
        catch (Exception e) { return e; }
    }

    [Fact]
    public void DomainErrorsOnEndsWithExtremeExponentsAreFastAndTyped()
    {
        // exp(−2^31) = [0, 2^-(2^30)]: its log must fail fast with the documented exception (formatting the message
        // must not expand 2^-(2^30) into decimal), and ends beyond 2^±31 must not turn it into an OverflowException.
        var underflow = Interval.Exp(Interval.Point(new BigFloat(-1, 31), 53));
        var cases = new (string Name, Action Call)[]
        {
            ("log(exp(−2^31))", () => Interval.Log(underflow)),
            ("log([−2^-(2^40−1), 1])", () => Interval.Log(IB(-P2(-(BigFloat.MaxExponent - 1)), One))),
            ("log([−2^(2^40−1), −1])", () => Interval.Log(IB(-P2(BigFloat.MaxExponent - 1), -One))),
            ("asin([0, 2^(2^40−1)])", () => Interval.Asin(IB(BigFloat.Zero, P2(BigFloat.MaxExponent - 1)))),
            ("acos([−2^(2^40−1), 2^-(2^40−1)])", () => Interval.Acos(IB(-P2(BigFloat.MaxExponent - 1), P2(-(BigFloat.MaxExponent - 1))))),
        };
        foreach (var (name, call) in cases)
        {
            var ex = WithDeadline(() => Catch(call), name);
            Assert.True(ex is ArgumentOutOfRangeException, $"{name} threw {ex?.GetType().Name ?? "nothing"}: {ex?.Message}");
        }
    }

    [Fact]
    public void ToDecimalStringBoundsTheEndsOutwardAndStaysCheapForExtremeExponents()
    {
        var third = Interval.FromRational(new Rational(1, 3), 53);
        var text = third.ToDecimalString(20);
        var parts = text.Trim('[', ']').Split(", ");
        Assert.Equal(2, parts.Length);
        Assert.True(Rational.Parse(parts[0].Replace("e+", "e", StringComparison.Ordinal)) <= Q(third.Lo), text);
        Assert.True(Rational.Parse(parts[1].Replace("e+", "e", StringComparison.Ordinal)) >= Q(third.Hi), text);
        Assert.Equal("[-1e+0, 1e+0]", I(-1, 1).ToDecimalString(1));
        // extreme ends print exactly (an exact value bounds itself in either direction)
        var tiny = WithDeadline(() => Interval.Exp(Interval.Point(new BigFloat(-1, 31), 53)).ToDecimalString(), "ToDecimalString of exp(−2^31)");
        Assert.Equal("[0, 1*2^-1073741824]", tiny);
        var huge = WithDeadline(() => IB(-P2(BigFloat.MaxExponent - 1), P2(BigFloat.MaxExponent - 1)).ToDecimalString(), "ToDecimalString of ±2^(2^40−1)");
        Assert.Equal($"[-1*2^{BigFloat.MaxExponent - 1}, 1*2^{BigFloat.MaxExponent - 1}]", huge);
    }

    [Fact]
    public void MidOfAnIntervalWithAHugeExponentGapIsCheap()
    {
        // The exact sum Lo + Hi of such ends has ~|gap| bits (2^30 bits = 128 MiB; beyond 2^31 it overflows).
        long m = BigFloat.MaxExponent - 1;
        var cases = new[]
        {
            (IB(P2(-(1L << 30)), One), BigFloat.ScaleB(One, -1)),
            (IB(P2(-m), P2(m)), P2(m - 1)),
            (IB(-P2(m), -P2(-m)), -P2(m - 1)),
            (IB(-P2(-m), P2(m), 200), P2(m - 1)),
        };
        foreach (var (x, expected) in cases)
        {
            var mid = WithDeadline(() => x.Mid, $"Mid of {x}", 5);
            Assert.Equal(expected, mid);
        }
    }

    // ------------------------------------------------------------------ sin and cos: extrema inside the argument

    [Fact]
    public void SinOverAnIntervalContainingHalfPiReachesOneExactly()
    {
        var s = Interval.Sin(I(1.5, 1.6));
        Assert.Equal(One, s.Hi);
        AssertContainsOracle(s, "sin", F(1.5), 53);
        AssertContainsOracle(s, "sin", F(1.6), 53);
        Assert.True(s.Lo < One);
        // a very narrow interval around π/2 (width ~2^-110)
        var halfPi = Interval.ScaleB(Constants.Pi(113), -1);
        var t = Interval.Sin(halfPi.WithPrecision(53));
        Assert.Equal(One, t.Hi);
        Assert.True(t.Lo > BigFloat.Sub(One, P2(-50), 53, RoundingMode.Down));
        // and 2π + π/2, 2^20·2π + π/2 (same point modulo 2π)
        var far = Interval.Sin(Interval.ScaleB(Constants.Pi(200), -1) + Interval.ScaleB(Constants.Pi(200), 21).WithPrecision(200));
        Assert.Equal(One, far.Hi);
        // no maximum inside: [0.1, 0.2] stays strictly below 1
        var mono = Interval.Sin(I(0.1, 0.2));
        Assert.True(mono.Hi < F(0.2) && mono.Lo > BigFloat.Zero);
        AssertContainsOracle(mono, "sin", F(0.1), 53);
        AssertContainsOracle(mono, "sin", F(0.2), 53);
    }

    [Fact]
    public void CosNearZeroReachesOneAndAcrossPiReachesMinusOne()
    {
        var c = Interval.Cos(I(-0.1, 0.1));
        Assert.Equal(One, c.Hi);
        AssertContainsOracle(c, "cos", F(0.1), 53);
        Assert.True(c.Lo > F(0.99));
        var d = Interval.Cos(I(3, 3.3));
        Assert.Equal(-One, d.Lo);
        AssertContainsOracle(d, "cos", F(3), 53);
        AssertContainsOracle(d, "cos", F(3.3), 53);
        var pi = Interval.Cos(Constants.Pi(53));
        Assert.Equal(-One, pi.Lo);
        Assert.True(pi.Hi <= BigFloat.AddExact(-One, P2(-50)), $"cos(π) = {pi}");
        var e = Interval.Sin(I(4.5, 4.8)); // contains 3π/2 ≈ 4.712
        Assert.Equal(-One, e.Lo);
        Assert.True(e.Hi < BigFloat.Zero);
        // cos on [0.1, 3] is decreasing: no ±1 forced
        var f = Interval.Cos(I(0.1, 3));
        Assert.True(f.Hi < One && f.Lo > -One);
    }

    [Fact]
    public void SinAndCosOverMoreThanAPeriodAreTheUnitInterval()
    {
        var unit = I(-1, 1);
        Assert.Equal(unit, Interval.Sin(I(0, 7)));
        Assert.Equal(unit, Interval.Cos(I(0, 7)));
        Assert.Equal(unit, Interval.Sin(I(-1e300, 1e300)));
        Assert.Equal(unit, Interval.Cos(I(-3.2, 3.2)));        // contains −π, 0 and π
        Assert.Equal(unit, Interval.Sin(I(1.5, 4.8)));         // π/2 and 3π/2 inside, width < 2π
        Assert.Equal(unit, Interval.Sin(I(1e22, 1e22 + 2e6))); // huge arguments, width > 2π
    }

    // ------------------------------------------------------------------ inverse trigonometric functions

    [Fact]
    public void AcosOfTheUnitIntervalContainsZeroToPi()
    {
        const int p = 200;
        var r = Interval.Acos(I(-1, 1, p));
        var (pd, pu) = MpfrPi(p);
        Assert.True(r.Lo <= BigFloat.Zero && r.Lo.Sign >= 0, $"acos([−1, 1]) lower end {r.Lo}");
        Assert.True(pu <= r.Hi, $"acos([−1, 1]) = {r} misses π ≤ {pu}");
        Assert.True(BigFloat.SubExact(r.Hi, pd) <= BigFloat.MulExact(new BigFloat(2, 0), BigFloat.Ulp(pd, p)));
        var pi = Interval.Acos(Interval.Point(-One, p));
        Assert.True(pi.Lo <= pd && pu <= pi.Hi);
        Assert.Equal(Interval.Zero(p), Interval.Acos(Interval.Point(One, p)));
    }

    [Fact]
    public void AcosJustBelowOneIsTinyWithTheRightMagnitude()
    {
        // acos(1 − ε) = √(2ε)·(1 + ε/12 + …): for ε = 2^-100, ≈ √2·2^-50, and acos² ∈ (2ε, 2ε(1 + ε))
        var x = BigFloat.SubExact(One, P2(-100));
        foreach (int p in new[] { 53, 200 })
        {
            var r = Interval.Acos(Interval.Point(x, p));
            Assert.True(r.Lo.Sign > 0, $"acos(1 − 2^-100) = {r} has lower end ≤ 0");
            Assert.True(P2(-50) < r.Lo && r.Hi < P2(-49), $"acos(1 − 2^-100) = {r}");
            var twoEps = Pow2(-99);
            Assert.True(Q(r.Hi) * Q(r.Hi) > twoEps);
            Assert.True(Q(r.Lo) * Q(r.Lo) < twoEps * (Rational.One + Pow2(-100)));
            AssertContainsOracle(r, "acos", x, p);
            Assert.True(BigFloat.SubExact(r.Hi, r.Lo) <= BigFloat.MulExact(new BigFloat(4, 0), BigFloat.Ulp(r.Lo, p)), $"{r} too wide");
            // and asin(1 − 2^-100) = π/2 − acos(…)
            AssertContainsOracle(Interval.Asin(Interval.Point(x, p)), "asin", x, p);
        }
        // −1 + ε: acos near π
        var y = -x;
        AssertContainsOracle(Interval.Acos(Interval.Point(y, 53)), "acos", y, 53);
    }

    [Fact]
    public void AtanOfHugeArgumentsIsNearHalfPi()
    {
        foreach (int p in new[] { 53, 200 })
        {
            var halfPiUp = BigFloat.ScaleB(MpfrPi(p).Up, -1);
            foreach (var d in new[] { 1e300, -1e300 })
            {
                var x = F(d);
                var r = Interval.Atan(Interval.Point(x, p));
                AssertContainsOracle(r, "atan", x, p);
                Assert.True(BigFloat.Abs(r.Lo) <= halfPiUp && BigFloat.Abs(r.Hi) <= halfPiUp);
                Assert.Equal(Math.Sign(d), r.Lo.Sign);
                Assert.Equal(Math.Sign(d), r.Hi.Sign);
            }
            var both = Interval.Atan(I(-1e300, 1e300, p));
            AssertContainsOracle(both, "atan", F(1e300), p);
            AssertContainsOracle(both, "atan", F(-1e300), p);
        }
    }

    // ------------------------------------------------------------------ tanh and exp at the ends of the range

    [Fact]
    public void TanhOfHugeArgumentsEnclosesTheCorrectSideOfOne()
    {
        var t = Interval.Tanh(Interval.Point(F(1e6), 53));
        Assert.Equal(One, t.Hi);
        Assert.True(t.Lo < One);
        Assert.True(t.Lo >= BigFloat.SubExact(One, P2(-50)), $"tanh(1e6) lower end {t.Lo} is too low");
        AssertContainsOracle(t, "tanh", F(1e6), 53);

        var u = Interval.Tanh(Interval.Point(F(-1e300), 53));
        Assert.Equal(-One, u.Lo);
        Assert.True(u.Hi > -One);
        Assert.True(u.Hi <= -BigFloat.SubExact(One, P2(-50)));
        AssertContainsOracle(u, "tanh", F(-1e300), 53);

        Assert.Equal(I(-1, 1), Interval.Tanh(I(-1e300, 1e6)));
        var tiny = Interval.Tanh(Interval.Point(P2(-1000), 53));
        AssertContainsOracle(tiny, "tanh", P2(-1000), 53);
    }

    [Fact]
    public void ExpOfAVeryNegativeNumberUnderflowsToATinyPositiveUpperEnd()
    {
        var e = Interval.Exp(Interval.Point(new BigFloat(-1, 31), 53));
        Assert.Equal(BigFloat.Zero, e.Lo);
        Assert.True(e.Hi.Sign > 0);
        Assert.True(e.Hi.Msb < -1_000_000_000, $"exp(−2^31) upper end {e.Hi} is not tiny");
        var wide = Interval.Exp(IB(new BigFloat(-1, 31), BigFloat.Zero));
        Assert.Equal(BigFloat.Zero, wide.Lo);
        Assert.Equal(One, wide.Hi);
        // −2^29: still representable and strictly positive: e^(−2^29) = 2^(−2^29/ln 2) ≈ 2^-774541002.34
        var f = Interval.Exp(Interval.Point(new BigFloat(-1, 29), 53));
        Assert.True(f.Lo.Sign > 0);
        Assert.Equal(-774_541_003L, f.Lo.Msb);
        Assert.Equal(-774_541_003L, f.Hi.Msb);
    }

    [Fact]
    public void ExpUnderflowBoundIsAnUpperBound()
    {
        // e^x ≤ 2^h ⟸ x ≤ h·ln 2 ⟺ x/h ≥ ln 2 (h < 0); checked against MPFR's RU(ln 2), exactly.
        var ln2Up = Q(Mp(Eval("log", 2, 0, 64, MpfrRound.Up)));
        foreach (var x in new[] { new BigFloat(-1, 30), new BigFloat(-3, 29), new BigFloat(-1, 31), new BigFloat(-1, 40), BigFloat.SubExact(new BigFloat(-1, 30), One) })
        {
            var e = Interval.Exp(Interval.Point(x, 53));
            Assert.True(e.Lo.Sign >= 0 && e.Hi.Sign > 0);
            long h = e.Hi.Msb; // 2^h ≤ Hi
            Assert.True(Q(x) / h >= ln2Up, $"exp({x}) upper end {e.Hi} may lie below e^x");
        }
    }

    [Fact]
    public void ExpOfAHugeNumberOverflows()
    {
        Assert.Throws<OverflowException>(() => Interval.Exp(Interval.Point(new BigFloat(1, 31), 53)));
        Assert.Throws<OverflowException>(() => Interval.Exp(IB(BigFloat.Zero, new BigFloat(1, 31))));
        Assert.Throws<OverflowException>(() => Interval.Exp(Interval.Point(new BigFloat(1, 40), 53)));
    }

    // ------------------------------------------------------------------ exact spot checks

    [Fact]
    public void PiIsTheTightestEnclosure()
    {
        foreach (int p in new[] { 2, 3, 24, 53, 64, 113, 200, 256 })
        {
            var (d, u) = MpfrPi(p);
            var pi = Constants.Pi(p);
            Assert.Equal(d, pi.Lo);
            Assert.Equal(u, pi.Hi);
            Assert.Equal(BigFloat.Ulp(d, p), BigFloat.SubExact(pi.Hi, pi.Lo)); // width exactly one ulp
        }
        // Math.PI is the nearest double, not an enclosure end of width 0
        var mathPi = F(Math.PI);
        var pi53 = Constants.Pi(53);
        Assert.True(mathPi == pi53.Lo || mathPi == pi53.Hi);
    }

    [Fact]
    public void SqrtOfExactSquaresIsAPoint()
    {
        Assert.Equal(Interval.Point(new BigFloat(3, 0), 53), Interval.Point(new BigFloat(9, 0), 53).Sqrt());
        Assert.Equal(Interval.Point(new BigFloat(3, -50), 53), Interval.Point(new BigFloat(9, -100), 53).Sqrt());
        Assert.Equal(I(4, 6, 2), Interval.Point(new BigFloat(25, 0), 2).Sqrt()); // 5 = 101b needs 3 bits: [4, 6] at 2 bits
        var m = (BigInteger.One << 52) + 12345;
        var big = Interval.Point(new BigFloat(m * m, -200), 53).Sqrt();
        Assert.True(big.IsPoint);
        Assert.Equal(new BigFloat(m, -100), big.Lo);
        Assert.False(Interval.Point(new BigFloat(2, 0), 53).Sqrt().IsPoint);
    }

    [Fact]
    public void FromRationalIsTheTightestEnclosure()
    {
        var third = Interval.FromRational(new Rational(1, 3), 53);
        Assert.Equal(BigFloat.Ulp(third.Lo, 53), BigFloat.SubExact(third.Hi, third.Lo));
        Assert.True(third.Contains(new Rational(1, 3)));
        Assert.Equal(Interval.Point(new BigFloat(5, -1), 53), Interval.FromRational(new Rational(5, 2), 53));
        Assert.Equal("[6004799503160661*2^-54, 3002399751580331*2^-53]", third.ToString());
    }
}
