using System.Numerics;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Linear;
using ExactCheck.Models;

namespace ExactCheck.Search;

/// <summary>The outcome of Newton refinement: the refined point and how far it moved.</summary>
public sealed record RefinedPoint(BigFloat[] Point, double GradientNormBefore, double GradientNormAfter, double DistanceMoved, int Steps);

/// <summary>
/// UNTRUSTED producer for Safran–Shamir certificates: Newton refinement in high precision and the choice of every
/// claimed number. Whatever it writes is re-derived by <see cref="SafranShamirLocalMinimum.Check"/> before it is kept.
/// </summary>
public static class SafranShamirProducer
{
    public const int RefinePrecision = 320;
    public const int PointDigits = 80;

    /// <summary>
    /// Newton's method x ← x − H⁻¹∇F(x), with ∇F(x) evaluated by the interval model at <paramref name="precision"/> bits
    /// (midpoints) and H the double Hessian: the step solves a system accurate to ~1e-16 relative, so each step cuts
    /// ‖∇F‖ by about 1e-13 until the high-precision gradient's own accuracy is reached.
    /// </summary>
    public static RefinedPoint Refine(int k, int n, IReadOnlyList<Rational[]>? targets, BigFloat[] start,
                                      int precision = RefinePrecision, double targetNorm = 1e-70, int maxSteps = 30)
    {
        var model = new ReluGaussianInterval(n, targets ?? ReluGaussianInterval.Identity(k), precision);
        var dbl = new ReluGaussianDouble(n, (targets ?? ReluGaussianInterval.Identity(k)).Select(v => v.Select(x => BigFloat.FromRational(x, 64, RoundingMode.Nearest).ToDoubleNearest()).ToArray()).ToList());
        var x = (BigFloat[])start.Clone();
        double before = double.NaN, norm = double.NaN;
        int steps = 0;
        for (; steps <= maxSteps; steps++)
        {
            var g = GradientMid(model, x);
            norm = Math.Sqrt(g.Sum(v => v * v));
            if (steps == 0) before = norm;
            if (norm <= targetNorm || steps == maxSteps) break;
            var h = dbl.Hessian(x.Select(v => v.ToDoubleNearest()).ToArray());
            // Newton step: Cholesky (n³/6, vectorised) when H is positive definite in doubles, else Gaussian elimination.
            var rhs = g.Select(v => -v).ToArray();
            var delta = ShiftEstimator.Cholesky(h) is { } factor ? ShiftEstimator.Solve(factor, rhs) : DenseDouble.Solve(h, rhs);
            for (int q = 0; q < x.Length; q++)
                x[q] = BigFloat.Add(x[q], BigFloat.FromDouble(delta[q]), precision, RoundingMode.Nearest);
        }
        double moved = 0;
        for (int q = 0; q < x.Length; q++)
        {
            double d = BigFloat.Sub(x[q], start[q], 64, RoundingMode.Nearest).ToDoubleNearest();
            moved += d * d;
        }
        return new RefinedPoint(x, before, norm, Math.Sqrt(moved), steps);
    }

    private static double[] GradientMid(ReluGaussianInterval model, BigFloat[] x)
    {
        var box = x.Select(v => Interval.Point(v, model.Precision)).ToArray();
        var e = model.Evaluate(box, gradient: true, hessian: false, out var failure)
                ?? throw new InvalidOperationException($"cannot refine: {failure}");
        return e.Gradient!.Select(g => g.Mid.ToDoubleNearest()).ToArray();
    }

    /// <summary>Working precisions tried in turn (adaptive: the first one whose certificate checks is kept, and recorded in hints.precision).</summary>
    public static readonly int[] CertifyPrecisions = [128, 192, 320];

    /// <summary>
    /// Builds a certificate for a (refined) point: rounds it to <see cref="PointDigits"/> significant digits, then, for
    /// each precision of <see cref="CertifyPrecisions"/> in turn, derives ε, λ on a ball, r and the value enclosure with
    /// the trusted model (the Hessian in double intervals, [linalg.float-cholesky]), states them with a little slack in
    /// the safe direction, and keeps the first certificate the checker verifies. Returns the certificate and the check.
    /// </summary>
    public static (SafranShamirLocalMinimum Certificate, Verdict Verdict, IReadOnlyList<BoundCheck> Checks) Certify(
        int k, int n, Rational[][]? targets, BigFloat[] point, IReadOnlyDictionary<string, string> provenance, int[]? precisions = null)
    {
        (SafranShamirLocalMinimum, Verdict, IReadOnlyList<BoundCheck>)? last = null;
        Exception? lastError = null;
        foreach (int p in precisions ?? CertifyPrecisions)
        {
            try
            {
                var attempt = CertifyAt(k, n, targets, point, provenance, p);
                if (attempt.Verdict == Verdict.Verified) return attempt;
                last = attempt;
            }
            catch (InvalidOperationException e) { lastError = e; }
        }
        return last ?? throw lastError!;
    }

    private static (SafranShamirLocalMinimum Certificate, Verdict Verdict, IReadOnlyList<BoundCheck> Checks) CertifyAt(
        int k, int n, Rational[][]? targets, BigFloat[] point, IReadOnlyDictionary<string, string> provenance, int precision)
    {
        var exactPoint = Enumerable.Range(0, n)
            .Select(i => Enumerable.Range(0, k).Select(a => Round(point[i * k + a].ToRational(), PointDigits, RoundingMode.Nearest)).ToArray())
            .ToArray();
        var flat = exactPoint.SelectMany(v => v).ToArray();
        var model = new ReluGaussianInterval(n, targets ?? ReluGaussianInterval.Identity(k), precision);
        var pointBox = flat.Select(x => Interval.FromRational(x, precision)).ToArray();

        var atPoint = model.Evaluate(pointBox, true, false, out var failure)
                      ?? throw new InvalidOperationException($"the point is not in the smooth region: {failure}");
        var sumSquares = BigFloat.Zero;
        foreach (var g in atPoint.Gradient!)
            sumSquares = BigFloat.Add(sumSquares, BigFloat.Mul(g.Mag, g.Mag, precision, RoundingMode.Up), precision, RoundingMode.Up);
        var gradientNorm = BigFloat.Sqrt(sumSquares, precision, RoundingMode.Up);
        var epsilon = Round(gradientNorm.ToRational(), 3, RoundingMode.Up);
        var hessianAtPoint = model.HessianDouble(pointBox, out failure)
                             ?? throw new InvalidOperationException($"the Hessian at the point cannot be enclosed in doubles: {failure}");
        var (pointSigma, pointBound) = BestShift(hessianAtPoint, null);
        if (pointBound is not { } pointLower || pointLower.Sign <= 0)
            throw new InvalidOperationException("the Hessian is not shown positive definite at the point");

        // Ball radius: a power of ten with 2ε < λρ by a factor ≥ 10, so the Hessian over the ball barely moves.
        var lambdaGuess = pointLower.ToRational() / 2;
        var rho = Rational.One;
        while (rho > 20 * epsilon / lambdaGuess && rho > new Rational(1, 10)) rho /= 10;
        while (rho < 20 * epsilon / lambdaGuess) rho *= 10;
        for (int step = 0; step < 60 && rho / 10 > 20 * epsilon / lambdaGuess; step++) rho /= 10;

        var onBall = model.HessianDouble(ReluGaussianInterval.Box(flat, rho, precision), out failure)
                     ?? throw new InvalidOperationException($"the ball of radius {rho} leaves the smooth region (doubles): {failure}");
        var (sigma, bound) = BestShift(onBall, pointSigma);
        if (bound is not { } mu || mu.Sign <= 0)
            throw new InvalidOperationException("no positive eigenvalue bound on the ball");
        var lambda = Round(mu.ToRational(), 6, RoundingMode.Down);
        var r = Round(epsilon / lambda, 3, RoundingMode.Up);
        if (r > rho) throw new InvalidOperationException("r > ρ");
        // The checker's value enclosure: Taylor at w on B(w, r) ⊆ B(w, ρ). [ss.not-global.taylor]
        var rI = Interval.FromRational(r, precision);
        var spread = Interval.Point(gradientNorm, precision) * rI
                     + Interval.ScaleB(rI.Square() * Interval.Point(BigFloat.FromDouble(onBall.RowSumMagUpper()), precision), -1);
        var value = atPoint.Value + new Interval(-spread.Hi, spread.Hi, precision);
        var routeA = RouteA(k, n, targets ?? ReluGaussianInterval.Identity(k), flat, atPoint, epsilon, lambda, precision);
        var certificate = new SafranShamirLocalMinimum
        {
            RouteA = routeA,
            K = k, N = n, Targets = targets, Point = exactPoint,
            GradientNormUpper = epsilon, BallRadius = rho, HessianLambdaMinLower = lambda, DistanceUpper = r,
            ValueLower = Round(value.Lo.ToRational(), 40, RoundingMode.Down),
            ValueUpper = Round(value.Hi.ToRational(), 40, RoundingMode.Up),
            Precision = precision,
            Sigma = sigma,
            Provenance = provenance,
        };
        // Check the bytes that will be written, through the same entry point as `exactcheck check`.
        var result = CertificateChecker.CheckText("(produced)", certificate.ToCanonicalJson());
        return (certificate, result.Verdict, result.Checks);
    }

    /// <summary>
    /// UNTRUSTED search for the shift: σ (12 significant digits, as the hint is written) a little below a λmin estimate
    /// (<see cref="ShiftEstimator"/>) for which the float Cholesky bound succeeds; <paramref name="start"/> is tried
    /// first. Returns σ and the verified bound at that σ (null if none).
    /// </summary>
    public static (Rational? Sigma, BigFloat? Bound) BestShift(DoubleSymmetricIntervalMatrix h, Rational? start)
    {
        Rational? bestSigma = null;
        BigFloat? best = null;
        bool Try(double s)
        {
            var sigma = Round(Rational.FromDouble(s), 12, RoundingMode.Nearest);
            // The checker reads the hint as the nearest double: compute the bound at exactly that double.
            var result = FloatCholeskyBound.LambdaMinLower(h, BigFloat.FromRational(sigma, 53, RoundingMode.Nearest).ToDoubleNearest());
            if (result.Lower is not { } lower || lower.Sign <= 0) return false;
            if (best is null || lower > best.Value) { best = lower; bestSigma = sigma; }
            return true;
        }
        if (start is { } st)
        {
            double s0 = BigFloat.FromRational(st, 53, RoundingMode.Nearest).ToDoubleNearest();
            if (Try(s0)) return (bestSigma, best);
        }
        // λmin estimate (Lanczos on the inverse), then σ a little below it: first success from the smallest margin.
        if (ShiftEstimator.LambdaMin(h.MidpointsAsDoubles()) is { } estimate)
            foreach (double margin in new[] { 1e-7, 1e-5, 1e-3, 1e-2, 0.1, 0.5 })
                if (Try(estimate * (1 - margin))) break;
        return (bestSigma, best);
    }

    /// <summary>
    /// Route A with padding: λ_A = min(λ on the ball — the checker reuses it for ∇²F(w) — , λmin(M(w))), B over a ball
    /// of radius 1e-30 (≥ r_A, and B only grows with the radius), r_A from Lemma 1, and F(w) − ε·r_A. Null when
    /// Lemma 1 does not apply (9λ² &lt; 25Bε).
    /// </summary>
    private static RouteABounds? RouteA(int k, int n, Rational[][] targets, Rational[] flat, ReluGaussianEnclosure atPoint, Rational epsilon, Rational ballLambda, int precision)
    {
        var pointBox = flat.Select(x => Interval.FromRational(x, precision)).ToArray();
        var lm = EigenvalueBounds.LambdaMinLowerAuto(ReluGaussianThirdDerivative.PaddingMatrix(n, targets, pointBox, precision));
        if (lm.Lower is not { } b || b.Sign <= 0) return null;
        var lambda = Rational.Min(ballLambda, Round(b.ToRational(), 6, RoundingMode.Down));
        var ballForB = new Rational(1, BigInteger.Pow(10, 30));
        var (wMin, wMax) = ReluGaussianThirdDerivative.NeuronNormBounds(flat, k, ballForB, precision);
        var targetNorms = targets.Select(v => v.Aggregate(Interval.Zero(precision), (acc, x) => acc + Interval.FromRational(x, precision).Square()).Sqrt()).ToList();
        var bound = Round(ReluGaussianThirdDerivative.ThirdDerivativeUpper(n, wMin, wMax, targetNorms, precision).ToRational(), 6, RoundingMode.Up);
        var disc = 9 * lambda * lambda - 25 * bound * epsilon;
        if (disc.Sign < 0) return null;
        var lam = Interval.FromRational(lambda, precision);
        var radius = (Interval.Point(3, precision) * lam - Interval.FromRational(disc, precision).Sqrt()) / Interval.ScaleB(Interval.FromRational(bound, precision), 1);
        var r = Round(radius.Hi.ToRational(), 3, RoundingMode.Up);
        if (r > ballForB) return null;
        var lowest = atPoint.Value - Interval.FromRational(epsilon, precision) * Interval.FromRational(r, precision);
        return new RouteABounds(lambda, bound, r, Round(lowest.Lo.ToRational(), 40, RoundingMode.Down));
    }

    /// <summary>x rounded to <paramref name="digits"/> significant decimal digits in the given direction (exact result).</summary>
    public static Rational Round(Rational x, int digits, RoundingMode mode) => Rational.Parse(x.ToScientificString(digits, mode));
}
