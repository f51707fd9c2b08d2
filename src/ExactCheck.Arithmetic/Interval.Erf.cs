namespace ExactCheck.Arithmetic;

public readonly partial struct Interval
{
    // ------------------------------------------------------------------ erf [arith.erf]

    /// <summary>Encloses {erf x : x ∈ x} (erf is increasing).</summary>
    public static Interval Erf(Interval x) => Monotone(x, ErfPoint, increasing: true);

    private static Interval ErfPoint(BigFloat x, int precision)
    {
        if (x.IsZero) return Zero(precision);
        int wp = precision + Guard;
        var y = BigFloat.Abs(x);
        Interval r;
        if (BigFloat.MulExact(y, y) >= new BigFloat(wp, 0) && y >= BigFloat.One)
        {
            // erfc y < e^(−y²)/(y√π) < e^(−wp) < 2^(−wp) for y ≥ 1, y² ≥ wp. [arith.erf.large]
            r = new Interval(BigFloat.Sub(BigFloat.One, new BigFloat(1, -wp), wp, RoundingMode.Down), BigFloat.One, wp);
        }
        else
        {
            // erf y = (2/√π)·e^(−y²)·Σ_{n≥0} tₙ, t₀ = y, t_{n+1} = tₙ·2y²/(2n + 3): all terms positive (no cancellation).
            // Stop at n = N ≥ y² once t_N ≤ 2^(−wp−8)·y; the tail Σ_{n≥N} tₙ ≤ t_N/(1 − q), q = 2y²/(2N + 3) < 1. [arith.erf]
            var yi = Point(y, wp);
            var y2 = yi.Square();
            var twoY2 = ScaleB(y2, 1);
            var t = yi;
            var sum = Zero(wp);
            var small = BigFloat.ScaleB(y, -wp - 8);
            double y2d = y2.Hi.ToDoubleNearest();
            int n = 0;
            while (n < y2d + 1 || t.Hi > small)
            {
                sum += t;
                t = t * twoY2 / Exact(2 * n + 3, wp);
                n++;
            }
            // n > y², so 2n + 3 − 2y² > 3: the geometric factor (2n + 3)/(2n + 3 − 2y²) is finite and ≤ (2n + 3)/3.
            var denominator = Exact(2 * n + 3, wp) - twoY2;
            var tail = t * Exact(2 * n + 3, wp) / denominator;
            sum += new Interval(BigFloat.Zero, tail.Hi, wp);
            var twoOverSqrtPi = Exact(2, wp) / Pi(wp).Sqrt();
            r = twoOverSqrtPi * Exp(-y2) * sum;
            r = Intersect(r, new Interval(BigFloat.Zero, BigFloat.One, wp));
        }
        if (x.Sign < 0) r = -r;
        return r.RoundOutward(precision);
    }
}
