namespace ExactCheck.Arithmetic;

/// <summary>
/// TRUSTED. A closed interval [Lo, Hi] of finite <c>double</c>s with outward rounding, for the hot loops where
/// 53 bits are enough (the Safran–Shamir Hessian on a ball). Each operation computes its ends in IEEE 754
/// round-to-nearest (the only mode .NET offers) and then steps one ulp outward with <see cref="Math.BitDecrement"/> /
/// <see cref="Math.BitIncrement"/>: a correctly rounded-to-nearest result r of an exact value x satisfies
/// pred(r) ≤ x ≤ succ(r) in every range (normal, subnormal, zero), so the stepped ends enclose the exact image.
/// Only +, −, ×, ÷ and √ are used — the operations IEEE 754 requires to be correctly rounded (never Math.Acos etc.,
/// never fused multiply-add). Results that are not finite throw <see cref="OverflowException"/> (a derivation that
/// hits one fails; it never yields a verdict). Derivation: proofs/arithmetic.md [arith.double-interval].
/// </summary>
public readonly struct DoubleInterval
{
    public double Lo { get; }
    public double Hi { get; }

    /// <summary>[lo, hi]; both finite, lo ≤ hi (asserted).</summary>
    public DoubleInterval(double lo, double hi)
    {
        if (!(lo <= hi) || !double.IsFinite(lo) || !double.IsFinite(hi))
            throw new OverflowException($"DoubleInterval [{lo}, {hi}] is not a finite interval.");
        Lo = lo;
        Hi = hi;
    }

    private DoubleInterval(double lo, double hi, bool _) { Lo = lo; Hi = hi; }

    /// <summary>The exact point [x, x].</summary>
    public static DoubleInterval Point(double x) => new(x, x);

    public static DoubleInterval Zero => new(0, 0, true);
    public static DoubleInterval One => new(1, 1, true);

    /// <summary>
    /// The smallest double interval containing the big-float interval: Lo rounded down, Hi rounded up (one rounding
    /// each, <see cref="ToDoubleDown"/>, <see cref="ToDoubleUp"/>).
    /// </summary>
    public static DoubleInterval FromInterval(Interval x) => new(ToDoubleDown(x.Lo), ToDoubleUp(x.Hi));

    /// <summary>The same bounds as a big-float interval (exact: every double is a dyadic).</summary>
    public Interval ToInterval(int precision) => new(BigFloat.FromDouble(Lo), BigFloat.FromDouble(Hi), precision);

    /// <summary>The largest double ≤ x (x rounded toward −∞ to 53 bits; throws if that is not a finite double).</summary>
    public static double ToDoubleDown(BigFloat x) => ToDoubleDirected(x, RoundingMode.Down);

    /// <summary>The smallest double ≥ x (x rounded toward +∞; throws if that is not a finite double).</summary>
    public static double ToDoubleUp(BigFloat x) => ToDoubleDirected(x, RoundingMode.Up);

    private static double ToDoubleDirected(BigFloat x, RoundingMode mode)
    {
        if (x.IsZero) return 0.0;
        if (x.Msb > 1000) throw new OverflowException($"{x} is outside the double range.");
        if (x.Msb < -1000)
        {
            // Far below every normal double: bound by 0 on one side and ±2^-1000 on the other (both doubles).
            double tiny = Math.ScaleB(1.0, -1000);
            return (x.Sign > 0) == (mode == RoundingMode.Up) ? (x.Sign > 0 ? tiny : -tiny) : 0.0;
        }
        // 53-bit rounding in the given direction; the result m·2^e with |m| < 2^53 and −1054 ≤ e is a normal double
        // (Msb ≥ −1000), so the conversion below is exact.
        var r = BigFloat.Round(x, 53, mode);
        return Math.ScaleB((double)r.Mantissa, checked((int)r.Exponent));
    }

    // ------------------------------------------------------------------ arithmetic [arith.double-interval]

    private static double Down(double r) => Math.BitDecrement(r);
    private static double Up(double r) => Math.BitIncrement(r);

    private static DoubleInterval Make(double lo, double hi)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) throw new OverflowException("DoubleInterval overflow.");
        return new DoubleInterval(lo, hi, true);
    }

    public static DoubleInterval operator -(DoubleInterval a) => new(-a.Hi, -a.Lo, true);

    // lo: fl(a.Lo + b.Lo) stepped down ≤ the exact sum; hi likewise up.
    public static DoubleInterval operator +(DoubleInterval a, DoubleInterval b) => Make(Down(a.Lo + b.Lo), Up(a.Hi + b.Hi));

    public static DoubleInterval operator -(DoubleInterval a, DoubleInterval b) => Make(Down(a.Lo - b.Hi), Up(a.Hi - b.Lo));

    /// <summary>Product: min and max of the four rounded end products, stepped outward (pred/succ are monotone).</summary>
    public static DoubleInterval operator *(DoubleInterval a, DoubleInterval b)
    {
        double p1 = a.Lo * b.Lo, p2 = a.Lo * b.Hi, p3 = a.Hi * b.Lo, p4 = a.Hi * b.Hi;
        return Make(Down(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4))), Up(Math.Max(Math.Max(p1, p2), Math.Max(p3, p4))));
    }

    /// <summary>Quotient; throws <see cref="DivideByZeroException"/> when the divisor contains 0.</summary>
    public static DoubleInterval operator /(DoubleInterval a, DoubleInterval b)
    {
        if (b.Lo <= 0 && b.Hi >= 0) throw new DivideByZeroException($"DoubleInterval division: the divisor [{b.Lo}, {b.Hi}] contains 0.");
        double q1 = a.Lo / b.Lo, q2 = a.Lo / b.Hi, q3 = a.Hi / b.Lo, q4 = a.Hi / b.Hi;
        return Make(Down(Math.Min(Math.Min(q1, q2), Math.Min(q3, q4))), Up(Math.Max(Math.Max(q1, q2), Math.Max(q3, q4))));
    }

    /// <summary>{x² : x ∈ a}.</summary>
    public DoubleInterval Square()
    {
        if (Lo >= 0) return Make(Math.Max(0, Down(Lo * Lo)), Up(Hi * Hi));
        if (Hi <= 0) return Make(Math.Max(0, Down(Hi * Hi)), Up(Lo * Lo));
        double m = Math.Max(-Lo, Hi);
        return Make(0, Up(m * m));
    }

    /// <summary>√ on [Lo, Hi] ⊂ [0, ∞): IEEE √ is correctly rounded, so the stepped ends enclose; a stepped-down end below 0 becomes 0.</summary>
    public DoubleInterval Sqrt()
    {
        if (Lo < 0) throw new ArgumentOutOfRangeException(nameof(Lo), $"square root of [{Lo}, {Hi}]");
        return Make(Math.Max(0, Down(Math.Sqrt(Lo))), Up(Math.Sqrt(Hi)));
    }

    /// <summary>Exact a·2^k for |k| small enough that no end leaves the normal range (checked).</summary>
    public static DoubleInterval ScaleB(DoubleInterval a, int k)
    {
        double lo = Math.ScaleB(a.Lo, k), hi = Math.ScaleB(a.Hi, k);
        // Exact unless the result over- or underflows: check by scaling back.
        if (Math.ScaleB(lo, -k) != a.Lo || Math.ScaleB(hi, -k) != a.Hi) throw new OverflowException("DoubleInterval.ScaleB left the exact range.");
        return Make(lo, hi);
    }

    public static DoubleInterval Intersect(DoubleInterval a, DoubleInterval b)
    {
        double lo = Math.Max(a.Lo, b.Lo), hi = Math.Min(a.Hi, b.Hi);
        if (lo > hi) throw new ArgumentException($"Disjoint intervals [{a.Lo}, {a.Hi}] and [{b.Lo}, {b.Hi}].");
        return new DoubleInterval(lo, hi, true);
    }

    public bool IsPositive => Lo > 0;
    public bool ContainsZero => Lo <= 0 && Hi >= 0;

    /// <summary>max |x| over the interval (exact).</summary>
    public double Mag => Math.Max(Math.Abs(Lo), Math.Abs(Hi));

    public override string ToString() => FormattableString.Invariant($"[{Lo:R}, {Hi:R}]");
}
