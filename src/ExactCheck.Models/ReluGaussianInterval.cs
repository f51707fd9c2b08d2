using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Models;

/// <summary>The interval value, gradient and Hessian of the Safran–Shamir objective over a box, or why it is not smooth there.</summary>
public sealed record ReluGaussianEnclosure(Interval Value, Interval[]? Gradient, SymmetricIntervalMatrix? Hessian);

/// <summary>
/// TRUSTED. The Safran–Shamir objective F(w₁..wₙ) = ½ E[(Σᵢ relu(wᵢ·x) − Σⱼ relu(vⱼ·x))²], x ~ N(0, I_k), evaluated
/// in outward-rounded interval arithmetic over a box of parameters (a point is a box of width 0): the results enclose
/// F, ∇F and ∇²F at every point of the box. Parameters are stacked neuron by neuron (w[k·i + a] is coordinate a of
/// neuron i); targets are exact rationals (default vⱼ = eⱼ).
/// Before any derivative is formed, <see cref="SmoothnessFailure"/> proves the box avoids the singular set
/// (some wᵢ = 0, or wᵢ parallel to wⱼ or vⱼ): on such a box F is real-analytic and the closed forms hold. [ss.smoothness.box]
/// Derivations: proofs/safran-shamir/formulas.md [ss.F], [ss.grad], [ss.hessian], [ss.smoothness].
/// </summary>
public sealed partial class ReluGaussianInterval
{
    private readonly Interval[][] _targets; // m target vectors as exact-as-possible intervals
    private readonly Interval[] _targetNorm;
    private readonly Interval[][] _targetUnit;
    private readonly Interval _targetConstant;
    private readonly Interval _pi;
    private readonly Interval _twoPi;

    public int K { get; }
    public int N { get; }
    public int M => _targets.Length;
    public int Precision { get; }

    /// <summary>k inputs, n neurons, targets vⱼ = eⱼ (j = 1..k).</summary>
    public ReluGaussianInterval(int k, int n, int precision) : this(n, Identity(k), precision) { }

    /// <summary>General rational targets: m vectors of length k, none zero.</summary>
    public ReluGaussianInterval(int n, IReadOnlyList<Rational[]> targets, int precision)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        if (targets.Count < 1) throw new ArgumentException("need at least one target");
        K = targets[0].Length;
        N = n;
        Precision = precision;
        _targets = targets.Select(v =>
        {
            if (v.Length != K) throw new ArgumentException("targets have different lengths");
            if (v.All(x => x.IsZero)) throw new ArgumentException("a zero target vector");
            return v.Select(x => Interval.FromRational(x, precision)).ToArray();
        }).ToArray();
        _pi = Interval.Pi(precision);
        _twoPi = Interval.ScaleB(_pi, 1);
        _targetNorm = _targets.Select(Norm).ToArray();
        _targetUnit = _targets.Select((v, j) => Scale(v, _targetNorm[j])).ToArray();
        // ½ Σ_{l,j} f(v_l, v_j): l = j gives ‖v‖²/2; each unordered pair l < j counts once (½·2). [ss.F]
        var c = Interval.Zero(precision);
        for (int j = 0; j < M; j++)
        {
            c += Interval.ScaleB(Dot(_targets[j], _targets[j]), -2);
            for (int l = 0; l < j; l++)
            {
                var pair = Angle(_targets[l], _targetNorm[l], _targetUnit[l], _targets[j], _targetNorm[j], _targetUnit[j])
                           ?? throw new ArgumentException($"targets {l + 1} and {j + 1} are parallel");
                c += PairF(_targetNorm[l], _targetNorm[j], pair);
            }
        }
        _targetConstant = c;
    }

    public static Rational[][] Identity(int k) =>
        Enumerable.Range(0, k).Select(j => Enumerable.Range(0, k).Select(a => a == j ? Rational.One : Rational.Zero).ToArray()).ToArray();

    // ------------------------------------------------------------------ vector helpers (interval)

    private Interval Dot(Interval[] a, Interval[] b)
    {
        var s = Interval.Zero(Precision);
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private Interval Norm(Interval[] a)
    {
        var s = Interval.Zero(Precision);
        foreach (var x in a) s += x.Square();
        return s.Sqrt();
    }

    private static Interval[] Scale(Interval[] a, Interval divisor) => a.Select(x => x / divisor).ToArray();

    /// <summary>cos, sin and θ of the angle between w and u, proved strictly inside (0, π); null if that cannot be shown. [ss.angle]</summary>
    private sealed record AngleData(Interval Cos, Interval Sin, Interval Theta);

    private AngleData? Angle(Interval[] w, Interval normW, Interval[] wBar, Interval[] u, Interval normU, Interval[] uBar)
    {
        // cos θ = w·u/(‖w‖‖u‖) ∈ [−1, 1] by Cauchy–Schwarz, so intersecting with [−1, 1] is sound.
        var cos = Dot(w, u) / (normW * normU);
        var unit = new Interval(-BigFloat.One, BigFloat.One, Precision);
        if (cos.Lo > BigFloat.One || cos.Hi < -BigFloat.One) throw new InvalidOperationException("cosine enclosure outside [−1, 1]");
        cos = Interval.Intersect(cos, unit);
        var one = Interval.One(Precision);
        var sin2 = (one - cos) * (one + cos);     // sin² θ = (1 − c)(1 + c) ≥ 0 on [−1, 1]
        if (!sin2.IsPositive) return null;        // θ may be 0 or π inside the box: not smooth [ss.smoothness]
        return new AngleData(cos, sin2.Sqrt(), Interval.Acos(cos));
    }

    /// <summary>f(w, u) = ‖w‖‖u‖(sin θ + (π − θ) cos θ)/(2π). [ss.f]</summary>
    private Interval PairF(Interval normW, Interval normU, AngleData a) =>
        normW * normU * (a.Sin + (_pi - a.Theta) * a.Cos) / _twoPi;

    // ------------------------------------------------------------------ the objective

    /// <summary>
    /// Null when the box is proved to avoid the singular set (every ‖wᵢ‖ &gt; 0 and every angle between wᵢ and wⱼ or vⱼ
    /// strictly inside (0, π)); otherwise a description of the first pair that could not be separated. [ss.smoothness]
    /// </summary>
    public string? SmoothnessFailure(Interval[] w) => Evaluate(w, gradient: false, hessian: false, out var failure) is null ? failure : null;

    /// <summary>Enclosures of F (and optionally ∇F, ∇²F) over the box, or null with <paramref name="failure"/> set.</summary>
    public ReluGaussianEnclosure? Evaluate(Interval[] w, bool gradient, bool hessian, out string? failure)
    {
        if (w.Length != K * N) throw new ArgumentException($"expected {K * N} parameters, got {w.Length}");
        int k = K, n = N, p = Precision;
        failure = null;
        var neurons = new Interval[n][];
        var norms = new Interval[n];
        var units = new Interval[n][];
        for (int i = 0; i < n; i++)
        {
            neurons[i] = w.Skip(i * k).Take(k).Select(x => x.WithPrecision(Math.Max(p, x.Precision))).ToArray();
            var sq = Interval.Zero(p);
            foreach (var x in neurons[i]) sq += x.Square();
            if (!sq.IsPositive) { failure = $"neuron {i + 1} may be 0 inside the box"; return null; }
            norms[i] = sq.Sqrt();
            units[i] = Scale(neurons[i], norms[i]);
        }
        // Angles: neuron–neuron (i > j) and neuron–target.
        var ww = new AngleData[n, n];
        var wv = new AngleData[n, M];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                ww[i, j] = ww[j, i] = Angle(neurons[i], norms[i], units[i], neurons[j], norms[j], units[j])!;
                if (ww[i, j] is null) { failure = $"neurons {j + 1} and {i + 1} may be parallel or antiparallel inside the box"; return null; }
            }
            for (int j = 0; j < M; j++)
            {
                wv[i, j] = Angle(neurons[i], norms[i], units[i], _targets[j], _targetNorm[j], _targetUnit[j])!;
                if (wv[i, j] is null) { failure = $"neuron {i + 1} may be parallel or antiparallel to target {j + 1} inside the box"; return null; }
            }
        }

        // F = ½Σᵢ‖wᵢ‖²/2 + Σ_{i>j} f(wᵢ,wⱼ) − Σ_{i,j} f(wᵢ,vⱼ) + ½Σ f(v_l,vⱼ). [ss.F]
        var value = _targetConstant;
        for (int i = 0; i < n; i++)
        {
            value += Interval.ScaleB(Dot(neurons[i], neurons[i]), -2);
            for (int j = 0; j < i; j++) value += PairF(norms[i], norms[j], ww[i, j]);
            for (int j = 0; j < M; j++) value -= PairF(norms[i], _targetNorm[j], wv[i, j]);
        }

        Interval[]? grad = null;
        if (gradient)
        {
            // ∇_{wᵢ}F = ½wᵢ + Σ_{j≠i} g(wᵢ,wⱼ) − Σⱼ g(wᵢ,vⱼ), g(w,u) = (‖u‖ sin θ w̄ + (π − θ)u)/(2π). [ss.grad]
            // The per-pair factors ‖u‖ sin θ and π − θ of g are the same intervals for every coordinate a, so they are
            // computed once per pair (bit for bit what G computed per coordinate; no enclosure changes).
            grad = new Interval[k * n];
            var wwFactors = new (Interval NormSin, Interval PiMinusTheta)[n, n];
            var wvFactors = new (Interval NormSin, Interval PiMinusTheta)[n, M];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                    if (j != i) wwFactors[i, j] = (norms[j] * ww[i, j].Sin, _pi - ww[i, j].Theta);
                for (int j = 0; j < M; j++) wvFactors[i, j] = (_targetNorm[j] * wv[i, j].Sin, _pi - wv[i, j].Theta);
            }
            for (int i = 0; i < n; i++)
                for (int a = 0; a < k; a++)
                {
                    var s = Interval.ScaleB(neurons[i][a], -1);
                    for (int j = 0; j < n; j++)
                        if (j != i) s += G(units[i][a], wwFactors[i, j], neurons[j][a]);
                    for (int j = 0; j < M; j++) s -= G(units[i][a], wvFactors[i, j], _targets[j][a]);
                    grad[i * k + a] = s;
                }
        }

        SymmetricIntervalMatrix? hess = null;
        if (hessian)
        {
            hess = new SymmetricIntervalMatrix(k * n, p);
            var half = new Interval(new BigFloat(1, -1), new BigFloat(1, -1), p);
            for (int i = 0; i < n; i++)
            {
                // Diagonal block: ½I + Σ_{j≠i} h1(wᵢ,wⱼ) − Σⱼ h1(wᵢ,vⱼ), with h1(w,u) = τ₁(I − w̄w̄ᵀ) + τ₂·ddᵀ,
                // τ₁ = ‖u‖ sin θ/(2π‖w‖), τ₂ = ‖u‖/(2π‖w‖ sin θ), d = ū − cos θ·w̄ ([ss.h1]). The projector I − w̄ᵢw̄ᵢᵀ does
                // not depend on the pair, so its coefficient is summed once: Σ± τ₁ (an exact regrouping of the same sum,
                // each part enclosed). [ss.hessian]
                var tau1Sum = Interval.Zero(p);
                var rankOne = new List<(Interval[] E, Interval[] D)>(n + M); // ±τ₂·d and d
                void AddPair(Interval normU, Interval[] uBar, AngleData t, bool minus)
                {
                    var factor = normU / (_twoPi * norms[i]);
                    var tau1 = factor * t.Sin;
                    var tau2 = factor / t.Sin;
                    tau1Sum = minus ? tau1Sum - tau1 : tau1Sum + tau1;
                    var d = new Interval[k];
                    var e = new Interval[k];
                    for (int a = 0; a < k; a++)
                    {
                        d[a] = uBar[a] - t.Cos * units[i][a];
                        e[a] = minus ? -(tau2 * d[a]) : tau2 * d[a];
                    }
                    rankOne.Add((e, d));
                }
                for (int j = 0; j < n; j++) if (j != i) AddPair(norms[j], units[j], ww[i, j], minus: false);
                for (int j = 0; j < M; j++) AddPair(_targetNorm[j], _targetUnit[j], wv[i, j], minus: true);
                for (int a = 0; a < k; a++)
                    for (int b = 0; b <= a; b++)
                    {
                        var projector = (a == b ? Interval.One(p) : Interval.Zero(p)) - units[i][a] * units[i][b];
                        var s = (a == b ? half : Interval.Zero(p)) + tau1Sum * projector;
                        foreach (var (e, d) in rankOne) s += e[a] * d[b];
                        hess[i * k + a, i * k + b] = s;
                    }
                // Off-diagonal blocks (i, j), i > j: h2(wᵢ, wⱼ) = ((π − θ)I + ū(w̄ − cū)ᵀ/s + w̄(ū − cw̄)ᵀ/s)/(2π) with w̄ = w̄ᵢ,
                // ū = w̄ⱼ: the vectors m₁ = (w̄ − cū)/(2πs), m₂ = (ū − cw̄)/(2πs) are formed once per pair. [ss.h2]
                for (int j = 0; j < i; j++)
                {
                    var t = ww[i, j];
                    var scale = _twoPi * t.Sin;
                    var m1 = new Interval[k];
                    var m2 = new Interval[k];
                    for (int b = 0; b < k; b++)
                    {
                        m1[b] = (units[i][b] - t.Cos * units[j][b]) / scale;
                        m2[b] = (units[j][b] - t.Cos * units[i][b]) / scale;
                    }
                    var diagonal = (_pi - t.Theta) / _twoPi;
                    for (int a = 0; a < k; a++)
                        for (int b = 0; b < k; b++)
                        {
                            var entry = units[j][a] * m1[b] + units[i][a] * m2[b];
                            hess[i * k + a, j * k + b] = a == b ? diagonal + entry : entry;
                        }
                }
            }
        }
        return new ReluGaussianEnclosure(value, grad, hess);
    }

    /// <summary>Component a of g(w, u) = (‖u‖ sin θ w̄ + (π − θ)u)/(2π). [ss.g]</summary>
    private Interval G(Interval wBarA, (Interval NormSin, Interval PiMinusTheta) f, Interval uA)
    {
        // (‖u‖ sin θ·w̄_a + (π − θ)·u_a)/(2π), each operation outward. A coordinate u_a that is exactly 0 (targets eⱼ:
        // all but one) contributes the exact product [0, 0], and adding it leaves the p-bit sum unchanged, so it is
        // skipped: the same enclosure, bit for bit, with two operations fewer.
        var first = f.NormSin * wBarA;
        return (uA.Lo.IsZero && uA.Hi.IsZero ? first : first + f.PiMinusTheta * uA) / _twoPi;
    }

    /// <summary>
    /// Dimension-free smoothness on a Euclidean ball: null when every x with ‖x − w‖ ≤ r — in ℝ^{kn}, and equally for
    /// the zero-padded point in any ℝ^{dn}, d ≥ k — has every xᵢ ≠ 0 and no pair (xᵢ, xⱼ) or (xᵢ, vⱼ) parallel or
    /// antiparallel; otherwise the first pair that could not be separated. Uses ‖xᵢ‖ ≥ ‖wᵢ‖ − r and the angle between
    /// xᵢ and wᵢ being at most αᵢ = arcsin(r/‖wᵢ‖), with the triangle inequality for angles. [ss.smoothness.ball]
    /// </summary>
    public string? BallSmoothnessFailure(IReadOnlyList<Rational> w, Rational r)
    {
        if (w.Count != K * N) throw new ArgumentException($"expected {K * N} parameters, got {w.Count}");
        int p = Precision;
        var radius = Interval.FromRational(r, p);
        var neurons = Enumerable.Range(0, N).Select(i => Enumerable.Range(0, K).Select(a => Interval.FromRational(w[i * K + a], p)).ToArray()).ToArray();
        var norms = neurons.Select(Norm).ToArray();
        var units = neurons.Select((v, i) => Scale(v, norms[i])).ToArray();
        var alpha = new BigFloat[N];
        for (int i = 0; i < N; i++)
        {
            if (!(norms[i].Lo > radius.Hi)) return $"neuron {i + 1} has norm ≤ r = {r.ToScientificString(3, RoundingMode.Up)}: the ball may contain 0";
            var ratio = radius / norms[i];                                  // r/‖wᵢ‖ < 1
            alpha[i] = Interval.Asin(new Interval(BigFloat.Zero, BigFloat.Min(ratio.Hi, BigFloat.One), p)).Hi; // ≥ angle(xᵢ, wᵢ)
        }
        string? Separated(AngleData? t, BigFloat slack, string what)
        {
            if (t is null) return $"{what} are parallel or antiparallel at the centre";
            bool fromZero = t.Theta.Lo > slack;                                                   // θ − αᵢ − αⱼ > 0
            bool fromPi = BigFloat.Sub(_pi.Lo, t.Theta.Hi, p, RoundingMode.Down) > slack;       // π − θ − αᵢ − αⱼ > 0
            return fromZero && fromPi ? null : $"{what} may become parallel or antiparallel within distance r";
        }
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < i; j++)
            {
                var slack = BigFloat.Add(alpha[i], alpha[j], p, RoundingMode.Up);
                if (Separated(Angle(neurons[i], norms[i], units[i], neurons[j], norms[j], units[j]), slack, $"neurons {j + 1} and {i + 1}") is { } f) return f;
            }
            for (int j = 0; j < M; j++)
                if (Separated(Angle(neurons[i], norms[i], units[i], _targets[j], _targetNorm[j], _targetUnit[j]), alpha[i], $"neuron {i + 1} and target {j + 1}") is { } f) return f;
        }
        return null;
    }

    // ------------------------------------------------------------------ boxes

    /// <summary>The box ∏ [xᵢ − ρ, xᵢ + ρ] (outward-rounded), which contains the Euclidean ball B(x, ρ).</summary>
    public static Interval[] Box(IReadOnlyList<Rational> x, Rational radius, int precision)
    {
        if (radius.Sign < 0) throw new ArgumentOutOfRangeException(nameof(radius));
        return x.Select(c => Interval.Hull(Interval.FromRational(c - radius, precision), Interval.FromRational(c + radius, precision))).ToArray();
    }
}
