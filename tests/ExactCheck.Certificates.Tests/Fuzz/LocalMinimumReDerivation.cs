using ExactCheck.Arithmetic;
using ExactCheck.Linear;
using ExactCheck.Models;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>
/// The oracle's own proof of a Safran–Shamir local-minimum claim, for VERIFIED mutants that what the original proves
/// does not cover (typically: the point moved by more than the original's slack in r). It reads the claim with the
/// oracle's reader and proves it with its own code straight from the model and linear-algebra layers, at twice the
/// claim's precision hint (at least 640 bits), following proofs/safran-shamir/local-minimum.md:
/// route B on the mutant's ball (ε from the gradient at w, λ from the Hessian over the box around B(w, ρ),
/// 2ε &lt; λρ, ε/λ ≤ r), the value over the box of radius r, and, when claimed, route A (λ_A from ∇²F(w) and Lemma 3's
/// M at w, B from the dimension-free bound over B(w, r_A), smoothness on the ball in every dimension, Lemma 1's radius
/// ≤ r_A, F(w) − ε·r_A ≥ the claimed value bound). Trust: kernel, model and eigenvalue bound — never the certificate
/// layer under attack.
/// </summary>
public static class LocalMinimumReDerivation
{
    /// <summary>Null when the mutant's claim is proved; otherwise why not.</summary>
    public static string? Failure(IReadOnlyDictionary<string, Leaf> m)
    {
        Rational Num(string path) => FuzzJson.Number(m[path]) ?? throw new InvalidOperationException(path);
        int k = int.Parse(m["$.claim.model.k"].Text), n = int.Parse(m["$.claim.model.n"].Text);
        Rational[][] targets = m.TryGetValue("$.claim.model.targets", out var t) && t.Text == "identity"
            ? ReluGaussianInterval.Identity(k)
            : RefutationReDerivation.Rows(m, "$.claim.model.targets");
        var w = RefutationReDerivation.Rows(m, "$.point.neurons").SelectMany(r => r).ToArray();
        if (w.Length != k * n) return "point of the wrong size";
        int hint = m.TryGetValue("$.hints.precision", out var h) && int.TryParse(h.Text, out int hp) ? hp : SafranShamirLocalMinimum.DefaultPrecision;
        int p = Math.Clamp(2 * hint, 640, SafranShamirLocalMinimum.MaxPrecision);
        var rho = Num("$.bounds.ballRadius");
        var r = Num("$.bounds.distanceUpper");
        var lo = Num("$.bounds.valueLower");
        var hi = Num("$.bounds.valueUpper");
        if (rho.Sign <= 0 || r.Sign < 0 || lo.Sign <= 0) return "ρ ≤ 0, r < 0 or valueLower ≤ 0";

        var model = new ReluGaussianInterval(n, targets, p);
        var pointBox = w.Select(x => Interval.FromRational(x, p)).ToArray();
        var atPoint = model.Evaluate(pointBox, gradient: true, hessian: true, out var failure);
        if (atPoint is null) return $"not smooth at the point: {failure}";
        var sum = BigFloat.Zero;
        foreach (var g in atPoint.Gradient!) sum = BigFloat.Add(sum, BigFloat.Mul(g.Mag, g.Mag, p, RoundingMode.Up), p, RoundingMode.Up);
        var eps = BigFloat.Sqrt(sum, p, RoundingMode.Up).ToRational();

        // Route B on B(w, ρ).
        var onBall = model.Evaluate(ReluGaussianInterval.Box(w, rho, p), gradient: false, hessian: true, out failure);
        if (onBall is null) return $"not smooth on the ball: {failure}";
        if (EigenvalueBounds.LambdaMinLowerAuto(onBall.Hessian!).Lower?.ToRational() is not { Sign: > 0 } lambda) return "λmin on the ball not shown > 0";
        if (!(2 * eps < lambda * rho)) return $"2ε ≥ λρ (ε = {eps.ToScientificString(4, RoundingMode.Up)}, λ = {lambda.ToScientificString(4, RoundingMode.Down)})";
        if (eps / lambda > r) return $"ε/λ = {(eps / lambda).ToScientificString(6, RoundingMode.Up)} > r";

        // The minimum is within r of w: F over the box of radius r encloses its value.
        var value = model.Evaluate(ReluGaussianInterval.Box(w, r, p), gradient: false, hessian: false, out failure);
        if (value is null) return $"not smooth on the box of radius r: {failure}";
        if (value.Value.Lo.ToRational() < lo || value.Value.Hi.ToRational() > hi) return "F over the box of radius r is not inside [valueLower, valueUpper]";

        if (!m.ContainsKey("$.bounds.allDimensions.distanceUpper")) return null;
        // Route A: Lemma 1 with Lemma 3's padding, in every dimension d ≥ k.
        var rA = Num("$.bounds.allDimensions.distanceUpper");
        var loA = Num("$.bounds.allDimensions.valueLower");
        if (rA.Sign <= 0 || loA.Sign <= 0) return "r_A ≤ 0 or the route-A value bound ≤ 0";
        if (model.BallSmoothnessFailure(w, rA) is { } ballFailure) return $"not smooth on B(w, r_A): {ballFailure}";
        var l1 = EigenvalueBounds.LambdaMinLowerAuto(atPoint.Hessian!).Lower?.ToRational();
        var l2 = EigenvalueBounds.LambdaMinLowerAuto(ReluGaussianThirdDerivative.PaddingMatrix(n, targets, pointBox, p)).Lower?.ToRational();
        if (l1 is not { Sign: > 0 } || l2 is not { Sign: > 0 }) return "λmin(∇²F(w)) or λmin(M(w)) not shown > 0";
        var lambdaA = Rational.Min(l1.Value, l2.Value);
        var (wMin, wMax) = ReluGaussianThirdDerivative.NeuronNormBounds(w, k, rA, p);
        var targetNorms = targets.Select(v => v.Aggregate(Interval.Zero(p), (acc, x) => acc + Interval.FromRational(x, p).Square()).Sqrt()).ToList();
        var b = ReluGaussianThirdDerivative.ThirdDerivativeUpper(n, wMin, wMax, targetNorms, p).ToRational();
        if (eps.IsZero) eps = Rational.Parse("1e-100000");   // Lemma 1 needs ε > 0; any upper bound of ‖∇F(w)‖ will do
        var disc = 9 * lambdaA * lambdaA - 25 * b * eps;
        if (disc.Sign < 0) return "9λ² − 25Bε < 0";
        var radius = (Interval.Point(3, p) * Interval.FromRational(lambdaA, p) - Interval.FromRational(disc, p).Sqrt())
                     / Interval.ScaleB(Interval.FromRational(b, p), 1);
        if (radius.Hi.ToRational() > rA) return $"Lemma 1's radius {radius.Hi.ToRational().ToScientificString(6, RoundingMode.Up)} > r_A";
        var low = atPoint.Value - Interval.FromRational(eps, p) * Interval.FromRational(rA, p);
        return low.Lo.ToRational() >= loA ? null : "F(w) − ε·r_A below the route-A value bound";
    }
}
