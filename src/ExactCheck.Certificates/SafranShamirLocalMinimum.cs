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
            targets = ReadVectors(t, "$.claim.model.targets", t.GetArrayLength(), k);
        }
        var pointObj = Json.Object(Json.Required(root, "point", "$"), "$.point", "neurons");
        var point = ReadVectors(Json.Required(pointObj, "neurons", "$.point"), "$.point.neurons", n, k);

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

        int precision = DefaultPrecision;
        Rational? sigma = null;
        if (Json.Optional(root, "hints") is { } hints)
        {
            Json.Object(hints, "$.hints", "precision", "sigma");
            if (Json.Optional(hints, "precision") is { } p) precision = Json.Integer(p, "$.hints.precision", MinPrecision, MaxPrecision);
            if (Json.Optional(hints, "sigma") is { } s) sigma = Json.Number(s, "$.hints.sigma");
        }
        var provenance = new Dictionary<string, string>();
        if (Json.Optional(root, "provenance") is { } prov)
        {
            Json.Object(prov, "$.provenance");
            foreach (var p in prov.EnumerateObject()) provenance[p.Name] = Json.String(p.Value, $"$.provenance.{p.Name}");
        }
        return new SafranShamirLocalMinimum
        {
            K = k, N = n, Targets = targets, Point = point,
            GradientNormUpper = B("gradientNormUpper"), BallRadius = B("ballRadius"),
            HessianLambdaMinLower = B("hessianLambdaMinLower"), DistanceUpper = B("distanceUpper"),
            ValueLower = B("valueLower"), ValueUpper = B("valueUpper"), RouteA = routeA,
            Precision = precision, Sigma = sigma, Provenance = provenance,
        };
    }

    private static Rational[][] ReadVectors(JsonElement e, string path, int count, int length)
    {
        Json.Array(e, path, count);
        var result = new Rational[count][];
        int i = 0;
        foreach (var row in e.EnumerateArray())
        {
            var rowPath = $"{path}[{i}]";
            Json.Array(row, rowPath, length);
            result[i] = row.EnumerateArray().Select((x, a) => Json.Number(x, $"{rowPath}[{a}]")).ToArray();
            i++;
        }
        return result;
    }

    // ------------------------------------------------------------------ checking

    /// <summary>Re-derives every bound. VERIFIED only if every check holds. [ss.route-b]</summary>
    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks, CheckSummary Summary) Check()
    {
        int p = Precision;
        var checks = new List<BoundCheck>();
        var model = new ReluGaussianInterval(N, TargetVectors, p);
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

        // Smoothness and the Hessian on the box around B(w, ρ). [ss.smoothness], [ss.route-b]
        var ballBox = ReluGaussianInterval.Box(flat, BallRadius, p);
        var onBall = model.Evaluate(ballBox, gradient: false, hessian: true, out var failure);
        checks.Add(BoundCheck.Condition("F smooth on B(w, ρ)", "ss.smoothness.box", "no zero neuron, no parallel pair", failure));
        if (onBall is null) return (Verdict.Invalid, checks, summary);

        // ε ≥ ‖∇F(w)‖. [ss.route-b]
        var atPoint = model.Evaluate(pointBox, gradient: true, hessian: false, out failure)!;
        var sumSquares = BigFloat.Zero;
        foreach (var g in atPoint.Gradient!)
            sumSquares = BigFloat.Add(sumSquares, BigFloat.Mul(g.Mag, g.Mag, p, RoundingMode.Up), p, RoundingMode.Up);
        var gradientNorm = BigFloat.Sqrt(sumSquares, p, RoundingMode.Up);
        checks.Add(BoundCheck.Upper("ε ≥ ‖∇F(w)‖", "ss.route-b", GradientNormUpper, gradientNorm));

        // μ ≤ λmin(∇²F(x)) for all x in the box. [linalg.ldlt-gershgorin]
        var lambda = LambdaMinLower(onBall.Hessian!);
        checks.Add(lambda.Lower is { } mu
            ? BoundCheck.Lower("λ ≤ λmin(∇²F) on B(w, ρ)", "linalg.ldlt-gershgorin", HessianLambdaMinLower, mu)
            : BoundCheck.Condition("λ ≤ λmin(∇²F) on B(w, ρ)", "linalg.ldlt-gershgorin", BoundCheck.Show(HessianLambdaMinLower, RoundingMode.Down), lambda.Failure));

        // F at the minimum: the minimum lies in B(w, r), so F over the box around it encloses F there. [ss.not-global]
        var nearBox = ReluGaussianInterval.Box(flat, DistanceUpper, p);
        var value = model.Evaluate(nearBox, gradient: false, hessian: false, out failure);
        if (value is null)
            checks.Add(BoundCheck.Condition("F smooth on B(w, r)", "ss.smoothness.box", "no zero neuron, no parallel pair", failure));
        else
        {
            checks.Add(BoundCheck.Lower("F_lo ≤ F on B(w, r)", "ss.not-global", ValueLower, value.Value.Lo));
            checks.Add(BoundCheck.Upper("F_hi ≥ F on B(w, r)", "ss.not-global", ValueUpper, value.Value.Hi));
            summary = summary with { Value = value.Value.ToDecimalString(32) };
        }
        if (RouteA is { } routeA) summary = CheckRouteA(routeA, model, flat, pointBox, checks, summary);
        return (checks.All(c => c.Holds) ? Verdict.Verified : Verdict.Invalid, checks, summary);
    }

    /// <summary>Route A (Lemma 1) with Lemma 3's padding: the claim in every input dimension d ≥ k. [ss.route-a]</summary>
    private CheckSummary CheckRouteA(RouteABounds a, ReluGaussianInterval model, Rational[] flat, Interval[] pointBox,
                                     List<BoundCheck> checks, CheckSummary summary)
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
            model.BallSmoothnessFailure(flat, a.DistanceUpper)));
        if (!checks[^1].Holds) return summary;
        // λ_A ≤ λmin(∇²F(w)) and λ_A ≤ λmin(M(w)) (Lemma 3: the padded Hessian is diag(∇²F, M, …, M)). [ss.padding]
        var atPoint = model.Evaluate(pointBox, gradient: false, hessian: true, out _)!;
        var lh = EigenvalueBounds.LambdaMinLowerAuto(atPoint.Hessian!);
        checks.Add(lh.Lower is { } l1
            ? BoundCheck.Lower("λ_A ≤ λmin(∇²F(w))", "linalg.ldlt-gershgorin", a.HessianLambdaMinLower, l1)
            : BoundCheck.Condition("λ_A ≤ λmin(∇²F(w))", "linalg.ldlt-gershgorin", "", lh.Failure));
        var m = ReluGaussianThirdDerivative.PaddingMatrix(N, TargetVectors, pointBox, p);
        var lm = EigenvalueBounds.LambdaMinLowerAuto(m);
        checks.Add(lm.Lower is { } l2
            ? BoundCheck.Lower("λ_A ≤ λmin(M(w)) (padding, Lemma 3)", "ss.padding", a.HessianLambdaMinLower, l2)
            : BoundCheck.Condition("λ_A ≤ λmin(M(w)) (padding, Lemma 3)", "ss.padding", "", lm.Failure));
        // B ≥ |D³F[u,u,u]| on B(w, r_A), dimension-free. [ss.third-derivative]
        var (wMin, wMax) = ReluGaussianThirdDerivative.NeuronNormBounds(flat, K, a.DistanceUpper, p);
        var targetNorms = TargetVectors.Select(v => v.Aggregate(Interval.Zero(p), (acc, x) => acc + Interval.FromRational(x, p).Square()).Sqrt()).ToList();
        checks.Add(BoundCheck.Upper("B ≥ third derivative on B(w, r_A)", "ss.third-derivative", a.ThirdDerivativeUpper,
            ReluGaussianThirdDerivative.ThirdDerivativeUpper(N, wMin, wMax, targetNorms, p)));
        // Value: F(w*) ≥ F(w) − ε·r_A > 0, in every dimension (padding keeps F(w)). [ss.route-a]
        var value = model.Evaluate(pointBox, gradient: false, hessian: false, out _)!.Value;
        var lowest = value - Interval.FromRational(eps, p) * Interval.FromRational(a.DistanceUpper, p);
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
        w.WriteString("$schema", CertificateSchema.For(KindName));
        w.WriteString("format", CertificateChecker.Format1);
        w.WriteStartObject("claim");
        w.WriteString("kind", KindName);
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
        w.WriteStartObject("provenance");
        foreach (var (key, value) in Provenance.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
    });
}

/// <summary>Route A (Lemma 1) with padding (Lemma 3): λ_A, B, r_A and a value lower bound valid in every dimension d ≥ k.</summary>
public sealed record RouteABounds(Rational HessianLambdaMinLower, Rational ThirdDerivativeUpper, Rational DistanceUpper, Rational ValueLower);

/// <summary>What the verdict table shows for one certificate.</summary>
public sealed record CheckSummary(string Kind, string Model, string Radius, string Lambda, string Epsilon, string? Value, string? AllDimensions = null);
