using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ExactCheck.Models;

/// <summary>
/// The Safran–Shamir objective in plain <c>double</c> arithmetic — an UNTRUSTED, producer-side model (gradient-descent
/// search, Newton refinement, choosing hints). Nothing computed here may decide a verdict; the checker re-derives every
/// bound with intervals.
/// <para>
/// F(w₁..wₙ) = ½ E_x[(Σᵢ relu(wᵢ·x) − Σⱼ relu(vⱼ·x))²], x ~ N(0, I_k), wᵢ ∈ ℝᵏ, targets v₁..v_m ∈ ℝᵏ (default vⱼ = eⱼ,
/// m = k). Parameters are stacked neuron by neuron: w[k·i + p] is coordinate p of neuron i (0-based), so a point
/// printed as a k × n matrix has one neuron per column (<see cref="Point"/>, <see cref="ToMatrix"/>).
/// </para>
/// <para>
/// Closed forms (Safran &amp; Shamir 2018, eqs. 6–10, with ../shared/papers/ERRATA.md): proofs/safran-shamir/formulas.md,
/// labels [ss.angle], [ss.f], [ss.F], [ss.g], [ss.grad], [ss.h1], [ss.h2], [ss.h2.stable], [ss.hessian],
/// [ss.smoothness]. Costs: value and gradient
/// O(n(n+m)k), Hessian O(n(n+m)k²); scratch is allocated once per call (O(n k)), never per pair, so an instance is safe
/// to use from several threads at once.
/// </para>
/// </summary>
public sealed class ReluGaussianDouble
{
    private const double TwoPi = 2.0 * Math.PI;

    private readonly double[] _targetUnit;  // m × k, row j = v̄ⱼ (zero row for a zero target)
    private readonly double[] _targetNorm;  // ‖vⱼ‖
    private readonly double[] _targets;     // m × k, row j = vⱼ
    private readonly int[] _targetAxis;     // p if vⱼ = ±‖vⱼ‖e_p (one non-zero coordinate), else −1: O(1) angles

    /// <summary>Input dimension k (length of every wᵢ and vⱼ).</summary>
    public int K { get; }

    /// <summary>Number of trained neurons n.</summary>
    public int N { get; }

    /// <summary>Number of target neurons m.</summary>
    public int M { get; }

    /// <summary>Number of parameters, k·n.</summary>
    public int Dimension => K * N;

    /// <summary>The constant ½ Σ_{l,j} f(v_l, vⱼ) of [ss.F] (the value of F when every wᵢ = 0).</summary>
    public double TargetConstant { get; }

    /// <summary>k inputs, n neurons, targets vⱼ = eⱼ (j = 1..k), the paper's setting.</summary>
    public ReluGaussianDouble(int k, int n) : this(n, Identity(k)) { }

    /// <summary>
    /// General targets given as a k × m matrix whose COLUMNS are the targets v₁..v_m (the same convention as points:
    /// one neuron per column). A zero column is allowed and contributes nothing.
    /// </summary>
    public ReluGaussianDouble(int n, double[,] targetsKByM)
        : this(n, Columns(targetsKByM ?? throw new ArgumentNullException(nameof(targetsKByM)))) { }

    /// <summary>General targets given as m vectors of equal length k.</summary>
    public ReluGaussianDouble(int n, IReadOnlyList<double[]> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "need at least one neuron");
        if (targets.Count < 1) throw new ArgumentException("need at least one target", nameof(targets));
        int k = targets[0]?.Length ?? throw new ArgumentException("null target", nameof(targets));
        if (k < 1) throw new ArgumentException("targets must have length ≥ 1", nameof(targets));
        K = k;
        N = n;
        M = targets.Count;
        _targets = new double[M * k];
        _targetUnit = new double[M * k];
        _targetNorm = new double[M];
        _targetAxis = new int[M];
        for (int j = 0; j < M; j++)
        {
            var v = targets[j] ?? throw new ArgumentException($"target {j} is null", nameof(targets));
            if (v.Length != k) throw new ArgumentException($"target {j} has length {v.Length}, expected {k}", nameof(targets));
            foreach (var x in v)
                if (!double.IsFinite(x)) throw new ArgumentException($"target {j} is not finite", nameof(targets));
            v.CopyTo(_targets, j * k);
            int nonZero = 0, axis = -1;
            for (int p = 0; p < k; p++)
                if (v[p] != 0) { nonZero++; axis = p; }
            _targetAxis[j] = nonZero == 1 ? axis : -1;
            double r = Norm(v);
            _targetNorm[j] = r;
            if (r > 0)
                for (int p = 0; p < k; p++) _targetUnit[j * k + p] = v[p] / r;
        }
        // [ss.F] constant term: ½ Σ_{l,j} f(v_l, vⱼ); f(v, v) = ‖v‖²/2.
        double c = 0;
        for (int l = 0; l < M; l++)
        {
            c += 0.5 * _targetNorm[l] * _targetNorm[l] * 0.5;
            for (int j = l + 1; j < M; j++)
                c += PairValue(_targets.AsSpan(l * k, k), _targets.AsSpan(j * k, k)); // ½·2 for (l,j) and (j,l)
        }
        TargetConstant = c;
    }

    /// <summary>A copy of target vⱼ (0-based).</summary>
    public double[] Target(int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, M);
        return _targets.AsSpan(j * K, K).ToArray();
    }

    // ------------------------------------------------------------------ conversions

    /// <summary>Stacks a k × n matrix (one neuron per column) into the parameter vector, neuron by neuron.</summary>
    public static double[] Point(double[,] kByN)
    {
        ArgumentNullException.ThrowIfNull(kByN);
        int k = kByN.GetLength(0), n = kByN.GetLength(1);
        var w = new double[k * n];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
                w[i * k + p] = kByN[p, i];
        return w;
    }

    /// <summary>The inverse of <see cref="Point"/>: the k × n matrix whose column i is neuron i.</summary>
    public static double[,] ToMatrix(double[] w, int k)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (k < 1 || w.Length % k != 0) throw new ArgumentException($"length {w.Length} is not a multiple of k = {k}", nameof(w));
        int n = w.Length / k;
        var a = new double[k, n];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
                a[p, i] = w[i * k + p];
        return a;
    }

    /// <summary>maxᵢ ‖∂F/∂wᵢ‖ — the paper's stopping quantity (stop when ≤ 1e-9).</summary>
    public static double MaxNeuronNorm(double[] gradient, int k)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (k < 1 || gradient.Length % k != 0) throw new ArgumentException("length is not a multiple of k", nameof(gradient));
        double best = 0;
        for (int i = 0; i < gradient.Length; i += k)
            best = Math.Max(best, Norm(gradient.AsSpan(i, k)));
        return best;
    }

    // ------------------------------------------------------------------ pair kernels

    /// <summary>
    /// The angle θ ∈ [0, π] between non-zero vectors u, v, and sin θ. [ss.angle] Computed as θ = atan2(s, c) with
    /// c = ū·v̄ and s = ‖v̄ − c ū‖ (not √(1 − c²), which loses half the digits when u, v are nearly collinear).
    /// </summary>
    public static (double Theta, double Sin, double Cos) Angle(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.Length != v.Length) throw new ArgumentException("length mismatch");
        double ru = Norm(u), rv = Norm(v);
        if (ru == 0 || rv == 0) throw new ArgumentException("the angle with a zero vector is undefined");
        double c = 0;
        for (int p = 0; p < u.Length; p++) c += u[p] / ru * (v[p] / rv);
        double s2 = 0;
        for (int p = 0; p < u.Length; p++)
        {
            double t = v[p] / rv - c * (u[p] / ru);
            s2 += t * t;
        }
        return AngleFrom(c, s2);
    }

    /// <summary>f(w, v) = E[relu(w·x) relu(v·x)] = ‖w‖‖v‖(sin θ + (π − θ) cos θ)/(2π); 0 if either is zero. [ss.f]</summary>
    public static double PairValue(ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        if (w.Length != v.Length) throw new ArgumentException("length mismatch");
        double rw = Norm(w), rv = Norm(v);
        if (rw == 0 || rv == 0) return 0;
        var (theta, s, c) = Angle(w, v);
        return rw * rv * (s + (Math.PI - theta) * c) / TwoPi;
    }

    // ------------------------------------------------------------------ F, ∇F

    /// <summary>F(w). [ss.F] Defined everywhere (a zero neuron contributes nothing).</summary>
    public double Value(double[] w) => Evaluate(w, default, wantGradient: false);

    /// <summary>∇F(w) ∈ ℝ^{kn}. [ss.grad] Throws if some neuron is zero (F is not differentiable there).</summary>
    public double[] Gradient(double[] w)
    {
        var g = new double[Dimension];
        Evaluate(w, g, wantGradient: true);
        return g;
    }

    /// <summary>F(w), with ∇F(w) written into <paramref name="gradient"/> (length k·n); one pass over the pairs.</summary>
    public double ValueAndGradient(double[] w, Span<double> gradient)
    {
        if (gradient.Length != Dimension) throw new ArgumentException($"gradient must have length {Dimension}", nameof(gradient));
        return Evaluate(w, gradient, wantGradient: true);
    }

    private double Evaluate(double[] w, Span<double> grad, bool wantGradient)
    {
        CheckPoint(w);
        int k = K, n = N, m = M;
        var unit = new double[n * k];
        var norm = new double[n];
        Normalize(w, unit, norm, requireNonZero: wantGradient);
        // [ss.grad] ∂F/∂wᵢ = ½wᵢ + Σ_{j≠i} g(wᵢ, wⱼ) − Σⱼ g(wᵢ, vⱼ), g(w, v) = (‖v‖ sin θ w̄ + (π − θ) v)/(2π).
        // The w̄ᵢ parts are collected in one scalar per neuron (alpha) and added at the end.
        var alpha = wantGradient ? new double[n] : null;
        if (wantGradient)
            for (int q = 0; q < n * k; q++) grad[q] = 0.5 * w[q];

        double value = TargetConstant;
        for (int i = 0; i < n; i++)
        {
            value += 0.25 * norm[i] * norm[i]; // ½ f(wᵢ, wᵢ) = ¼‖wᵢ‖²
            if (norm[i] == 0) continue;        // only reachable for Value: a zero neuron adds nothing
            var ui = unit.AsSpan(i * k, k);
            for (int j = i + 1; j < n; j++)
            {
                if (norm[j] == 0) continue;
                var uj = unit.AsSpan(j * k, k);
                var (theta, s, c) = UnitAngle(ui, uj);
                // ½(f(wᵢ,wⱼ) + f(wⱼ,wᵢ)) = f(wᵢ,wⱼ)
                value += norm[i] * norm[j] * (s + (Math.PI - theta) * c) / TwoPi;
                if (wantGradient)
                {
                    double pt = (Math.PI - theta) / TwoPi;
                    alpha![i] += norm[j] * s;
                    alpha[j] += norm[i] * s;
                    int oi = i * k, oj = j * k;
                    Axpy(pt, w.AsSpan(oj, k), grad.Slice(oi, k));
                    Axpy(pt, w.AsSpan(oi, k), grad.Slice(oj, k));
                }
            }
            for (int j = 0; j < m; j++)
            {
                double rv = _targetNorm[j];
                if (rv == 0) continue;
                int axis = _targetAxis[j];
                var (theta, s, c) = axis >= 0
                    ? AxisAngle(ui, axis, _targets[j * k + axis] > 0)
                    : UnitAngle(ui, _targetUnit.AsSpan(j * k, k));
                value -= norm[i] * rv * (s + (Math.PI - theta) * c) / TwoPi;
                if (wantGradient)
                {
                    double pt = (Math.PI - theta) / TwoPi;
                    alpha![i] -= rv * s;
                    int oi = i * k, ov = j * k;
                    if (axis >= 0) grad[oi + axis] -= pt * _targets[ov + axis]; // v = ±‖v‖e_axis
                    else Axpy(-pt, _targets.AsSpan(ov, k), grad.Slice(oi, k));
                }
            }
        }
        if (wantGradient)
            for (int i = 0; i < n; i++)
            {
                Axpy(alpha![i] / TwoPi, unit.AsSpan(i * k, k), grad.Slice(i * k, k));
            }
        return value;
    }

    // ------------------------------------------------------------------ ∇²F

    /// <summary>
    /// ∇²F(w), a symmetric kn × kn matrix (exactly symmetric: each entry is computed once and mirrored). [ss.hessian]
    /// Throws if some neuron is zero (F is not differentiable there). Collinear pairs (θ = 0 or π, between two neurons
    /// or a neuron and a target) are fine: F is C² there (not C³), and the Hessian is the continuous extension, computed
    /// in a form that stays accurate as sin θ → 0 ([ss.smoothness], [ss.h2.stable]).
    /// </summary>
    public double[,] Hessian(double[] w)
    {
        CheckPoint(w);
        int k = K, n = N, m = M, d = k * n;
        var unit = new double[n * k];
        var norm = new double[n];
        Normalize(w, unit, norm, requireNonZero: true);
        var h = new double[d, d];
        var hs = MemoryMarshal.CreateSpan(ref h[0, 0], d * d); // row-major view: h[r, c] = hs[r·d + c]
        var gamma = new double[n];     // coefficient of (I − w̄ᵢw̄ᵢᵀ) in diagonal block i
        var a = new double[k];         // w̄ⱼ − cos θ·w̄ᵢ = sin θ·n̄_{wⱼ,wᵢ} (or v̄ⱼ − cos θ·w̄ᵢ)
        var b = new double[k];         // w̄ᵢ − cos θ·w̄ⱼ = sin θ·n̄_{wᵢ,wⱼ}

        for (int i = 0; i < n; i++)
        {
            var ui = unit.AsSpan(i * k, k);
            int oi = i * k;
            for (int j = i + 1; j < n; j++)
            {
                var uj = unit.AsSpan(j * k, k);
                int oj = j * k;
                double c = Dot(ui, uj);
                double sa = 0, sb = 0;
                for (int p = 0; p < k; p++)
                {
                    a[p] = uj[p] - c * ui[p];
                    b[p] = ui[p] - c * uj[p];
                    sa += a[p] * a[p];
                    sb += b[p] * b[p];
                }
                sa = Math.Sqrt(sa);
                sb = Math.Sqrt(sb);
                var (theta, s, _) = AngleFrom(c, sa * sa);

                // [ss.h1] h1(wᵢ, wⱼ) = s‖wⱼ‖/(2π‖wᵢ‖)·(I − w̄ᵢw̄ᵢᵀ + n̄_{wⱼ,wᵢ} n̄_{wⱼ,wᵢ}ᵀ) into block (i, i), and
                // h1(wⱼ, wᵢ) = s‖wᵢ‖/(2π‖wⱼ‖)·(I − w̄ⱼw̄ⱼᵀ + n̄_{wᵢ,wⱼ} n̄_{wᵢ,wⱼ}ᵀ) into block (j, j).
                // n̄ = a/‖a‖ has error ≈ ε/s, but it is multiplied by s: the product is accurate to ≈ ε. At s = 0 the
                // term is 0 (its limit).
                double ci = s * norm[j] / (TwoPi * norm[i]);
                double cj = s * norm[i] / (TwoPi * norm[j]);
                gamma[i] += ci;
                gamma[j] += cj;
                if (sa > 0) AddRankOneUpper(hs, d, oi, ci / (sa * sa), a);
                if (sb > 0) AddRankOneUpper(hs, d, oj, cj / (sb * sb), b);

                // [ss.h2] block (i, j) = ∂²F/∂wᵢ∂wⱼ = ((π − θ) I + S)/(2π), S = w̄ᵢ n̄_{wⱼ,wᵢ}ᵀ + w̄ⱼ n̄_{wᵢ,wⱼ}ᵀ, in the
                // form [ss.h2.stable] S = cs·w̄ᵢw̄ᵢᵀ − (c/s)·a aᵀ + s·(w̄ᵢaᵀ + a w̄ᵢᵀ) with s = ‖a‖: every term is O(s)
                // with absolute error O(ε), whereas the printed form cancels two O(1) terms with errors ≈ ε/s.
                // S = 0 at s = 0 (its limit). Block (j, i) is the transpose.
                double pt = Math.PI - theta;
                double cs = c * sa, cOverS = sa > 0 ? c / sa : 0.0;
                for (int p = 0; p < k; p++)
                {
                    double uip = ui[p], ap = a[p];
                    for (int q = 0; q < k; q++)
                    {
                        double sPq = cs * uip * ui[q] - cOverS * ap * a[q] + sa * (uip * a[q] + ap * ui[q]);
                        double x = (sPq + (p == q ? pt : 0.0)) / TwoPi;
                        hs[(oi + p) * d + oj + q] = x;
                        hs[(oj + q) * d + oi + p] = x;
                    }
                }
            }

            // − Σⱼ h1(wᵢ, vⱼ)
            for (int j = 0; j < m; j++)
            {
                double rv = _targetNorm[j];
                if (rv == 0) continue;
                var vj = _targetUnit.AsSpan(j * k, k);
                double c = Dot(ui, vj);
                double sa = 0;
                for (int p = 0; p < k; p++)
                {
                    a[p] = vj[p] - c * ui[p];
                    sa += a[p] * a[p];
                }
                sa = Math.Sqrt(sa);
                if (sa == 0) continue; // θ ∈ {0, π}: h1 → 0 (its limit; ‖h1‖ ≤ s‖v‖/(π‖w‖))
                var (_, s, _) = AngleFrom(c, sa * sa);
                double ci = s * rv / (TwoPi * norm[i]);
                gamma[i] -= ci;
                AddRankOneUpper(hs, d, oi, -ci / (sa * sa), a);
            }
        }

        // Diagonal blocks: ½I (from f(wᵢ, wᵢ)) + γᵢ(I − w̄ᵢw̄ᵢᵀ), then mirror the upper triangle of each block.
        for (int i = 0; i < n; i++)
        {
            int oi = i * k;
            double gi = gamma[i];
            for (int p = 0; p < k; p++)
            {
                double uip = unit[oi + p];
                for (int q = p; q < k; q++)
                    hs[(oi + p) * d + oi + q] += (p == q ? 0.5 + gi : 0.0) - gi * uip * unit[oi + q];
                for (int q = p + 1; q < k; q++)
                    hs[(oi + q) * d + oi + p] = hs[(oi + p) * d + oi + q];
            }
        }
        return h;
    }

    // ------------------------------------------------------------------ helpers

    private static double[][] Identity(int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "need k ≥ 1");
        var v = new double[k][];
        for (int j = 0; j < k; j++)
        {
            v[j] = new double[k];
            v[j][j] = 1;
        }
        return v;
    }

    private static double[][] Columns(double[,] a)
    {
        int k = a.GetLength(0), m = a.GetLength(1);
        var v = new double[m][];
        for (int j = 0; j < m; j++)
        {
            v[j] = new double[k];
            for (int p = 0; p < k; p++) v[j][p] = a[p, j];
        }
        return v;
    }

    private void CheckPoint(double[] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.Length != Dimension) throw new ArgumentException($"point has length {w.Length}, expected k·n = {Dimension}", nameof(w));
        foreach (var x in w)
            if (!double.IsFinite(x)) throw new ArgumentException("point is not finite", nameof(w));
    }

    private void Normalize(double[] w, double[] unit, double[] norm, bool requireNonZero)
    {
        int k = K;
        for (int i = 0; i < N; i++)
        {
            double r = Norm(w.AsSpan(i * k, k));
            if (r == 0 && requireNonZero)
                throw new ArgumentException($"neuron {i} is zero: F is not differentiable there", nameof(w));
            norm[i] = r;
            if (r > 0)
                for (int p = 0; p < k; p++) unit[i * k + p] = w[i * k + p] / r;
        }
    }

    /// <summary>
    /// [ss.angle] for two unit vectors, no allocation. For |c| ≤ 0.9, s = √((1 − c)(1 + c)) is accurate to a few ulps
    /// (1 − c² ≥ 0.19); closer to collinear, s = ‖v̄ − c ū‖ is used instead (one more pass over the coordinates).
    /// </summary>
    private static (double Theta, double Sin, double Cos) UnitAngle(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double c = Dot(u, v);
        if (Math.Abs(c) <= 0.9) return AngleFrom(c, (1 - c) * (1 + c));
        double s2 = 0;
        for (int p = 0; p < u.Length; p++)
        {
            double t = v[p] - c * u[p];
            s2 += t * t;
        }
        return AngleFrom(c, s2);
    }

    /// <summary>
    /// [ss.angle] between a unit vector ū and v̄ = ±e_axis in O(1): c = ±ū_axis, s² = 1 − c² for |c| ≤ 0.9, else
    /// s² = Σ_{q≠axis} ū_q² (the same quantity for ‖ū‖ = 1, summed without cancellation).
    /// </summary>
    private static (double Theta, double Sin, double Cos) AxisAngle(ReadOnlySpan<double> u, int axis, bool positive)
    {
        double c = positive ? u[axis] : -u[axis];
        if (Math.Abs(c) <= 0.9) return AngleFrom(c, (1 - c) * (1 + c));
        double s2 = 0;
        for (int p = 0; p < u.Length; p++)
            if (p != axis) s2 += u[p] * u[p];
        return AngleFrom(c, s2);
    }

    /// <summary>θ = atan2(s, c) ∈ [0, π], with (sin θ, cos θ) = (s, c)/‖(s, c)‖ so that the three stay consistent.</summary>
    private static (double Theta, double Sin, double Cos) AngleFrom(double c, double s2)
    {
        double s = Math.Sqrt(s2);
        double rho = Math.Sqrt(s2 + c * c); // = 1 up to rounding for unit inputs
        return (Math.Atan2(s, c), s / rho, c / rho);
    }

    /// <summary>Upper triangle of the diagonal block at offset o (row-major d × d view) += coef·a aᵀ.</summary>
    private static void AddRankOneUpper(Span<double> hs, int d, int o, double coef, double[] a)
    {
        int k = a.Length;
        for (int p = 0; p < k; p++)
        {
            double x = coef * a[p];
            var row = hs.Slice((o + p) * d + o, k);
            for (int q = p; q < k; q++) row[q] += x * a[q];
        }
    }

    /// <summary>
    /// u·v with four fixed partial sums (Vector256 lanes, then combined in a fixed order): the same bits on every
    /// machine, whether or not it has 256-bit SIMD, so producer output (and hence certificates) is reproducible.
    /// </summary>
    private static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        int len = u.Length, p = 0;
        var acc = Vector256<double>.Zero;
        for (; p <= len - 4; p += 4)
            acc += Vector256.Create(u.Slice(p, 4)) * Vector256.Create(v.Slice(p, 4));
        double s = (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
        for (; p < len; p++) s += u[p] * v[p];
        return s;
    }

    /// <summary>y += a·x elementwise (each entry rounded the same way with or without SIMD).</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int len = x.Length, p = 0;
        var va = Vector256.Create(a);
        for (; p <= len - 4; p += 4)
            (Vector256.Create(y.Slice(p, 4)) + va * Vector256.Create(x.Slice(p, 4))).CopyTo(y.Slice(p, 4));
        for (; p < len; p++) y[p] += a * x[p];
    }

    private static double Norm(ReadOnlySpan<double> u)
    {
        // Scaled to avoid overflow/underflow for extreme inputs (producer code sees whatever GD produces).
        double scale = 0;
        foreach (var x in u) scale = Math.Max(scale, Math.Abs(x));
        if (scale == 0) return 0;
        double s = 0;
        foreach (var x in u)
        {
            double t = x / scale;
            s += t * t;
        }
        return scale * Math.Sqrt(s);
    }
}
