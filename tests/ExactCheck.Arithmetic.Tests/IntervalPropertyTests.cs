using System.Numerics;
using CsCheck;
using static ExactCheck.Arithmetic.Tests.ExactReference;

namespace ExactCheck.Arithmetic.Tests;

/// <summary>
/// Interval arithmetic against exact rational arithmetic on sample points: every result must contain the exact
/// image of every combination of points chosen in the operands (ends, 0 when inside, interior points), and for the
/// basic operations the ends must be the exact extreme values rounded outward — no wider.
/// </summary>
public class IntervalPropertyTests
{
    private const RoundingMode Down = RoundingMode.Down;
    private const RoundingMode Up = RoundingMode.Up;

    private static readonly Gen<(IntervalSample, IntervalSample)> Pairs = Gen.Select(GenInterval(), GenInterval());

    private static void AssertContains(Interval r, Rational exact, string what)
    {
        if (!r.Contains(exact))
            throw new Xunit.Sdk.XunitException($"{what}: result {r} does not contain the exact value {exact}");
    }

    /// <summary>Asserts r = [RD_p(min), RU_p(max)] of the exact candidate values.</summary>
    private static void AssertTight(Interval r, int p, IEnumerable<Rational> candidates, string what)
    {
        var list = candidates.ToList();
        var lo = RoundRef(list.Min(), p, Down);
        var hi = RoundRef(list.Max(), p, Up);
        Assert.Equal(p, r.Precision);
        if (r.Lo != lo || r.Hi != hi)
            throw new Xunit.Sdk.XunitException($"{what} at {p} bits: got {r}, tightest outward-rounded enclosure is [{lo}, {hi}]");
    }

    private static Rational[] Ends(Interval i) => [Q(i.Lo), Q(i.Hi)];

    [Fact]
    public void AddAndSubContainTheExactResultAndAreTight() =>
        Pairs.Sample((sa, sb) =>
        {
            var (a, b) = (sa.I, sb.I);
            int p = Math.Max(a.Precision, b.Precision);
            var sum = a + b;
            var diff = a - b;
            foreach (var x in sa.Points)
                foreach (var y in sb.Points)
                {
                    AssertContains(sum, x + y, $"{a} + {b} at ({x}, {y})");
                    AssertContains(diff, x - y, $"{a} − {b} at ({x}, {y})");
                }
            AssertTight(sum, p, [Q(a.Lo) + Q(b.Lo), Q(a.Hi) + Q(b.Hi)], $"{a} + {b}");
            AssertTight(diff, p, [Q(a.Lo) - Q(b.Hi), Q(a.Hi) - Q(b.Lo)], $"{a} − {b}");
            var neg = -a;
            Assert.Equal(-Q(a.Hi), Q(neg.Lo));
            Assert.Equal(-Q(a.Lo), Q(neg.Hi));
        }, iter: 400);

    [Fact]
    public void MulContainsTheExactResultAndIsTight() =>
        Pairs.Sample((sa, sb) =>
        {
            var (a, b) = (sa.I, sb.I);
            int p = Math.Max(a.Precision, b.Precision);
            var prod = a * b;
            foreach (var x in sa.Points)
                foreach (var y in sb.Points)
                    AssertContains(prod, x * y, $"{a} × {b} at ({x}, {y})");
            AssertTight(prod, p, from x in Ends(a) from y in Ends(b) select x * y, $"{a} × {b}");
        }, iter: 400);

    [Fact]
    public void DivContainsTheExactResultAndIsTightOrThrowsWhenTheDivisorContainsZero() =>
        Pairs.Sample((sa, sb) =>
        {
            var (a, b) = (sa.I, sb.I);
            if (b.ContainsZero)
            {
                var ex = Assert.Throws<DivideByZeroException>(() => a / b);
                Assert.Contains("contains 0", ex.Message, StringComparison.Ordinal);
                return;
            }
            int p = Math.Max(a.Precision, b.Precision);
            var quot = a / b;
            foreach (var x in sa.Points)
                foreach (var y in sb.Points)
                    AssertContains(quot, x / y, $"{a} ÷ {b} at ({x}, {y})");
            AssertTight(quot, p, from x in Ends(a) from y in Ends(b) select x / y, $"{a} ÷ {b}");
        }, iter: 400);

    [Fact]
    public void SquareAbsAndPowContainTheExactResult() =>
        Gen.Select(GenInterval(), Gen.Int[0, 9]).Sample((s, n) =>
        {
            var a = s.I;
            int p = a.Precision;
            var sq = a.Square();
            var abs = a.Abs();
            var pow = a.Pow(n);
            Assert.True(sq.Lo.Sign >= 0, $"square of {a} has a negative lower end");
            foreach (var x in s.Points)
            {
                AssertContains(sq, x * x, $"({a})²");
                AssertContains(abs, Rational.Abs(x), $"|{a}|");
                AssertContains(pow, Rational.Pow(x, n), $"({a})^{n}");
            }
            var lo2 = Q(a.Lo) * Q(a.Lo);
            var hi2 = Q(a.Hi) * Q(a.Hi);
            AssertTight(sq, p, a.ContainsZero ? [Rational.Zero, lo2, hi2] : [lo2, hi2], $"({a})²");
            // |·| is exact: [min |x|, max |x|]
            var m1 = Rational.Abs(Q(a.Lo));
            var m2 = Rational.Abs(Q(a.Hi));
            Assert.Equal(a.ContainsZero ? Rational.Zero : Rational.Min(m1, m2), Q(abs.Lo));
            Assert.Equal(Rational.Max(m1, m2), Q(abs.Hi));
            Assert.Equal(p, pow.Precision);
            if (n == 0) Assert.Equal(Interval.One(p), pow);
            if (n % 2 == 0) Assert.True(pow.Lo.Sign >= 0, $"({a})^{n} has a negative lower end");
            if (n == 1) Assert.Equal(a * Interval.One(p), pow);
        }, iter: 400);

    [Fact]
    public void SqrtContainsTheExactRootAndItsEndsAreCorrectlyRounded() =>
        GenInterval().Sample(s =>
        {
            var a = s.I;
            if (a.Lo.Sign < 0)
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => a.Sqrt());
                a = a.Abs(); // continue with {|x|}
            }
            int p = a.Precision;
            var r = a.Sqrt();
            Assert.Equal(p, r.Precision);
            foreach (var x0 in s.Points)
            {
                var x = Rational.Abs(x0);
                if (!a.Contains(x)) continue;
                // Lo ≤ √x ≤ Hi, through squares
                Assert.True(r.Lo.Sign <= 0 || Q(r.Lo) * Q(r.Lo) <= x, $"√{a}: lower end {r.Lo} above √{x}");
                Assert.True(r.Hi.Sign >= 0 && Q(r.Hi) * Q(r.Hi) >= x, $"√{a}: upper end {r.Hi} below √{x}");
            }
            var lo = Q(a.Lo);
            var hi = Q(a.Hi);
            Assert.Null(RoundingViolation(c => c.Sign < 0 ? -1 : (c * c).CompareTo(lo), r.Lo, p, Down));
            Assert.Null(RoundingViolation(c => c.Sign < 0 ? -1 : (c * c).CompareTo(hi), r.Hi, p, Up));
        }, iter: 400);

    [Fact]
    public void SqrtOfAnExactSquareIsAPoint() =>
        Gen.Select(GenBigFloat(150, 2000), Gen.Int[150, 300]).Sample((m, p) =>
        {
            if (m.MantissaBits > p) throw new InvalidOperationException("generator gave too many bits");
            var sq = Interval.Point(BigFloat.MulExact(m, m), p).Sqrt();
            Assert.True(sq.IsPoint, $"√({m})² = {sq} is not a point");
            Assert.Equal(BigFloat.Abs(m), sq.Lo);
        }, iter: 300);

    [Fact]
    public void ScalarOperatorsHullIntersectAndMid() =>
        Gen.Select(GenInterval(), GenInterval(), GenBigFloat(100, 200)).Sample((sa, sb, c) =>
        {
            var (a, b) = (sa.I, sb.I);
            var qc = Q(c);
            foreach (var x in sa.Points)
            {
                AssertContains(a + c, x + qc, "a + c");
                AssertContains(c - a, qc - x, "c − a");
                AssertContains(a * c, x * qc, "a × c");
                if (!c.IsZero) AssertContains(a / c, x / qc, "a ÷ c");
                else Assert.Throws<DivideByZeroException>(() => a / c);
                AssertContains(Interval.ScaleB(a, -7), x * Pow2(-7), "ScaleB");
            }
            var hull = Interval.Hull(a, b);
            Assert.True(hull.Contains(a) && hull.Contains(b));
            Assert.True(hull.Lo == a.Lo || hull.Lo == b.Lo);
            Assert.True(hull.Hi == a.Hi || hull.Hi == b.Hi);
            bool disjoint = a.Hi < b.Lo || b.Hi < a.Lo;
            if (disjoint) Assert.Throws<ArgumentException>(() => Interval.Intersect(a, b));
            else
            {
                var meet = Interval.Intersect(a, b);
                Assert.True(a.Contains(meet) && b.Contains(meet));
                foreach (var x in sa.Points) Assert.Equal(b.Contains(x), meet.Contains(x));
            }
            Assert.True(a.Contains(a.Mid), $"Mid {a.Mid} outside {a}");
            // Mid is the exact midpoint rounded to nearest at Precision + 2 bits (Lo if that falls outside)
            var mid = RoundRef((Q(a.Lo) + Q(a.Hi)) / 2, a.Precision + 2, RoundingMode.Nearest);
            Assert.Equal(a.Contains(mid) ? mid : a.Lo, a.Mid);
            var rounded = a.RoundOutward(Math.Max(2, a.Precision / 3));
            Assert.True(rounded.Contains(a));
            Assert.True(rounded.Lo.MantissaBits <= rounded.Precision && rounded.Hi.MantissaBits <= rounded.Precision);
            Assert.True(Q(a.WidthUpper) >= Q(a.Hi) - Q(a.Lo));
        }, iter: 300);
}
