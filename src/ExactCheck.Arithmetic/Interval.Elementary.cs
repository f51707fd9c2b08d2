using System.Numerics;

namespace ExactCheck.Arithmetic;

// Elementary functions of intervals. Pattern for every function f:
//   1. the interval version uses monotonicity (or the location of extrema, for sin/cos) to reduce to point arguments;
//   2. the point version reduces the argument by an exact identity, evaluates a truncated Taylor/atanh series in
//      interval arithmetic at a working precision wp = precision + Guard (every operation rounds outward), adds the
//      proved truncation remainder as [−R, R], undoes the reduction in interval arithmetic, and rounds the result
//      outward to the requested precision.
// Soundness therefore rests on (a) the interval operations of Interval.cs, (b) the reduction identities and
// (c) the remainder bounds; all three are in proofs/arithmetic.md under the labels cited below. The choices of
// reduction counts and series lengths use doubles: they only affect tightness, never containment.
public readonly partial struct Interval
{
    /// <summary>Extra working bits above the requested precision.</summary>
    private const int Guard = 32;

    /// <summary>Above |x| ≥ 2^SinCosMaxMsb sin and cos return [−1, 1] (sound, not tight).</summary>
    private const long SinCosMaxMsb = 1 << 16;

    /// <summary>An enclosure of π of width ≤ 2 ulps. [arith.pi]</summary>
    public static Interval Pi(int precision) => Constants.Pi(precision);

    // ------------------------------------------------------------------ shared helpers

    private static Interval Monotone(Interval x, Func<BigFloat, int, Interval> f, bool increasing)
    {
        int p = x.Precision;
        if (x.IsPoint) return f(x.Lo, p);
        var a = f(x.Lo, p);
        var b = f(x.Hi, p);
        return increasing ? new Interval(a.Lo, b.Hi, p) : new Interval(b.Lo, a.Hi, p);
    }

    /// <summary>The symmetric interval [−R, R].</summary>
    private static Interval PlusMinus(BigFloat r, int p) => new(-r, r, p);

    private static Interval Exact(long v, int p) => Point(new BigFloat(v, 0), p);

    /// <summary>A double estimate of log2(x) for x &gt; 0 (for choosing series lengths only).</summary>
    private static double Log2Estimate(BigFloat x)
    {
        long msb = x.Msb;
        var top = BigFloat.Round(x, 53, RoundingMode.Nearest);
        return msb + Math.Log2(Math.ScaleB((double)BigInteger.Abs(top.Mantissa), (int)(top.Exponent - msb)));
    }

    /// <summary>Upper bound of ρ^n / d for ρ ≥ 0 (every step rounded up). [arith.remainder]</summary>
    private static BigFloat PowOverUpper(BigFloat rho, int n, BigInteger d, int p) =>
        (Point(rho, p).Pow(n) / Point(new BigFloat(d, 0), p)).Hi;

    private static int SqrtCount(int wp, double factor) => (int)Math.Ceiling(factor * Math.Sqrt(wp));

    // ------------------------------------------------------------------ exp [arith.exp]

    /// <summary>Encloses {eˣ : x ∈ x}. Throws <see cref="OverflowException"/> for x ≥ 2^30.</summary>
    public static Interval Exp(Interval x) => Monotone(x, ExpPoint, increasing: true);

    private static Interval ExpPoint(BigFloat x, int precision)
    {
        if (x.IsZero) return One(precision);
        return ExpCore(x, precision + Guard).RoundOutward(precision);
    }

    /// <summary>e^x at working precision wp, not yet rounded to the caller's precision. [arith.exp]</summary>
    private static Interval ExpCore(BigFloat x, int wp)
    {
        if (x.Msb >= 30)
        {
            if (x.Sign > 0) throw new OverflowException($"exp of {x.ToDoubleNearest():G6} exceeds the BigFloat exponent range.");
            // e^x ≤ e^(−2^30) < 2^(−2^30). [arith.exp.tiny]
            return new Interval(BigFloat.Zero, new BigFloat(1, -(1L << 30)), wp);
        }
        // Reduction e^x = 2^k · (e^(r/2^s))^(2^s), r = x − k·ln 2; k is any integer (chosen so |r| ≲ 0.35).
        long k = (long)Math.Round(x.ToDoubleNearest() / 0.69314718055994531);
        int kBits = (int)BigInteger.Abs(k).GetBitLength();
        int s = SqrtCount(wp, 0.5);
        int wr = wp + kBits + 8;
        var r = Point(x, wr) - Constants.Ln2(wr) * new BigFloat(k, 0);
        int w = wp + s + 8; // squaring s times multiplies the relative width by about 2^s
        var a = ScaleB(r.WithPrecision(w), -s);
        var t = ExpTaylor(a, w, fromTerm: 0);
        for (int i = 0; i < s; i++) t = t.Square();
        return ScaleB(t, k);
    }

    /// <summary>
    /// Σ_{j ≥ fromTerm} a^j/j! for |a| ≤ 1 (fromTerm 0: eᵃ; 1: eᵃ − 1), as a truncated Horner sum plus the
    /// remainder Σ_{j≥N} |a|^j/j! ≤ ρ^N/N! · 1/(1 − ρ/(N+1)). [arith.exp.series]
    /// </summary>
    private static Interval ExpTaylor(Interval a, int w, int fromTerm)
    {
        var rho = a.Mag;
        if (rho.IsZero) return fromTerm == 0 ? One(w) : Zero(w);
        if (rho > BigFloat.One) throw new InvalidOperationException("ExpTaylor needs |a| ≤ 1.");
        double log2Rho = Log2Estimate(rho);
        int n = 2;
        double log2Fact = 1; // log2(n!)
        // Relative accuracy: for fromTerm = 1 the sum is ≈ a, so the remainder must be small relative to ρ.
        double target = -(w + 4) + (fromTerm == 1 ? log2Rho : 0);
        while (n * log2Rho - log2Fact > target) { n++; log2Fact += Math.Log2(n); }
        // Horner: 1 + a/1·(1 + a/2·(… (1 + a/(n−1)))) encloses Σ_{j<n} a^j/j!; for fromTerm 1 start one level in.
        var one = One(w);
        var sum = one;
        for (int j = n - 1; j >= 1 + fromTerm; j--) sum = one + a * sum / new BigFloat(j, 0);
        if (fromTerm == 1) sum = a * sum;
        var rem = PowOverUpper(rho, n, Factorial(n), w);
        var tail = Point(rem, w) / (one - Point(rho, w) / new BigFloat(n + 1, 0));
        return sum + PlusMinus(tail.Hi, w);
    }

    /// <summary>eˣ − 1 for |x| ≤ 1, with relative accuracy near 0: halve s times, then expm1(2y) = expm1(y)·(expm1(y) + 2). [arith.expm1]</summary>
    private static Interval Expm1Core(Interval x, int wp)
    {
        int s = SqrtCount(wp, 0.5);
        int w = wp + s + 8;
        var e = ExpTaylor(ScaleB(x.WithPrecision(w), -s), w, fromTerm: 1);
        var two = Exact(2, w);
        for (int i = 0; i < s; i++) e = e * (e + two);
        return e;
    }

    // ------------------------------------------------------------------ log [arith.log]

    /// <summary>Encloses {ln x : x ∈ x}; throws <see cref="ArgumentOutOfRangeException"/> unless x &gt; 0.</summary>
    public static Interval Log(Interval x)
    {
        if (x.Lo.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(x), $"log of an interval not inside (0, ∞): {x.ToDecimalString()}");
        return Monotone(x, LogPoint, increasing: true);
    }

    private static Interval LogPoint(BigFloat x, int precision)
    {
        if (x == BigFloat.One) return Zero(precision);
        int wp = precision + Guard;
        // x = 2^k · y with y ∈ [1/√2, √2): log x = k·ln 2 + 2·atanh((y − 1)/(y + 1)). [arith.log]
        long k = x.Msb;
        var y = BigFloat.ScaleB(x, -k);
        if (BigFloat.MulExact(y, y) >= new BigFloat(2, 0)) { y = BigFloat.ScaleB(y, -1); k++; }
        var result = Zero(wp);
        if (y != BigFloat.One)
        {
            var yi = Point(y, wp);
            var t = (yi - BigFloat.One) / (yi + BigFloat.One);
            result = ScaleB(AtanhSeries(t, wp), 1);
        }
        if (k != 0)
        {
            int wk = wp + (int)BigInteger.Abs(k).GetBitLength() + 4;
            result = Constants.Ln2(wk) * new BigFloat(k, 0) + result;
        }
        return result.RoundOutward(precision);
    }

    /// <summary>
    /// atanh t = Σ t^(2j+1)/(2j+1) for |t| ≤ ρ &lt; 1; remainder after N terms ≤ ρ^(2N+1)/((2N+1)(1 − ρ²)). [arith.atanh]
    /// </summary>
    private static Interval AtanhSeries(Interval t, int w)
    {
        var rho = t.Mag;
        if (rho >= BigFloat.One) throw new InvalidOperationException("AtanhSeries needs |t| < 1.");
        int n = SeriesTerms(rho, w);
        var u = t.Square();
        var sum = FromRational(new Rational(1, 2 * n - 1), w);
        for (int j = n - 2; j >= 0; j--) sum = FromRational(new Rational(1, 2 * j + 1), w) + u * sum;
        var rhoI = Point(rho, w);
        var tail = Point(PowOverUpper(rho, 2 * n + 1, 2 * n + 1, w), w) / (One(w) - rhoI.Square());
        return t * sum + PlusMinus(tail.Hi, w);
    }

    /// <summary>N with ρ^(2N) ≤ 2^−(w+4) (series in t² whose value is ≈ t): relative accuracy.</summary>
    private static int SeriesTerms(BigFloat rho, int w)
    {
        double l = -Log2Estimate(rho);
        return Math.Max(1, (int)Math.Ceiling((w + 4) / (2 * l)));
    }

    // ------------------------------------------------------------------ atan, asin, acos [arith.atan]

    /// <summary>Encloses {arctan x : x ∈ x}.</summary>
    public static Interval Atan(Interval x) => Monotone(x, AtanPoint, increasing: true);

    private static Interval AtanPoint(BigFloat x, int precision)
    {
        if (x.IsZero) return Zero(precision);
        int wp = precision + Guard;
        return AtanCore(Point(x, wp), wp).RoundOutward(precision);
    }

    /// <summary>
    /// arctan on an (narrow) interval y at working precision wp: s halvings y ← y/(1 + √(1 + y²)) (exact identity
    /// arctan y = 2·arctan(y/(1 + √(1 + y²)))), then the alternating series Σ (−1)^j y^(2j+1)/(2j+1) whose
    /// remainder is ≤ ρ^(2N+1)/(2N+1) for ρ ≤ 1, then ×2^s. [arith.atan]
    /// </summary>
    private static Interval AtanCore(Interval y, int wp)
    {
        var mag = y.Mag;
        if (mag.IsZero) return Zero(wp);
        int s0 = SqrtCount(wp, 0.46);
        long m = mag.Msb;
        int s = m >= 0 ? s0 + 2 : (int)Math.Max(0, s0 + m + 1);
        int w = wp + 8;
        y = y.WithPrecision(w);
        var one = One(w);
        for (int i = 0; i < s; i++) y = y / (one + (one + y.Square()).Sqrt());
        var rho = y.Mag;
        if (rho > BigFloat.One) throw new InvalidOperationException("AtanCore: reduced argument above 1.");
        int n = rho == BigFloat.One ? w + 4 : SeriesTerms(rho, w);
        var u = y.Square();
        var sum = FromRational(new Rational((n - 1) % 2 == 0 ? 1 : -1, 2 * n - 1), w);
        for (int j = n - 2; j >= 0; j--) sum = FromRational(new Rational(j % 2 == 0 ? 1 : -1, 2 * j + 1), w) + u * sum;
        var tail = PowOverUpper(rho, 2 * n + 1, 2 * n + 1, w);
        return ScaleB(y * sum + PlusMinus(tail, w), s);
    }

    /// <summary>Encloses {arcsin x : x ∈ x}; throws unless x ⊂ [−1, 1].</summary>
    public static Interval Asin(Interval x)
    {
        CheckUnitDomain(x, "arcsin");
        return Monotone(x, AsinPoint, increasing: true);
    }

    /// <summary>arcsin x = 2·arctan(x / (1 + √((1 − x)(1 + x)))) for |x| ≤ 1. [arith.asin]</summary>
    private static Interval AsinPoint(BigFloat x, int precision)
    {
        if (x.IsZero) return Zero(precision);
        int wp = precision + Guard;
        var xi = Point(x, wp);
        var one = One(wp);
        var u = (one - xi) * (one + xi); // 1 − x² with no cancellation: each factor is correctly rounded
        var z = xi / (one + u.Sqrt());
        return ScaleB(AtanCore(z, wp), 1).RoundOutward(precision);
    }

    /// <summary>Encloses {arccos x : x ∈ x}; throws unless x ⊂ [−1, 1].</summary>
    public static Interval Acos(Interval x)
    {
        CheckUnitDomain(x, "arccos");
        return Monotone(x, AcosPoint, increasing: false);
    }

    /// <summary>arccos x = 2·arctan(√((1 − x)/(1 + x))) for −1 &lt; x ≤ 1; arccos(−1) = π. [arith.acos]</summary>
    private static Interval AcosPoint(BigFloat x, int precision)
    {
        if (x == BigFloat.One) return Zero(precision);
        if (x == -BigFloat.One) return Pi(precision);
        int wp = precision + Guard;
        var xi = Point(x, wp);
        var one = One(wp);
        var v = ((one - xi) / (one + xi)).Sqrt();
        var r = ScaleB(AtanCore(v, wp), 1);
        // arccos x ≥ 0: intersecting with [0, ∞) is sound and keeps the lower end meaningful.
        if (r.Lo.Sign < 0) r = new Interval(BigFloat.Zero, r.Hi, r.Precision);
        return r.RoundOutward(precision);
    }

    private static void CheckUnitDomain(Interval x, string name)
    {
        if (x.Lo < -BigFloat.One || x.Hi > BigFloat.One)
            throw new ArgumentOutOfRangeException(nameof(x), $"{name} of an interval not inside [−1, 1]: {x.ToDecimalString()}");
    }

    // ------------------------------------------------------------------ sin, cos [arith.sincos]

    /// <summary>Encloses {sin x : x ∈ x}, including the value ±1 when a maximum/minimum may lie inside.</summary>
    public static Interval Sin(Interval x) => Trig(x, isSin: true);

    /// <summary>Encloses {cos x : x ∈ x}, including the value ±1 when a maximum/minimum may lie inside.</summary>
    public static Interval Cos(Interval x) => Trig(x, isSin: false);

    private static Interval Trig(Interval x, bool isSin)
    {
        int p = x.Precision;
        Interval Pt(BigFloat v) { var (s, c) = SinCosPoint(v, p); return isSin ? s : c; }
        if (x.IsPoint) return Pt(x.Lo);
        var unit = new Interval(-BigFloat.One, BigFloat.One, p);
        var twoPiLo = BigFloat.ScaleB(Constants.PiLower(p), 1);
        // A whole period: [−1, 1]. (Returning [−1, 1] is always sound; this test only saves work.) [arith.sincos.range]
        if (BigFloat.Sub(x.Hi, x.Lo, p, RoundingMode.Down) >= twoPiLo) return unit;
        var a = Pt(x.Lo);
        var b = Pt(x.Hi);
        var lo = BigFloat.Min(a.Lo, b.Lo);
        var hi = BigFloat.Max(a.Hi, b.Hi);
        // Extrema at 2π(j + offset): sin max 1/4, min 3/4; cos max 0, min 1/2. If none can lie in x, f is monotone on x.
        if (MayContain(x, isSin ? new Rational(1, 4) : Rational.Zero)) hi = BigFloat.One;
        if (MayContain(x, isSin ? new Rational(3, 4) : new Rational(1, 2))) lo = -BigFloat.One;
        return new Interval(lo, hi, p);
    }

    /// <summary>
    /// Conservative test: false only if no integer j has x.Lo ≤ 2π(j + offset) ≤ x.Hi. [arith.sincos.range]
    /// </summary>
    private static bool MayContain(Interval x, Rational offset)
    {
        long scale = Math.Max(Math.Max(x.Lo.IsZero ? 0 : x.Lo.Msb, x.Hi.IsZero ? 0 : x.Hi.Msb), 0);
        int w = x.Precision + (int)Math.Min(scale, SinCosMaxMsb) + 16;
        var twoPi = ScaleB(Constants.Pi(w), 1);
        var off = FromRational(offset, w);
        var l = Point(x.Lo, w) / twoPi - off;
        var u = Point(x.Hi, w) / twoPi - off;
        return l.Lo.ToRational().Ceiling() <= u.Hi.ToRational().Floor();
    }

    /// <summary>sin x and cos x for a point x. [arith.sincos]</summary>
    private static (Interval Sin, Interval Cos) SinCosPoint(BigFloat x, int precision)
    {
        if (x.IsZero) return (Zero(precision), One(precision));
        var unit = new Interval(-BigFloat.One, BigFloat.One, precision);
        if (x.Msb >= SinCosMaxMsb) return (unit, unit);
        int wp = precision + Guard;
        // r = x − k·π/2 with k = round(x/(π/2)); raise π's precision until r is known to ~wp relative bits
        // (x close to a multiple of π/2 cancels). Any k is sound; the loop only buys tightness.
        long extra = 0;
        BigInteger k;
        Interval r;
        long cap = 4L * (wp + x.MantissaBits + Math.Abs(x.Msb)) + 256;
        while (true)
        {
            int pr = checked((int)(wp + Math.Max(0, x.Msb + 1) + extra + 8));
            var halfPi = ScaleB(Constants.Pi(pr), -1);
            var q = Point(x, pr) / halfPi;
            k = (q.Lo.ToRational() + new Rational(1, 2)).Floor();
            r = Point(x, pr) - halfPi * new BigFloat(k, 0);
            bool relativeOk = !r.ContainsZero &&
                BigFloat.ScaleB(r.WidthUpper, wp) <= r.Mig;
            if (relativeOk || extra > cap) break;
            extra = 2 * extra + 64;
        }
        int s = SqrtCount(wp, 0.5);
        int w = wp + 2 * s + 8;
        var a = ScaleB(r.WithPrecision(w), -s);
        var (sinA, cosA) = SinCosTaylor(a, w);
        var one = One(w);
        var two = Exact(2, w);
        for (int i = 0; i < s; i++)
        {
            var c2 = one - two * sinA.Square(); // cos 2a = 1 − 2 sin² a
            sinA = two * sinA * cosA;           // sin 2a = 2 sin a cos a
            cosA = c2;
        }
        var quadrant = (int)(((k % 4) + 4) % 4);
        var (sinX, cosX) = quadrant switch
        {
            0 => (sinA, cosA),
            1 => (cosA, -sinA),
            2 => (-sinA, -cosA),
            _ => (-cosA, sinA),
        };
        var u = new Interval(-BigFloat.One, BigFloat.One, w);
        return (Intersect(sinX, u).RoundOutward(precision), Intersect(cosX, u).RoundOutward(precision));
    }

    /// <summary>
    /// sin a and cos a for |a| ≤ 1 by their alternating Taylor series; remainders ≤ ρ^(2N+1)/(2N+1)! and
    /// ρ^(2N)/(2N)!. [arith.sincos.series]
    /// </summary>
    private static (Interval Sin, Interval Cos) SinCosTaylor(Interval a, int w)
    {
        var rho = a.Mag;
        if (rho > BigFloat.One) throw new InvalidOperationException("SinCosTaylor needs |a| ≤ 1.");
        var one = One(w);
        if (rho.IsZero) return (Zero(w), one);
        double log2Rho = Log2Estimate(rho);
        int n = 1;
        double log2Fact = 1; // log2((2n)!)
        while (2 * n * log2Rho - log2Fact > -(w + 4)) { n++; log2Fact += Math.Log2(2 * n - 1) + Math.Log2(2 * n); }
        var u = a.Square();
        // sin a = a(1 − u/(2·3)(1 − u/(4·5)(…))), cos a = 1 − u/(1·2)(1 − u/(3·4)(…)), n terms each.
        var s = one;
        var c = one;
        for (int j = n - 1; j >= 1; j--)
        {
            s = one - u * s / new BigFloat((long)(2 * j) * (2 * j + 1), 0);
            c = one - u * c / new BigFloat((long)(2 * j - 1) * (2 * j), 0);
        }
        s = a * s + PlusMinus(PowOverUpper(rho, 2 * n + 1, Factorial(2 * n + 1), w), w);
        c = c + PlusMinus(PowOverUpper(rho, 2 * n, Factorial(2 * n), w), w);
        return (s, c);
    }

    // ------------------------------------------------------------------ tanh [arith.tanh]

    /// <summary>Encloses {tanh x : x ∈ x}.</summary>
    public static Interval Tanh(Interval x) => Monotone(x, TanhPoint, increasing: true);

    private static Interval TanhPoint(BigFloat x, int precision)
    {
        if (x.IsZero) return Zero(precision);
        int wp = precision + Guard;
        var ax = BigFloat.Abs(x);
        Interval t;
        var one = One(wp);
        if (ax >= new BigFloat(wp, 0))
        {
            // 1 − tanh|x| = 2/(e^(2|x|) + 1) < 2e^(−2|x|) ≤ 2^(−wp) once |x| ≥ wp. [arith.tanh.large]
            t = new Interval(BigFloat.Sub(BigFloat.One, new BigFloat(1, -wp), wp, RoundingMode.Down), BigFloat.One, wp);
        }
        else if (ax < new BigFloat(1, -1))
        {
            // tanh y = expm1(2y)/(expm1(2y) + 2), no cancellation for small y. [arith.tanh]
            var e = Expm1Core(Point(BigFloat.ScaleB(ax, 1), wp), wp);
            t = e / (e + Exact(2, wp));
        }
        else
        {
            var e = ExpCore(BigFloat.ScaleB(ax, 1), wp);
            t = one - Exact(2, wp) / (e + one); // tanh y = 1 − 2/(e^(2y) + 1) ≥ 0.46 here
        }
        t = Intersect(t, new Interval(BigFloat.Zero, BigFloat.One, wp));
        if (x.Sign < 0) t = -t;
        return t.RoundOutward(precision);
    }
}
