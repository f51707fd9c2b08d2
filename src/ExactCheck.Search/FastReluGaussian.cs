using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ExactCheck.Search;

/// <summary>
/// The Safran–Shamir objective F and its gradient for identity targets (vⱼ = eⱼ, m = k), in <c>double</c> with
/// <see cref="Vector256{T}"/> arithmetic: the inner loop of <see cref="GradientDescentSearch"/>. UNTRUSTED producer
/// code, like <see cref="Models.ReluGaussianDouble"/> (the reference it is tested against): it only moves the GD
/// iterate; the run's reported F, gradient norm and λmin are recomputed with the reference model.
/// <para>
/// Same formulas as the reference ([ss.F], [ss.grad], [ss.angle] in proofs/safran-shamir/formulas.md), reorganised:
/// ∂F/∂wᵢ = (½ + αᵢ/(2π‖wᵢ‖))·wᵢ + Σ_{j≠i} Pᵢⱼ wⱼ − (P^T_{i1}, …, P^T_{ik}) with Pᵢⱼ = (π − θᵢⱼ)/(2π) between
/// neurons, P^T_{ip} = (π − θ(wᵢ, e_p))/(2π) to the targets, and αᵢ = Σ_{j≠i} ‖wⱼ‖ sin θᵢⱼ − Σ_p sin θ(wᵢ, e_p).
/// The angles come from cos θ = wᵢ·wⱼ/(‖wᵢ‖‖wⱼ‖) (a Gram row, four neurons per vector) and cos θ(wᵢ, e_p) = w_{ip}/‖wᵢ‖
/// (four coordinates per vector); sin θ = √((1 − c)(1 + c)) when |c| ≤ 0.9 and, for the rare lanes closer to
/// collinear, the cancellation-free ‖ū − c v̄‖ (neurons) or √(Σ_{q≠p} w_{iq}²)/‖wᵢ‖ (targets), as in the reference.
/// θ = atan2(sin, cos) by <see cref="Atan2"/>, a vectorised Cephes arctangent written here, so the bits of a run do
/// not depend on the platform's libm.
/// </para>
/// <para>
/// Layout: neuron i occupies w[i·kp .. i·kp + k) of a buffer with row stride kp = k rounded up to a multiple of 4; the
/// padding coordinates are 0 and stay 0 under GD (every term of the gradient vanishes there). Determinism: every
/// reduction has a fixed order and no fused multiply-add is used, so the same inputs give the same bits on every
/// x64/arm64 machine, with or without hardware 256-bit vectors. Not thread-safe: one instance per run.
/// </para>
/// </summary>
public sealed class FastReluGaussian
{
    private const double Pi = Math.PI;
    private const double TwoPi = 2.0 * Math.PI;
    private const double InvTwoPi = 1.0 / (2.0 * Math.PI);

    private readonly int _k, _n, _kp, _np;
    private readonly double[] _wt;     // kp × np: transposed point (column j = neuron j), padding 0
    private readonly double[] _norm;   // np: ‖wᵢ‖ (padding 1)
    private readonly double[] _alpha;  // np
    private readonly double[] _p;      // n × np: Pᵢⱼ
    private readonly double[] _valueLanes = new double[4];
    private readonly double _constant; // ½ Σ_{l,j} f(e_l, e_j) = k/4 + k(k−1)/(4π)

    public FastReluGaussian(int k, int n)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "need k ≥ 1");
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "need n ≥ 1");
        _k = k;
        _n = n;
        _kp = Stride(k);
        _np = Stride(n);
        _wt = new double[_kp * _np];
        _norm = new double[_np];
        _alpha = new double[_np];
        _p = new double[n * _np];
        _constant = k / 4.0 + k * (k - 1) / 2.0 * InvTwoPi;
    }

    /// <summary>Row stride of the padded layout: x rounded up to a multiple of 4.</summary>
    public static int Stride(int x) => (x + 3) & ~3;

    public int K => _k;
    public int N => _n;
    public int RowStride => _kp;

    /// <summary>A padded buffer (n rows of stride kp, zero padding) holding the stacked point <paramref name="w"/>.</summary>
    public double[] Pad(ReadOnlySpan<double> w)
    {
        if (w.Length != _k * _n) throw new ArgumentException($"point has length {w.Length}, expected k·n = {_k * _n}", nameof(w));
        var x = new double[_n * _kp];
        for (int i = 0; i < _n; i++) w.Slice(i * _k, _k).CopyTo(x.AsSpan(i * _kp, _k));
        return x;
    }

    /// <summary>The stacked point (length k·n) held in padded buffer <paramref name="x"/>.</summary>
    public double[] Unpad(ReadOnlySpan<double> x)
    {
        var w = new double[_k * _n];
        for (int i = 0; i < _n; i++) x.Slice(i * _kp, _k).CopyTo(w.AsSpan(i * _k, _k));
        return w;
    }

    /// <summary>
    /// F(w) and ∇F(w) for a padded point (gradient written padded, padding 0), and maxᵢ ‖∂F/∂wᵢ‖² in
    /// <paramref name="maxNeuronGradient2"/>. A zero neuron gives a non-finite gradient (F is not differentiable there).
    /// </summary>
    public double ValueAndGradient(double[] w, double[] grad, out double maxNeuronGradient2)
    {
        int k = _k, n = _n, kp = _kp, np = _np;
        var wt = _wt;
        var norm = _norm;
        var alpha = _alpha;
        var p = _p;
        Array.Clear(alpha);

        // Transpose and norms.
        for (int i = 0; i < n; i++)
        {
            var acc = Vector256<double>.Zero;
            for (int q = 0; q < kp; q += 4)
            {
                var x = Vector256.LoadUnsafe(ref w[i * kp + q]);
                acc += x * x;
            }
            norm[i] = Math.Sqrt(Sum(acc));
            for (int q = 0; q < k; q++) wt[q * np + i] = w[i * kp + q];
        }
        for (int i = n; i < np; i++) norm[i] = 1;

        var value = Vector256<double>.Zero;
        var lane = Vector256.Create(0.0, 1.0, 2.0, 3.0);
        var nVec = Vector256.Create((double)n);
        var kVec = Vector256.Create((double)k);
        var pi = Vector256.Create(Pi);
        var inv2Pi = Vector256.Create(InvTwoPi);
        var one = Vector256.Create(1.0);
        var nineTenths = Vector256.Create(0.9);
        double selfSquares = 0;

        for (int i = 0; i < n; i++)
        {
            double ri = norm[i];
            selfSquares += ri * ri;
            var riVec = Vector256.Create(ri);
            var invRi = Vector256.Create(1.0 / ri);
            var alphaI = Vector256<double>.Zero;

            // ---- neuron pairs (i, j), j > i: Gram row block by block.
            for (int jb = (i + 1) & ~3; jb < n; jb += 4)
            {
                var dot = Vector256<double>.Zero;
                for (int q = 0; q < k; q++)
                    dot += Vector256.Create(w[i * kp + q]) * Vector256.LoadUnsafe(ref wt[q * np + jb]);
                var rj = Vector256.LoadUnsafe(ref norm[jb]);
                var c = dot * invRi / rj;
                var s2 = (one - c) * (one + c);
                var idx = Vector256.Create((double)jb) + lane;
                var valid = Vector256.GreaterThan(idx, Vector256.Create((double)i)) & Vector256.LessThan(idx, nVec);
                var near = Vector256.GreaterThan(Vector256.Abs(c), nineTenths) & valid;
                if (near != Vector256<double>.Zero) s2 = StableNeuronSin2(w, i, jb, c, s2, near);
                var s = Vector256.Sqrt(Vector256.Max(s2, Vector256<double>.Zero));
                var theta = Atan2(s, c);
                var piMinus = pi - theta;
                var pt = piMinus * inv2Pi;
                pt.StoreUnsafe(ref p[i * np + jb]);
                var sMasked = Vector256.ConditionalSelect(valid, s, Vector256<double>.Zero);
                alphaI += rj * sMasked;
                (Vector256.LoadUnsafe(ref alpha[jb]) + riVec * sMasked).StoreUnsafe(ref alpha[jb]);
                var f = riVec * rj * (s + piMinus * c);
                value += Vector256.ConditionalSelect(valid, f, Vector256<double>.Zero);
            }

            // ---- targets e_p: cos θ = w_ip/‖wᵢ‖.
            var targetValue = Vector256<double>.Zero;
            for (int q = 0; q < kp; q += 4)
            {
                var c = Vector256.LoadUnsafe(ref w[i * kp + q]) * invRi;
                var s2 = (one - c) * (one + c);
                var idx = Vector256.Create((double)q) + lane;
                var valid = Vector256.LessThan(idx, kVec);
                var near = Vector256.GreaterThan(Vector256.Abs(c), nineTenths) & valid;
                if (near != Vector256<double>.Zero) s2 = StableTargetSin2(w, i, q, ri, s2, near);
                var s = Vector256.Sqrt(Vector256.Max(s2, Vector256<double>.Zero));
                var theta = Atan2(s, c);
                var piMinus = pi - theta;
                var pt = Vector256.ConditionalSelect(valid, piMinus * inv2Pi, Vector256<double>.Zero);
                // Gradient target term −P^T_{ip} (stored into grad now; the rest is added below).
                (-pt).StoreUnsafe(ref grad[i * kp + q]);
                var sMasked = Vector256.ConditionalSelect(valid, s, Vector256<double>.Zero);
                alphaI -= sMasked;
                targetValue += Vector256.ConditionalSelect(valid, s + piMinus * c, Vector256<double>.Zero);
            }
            value -= riVec * targetValue;
            alpha[i] += Sum(alphaI);
        }

        // Symmetric P: mirror the upper triangle, zero the diagonal.
        for (int i = 0; i < n; i++)
        {
            p[i * np + i] = 0;
            for (int j = 0; j < i; j++) p[i * np + j] = p[j * np + i];
        }

        // ∂F/∂wᵢ = (½ + αᵢ/(2π‖wᵢ‖))·wᵢ + Σ_{j≠i} Pᵢⱼ wⱼ − P^T_i (already in grad).
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            var coef = Vector256.Create(0.5 + alpha[i] * InvTwoPi / norm[i]);
            var acc2 = Vector256<double>.Zero;
            for (int q = 0; q < kp; q += 4)
            {
                var g = Vector256.LoadUnsafe(ref grad[i * kp + q]) + coef * Vector256.LoadUnsafe(ref w[i * kp + q]);
                for (int j = 0; j < n; j++)
                    g += Vector256.Create(p[i * np + j]) * Vector256.LoadUnsafe(ref w[j * kp + q]);
                g.StoreUnsafe(ref grad[i * kp + q]);
                acc2 += g * g;
            }
            worst = Math.Max(worst, Sum(acc2)); // Math.Max propagates NaN (a zero neuron)
        }
        maxNeuronGradient2 = worst;
        return _constant + 0.25 * selfSquares + Sum(value) * InvTwoPi;
    }

    /// <summary>sin²θ for the flagged neuron-pair lanes: ‖w̄ⱼ − c w̄ᵢ‖² (no cancellation when |c| → 1).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Vector256<double> StableNeuronSin2(double[] w, int i, int jb, Vector256<double> c, Vector256<double> s2, Vector256<double> near)
    {
        int k = _k, kp = _kp;
        Span<double> lanes = stackalloc double[4];
        s2.CopyTo(lanes);
        double ri = _norm[i];
        for (int l = 0; l < 4; l++)
        {
            if (near.GetElement(l) == 0) continue; // mask lanes are all-ones bit patterns (NaN) or 0
            int j = jb + l;
            double rj = _norm[j], cl = c.GetElement(l), t2 = 0;
            for (int q = 0; q < k; q++)
            {
                double t = w[j * kp + q] / rj - cl * (w[i * kp + q] / ri);
                t2 += t * t;
            }
            lanes[l] = t2;
        }
        return Vector256.Create<double>(lanes);
    }

    /// <summary>sin²θ(wᵢ, e_p) for the flagged lanes: Σ_{q≠p} w_{iq}² / ‖wᵢ‖² (no cancellation).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Vector256<double> StableTargetSin2(double[] w, int i, int qb, double ri, Vector256<double> s2, Vector256<double> near)
    {
        int k = _k, kp = _kp;
        Span<double> lanes = stackalloc double[4];
        s2.CopyTo(lanes);
        for (int l = 0; l < 4; l++)
        {
            if (near.GetElement(l) == 0) continue;
            int pAxis = qb + l;
            double t2 = 0;
            for (int q = 0; q < k; q++)
                if (q != pAxis) t2 += w[i * kp + q] * w[i * kp + q];
            lanes[l] = t2 / (ri * ri);
        }
        return Vector256.Create<double>(lanes);
    }

    /// <summary>Horizontal sum in a fixed order: (l0 + l1) + (l2 + l3).</summary>
    private static double Sum(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));

    // Cephes atan (S. L. Moshier): atan x = x + x·z·P(z)/Q(z), z = x², on [0, 0.66] after the reductions
    // x > tan(3π/8): π/2 + atan(−1/x); x > 0.66: π/4 + atan((x − 1)/(x + 1)). Relative error ≈ 2e-16 (Cephes' doc).
    private const double P0 = -8.750608600031904122785E-1, P1 = -1.615753718733365076637E1, P2 = -7.500855792314704667340E1,
        P3 = -1.228866684490136173410E2, P4 = -6.485021904942025371773E1;
    private const double Q0 = 2.485846490142306297962E1, Q1 = 1.650270098316988542046E2, Q2 = 4.328810604912902668951E2,
        Q3 = 4.853903996359136964868E2, Q4 = 1.945506571482613964425E2;
    private const double MoreBits = 6.123233995736765886130E-17; // π/2 − double(π/2)
    private const double Tan3PiOver8 = 2.41421356237309504880;

    /// <summary>
    /// atan2(s, c) ∈ [0, π] lane by lane for s ≥ 0 (not both 0): a = atan(s/|c|) by Cephes with the reductions done on
    /// the numerator and denominator (one division), θ = a for c ≥ 0, π − a for c &lt; 0.
    /// </summary>
    public static Vector256<double> Atan2(Vector256<double> s, Vector256<double> c)
    {
        var ac = Vector256.Abs(c);
        var big = Vector256.GreaterThan(s, Vector256.Create(Tan3PiOver8) * ac);
        var mid = Vector256.AndNot(Vector256.GreaterThan(s, Vector256.Create(0.66) * ac), big);
        var num = Vector256.ConditionalSelect(big, -ac, Vector256.ConditionalSelect(mid, s - ac, s));
        var den = Vector256.ConditionalSelect(big, s, Vector256.ConditionalSelect(mid, s + ac, ac));
        var x = num / den;
        var y0 = Vector256.ConditionalSelect(big, Vector256.Create(Math.PI / 2), Vector256.ConditionalSelect(mid, Vector256.Create(Math.PI / 4), Vector256<double>.Zero));
        var extra = Vector256.ConditionalSelect(big, Vector256.Create(MoreBits), Vector256.ConditionalSelect(mid, Vector256.Create(0.5 * MoreBits), Vector256<double>.Zero));
        var z = x * x;
        var pz = (((Vector256.Create(P0) * z + Vector256.Create(P1)) * z + Vector256.Create(P2)) * z + Vector256.Create(P3)) * z + Vector256.Create(P4);
        var qz = ((((z + Vector256.Create(Q0)) * z + Vector256.Create(Q1)) * z + Vector256.Create(Q2)) * z + Vector256.Create(Q3)) * z + Vector256.Create(Q4);
        var a = y0 + ((x * (z * pz / qz) + x) + extra);
        return Vector256.ConditionalSelect(Vector256.LessThan(c, Vector256<double>.Zero), Vector256.Create(Math.PI) - a, a);
    }
}
