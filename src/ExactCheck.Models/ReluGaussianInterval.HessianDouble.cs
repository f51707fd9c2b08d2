using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Models;

public sealed partial class ReluGaussianInterval
{
    /// <summary>Precision of the few big-float steps of the fast Hessian (π and arccos, then rounded out to doubles).</summary>
    private const int FastPrecision = 64;

    /// <summary>
    /// TRUSTED, fast path: an enclosure of ∇²F over the box in outward-rounded <c>double</c> intervals
    /// (<see cref="DoubleInterval"/>, [arith.double-interval]) — the same formulas, in the same order, as the Hessian of
    /// <see cref="Evaluate"/> ([ss.hessian], [ss.h1], [ss.h2]), with the box's ends rounded outward to doubles first (a
    /// larger box: still sound). Arccos and π come from the big-float kernel at 64 bits and are rounded outward.
    /// Null with <paramref name="failure"/> when smoothness on the box cannot be shown at this precision
    /// ([ss.smoothness.box]); the caller may then retry with <see cref="Evaluate"/> at a higher precision.
    /// </summary>
    public DoubleSymmetricIntervalMatrix? HessianDouble(Interval[] w, out string? failure)
    {
        if (w.Length != K * N) throw new ArgumentException($"expected {K * N} parameters, got {w.Length}");
        int k = K, n = N, m = M;
        failure = null;
        var pi = DoubleInterval.FromInterval(Interval.Pi(FastPrecision));
        var twoPi = DoubleInterval.ScaleB(pi, 1);
        var half = DoubleInterval.Point(0.5);
        var unitInterval = new DoubleInterval(-1, 1);

        var neurons = new DoubleInterval[n][];
        var norms = new DoubleInterval[n];
        var units = new DoubleInterval[n][];
        for (int i = 0; i < n; i++)
        {
            neurons[i] = new DoubleInterval[k];
            var sq = DoubleInterval.Zero;
            for (int a = 0; a < k; a++)
            {
                neurons[i][a] = DoubleInterval.FromInterval(w[i * k + a]);
                sq += neurons[i][a].Square();
            }
            if (!sq.IsPositive) { failure = $"neuron {i + 1} may be 0 inside the box"; return null; }
            norms[i] = sq.Sqrt();
            units[i] = neurons[i].Select(x => x / norms[i]).ToArray();
        }
        var targets = _targets.Select(v => v.Select(DoubleInterval.FromInterval).ToArray()).ToArray();
        var targetNorm = _targetNorm.Select(DoubleInterval.FromInterval).ToArray();
        var targetUnit = _targetUnit.Select(v => v.Select(DoubleInterval.FromInterval).ToArray()).ToArray();

        // cos θ = w·u/(‖w‖‖u‖) ∩ [−1, 1] (Cauchy–Schwarz), sin θ = √((1 − c)(1 + c)) > 0 required. [ss.angle]
        (DoubleInterval Cos, DoubleInterval Sin)? Angle(DoubleInterval[] x, DoubleInterval normX, DoubleInterval[] y, DoubleInterval normY)
        {
            var dot = DoubleInterval.Zero;
            for (int a = 0; a < k; a++) dot += x[a] * y[a];
            var cos = dot / (normX * normY);
            if (cos.Lo > 1 || cos.Hi < -1) throw new InvalidOperationException("cosine enclosure outside [−1, 1]");
            cos = DoubleInterval.Intersect(cos, unitInterval);
            var sin2 = (DoubleInterval.One - cos) * (DoubleInterval.One + cos);
            if (!sin2.IsPositive) return null;
            return (cos, sin2.Sqrt());
        }

        var ww = new (DoubleInterval Cos, DoubleInterval Sin)[n, n];
        var wv = new (DoubleInterval Cos, DoubleInterval Sin)[n, m];
        for (int i = 0; i < n; i++)
        {
            Budget.CheckClock(); // once per neuron: the angle loops below are double arithmetic (Angle calls no kernel primitive)
            for (int j = 0; j < i; j++)
            {
                if (Angle(neurons[i], norms[i], neurons[j], norms[j]) is not { } t) { failure = $"neurons {j + 1} and {i + 1} may be parallel or antiparallel inside the box"; return null; }
                ww[i, j] = ww[j, i] = t;
            }
            for (int j = 0; j < m; j++)
            {
                if (Angle(neurons[i], norms[i], targets[j], targetNorm[j]) is not { } t) { failure = $"neuron {i + 1} may be parallel or antiparallel to target {j + 1} inside the box"; return null; }
                wv[i, j] = t;
            }
        }

        var hess = new DoubleSymmetricIntervalMatrix(k * n);
        var rankE = new DoubleInterval[n + m][];
        var rankD = new DoubleInterval[n + m][];
        for (int i = 0; i < n; i++)
        {
            Budget.CheckClock(); // a spent time budget stops here, once per neuron (no kernel primitive is called in these loops)
            // Diagonal block: ½I + (Σ± τ₁)(I − w̄ᵢw̄ᵢᵀ) + Σ ±τ₂·d dᵀ, τ₁ = ‖u‖ sin θ/(2π‖wᵢ‖), τ₂ = ‖u‖/(2π‖wᵢ‖ sin θ),
            // d = ū − cos θ·w̄ᵢ. [ss.h1], [ss.hessian]
            var tau1Sum = DoubleInterval.Zero;
            int count = 0;
            void AddPair(DoubleInterval normU, DoubleInterval[] uBar, (DoubleInterval Cos, DoubleInterval Sin) t, bool minus)
            {
                var factor = normU / (twoPi * norms[i]);
                var tau1 = factor * t.Sin;
                var tau2 = factor / t.Sin;
                tau1Sum = minus ? tau1Sum - tau1 : tau1Sum + tau1;
                var d = new DoubleInterval[k];
                var e = new DoubleInterval[k];
                for (int a = 0; a < k; a++)
                {
                    d[a] = uBar[a] - t.Cos * units[i][a];
                    e[a] = minus ? -(tau2 * d[a]) : tau2 * d[a];
                }
                rankE[count] = e;
                rankD[count] = d;
                count++;
            }
            for (int j = 0; j < n; j++) if (j != i) AddPair(norms[j], units[j], ww[i, j], minus: false);
            for (int j = 0; j < m; j++) AddPair(targetNorm[j], targetUnit[j], wv[i, j], minus: true);
            for (int a = 0; a < k; a++)
                for (int b = 0; b <= a; b++)
                {
                    var projector = (a == b ? DoubleInterval.One : DoubleInterval.Zero) - units[i][a] * units[i][b];
                    var s = (a == b ? half : DoubleInterval.Zero) + tau1Sum * projector;
                    for (int q = 0; q < count; q++) s += rankE[q][a] * rankD[q][b];
                    hess[i * k + a, i * k + b] = s;
                }
            // Off-diagonal blocks (i > j): h2 = ((π − θ)I + w̄ⱼ m₁ᵀ + w̄ᵢ m₂ᵀ)/(2π)-form of [ss.h2] with
            // m₁ = (w̄ᵢ − c w̄ⱼ)/(2π s), m₂ = (w̄ⱼ − c w̄ᵢ)/(2π s); θ = arccos(cos θ) from the big-float kernel. [ss.h2]
            for (int j = 0; j < i; j++)
            {
                var t = ww[i, j];
                var theta = DoubleInterval.FromInterval(Interval.Acos(t.Cos.ToInterval(FastPrecision)));
                var scale = twoPi * t.Sin;
                var m1 = new DoubleInterval[k];
                var m2 = new DoubleInterval[k];
                for (int b = 0; b < k; b++)
                {
                    m1[b] = (units[i][b] - t.Cos * units[j][b]) / scale;
                    m2[b] = (units[j][b] - t.Cos * units[i][b]) / scale;
                }
                var diagonal = (pi - theta) / twoPi;
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                    {
                        var entry = units[j][a] * m1[b] + units[i][a] * m2[b];
                        hess[i * k + a, j * k + b] = a == b ? diagonal + entry : entry;
                    }
            }
        }
        return hess;
    }

    /// <summary>
    /// TRUSTED, fast sufficient test for <see cref="BallSmoothnessFailure"/> (null = smooth on B(w, r) in every
    /// dimension d ≥ k), in double intervals without arccos or arcsin: with sᵢ ≥ r/‖wᵢ‖ (rounded up), it requires
    /// ‖wᵢ‖ &gt; r, sᵢ + sⱼ &lt; 1 and sin θ(wᵢ, wⱼ) &gt; (π/2)(sᵢ + sⱼ) for every neuron pair, and sᵢ &lt; 1,
    /// sin θ(wᵢ, vⱼ) &gt; (π/2)sᵢ for every neuron–target pair. Since αᵢ = arcsin(r/‖wᵢ‖) ≤ (π/2)sᵢ, this gives
    /// θ ∈ (αᵢ + αⱼ, π − αᵢ − αⱼ) as [ss.smoothness.ball] needs. A failure here is not a proof of non-smoothness:
    /// the caller then runs the exact test. [ss.smoothness.ball.fast]
    /// </summary>
    public string? BallSmoothnessFailureFast(IReadOnlyList<Rational> w, Rational r)
    {
        if (w.Count != K * N) throw new ArgumentException($"expected {K * N} parameters, got {w.Count}");
        int k = K, n = N;
        double rUp = DoubleInterval.ToDoubleUp(BigFloat.FromRational(r, 53, RoundingMode.Up));
        var halfPiUp = DoubleInterval.ScaleB(DoubleInterval.FromInterval(Interval.Pi(FastPrecision)), -1).Hi;
        var neurons = new DoubleInterval[n][];
        var norms = new DoubleInterval[n];
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            neurons[i] = new DoubleInterval[k];
            var sq = DoubleInterval.Zero;
            for (int a = 0; a < k; a++)
            {
                neurons[i][a] = DoubleInterval.FromInterval(Interval.FromRational(w[i * k + a], FastPrecision));
                sq += neurons[i][a].Square();
            }
            norms[i] = sq.Sqrt();
            if (!(norms[i].Lo > rUp)) return $"neuron {i + 1}: ‖wᵢ‖ > r not shown in doubles";
            s[i] = (DoubleInterval.Point(rUp) / DoubleInterval.Point(norms[i].Lo)).Hi; // ≥ r/‖wᵢ‖
        }
        var targets = _targets.Select(v => v.Select(DoubleInterval.FromInterval).ToArray()).ToArray();
        var targetNorm = _targetNorm.Select(DoubleInterval.FromInterval).ToArray();
        DoubleInterval? SinOf(DoubleInterval[] x, DoubleInterval nx, DoubleInterval[] y, DoubleInterval ny)
        {
            var dot = DoubleInterval.Zero;
            for (int a = 0; a < k; a++) dot += x[a] * y[a];
            var cos = DoubleInterval.Intersect(dot / (nx * ny), new DoubleInterval(-1, 1));
            var sin2 = (DoubleInterval.One - cos) * (DoubleInterval.One + cos);
            return sin2.IsPositive ? sin2.Sqrt() : null;
        }
        bool Separated(DoubleInterval? sin, double slack)
        {
            var total = DoubleInterval.Point(slack);
            return slack < 1 && sin is { } v && v.Lo > (DoubleInterval.Point(halfPiUp) * total).Hi;
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
                if (!Separated(SinOf(neurons[i], norms[i], neurons[j], norms[j]), Math.BitIncrement(s[i] + s[j])))
                    return $"neurons {j + 1} and {i + 1}: separation not shown in doubles";
            for (int j = 0; j < M; j++)
                if (!Separated(SinOf(neurons[i], norms[i], targets[j], targetNorm[j]), s[i]))
                    return $"neuron {i + 1} and target {j + 1}: separation not shown in doubles";
        }
        return null;
    }
}
