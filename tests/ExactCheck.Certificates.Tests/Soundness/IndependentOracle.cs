using System.Numerics;
using ExactCheck.Arithmetic;
using ExactCheck.Arithmetic.Tests.Oracle;

namespace ExactCheck.Certificates.Tests.Soundness;

/// <summary>
/// An independent high-precision re-implementation of the Safran–Shamir objective, gradient and Hessian for the
/// soundness cross-checks of issue #7 item 3. It shares no code with the checker's model layer: the closed forms of
/// proofs/safran-shamir/formulas.md are written out again here, every transcendental (√, arccos, π) comes from GNU MPFR
/// at <see cref="Bits"/> bits (round to nearest), and everything else is exact rational arithmetic, with intermediate
/// values rounded to <see cref="Bits"/>-bit dyadics to keep them small. Its results are therefore within about
/// 2^−(Bits − 40) of the true values — far below anything the checker at ≤ 320 bits can resolve — though not
/// rigorously enclosed. The smallest eigenvalue is found by bisection with exact inertia counts (Sylvester's law on an
/// exact rational LDLᵀ), not by any floating-point eigen-solver.
/// </summary>
internal static class IndependentOracle
{
    public const int Bits = 1100;

    /// <summary>The oracle's own accuracy, used as the slack of every comparison (2^−1000).</summary>
    public static readonly Rational Slack = new(BigInteger.One, BigInteger.One << 1000);

    private static readonly Lazy<Rational> PiValue = new(() => FromMpfr(Mpfr.Pi(Bits, Mpfr.MpfrRound.Nearest)));

    public static Rational Pi => PiValue.Value;

    private static Rational FromMpfr((BigInteger Mantissa, long Exponent) r) =>
        r.Exponent >= 0 ? new Rational(r.Mantissa << (int)r.Exponent) : new Rational(r.Mantissa, BigInteger.One << (int)-r.Exponent);

    /// <summary>x rounded to a dyadic with about <see cref="Bits"/> + 64 significant bits (to nearest, ties either way).</summary>
    public static Rational Round(Rational x)
    {
        if (x.IsZero) return x;
        // scale so that |x|·2^s has about Bits + 64 bits
        long magnitude = (long)x.Numerator.GetBitLength() - (long)x.Denominator.GetBitLength();
        int s = checked((int)(Bits + 64 - magnitude));
        BigInteger scaledNum = s >= 0 ? x.Numerator << s : x.Numerator;
        BigInteger scaledDen = s >= 0 ? x.Denominator : x.Denominator << -s;
        var q = BigInteger.Divide(scaledNum * 2 + scaledDen * scaledNum.Sign, scaledDen * 2);
        return s >= 0 ? new Rational(q, BigInteger.One << s) : new Rational(q << -s);
    }

    private static Rational Mp(string function, Rational x)
    {
        var d = Round(x);
        BigInteger den = d.Denominator;
        int e = (int)den.GetBitLength() - 1; // den is a power of two
        return FromMpfr(Mpfr.Eval(function, d.Numerator, -e, Bits, Mpfr.MpfrRound.Nearest));
    }

    private static Rational Dot(Rational[] a, Rational[] b)
    {
        Rational s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static Rational[] Scale(Rational c, Rational[] a) => a.Select(x => Round(c * x)).ToArray();

    private sealed record Pair(Rational NormW, Rational NormV, Rational[] WBar, Rational[] VBar, Rational Cos, Rational Sin, Rational Theta);

    private static Pair Angle(Rational[] w, Rational[] v)
    {
        var nw = Mp("sqrt", Dot(w, w));
        var nv = Mp("sqrt", Dot(v, v));
        var wbar = Scale(1 / nw, w);
        var vbar = Scale(1 / nv, v);
        var c = Round(Dot(w, v) / (nw * nv));
        var s = Mp("sqrt", 1 - c * c);
        var theta = Mp("acos", c);
        return new Pair(nw, nv, wbar, vbar, c, s, theta);
    }

    /// <summary>f(w, v) = ‖w‖‖v‖(sin θ + (π − θ) cos θ)/(2π) (eq. 7).</summary>
    private static Rational PairKernel(Rational[] w, Rational[] v)
    {
        var p = Angle(w, v);
        return Round(p.NormW * p.NormV * (p.Sin + (Pi - p.Theta) * p.Cos) / (2 * Pi));
    }

    public static Rational[][] Identity(int k) =>
        Enumerable.Range(0, k).Select(j => Enumerable.Range(0, k).Select(p => p == j ? Rational.One : Rational.Zero).ToArray()).ToArray();

    /// <summary>F(w) (eq. 6), expanded directly from the square: ½Σᵢⱼ f(wᵢ, wⱼ) − Σᵢⱼ f(wᵢ, vⱼ) + ½Σₗⱼ f(vₗ, vⱼ).</summary>
    public static Rational Value(Rational[][] w, Rational[][] v)
    {
        Rational sum = 0;
        for (int i = 0; i < w.Length; i++)
        for (int j = 0; j < w.Length; j++)
            sum += (i == j ? Dot(w[i], w[i]) / 2 : PairKernel(w[i], w[j])) / 2;
        for (int i = 0; i < w.Length; i++)
        foreach (var vj in v)
            sum -= PairKernel(w[i], vj);
        for (int l = 0; l < v.Length; l++)
        for (int j = 0; j < v.Length; j++)
            sum += (l == j ? Dot(v[l], v[l]) / 2 : PairKernel(v[l], v[j])) / 2;
        return sum;
    }

    /// <summary>g(w, v) = (‖v‖ sin θ w̄ + (π − θ) v)/(2π) (eq. 8).</summary>
    private static Rational[] G(Rational[] w, Rational[] v)
    {
        var p = Angle(w, v);
        return w.Select((_, a) => Round((p.NormV * p.Sin * p.WBar[a] + (Pi - p.Theta) * v[a]) / (2 * Pi))).ToArray();
    }

    public static Rational[] Gradient(Rational[][] w, Rational[][] v)
    {
        int n = w.Length, k = w[0].Length;
        var grad = new Rational[n * k];
        for (int i = 0; i < n; i++)
        {
            var gi = w[i].Select(x => x / 2).ToArray();
            for (int j = 0; j < n; j++)
                if (j != i) gi = gi.Zip(G(w[i], w[j]), (x, y) => x + y).ToArray();
            foreach (var vj in v) gi = gi.Zip(G(w[i], vj), (x, y) => x - y).ToArray();
            for (int a = 0; a < k; a++) grad[i * k + a] = gi[a];
        }
        return grad;
    }

    /// <summary>h1(w, v) = (‖v‖ sin θ/(2π‖w‖))(I − w̄w̄ᵀ + n̄n̄ᵀ), n̄ = (v̄ − cos θ w̄)/sin θ.</summary>
    private static Rational[,] H1(Rational[] w, Rational[] v)
    {
        var p = Angle(w, v);
        int k = w.Length;
        var nbar = Enumerable.Range(0, k).Select(a => Round((p.VBar[a] - p.Cos * p.WBar[a]) / p.Sin)).ToArray();
        var scale = Round(p.NormV * p.Sin / (2 * Pi * p.NormW));
        var h = new Rational[k, k];
        for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++)
            h[a, b] = Round(scale * ((a == b ? 1 : 0) - p.WBar[a] * p.WBar[b] + nbar[a] * nbar[b]));
        return h;
    }

    /// <summary>h2(w, v) = ((π − θ)I + w̄ n̄_{v,w}ᵀ + v̄ n̄_{w,v}ᵀ)/(2π); rows index w, columns v.</summary>
    private static Rational[,] H2(Rational[] w, Rational[] v)
    {
        var p = Angle(w, v);
        int k = w.Length;
        var nvw = Enumerable.Range(0, k).Select(a => Round((p.VBar[a] - p.Cos * p.WBar[a]) / p.Sin)).ToArray();
        var nwv = Enumerable.Range(0, k).Select(a => Round((p.WBar[a] - p.Cos * p.VBar[a]) / p.Sin)).ToArray();
        var h = new Rational[k, k];
        for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++)
            h[a, b] = Round(((a == b ? Pi - p.Theta : 0) + p.WBar[a] * nvw[b] + p.VBar[a] * nwv[b]) / (2 * Pi));
        return h;
    }

    public static Rational[,] Hessian(Rational[][] w, Rational[][] v)
    {
        int n = w.Length, k = w[0].Length;
        var h = new Rational[n * k, n * k];
        for (int r = 0; r < n * k; r++)
        for (int c = 0; c < n * k; c++)
            h[r, c] = Rational.Zero;
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < k; a++) h[i * k + a, i * k + a] += new Rational(1, 2);
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                var h1 = H1(w[i], w[j]);
                var h2 = H2(w[i], w[j]);
                for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++)
                {
                    h[i * k + a, i * k + b] += h1[a, b];
                    h[i * k + a, j * k + b] = h2[a, b];
                }
            }
            foreach (var vj in v)
            {
                var h1 = H1(w[i], vj);
                for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++)
                    h[i * k + a, i * k + b] -= h1[a, b];
            }
        }
        return h;
    }

    /// <summary>Fixed-point scale of the inertia test: entries are rounded to multiples of 2^−InertiaBits.</summary>
    public const int InertiaBits = 320;

    /// <summary>
    /// The number of eigenvalues below <paramref name="sigma"/> of <paramref name="h"/> with every entry rounded to a
    /// multiple of 2^−<see cref="InertiaBits"/> (moving each eigenvalue by at most d·2^−321), decided exactly: Bareiss'
    /// fraction-free elimination on the integer matrix 2^InertiaBits·(h − σI) gives its leading principal minors D₁..D_d,
    /// the LDLᵀ pivots are D_p/D_{p−1}, and by Sylvester's law of inertia the count of negative pivots is the count of
    /// negative eigenvalues. Null when a minor is zero (σ is then, up to rounding, an eigenvalue of a leading block).
    /// </summary>
    public static int? EigenvaluesBelow(Rational[,] h, Rational sigma)
    {
        int d = h.GetLength(0);
        var m = new BigInteger[d, d];
        for (int r = 0; r < d; r++)
        for (int c = 0; c < d; c++)
        {
            var x = (h[r, c] - (r == c ? sigma : Rational.Zero)) * new Rational(BigInteger.One << InertiaBits);
            m[r, c] = BigInteger.Divide(x.Numerator * 2 + x.Denominator * x.Numerator.Sign, x.Denominator * 2);
        }
        for (int r = 0; r < d; r++)
        for (int c = 0; c < r; c++)
            m[r, c] = m[c, r]; // exactly symmetric
        int negative = 0;
        BigInteger previous = BigInteger.One;
        for (int p = 0; p < d; p++)
        {
            var minor = m[p, p];
            if (minor.IsZero) return null;
            if (minor.Sign != previous.Sign) negative++;
            for (int r = p + 1; r < d; r++)
            for (int c = p + 1; c < d; c++)
                m[r, c] = (m[r, c] * minor - m[r, p] * m[p, c]) / previous; // exact (Bareiss)
            previous = minor;
        }
        return negative;
    }

    /// <summary>λmin(h) to within <paramref name="width"/> by bisection on exact inertia, starting from [lo, hi].</summary>
    public static (Rational Lower, Rational Upper) LambdaMin(Rational[,] h, Rational lo, Rational hi, Rational width)
    {
        if (EigenvaluesBelow(h, lo) != 0) throw new InvalidOperationException("the bracket's lower end is not below λmin");
        if (EigenvaluesBelow(h, hi) is not >= 1) throw new InvalidOperationException("the bracket's upper end is not above λmin");
        while (hi - lo > width)
        {
            var mid = Round((lo + hi) / 2);
            var below = EigenvaluesBelow(h, mid) ?? EigenvaluesBelow(h, mid + Slack);
            if (below is null) throw new InvalidOperationException("zero pivots twice");
            if (below == 0) lo = mid; else hi = mid;
        }
        return (lo, hi);
    }
}
