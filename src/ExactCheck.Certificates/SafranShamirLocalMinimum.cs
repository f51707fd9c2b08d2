using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;
using ExactCheck.Models;

namespace ExactCheck.Certificates;

/// <summary>
/// Claim kind "safran-shamir/local-minimum": the Safran–Shamir objective with k inputs, n neurons and the given targets
/// has a strict local minimum within distance r of the stated point, its value lies in [F_lo, F_hi], and F_lo &gt; 0, so
/// it is not a global minimum (the global minimum value is 0). Proved by route B (interval Hessian on a ball).
/// Format: docs/certificate-format.md. Derivations: proofs/safran-shamir/local-minimum.md.
/// </summary>
public sealed class SafranShamirLocalMinimum
{
    public const string KindName = "safran-shamir/local-minimum";
    public const int MaxDimension = 64;      // k and n
    public const int MinPrecision = 64;
    public const int MaxPrecision = 4096;
    public const int DefaultPrecision = 320;

    public required int K { get; init; }
    public required int N { get; init; }
    /// <summary>Null for the paper's targets vⱼ = eⱼ (j = 1..k); otherwise m explicit target vectors.</summary>
    public Rational[][]? Targets { get; init; }
    /// <summary>n neurons of k coordinates each.</summary>
    public required Rational[][] Point { get; init; }

    // bounds (claims to re-derive)
    public required Rational GradientNormUpper { get; init; }   // ε ≥ ‖∇F(w)‖
    public required Rational BallRadius { get; init; }          // ρ
    public required Rational HessianLambdaMinLower { get; init; } // μ ≤ λmin(∇²F(x)) for all x in B(w, ρ)
    public required Rational DistanceUpper { get; init; }       // r ≥ ε/μ
    public required Rational ValueLower { get; init; }          // F at the minimum ≥ this > 0
    public required Rational ValueUpper { get; init; }

    /// <summary>Optional route A with padding (Lemma 1 + Lemma 3): the claim then holds in every input dimension d ≥ k.</summary>
    public RouteABounds? RouteA { get; init; }

    // hints (never trusted)
    public int Precision { get; init; } = DefaultPrecision;
    public Rational? Sigma { get; init; }

    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    private Rational[][] TargetVectors => Targets ?? ReluGaussianInterval.Identity(K);
    private int M => TargetVectors.Length;

    // ------------------------------------------------------------------ parsing

    public static SafranShamirLocalMinimum Parse(JsonElement root)
    {
        var (k, n, targets, point) = ParseClaimAndPoint(root, nonZeroTargets: false);

        var bounds = Json.Object(Json.Required(root, "bounds", "$"), "$.bounds",
            "gradientNormUpper", "ballRadius", "hessianLambdaMinLower", "distanceUpper", "valueLower", "valueUpper", "allDimensions");
        Rational B(string name) => Json.Number(Json.Required(bounds, name, "$.bounds"), $"$.bounds.{name}");
        RouteABounds? routeA = null;
        if (Json.Optional(bounds, "allDimensions") is { } a)
        {
            const string path = "$.bounds.allDimensions";
            Json.Object(a, path, "hessianLambdaMinLower", "thirdDerivativeUpper", "distanceUpper", "valueLower");
            Rational A(string name) => Json.Number(Json.Required(a, name, path), $"{path}.{name}");
            routeA = new RouteABounds(A("hessianLambdaMinLower"), A("thirdDerivativeUpper"), A("distanceUpper"), A("valueLower"));
        }

        var (precision, hints) = Json.Hints(root, DefaultPrecision, MinPrecision, MaxPrecision, "sigma");
        Rational? sigma = hints is { } h && Json.Optional(h, "sigma") is { } s ? Json.Number(s, "$.hints.sigma") : null;
        var provenance = Json.Provenance(root);
        return new SafranShamirLocalMinimum
        {
            K = k, N = n, Targets = targets, Point = point,
            GradientNormUpper = B("gradientNormUpper"), BallRadius = B("ballRadius"),
            HessianLambdaMinLower = B("hessianLambdaMinLower"), DistanceUpper = B("distanceUpper"),
            ValueLower = B("valueLower"), ValueUpper = B("valueUpper"), RouteA = routeA,
            Precision = precision, Sigma = sigma, Provenance = provenance,
        };
    }

    /// <summary>
    /// What both Safran–Shamir kinds read alike: the top-level keys, the claim's relu-gaussian model (k, n ≤
    /// <see cref="MaxDimension"/>; targets "identity" or 1..MaxDimension vectors of length k, none zero when
    /// <paramref name="nonZeroTargets"/>, as the refutation requires) and the point's n neurons in ℝᵏ.
    /// </summary>
    internal static (int K, int N, Rational[][]? Targets, Rational[][] Point) ParseClaimAndPoint(JsonElement root, bool nonZeroTargets)
    {
        Json.Object(root, "$", "$schema", "format", "claim", "point", "bounds", "hints", "provenance");
        var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim", "kind", "statement", "model");
        var model = Json.Object(Json.Required(claim, "model", "$.claim"), "$.claim.model", "objective", "k", "n", "targets");
        var objective = Json.String(Json.Required(model, "objective", "$.claim.model"), "$.claim.model.objective");
        if (objective != "relu-gaussian") throw new MalformedException("$.claim.model.objective", $"expected \"relu-gaussian\", found \"{objective}\"");
        int k = Json.Integer(Json.Required(model, "k", "$.claim.model"), "$.claim.model.k", 1, MaxDimension);
        int n = Json.Integer(Json.Required(model, "n", "$.claim.model"), "$.claim.model.n", 1, MaxDimension);
        Rational[][]? targets = null;
        var t = Json.Required(model, "targets", "$.claim.model");
        if (t.ValueKind == JsonValueKind.String)
        {
            // Json.String, not t.GetString(): invalid UTF-8 is MALFORMED, not an InvalidOperationException (issue #7 fuzzing).
            if (Json.String(t, "$.claim.model.targets") != "identity") throw new MalformedException("$.claim.model.targets", "expected \"identity\" or an array of target vectors");
        }
        else
        {
            if (t.ValueKind != JsonValueKind.Array || t.GetArrayLength() < 1 || t.GetArrayLength() > MaxDimension)
                throw new MalformedException("$.claim.model.targets", $"expected \"identity\" or an array of 1..{MaxDimension} target vectors");
            targets = Json.Vectors(t, "$.claim.model.targets", t.GetArrayLength(), k);
            if (nonZeroTargets && targets.Any(v => v.All(x => x.IsZero))) throw new MalformedException("$.claim.model.targets", "a target vector is zero");
        }
        var pointObj = Json.Object(Json.Required(root, "point", "$"), "$.point", "neurons");
        var point = Json.Vectors(Json.Required(pointObj, "neurons", "$.point"), "$.point.neurons", n, k);
        return (k, n, targets, point);
    }

    // ------------------------------------------------------------------ checking

    /// <summary>Re-derives every bound. VERIFIED only if every check holds. [ss.route-b]</summary>
    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks, CheckSummary Summary) Check() => Check(null);

    /// <summary>
    /// Re-derives every bound; <paramref name="times"/> (optional) receives the seconds spent per stage (for `bench`).
    /// The Hessian on the ball is enclosed once, in outward-rounded doubles first ([arith.double-interval]) with the
    /// floating-point Cholesky bound ([linalg.float-cholesky]); only if that bound falls short of the claimed λ (or
    /// smoothness cannot be shown in doubles) does the checker redo it in big floats at hints.precision with the exact
    /// LDLᵀ residual ([linalg.ldlt-gershgorin]). Either way every bound is a proved one. [ss.route-b]
    /// </summary>
    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks, CheckSummary Summary) Check(StageTimes? times)
    {
        int p = Precision;
        times ??= new StageTimes();
        var checks = new List<BoundCheck>();
        var model = times.Time("model set-up", () => new ReluGaussianInterval(N, TargetVectors, p));
        var flat = Point.SelectMany(v => v).ToArray();
        var pointBox = flat.Select(x => Interval.FromRational(x, p)).ToArray();
        var summary = new CheckSummary(KindName, $"k={K} n={N}", DistanceUpper.ToScientificString(6, RoundingMode.Up),
            HessianLambdaMinLower.ToScientificString(6, RoundingMode.Down), GradientNormUpper.ToScientificString(6, RoundingMode.Up), null);

        // Exact relations between the claimed numbers first: cheap, and they make the claim meaningful. [ss.route-b]
        checks.Add(BoundCheck.Exact("λ > 0", "ss.route-b", "0 < λ", Rational.Zero, HessianLambdaMinLower, strict: true));
        checks.Add(BoundCheck.Exact("2ε < λρ (ball large enough)", "ss.route-b", "2ε < λ·ρ", 2 * GradientNormUpper, HessianLambdaMinLower * BallRadius, strict: true));
        checks.Add(BoundCheck.Exact("r ≥ ε/λ (distance to the minimum)", "ss.route-b", "ε/λ ≤ r",
            HessianLambdaMinLower.Sign > 0 ? GradientNormUpper / HessianLambdaMinLower : GradientNormUpper, DistanceUpper, strict: false));
        checks.Add(BoundCheck.Exact("F_lo > 0 (not global)", "ss.not-global", "0 < F_lo", Rational.Zero, ValueLower, strict: true));
        checks.Add(BoundCheck.Exact("F_lo ≤ F_hi", "ss.not-global", "F_lo ≤ F_hi", ValueLower, ValueUpper, strict: false));
        if (checks.Any(c => !c.Holds)) return (Verdict.Invalid, checks, summary);

        // ε ≥ ‖∇F(w)‖, at hints.precision (the value F(w) comes with it, for route A). [ss.route-b]
        // It comes first because it is cheap: a claim that fails here skips the big-float fallback below.
        string? pointFailure = null;
        var atPoint = times.Time("gradient enclosure", () => model.Evaluate(pointBox, gradient: true, hessian: false, out pointFailure));
        if (atPoint is null)
        {
            checks.Add(BoundCheck.Condition("F smooth at w", "ss.smoothness.box", "no zero neuron, no parallel pair", pointFailure));
            return (Verdict.Invalid, checks, summary);
        }
        var sumSquares = BigFloat.Zero;
        foreach (var g in atPoint.Gradient!)
            sumSquares = BigFloat.Add(sumSquares, BigFloat.Mul(g.Mag, g.Mag, p, RoundingMode.Up), p, RoundingMode.Up);
        var gradientNorm = BigFloat.Sqrt(sumSquares, p, RoundingMode.Up);
        checks.Add(BoundCheck.Upper("ε ≥ ‖∇F(w)‖", "ss.route-b", GradientNormUpper, gradientNorm));

        // Smoothness and the Hessian on the box around B(w, ρ), with μ ≤ λmin(∇²F(x)) for all x in it.
        // [ss.smoothness.box], [ss.route-b], [linalg.float-cholesky], [linalg.ldlt-gershgorin]
        var ballBox = ReluGaussianInterval.Box(flat, BallRadius, p);
        var (smoothFailure, lambda, ballHessian) = HessianLambdaLower(model, ballBox, HessianLambdaMinLower, times, allowFallback: checks.All(c => c.Holds));
        checks.Add(BoundCheck.Condition("F smooth on B(w, ρ)", "ss.smoothness.box", "no zero neuron, no parallel pair", smoothFailure));
        if (smoothFailure is not null) return (Verdict.Invalid, checks, summary);

        checks.Add(lambda.Lower is { } mu
            ? BoundCheck.Lower("λ ≤ λmin(∇²F) on B(w, ρ)", lambda.Label, HessianLambdaMinLower, mu)
            : BoundCheck.Condition("λ ≤ λmin(∇²F) on B(w, ρ)", lambda.Label, BoundCheck.Show(HessianLambdaMinLower, RoundingMode.Down), lambda.Failure));

        // F at the minimum, which lies in B(w, r). If r ≤ ρ and the double Hessian on B(w, ρ) is at hand: Taylor at w,
        // F(B(w, r)) ⊆ F(w) ± (‖∇F(w)‖·r + ½r²·‖∇²F‖), ‖∇²F‖ ≤ max row sum of the enclosure. [ss.not-global.taylor]
        // Otherwise F over the box around B(w, r). [ss.not-global]
        Interval? valueEnclosure = null;
        // ‖∇²F‖ ≤ max row sum, rounded up; +∞ (overflow) means no Taylor step: the box evaluation below is used instead.
        double rowSumUpper = ballHessian is not null && DistanceUpper <= BallRadius
            ? times.Time("value on B(w, r)", ballHessian.RowSumMagUpper) : double.PositiveInfinity;
        if (ballHessian is not null && DistanceUpper <= BallRadius && double.IsFinite(rowSumUpper))
        {
            var r = Interval.FromRational(DistanceUpper, p);
            var hessNorm = Interval.Point(BigFloat.FromDouble(rowSumUpper), p);
            var spread = Interval.Point(gradientNorm, p) * r + Interval.ScaleB(r.Square() * hessNorm, -1);
            var delta = new Interval(-spread.Hi, spread.Hi, p);
            valueEnclosure = atPoint.Value + delta;
            checks.Add(BoundCheck.Exact("r ≤ ρ (B(w, r) inside the Hessian ball)", "ss.not-global.taylor", "r ≤ ρ", DistanceUpper, BallRadius, strict: false));
        }
        else
        {
            var nearBox = ReluGaussianInterval.Box(flat, DistanceUpper, p);
            string? failure = null;
            var value = times.Time("value on B(w, r)", () => model.Evaluate(nearBox, gradient: false, hessian: false, out failure));
            if (value is null)
                checks.Add(BoundCheck.Condition("F smooth on B(w, r)", "ss.smoothness.box", "no zero neuron, no parallel pair", failure));
            else valueEnclosure = value.Value;
        }
        if (valueEnclosure is { } fr)
        {
            checks.Add(BoundCheck.Lower("F_lo ≤ F on B(w, r)", "ss.not-global", ValueLower, fr.Lo));
            checks.Add(BoundCheck.Upper("F_hi ≥ F on B(w, r)", "ss.not-global", ValueUpper, fr.Hi));
            summary = summary with { Value = fr.ToDecimalString(32) };
        }
        if (RouteA is { } routeA)
            summary = CheckRouteA(routeA, model, flat, pointBox, atPoint.Value, lambda.Lower, checks, summary, times);
        return (checks.All(c => c.Holds) ? Verdict.Verified : Verdict.Invalid, checks, summary);
    }

    /// <summary>A λmin lower bound with the label of the derivation that produced it.</summary>
    private sealed record LambdaResult(BigFloat? Lower, string? Failure, string Label);

    /// <summary>
    /// Smoothness on the box and a lower bound on λmin(∇²F) over it: double-interval Hessian with the float Cholesky
    /// bound at the σ hint first; if that does not reach <paramref name="target"/>, the big-float Hessian at
    /// hints.precision with the exact-residual LDLᵀ bound (documented retry, docs/performance.md).
    /// Returns (null, bound) when smooth, (failure, _) when smoothness cannot be shown by either.
    /// </summary>
    private (string? SmoothFailure, LambdaResult Lambda, DoubleSymmetricIntervalMatrix? Fast) HessianLambdaLower(ReluGaussianInterval model, Interval[] box, Rational target, StageTimes times, bool allowFallback = true)
    {
        string? fastFailure = null;
        var fast = times.Time("Hessian enclosure", () => model.HessianDouble(box, out fastFailure));
        LambdaResult? fromFast = null;
        if (fast is not null)
        {
            // σ from the hint; if there is none or it does not reach the claim, σ just below an (untrusted) estimate of
            // λmin: one Cholesky plus Lanczos on the inverse (ShiftEstimator). Skipped once another check has failed.
            var shifts = new List<Func<double>>();
            if (Sigma is { } s) shifts.Add(() => BigFloat.FromRational(s, 53, RoundingMode.Nearest).ToDoubleNearest());
            double? estimate = null;
            if (allowFallback)
                foreach (double margin in new[] { 1e-7, 1e-5, 1e-3 })
                    shifts.Add(() =>
                    {
                        estimate ??= times.Time("λ estimate (no usable σ hint)", () =>
                            ShiftEstimator.LambdaMin(fast.MidpointsAsDoubles()) ?? EigenvalueBounds.EstimateLambdaMin(fast.MidpointsAsDoubles()));
                        return estimate.Value - margin * Math.Abs(estimate.Value);
                    });
            if (shifts.Count == 0) fromFast = new LambdaResult(null, "no σ hint (and another check already failed)", "linalg.float-cholesky");
            foreach (var shift in shifts)
            {
                var bound = FloatCholeskyBound.LambdaMinLower(fast, shift(), times.Record);
                if (fromFast?.Lower is not { } previous || (bound.Lower is { } l && l > previous))
                    fromFast = new LambdaResult(bound.Lower, bound.Failure, "linalg.float-cholesky");
                if (bound.Lower is { } lo && lo.ToRational() >= target) return (null, fromFast, fast);
                if (!allowFallback) break;
            }
        }
        // A float bound that exists but falls short is final: the big-float path below is not tighter (its 2^-30 grid
        // loses ≈ 1e-8, the float Cholesky ≈ 1e-12), and it is the expensive path, so it runs only when no float
        // factorization succeeded or smoothness could not be shown in doubles — and only if every other check held.
        if (fast is not null && (!allowFallback || fromFast?.Lower is not null)) return (null, fromFast!, fast);
        // No double enclosure and another check already failed: the verdict is INVALID whatever the fallback would
        // find, so the expensive path is skipped (found by the long fuzz run: a neuron entry × 1e10 at k = n = 20 took
        // 14 s in the big-float LDLᵀ). Smoothness and λ are reported as not shown, with the reason.
        if (fast is null && !allowFallback)
        {
            var why = $"not shown in double intervals ({fastFailure ?? "no enclosure"}); the big-float fallback is skipped once another check has failed";
            return (why, new LambdaResult(null, why, "linalg.float-cholesky"), null);
        }
        // Fallback: big floats at hints.precision.
        string? failure = null;
        var onBall = times.Time("Hessian enclosure (big-float fallback)", () => model.Evaluate(box, gradient: false, hessian: true, out failure));
        if (onBall is null) return (failure ?? fastFailure, new LambdaResult(null, failure, "linalg.ldlt-gershgorin"), null);
        var exact = times.Time("LDLᵀ + exact residual (fallback)", () => LambdaMinLower(onBall.Hessian!));
        var fromExact = new LambdaResult(exact.Lower, exact.Failure, "linalg.ldlt-gershgorin");
        if (fromFast?.Lower is { } a && (exact.Lower is not { } b || a > b)) return (null, fromFast, fast);
        return (null, fromExact, fast);
    }

    /// <summary>Route A (Lemma 1) with Lemma 3's padding: the claim in every input dimension d ≥ k. [ss.route-a]</summary>
    private CheckSummary CheckRouteA(RouteABounds a, ReluGaussianInterval model, Rational[] flat, Interval[] pointBox, Interval valueAtPoint,
                                     BigFloat? ballLambda, List<BoundCheck> checks, CheckSummary summary, StageTimes times)
    {
        int p = Precision;
        var eps = GradientNormUpper;
        // Exact relations between claimed numbers. [ss.route-a]
        checks.Add(BoundCheck.Exact("ε > 0, λ_A > 0, B > 0", "ss.route-a", "0 < min(ε, λ_A, B)", Rational.Zero,
            Rational.Min(eps, Rational.Min(a.HessianLambdaMinLower, a.ThirdDerivativeUpper)), strict: true));
        var disc = 9 * a.HessianLambdaMinLower * a.HessianLambdaMinLower - 25 * a.ThirdDerivativeUpper * eps;
        checks.Add(BoundCheck.Exact("9λ_A² − 25Bε ≥ 0", "ss.route-a", "0 ≤ 9λ² − 25Bε", Rational.Zero, disc, strict: false));
        if (checks.Any(c => !c.Holds)) return summary;
        // r_A ≥ (3λ − √(9λ² − 25Bε))/(2B), evaluated in interval arithmetic; upper end. [ss.route-a]
        var lam = Interval.FromRational(a.HessianLambdaMinLower, p);
        var b = Interval.FromRational(a.ThirdDerivativeUpper, p);
        var rootArg = Interval.FromRational(disc, p);
        rootArg = new Interval(BigFloat.Max(rootArg.Lo, BigFloat.Zero), rootArg.Hi, p); // disc ≥ 0 was shown exactly
        var radius = (Interval.Point(3, p) * lam - rootArg.Sqrt()) / Interval.ScaleB(b, 1);
        checks.Add(BoundCheck.Upper("r_A ≥ (3λ − √(9λ² − 25Bε))/(2B)", "ss.route-a", a.DistanceUpper, radius.Hi));
        // Smoothness on the ball B(w, r_A), in every dimension. [ss.smoothness.ball]
        checks.Add(BoundCheck.Condition("F smooth on B(w, r_A) in every dimension", "ss.smoothness.ball", "no zero neuron, no parallel pair",
            times.Time("route A: ball smoothness", () => model.BallSmoothnessFailureFast(flat, a.DistanceUpper) is null ? null
                                                          : model.BallSmoothnessFailure(flat, a.DistanceUpper))));
        if (!checks[^1].Holds) return summary;
        // λ_A ≤ λmin(∇²F(w)): w lies in B(w, ρ), so the bound μ proved on that ball serves (the Hessian is enclosed once);
        // only if μ < λ_A is the Hessian at w itself enclosed. [ss.padding], [linalg.float-cholesky]
        if (ballLambda is { } mu && mu.ToRational() >= a.HessianLambdaMinLower)
            checks.Add(BoundCheck.Lower("λ_A ≤ λmin(∇²F(w)) (≥ λmin on B(w, ρ) ∋ w)", "ss.route-a.reuse", a.HessianLambdaMinLower, mu));
        else
        {
            var (_, lh, _) = HessianLambdaLower(model, pointBox, a.HessianLambdaMinLower, times, allowFallback: checks.All(c => c.Holds));
            checks.Add(lh.Lower is { } l1
                ? BoundCheck.Lower("λ_A ≤ λmin(∇²F(w))", lh.Label, a.HessianLambdaMinLower, l1)
                : BoundCheck.Condition("λ_A ≤ λmin(∇²F(w))", lh.Label, "", lh.Failure));
        }
        // λ_A ≤ λmin(M(w)) (Lemma 3: the padded Hessian is diag(∇²F, M, …, M)). [ss.padding]
        var lm = times.Time("route A: padding matrix M", () => EigenvalueBounds.LambdaMinLowerAuto(ReluGaussianThirdDerivative.PaddingMatrix(N, TargetVectors, pointBox, p)));
        checks.Add(lm.Lower is { } l2
            ? BoundCheck.Lower("λ_A ≤ λmin(M(w)) (padding, Lemma 3)", "ss.padding", a.HessianLambdaMinLower, l2)
            : BoundCheck.Condition("λ_A ≤ λmin(M(w)) (padding, Lemma 3)", "ss.padding", "", lm.Failure));
        // B ≥ |D³F[u,u,u]| on B(w, r_A), dimension-free. [ss.third-derivative]
        var (wMin, wMax) = ReluGaussianThirdDerivative.NeuronNormBounds(flat, K, a.DistanceUpper, p);
        var targetNorms = TargetVectors.Select(v => v.Aggregate(Interval.Zero(p), (acc, x) => acc + Interval.FromRational(x, p).Square()).Sqrt()).ToList();
        checks.Add(BoundCheck.Upper("B ≥ third derivative on B(w, r_A)", "ss.third-derivative", a.ThirdDerivativeUpper,
            ReluGaussianThirdDerivative.ThirdDerivativeUpper(N, wMin, wMax, targetNorms, p)));
        // Value: F(w*) ≥ F(w) − ε·r_A > 0, in every dimension (padding keeps F(w)); F(w) came with the gradient. [ss.route-a]
        var lowest = valueAtPoint - Interval.FromRational(eps, p) * Interval.FromRational(a.DistanceUpper, p);
        checks.Add(BoundCheck.Lower("F_lo,A ≤ F(w) − ε·r_A", "ss.route-a", a.ValueLower, lowest.Lo));
        checks.Add(BoundCheck.Exact("F_lo,A > 0 (not global, every dimension)", "ss.route-a", "0 < F_lo,A", Rational.Zero, a.ValueLower, strict: true));
        // For the report only: the authors' unproved constant at the same inputs.
        var vMax = targetNorms.Select(t => t.Hi).Max();
        var authors = ReluGaussianThirdDerivative.AuthorsBoundUpper(N, M, wMin, wMax, vMax, p).ToRational();
        return summary with
        {
            AllDimensions = $"route A (every d ≥ {K}): r ≤ {a.DistanceUpper.ToScientificString(6, RoundingMode.Up)}, λ ≥ {a.HessianLambdaMinLower.ToScientificString(6, RoundingMode.Down)}, " +
                            $"B = {a.ThirdDerivativeUpper.ToScientificString(6, RoundingMode.Up)} (authors' B_SS = {authors.ToScientificString(4, RoundingMode.Up)}, unproved, not used)",
        };
    }

    private EigenvalueLowerBound LambdaMinLower(SymmetricIntervalMatrix h)
    {
        // The σ hint is untrusted: it only picks the factorization; the bound is verified either way.
        EigenvalueLowerBound? fromHint = null;
        if (Sigma is { } sigma)
        {
            var s = BigFloat.FromRational(sigma, 64, RoundingMode.Nearest);
            if (EigenvalueBounds.FloatLdlt(h.MidpointsAsDoubles(), s.ToDoubleNearest()) is { } f)
                fromHint = EigenvalueBounds.LambdaMinLower(h, s, f.L, f.D);
            if (fromHint is { Lower: { } lo } && lo.ToRational() >= HessianLambdaMinLower) return fromHint;
        }
        var auto = EigenvalueBounds.LambdaMinLowerAuto(h);
        return auto.Succeeded || fromHint is null ? auto : fromHint;
    }

    // ------------------------------------------------------------------ writing (canonical)

    public string ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        CanonicalJson.WriteClaimHeader(w, KindName);
        w.WriteString("statement",
            "The Safran–Shamir objective F(w) = ½E[(Σᵢ relu(wᵢ·x) − Σⱼ relu(vⱼ·x))²], x ~ N(0, I_k), has a strict local minimum " +
            "within distance distanceUpper of the point, where F lies in [valueLower, valueUpper]; valueLower > 0 = the global " +
            "minimum value, so the minimum is spurious." + (RouteA is null ? "" :
            " Moreover (bounds.allDimensions; Lemma 1 with Lemma 3), for every input dimension d ≥ k the point padded with zeros is " +
            "within allDimensions.distanceUpper of a local minimum whose value is at least allDimensions.valueLower > 0."));
        w.WriteStartObject("model");
        w.WriteString("objective", "relu-gaussian");
        w.WriteNumber("k", K);
        w.WriteNumber("n", N);
        if (Targets is null) w.WriteString("targets", "identity");
        else CanonicalJson.WriteVectors(w, "targets", Targets);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("point");
        CanonicalJson.WriteVectors(w, "neurons", Point);
        w.WriteEndObject();
        w.WriteStartObject("bounds");
        w.WriteString("gradientNormUpper", GradientNormUpper.ToCanonicalString());
        w.WriteString("ballRadius", BallRadius.ToCanonicalString());
        w.WriteString("hessianLambdaMinLower", HessianLambdaMinLower.ToCanonicalString());
        w.WriteString("distanceUpper", DistanceUpper.ToCanonicalString());
        w.WriteString("valueLower", ValueLower.ToCanonicalString());
        w.WriteString("valueUpper", ValueUpper.ToCanonicalString());
        if (RouteA is { } a)
        {
            w.WriteStartObject("allDimensions");
            w.WriteString("hessianLambdaMinLower", a.HessianLambdaMinLower.ToCanonicalString());
            w.WriteString("thirdDerivativeUpper", a.ThirdDerivativeUpper.ToCanonicalString());
            w.WriteString("distanceUpper", a.DistanceUpper.ToCanonicalString());
            w.WriteString("valueLower", a.ValueLower.ToCanonicalString());
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("hints");
        w.WriteNumber("precision", Precision);
        if (Sigma is { } s) w.WriteString("sigma", s.ToCanonicalString());
        w.WriteEndObject();
        CanonicalJson.WriteProvenance(w, Provenance);
    });
}

/// <summary>Route A (Lemma 1) with padding (Lemma 3): λ_A, B, r_A and a value lower bound valid in every dimension d ≥ k.</summary>
public sealed record RouteABounds(Rational HessianLambdaMinLower, Rational ThirdDerivativeUpper, Rational DistanceUpper, Rational ValueLower);

/// <summary>What the verdict table shows for one certificate.</summary>
public sealed record CheckSummary(string Kind, string Model, string Radius, string Lambda, string Epsilon, string? Value, string? AllDimensions = null);
