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
            var delta = DenseDouble.Solve(h, g.Select(v => -v).ToArray());
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

    /// <summary>
    /// Builds a certificate for a (refined) point: rounds it to <see cref="PointDigits"/> significant digits, derives
    /// ε, λ on a ball, r and the value enclosure with the trusted model, states them with a little slack in the safe
    /// direction, and keeps the certificate only if the checker verifies it. Returns the certificate and the check.
    /// </summary>
    public static (SafranShamirLocalMinimum Certificate, Verdict Verdict, IReadOnlyList<BoundCheck> Checks) Certify(
        int k, int n, Rational[][]? targets, BigFloat[] point, IReadOnlyDictionary<string, string> provenance, int precision = RefinePrecision)
    {
        var exactPoint = Enumerable.Range(0, n)
            .Select(i => Enumerable.Range(0, k).Select(a => Round(point[i * k + a].ToRational(), PointDigits, RoundingMode.Nearest)).ToArray())
            .ToArray();
        var flat = exactPoint.SelectMany(v => v).ToArray();
        var model = new ReluGaussianInterval(n, targets ?? ReluGaussianInterval.Identity(k), precision);

        var atPoint = model.Evaluate(flat.Select(x => Interval.FromRational(x, precision)).ToArray(), true, true, out var failure)
                      ?? throw new InvalidOperationException($"the point is not in the smooth region: {failure}");
        var sumSquares = BigFloat.Zero;
        foreach (var g in atPoint.Gradient!)
            sumSquares = BigFloat.Add(sumSquares, BigFloat.Mul(g.Mag, g.Mag, precision, RoundingMode.Up), precision, RoundingMode.Up);
        var epsilon = Round(BigFloat.Sqrt(sumSquares, precision, RoundingMode.Up).ToRational(), 3, RoundingMode.Up);
        double lambdaEstimate = EigenvalueBounds.EstimateLambdaMin(atPoint.Hessian!.MidpointsAsDoubles());
        if (!(lambdaEstimate > 0)) throw new InvalidOperationException($"the Hessian is not positive definite at the point (λmin ≈ {lambdaEstimate:G4})");

        // Ball radius: a power of ten with 2ε < λρ by a factor ≥ 10, so the Hessian over the ball barely moves.
        var lambdaGuess = Rational.FromDouble(lambdaEstimate / 2);
        var rho = Rational.One;
        while (rho > 20 * epsilon / lambdaGuess && rho > new Rational(1, 10)) rho /= 10;
        while (rho < 20 * epsilon / lambdaGuess) rho *= 10;
        for (int step = 0; step < 60 && rho / 10 > 20 * epsilon / lambdaGuess; step++) rho /= 10;

        var onBall = model.Evaluate(ReluGaussianInterval.Box(flat, rho, precision), false, true, out failure)
                     ?? throw new InvalidOperationException($"the ball of radius {rho} leaves the smooth region: {failure}");
        var bound = EigenvalueBounds.LambdaMinLowerAuto(onBall.Hessian!);
        if (bound.Lower is not { } mu || mu.Sign <= 0)
            throw new InvalidOperationException($"no positive eigenvalue bound on the ball: {bound.Failure ?? bound.Lower?.ToDoubleNearest().ToString("G6")}");
        var lambda = Round(mu.ToRational(), 6, RoundingMode.Down);
        var r = Round(epsilon / lambda, 3, RoundingMode.Up);
        var value = model.Evaluate(ReluGaussianInterval.Box(flat, r, precision), false, false, out failure)!.Value;
        var routeA = RouteA(k, n, targets ?? ReluGaussianInterval.Identity(k), flat, atPoint, epsilon, precision);
        var certificate = new SafranShamirLocalMinimum
        {
            RouteA = routeA,
            K = k, N = n, Targets = targets, Point = exactPoint,
            GradientNormUpper = epsilon, BallRadius = rho, HessianLambdaMinLower = lambda, DistanceUpper = r,
            ValueLower = Round(value.Lo.ToRational(), 40, RoundingMode.Down),
            ValueUpper = Round(value.Hi.ToRational(), 40, RoundingMode.Up),
            Precision = precision,
            Sigma = Round(bound.Sigma.ToRational(), 12, RoundingMode.Nearest),
            Provenance = provenance,
        };
        // Check the bytes that will be written, through the same entry point as `exactcheck check`.
        var result = CertificateChecker.CheckText("(produced)", certificate.ToCanonicalJson());
        return (certificate, result.Verdict, result.Checks);
    }

    /// <summary>
    /// Route A with padding: λ_A = min(λmin(∇²F(w)), λmin(M(w))), B over a ball of radius 1e-30 (≥ r_A, and B only
    /// grows with the radius), r_A from Lemma 1, and F(w) − ε·r_A. Null when Lemma 1 does not apply (9λ² &lt; 25Bε).
    /// </summary>
    private static RouteABounds? RouteA(int k, int n, Rational[][] targets, Rational[] flat, ReluGaussianEnclosure atPoint, Rational epsilon, int precision)
    {
        var lh = EigenvalueBounds.LambdaMinLowerAuto(atPoint.Hessian!);
        var pointBox = flat.Select(x => Interval.FromRational(x, precision)).ToArray();
        var lm = EigenvalueBounds.LambdaMinLowerAuto(ReluGaussianThirdDerivative.PaddingMatrix(n, targets, pointBox, precision));
        if (lh.Lower is not { } a || lm.Lower is not { } b || a.Sign <= 0 || b.Sign <= 0) return null;
        var lambda = Round(BigFloat.Min(a, b).ToRational(), 6, RoundingMode.Down);
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
