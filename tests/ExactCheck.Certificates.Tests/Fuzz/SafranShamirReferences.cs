using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;
using ExactCheck.Models;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>
/// What the ORIGINAL (unmutated) Safran–Shamir local-minimum certificate proves, re-derived at twice its precision
/// straight from the model layer (<see cref="ReluGaussianInterval"/>, <see cref="EigenvalueBounds"/>), never through
/// the certificate layer that the fuzzer attacks. Each field is at least as strong as the original claim:
/// <list type="bullet">
/// <item>the minimum m* lies within <see cref="Distance"/> of the original point w (route B: ε/λ with the derived ε
/// and λ, when 2ε &lt; λρ; never more than the claimed r);</item>
/// <item>F(m*) ∈ [<see cref="ValueLower"/>, <see cref="ValueUpper"/>] (F enclosed over the box of radius r around w);</item>
/// <item>route A (every d ≥ k): a minimum within <see cref="RouteADistance"/> of the padded w, of value ≥
/// <see cref="RouteAValueLower"/>.</item>
/// </list>
/// A mutant whose claim follows from these by exact comparison (and the triangle inequality when the point moved)
/// states a true claim. Trust: the model and the kernel (tested against MPFR and exact rationals), not the checker.
/// </summary>
public sealed record SafranShamirReferences(Rational Distance, Rational ValueLower, Rational ValueUpper,
                                            Rational? RouteADistance, Rational? RouteAValueLower)
{
    public static SafranShamirReferences Compute(CorpusEntry entry)
    {
        using var doc = JsonDocument.Parse(entry.Text);
        var c = SafranShamirLocalMinimum.Parse(doc.RootElement);   // the committed file, not a mutant
        int p = Math.Min(2 * c.Precision, SafranShamirLocalMinimum.MaxPrecision);
        var targets = c.Targets ?? ReluGaussianInterval.Identity(c.K);
        var model = new ReluGaussianInterval(c.N, targets, p);
        var w = c.Point.SelectMany(v => v).ToArray();
        var pointBox = w.Select(x => Interval.FromRational(x, p)).ToArray();

        // ε_D ≥ ‖∇F(w)‖ (every step rounded up).
        var atPoint = model.Evaluate(pointBox, gradient: true, hessian: false, out var failure)
                      ?? throw new InvalidOperationException($"{entry.Name}: {failure}");
        var sum = BigFloat.Zero;
        foreach (var g in atPoint.Gradient!) sum = BigFloat.Add(sum, BigFloat.Mul(g.Mag, g.Mag, p, RoundingMode.Up), p, RoundingMode.Up);
        var epsD = BigFloat.Sqrt(sum, p, RoundingMode.Up).ToRational();

        // λ_D ≤ λmin(∇²F) on the box around B(w, ρ).
        var onBall = model.Evaluate(ReluGaussianInterval.Box(w, c.BallRadius, p), gradient: false, hessian: true, out failure)
                     ?? throw new InvalidOperationException($"{entry.Name}: {failure}");
        var lambda = EigenvalueBounds.LambdaMinLowerAuto(onBall.Hessian!).Lower?.ToRational();
        var distance = c.DistanceUpper;
        if (lambda is { } l && l.Sign > 0 && 2 * epsD < l * c.BallRadius) distance = Rational.Min(distance, epsD / l);

        // F(m*) is in F(box of radius r around w), as m* is within r of w (the original claim).
        var value = model.Evaluate(ReluGaussianInterval.Box(w, c.DistanceUpper, p), gradient: false, hessian: false, out failure)
                    ?? throw new InvalidOperationException($"{entry.Name}: {failure}");
        var lo = Rational.Max(c.ValueLower, value.Value.Lo.ToRational());
        var hi = Rational.Min(c.ValueUpper, value.Value.Hi.ToRational());

        Rational? routeADistance = null, routeAValue = null;
        if (c.RouteA is { } a)
        {
            // Lemma 1's radius with the claimed (true) λ_A, B, ε, upper end; and F(w) − ε·r_A, lower end.
            var disc = 9 * a.HessianLambdaMinLower * a.HessianLambdaMinLower - 25 * a.ThirdDerivativeUpper * c.GradientNormUpper;
            var radius = (Interval.Point(3, p) * Interval.FromRational(a.HessianLambdaMinLower, p) - Interval.FromRational(disc, p).Sqrt())
                         / Interval.ScaleB(Interval.FromRational(a.ThirdDerivativeUpper, p), 1);
            routeADistance = Rational.Min(a.DistanceUpper, radius.Hi.ToRational());
            var low = atPoint.Value - Interval.FromRational(c.GradientNormUpper, p) * Interval.FromRational(a.DistanceUpper, p);
            routeAValue = Rational.Max(a.ValueLower, low.Lo.ToRational());
        }
        return new SafranShamirReferences(distance, lo, hi, routeADistance, routeAValue);
    }
}
