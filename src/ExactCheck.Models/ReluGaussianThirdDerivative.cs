using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Models;

/// <summary>
/// TRUSTED. Constants for Safran–Shamir route A (Lemma 1) and Corollary 1 (Lemma 3), all evaluated in outward-rounded
/// interval arithmetic:
/// <list type="bullet">
/// <item><see cref="ThirdDerivativeUpper"/>: Lemma 1's B, an upper bound on |D³F(x)[u,u,u]| over unit u and every x of
/// a ball on which the neuron norms lie in [w_min, w_max]. Derivation: proofs/safran-shamir/third-derivative.md
/// [ss.third-derivative].</item>
/// <item><see cref="AuthorsBoundUpper"/>: the authors' B_SS, UNPROVED, for reports only.</item>
/// <item><see cref="NeuronNormBounds"/>: w_min, w_max over a ball from its centre and radius
/// [ss.third-derivative.inputs].</item>
/// <item><see cref="PaddingMatrix"/>: Lemma 3's n × n matrix M over a box [ss.padding].</item>
/// </list>
/// </summary>
public static class ReluGaussianThirdDerivative
{
    /// <summary>
    /// B ≥ |D³F(x)[u,u,u]| for every unit u ∈ ℝ^{dn} and every x at which F is smooth (all xᵢ ≠ 0, no xᵢ parallel or
    /// antiparallel to an xⱼ or a target) with <paramref name="neuronNormLower"/> ≤ ‖xᵢ‖ ≤ <paramref name="neuronNormUpper"/>
    /// for all i, where
    /// <code>B = 3√3·((n − 1)·w_max + Σⱼ‖vⱼ‖) / (4π·w_min²) + 3(n − 1) / (π·√n·w_min).</code>
    /// Dimension-free: valid in every input dimension d ≥ k, so the same value serves the zero-padded point of
    /// Corollary 1 (proofs/safran-shamir/third-derivative.md [ss.third-derivative], [ss.third-derivative.padding]).
    /// The input dimension k is deliberately not a parameter. m = <paramref name="targetNorms"/>.Count; the
    /// intervals must contain the target norms ‖vⱼ‖ (for vⱼ = eⱼ: m = k points 1).
    /// </summary>
    /// <returns>An upper bound on B (the upper end of B's interval enclosure).</returns>
    public static BigFloat ThirdDerivativeUpper(int n, BigFloat neuronNormLower, BigFloat neuronNormUpper, IReadOnlyList<Interval> targetNorms, int precision)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        if (neuronNormLower.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(neuronNormLower), "w_min must be > 0 (a neuron may vanish: F is not smooth there)");
        if (neuronNormUpper < neuronNormLower) throw new ArgumentOutOfRangeException(nameof(neuronNormUpper), "w_max < w_min");
        int p = precision;
        var wMin = Interval.Point(neuronNormLower, p);
        var wMax = Interval.Point(neuronNormUpper, p);
        var targetSum = Interval.Zero(p);
        foreach (var t in targetNorms)
        {
            if (t.IsNegative) throw new ArgumentOutOfRangeException(nameof(targetNorms), "a target norm enclosure is negative");
            targetSum += t;
        }
        // B is decreasing in w_min and increasing in w_max and in every ‖vⱼ‖, and the interval evaluation below encloses
        // B at the given inputs (outward rounding throughout, [arith.interval]); so the upper end bounds B at the true
        // min/max norms and target norms too. [ss.third-derivative.total]
        var pi = Interval.Pi(p);
        var three = Interval.Point(3, p);
        var nMinusOne = Interval.Point(n - 1, p);
        // κ = 3√3/(4π) bounds the pure terms ∂³_w f(w, v)[a,a,a]·‖w‖²/(‖v‖‖a‖³). [ss.third-derivative.pure]
        var kappa = three * three.Sqrt() / Interval.ScaleB(pi, 2);
        var pure = kappa * (nMinusOne * wMax + targetSum) / wMin.Square();
        // 3/π bounds the two mixed terms of each neuron pair, (n − 1)/√n the pair sum. [ss.third-derivative.mixed], [ss.third-derivative.sum]
        var mixed = three * nMinusOne / (pi * Interval.Point(n, p).Sqrt() * wMin);
        return (pure + mixed).Hi;
    }

    /// <summary>
    /// UNPROVED — informational only; never use it in a verdict. The third-derivative bound as implemented in the
    /// authors' public code (their appendix A.2 is not available to us):
    /// <code>B_SS = n·(√2·(n − 1)·(w_max + w_min) + k·v_max) / (π·w_min²)</code>
    /// with k the number of targets (= the input dimension in the paper) and v_max ≥ maxⱼ ‖vⱼ‖. Evaluated at the given
    /// inputs with outward rounding; the upper end is returned. Compare with <see cref="ThirdDerivativeUpper"/> in reports.
    /// </summary>
    public static BigFloat AuthorsBoundUpper(int n, int targetCount, BigFloat neuronNormLower, BigFloat neuronNormUpper, BigFloat targetNormUpper, int precision)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        if (neuronNormLower.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(neuronNormLower));
        int p = precision;
        var wMin = Interval.Point(neuronNormLower, p);
        var wMax = Interval.Point(neuronNormUpper, p);
        var sqrt2 = Interval.Point(2, p).Sqrt();
        var inner = sqrt2 * Interval.Point(n - 1, p) * (wMax + wMin) + Interval.Point(targetCount, p) * Interval.Point(targetNormUpper, p);
        return (Interval.Point(n, p) * inner / (Interval.Pi(p) * wMin.Square())).Hi;
    }

    /// <summary>
    /// (w_min, w_max) with w_min ≤ ‖xᵢ‖ ≤ w_max for every neuron i and every x in the closed ball B(w, r) of ℝ^{kn},
    /// and equally for the zero-padded ball in any dimension d ≥ k: w_min = minᵢ‖wᵢ‖ − r rounded down, w_max =
    /// maxᵢ‖wᵢ‖ + r rounded up (triangle inequality, ‖xᵢ − wᵢ‖ ≤ ‖x − w‖ ≤ r). Throws if w_min ≤ 0 cannot be excluded.
    /// [ss.third-derivative.inputs]
    /// </summary>
    public static (BigFloat Lower, BigFloat Upper) NeuronNormBounds(IReadOnlyList<Rational> center, int k, Rational radius, int precision)
    {
        if (k < 1 || center.Count % k != 0 || center.Count == 0) throw new ArgumentException($"{center.Count} parameters are not n neurons of length {k}");
        if (radius.Sign < 0) throw new ArgumentOutOfRangeException(nameof(radius));
        int p = precision;
        var r = Interval.FromRational(radius, p);
        BigFloat? lower = null, upper = null;
        for (int i = 0; i < center.Count; i += k)
        {
            var sq = Interval.Zero(p);
            for (int a = 0; a < k; a++) sq += Interval.FromRational(center[i + a], p).Square();
            var norm = sq.Sqrt();
            var lo = (norm - r).Lo;   // rounded down: a valid lower bound of ‖wᵢ‖ − r
            var hi = (norm + r).Hi;   // rounded up: a valid upper bound of ‖wᵢ‖ + r
            lower = lower is { } l && l <= lo ? l : lo;
            upper = upper is { } u && u >= hi ? u : hi;
        }
        if (lower!.Value.Sign <= 0) throw new ArgumentException("the ball may contain a zero neuron: no lower bound w_min > 0");
        return (lower.Value, upper!.Value);
    }

    /// <summary>
    /// Lemma 3's n × n matrix M enclosed over a box of parameters (stacked neuron by neuron as in
    /// <see cref="ReluGaussianInterval"/>: w[k·i + a] is coordinate a of neuron i, k = the targets' length):
    /// <code>M_ii = ½ + Σ_{l≠i} sin θ(wᵢ,w_l)‖w_l‖/(2π‖wᵢ‖) − Σⱼ sin θ(wᵢ,vⱼ)‖vⱼ‖/(2π‖wᵢ‖),   M_ij = (π − θ(wᵢ,wⱼ))/(2π).</code>
    /// The Hessian of F at the point padded with one zero coordinate (targets padded too) is, up to a permutation,
    /// diag(∇²F(w), M) (ERRATA; proofs/safran-shamir/formulas.md [ss.padding]); every matrix of the box's F is enclosed.
    /// Needs only every wᵢ ≠ 0 on the box (M is continuous there); throws <see cref="ArgumentException"/> otherwise.
    /// Smoothness of F on the box is the caller's separate check (<see cref="ReluGaussianInterval.SmoothnessFailure"/>).
    /// </summary>
    public static SymmetricIntervalMatrix PaddingMatrix(int n, IReadOnlyList<Rational[]> targets, Interval[] w, int precision)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        if (targets.Count < 1) throw new ArgumentException("need at least one target");
        int k = targets[0].Length, p = precision;
        if (w.Length != k * n) throw new ArgumentException($"expected {k * n} parameters, got {w.Length}");
        var pi = Interval.Pi(p);
        var twoPi = Interval.ScaleB(pi, 1);
        var half = Interval.Point(new BigFloat(1, -1), p);

        var neurons = new Interval[n][];
        var norms = new Interval[n];
        for (int i = 0; i < n; i++)
        {
            neurons[i] = w.Skip(i * k).Take(k).Select(x => x.WithPrecision(Math.Max(p, x.Precision))).ToArray();
            var sq = Interval.Zero(p);
            foreach (var x in neurons[i]) sq += x.Square();
            if (!sq.IsPositive) throw new ArgumentException($"neuron {i + 1} may be 0 inside the box: M is undefined there");
            norms[i] = sq.Sqrt();
        }
        var targetVectors = targets.Select(v =>
        {
            if (v.Length != k) throw new ArgumentException("targets have different lengths");
            if (v.All(x => x.IsZero)) throw new ArgumentException("a zero target vector");
            return v.Select(x => Interval.FromRational(x, p)).ToArray();
        }).ToArray();
        var targetNorms = targetVectors.Select(v => v.Aggregate(Interval.Zero(p), (s, x) => s + x.Square()).Sqrt()).ToArray();

        // Each neuron pair's sin θ serves both M_ii and M_ll, and θ is needed only for M_il (one arccos per pair);
        // neuron–target pairs need sin θ only. [ss.padding]
        var sinPair = new Interval[n, n];
        var m = new SymmetricIntervalMatrix(n, p);
        for (int i = 0; i < n; i++)
            for (int l = 0; l < i; l++)
            {
                var (sin, theta) = SinAndAngle(neurons[i], norms[i], neurons[l], norms[l], p, wantAngle: true);
                sinPair[i, l] = sinPair[l, i] = sin;
                m[i, l] = (pi - theta!.Value) / twoPi;
            }
        for (int i = 0; i < n; i++)
        {
            // Σ_{l≠i} sin θ_il ‖w_l‖ − Σⱼ sin θ(wᵢ,vⱼ)‖vⱼ‖, then divided by 2π‖wᵢ‖. [ss.padding]
            var s = Interval.Zero(p);
            for (int l = 0; l < n; l++)
                if (l != i) s += sinPair[i, l] * norms[l];
            for (int j = 0; j < targetVectors.Length; j++)
                s -= SinAndAngle(neurons[i], norms[i], targetVectors[j], targetNorms[j], p, wantAngle: false).Sin * targetNorms[j];
            m[i, i] = half + s / (twoPi * norms[i]);
        }
        return m;
    }

    /// <summary>
    /// sin θ and θ ∈ [0, π] of the angle between a and b (both ≠ 0 on the box): cos θ = a·b/(‖a‖‖b‖), intersected with
    /// [−1, 1] (Cauchy–Schwarz), sin θ = √((1 − cos θ)(1 + cos θ)) ≥ 0, θ = arccos(cos θ). Valid at θ ∈ {0, π} too.
    /// </summary>
    private static (Interval Sin, Interval? Theta) SinAndAngle(Interval[] a, Interval normA, Interval[] b, Interval normB, int p, bool wantAngle)
    {
        var dot = Interval.Zero(p);
        for (int q = 0; q < a.Length; q++) dot += a[q] * b[q];
        var cos = dot / (normA * normB);
        var unit = new Interval(-BigFloat.One, BigFloat.One, p);
        if (cos.Lo > BigFloat.One || cos.Hi < -BigFloat.One) throw new InvalidOperationException("cosine enclosure outside [−1, 1]");
        cos = Interval.Intersect(cos, unit);
        var one = Interval.One(p);
        // (1 − c) ≥ 0 and (1 + c) ≥ 0 on [−1, 1], so the product's lower end (rounded down from a non-negative exact
        // product of non-negative ends) is ≥ 0 and √ is defined.
        var sin = ((one - cos) * (one + cos)).Sqrt();
        return (sin, wantAngle ? Interval.Acos(cos) : null);
    }
}
