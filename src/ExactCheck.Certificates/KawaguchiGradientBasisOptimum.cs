using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates;

/// <summary>
/// Claim kind "kawaguchi-huang-kaelbling/gradient-basis-optimum" (Kawaguchi–Huang–Kaelbling 2019, Theorems 1 and 2) for
/// the one-hidden-layer piecewise-linear network f(x; θ) = W₂ h(W₁x + b₁) + b₂, h(z) = s₊z (z ≥ 0), s₋z (z &lt; 0),
/// with L(θ) = Σᵢ λᵢ (f(xᵢ; θ) − yᵢ)², λᵢ = ½. For the stated rational point θ the checker proves, in exact rationals:
/// θ is a differentiable critical point (no pre-activation vanishes; the activation pattern is constant on the ball
/// B(θ, ρ)); L(θ) = inf_α L_θ(α) (Theorem 1's gradient-basis model); for every ε ∈ [0, ρ),
/// L(θ) = inf_{S ⊆fin 𝒱[θ, ε], α} L̃_θ(α, ε, S) (Theorem 2's perturbable gradient-basis model), because f_X(θ) is the
/// orthogonal projection of y onto the pattern space U ⊇ every gradient basis near θ; hence θ is a local minimum; and
/// θ is not a global minimum: the stated better point has strictly smaller L. Derivations:
/// proofs/kawaguchi-huang-kaelbling/theorems1-2.md. Format: docs/certificate-format.md.
/// </summary>
public sealed partial class KawaguchiGradientBasisOptimum
{
    public const string KindName = "kawaguchi-huang-kaelbling/gradient-basis-optimum";
    public const int MaxInputDimension = 64;
    public const int MaxHiddenWidth = 64;
    public const int MaxSamples = 10_000;

    public required Rational SlopePositive { get; init; }
    public required Rational SlopeNegative { get; init; }
    public required Rational[][] Inputs { get; init; }     // xᵢ ∈ ℚ^{d_x}
    public required Rational[] Targets { get; init; }      // yᵢ ∈ ℚ (d_y = 1)
    public required LeakyReluNetwork Point { get; init; }  // θ

    public required Rational Risk { get; init; }                 // L(θ)
    public required Rational PatternRadius { get; init; }        // ρ
    public required int GradientBasisRank { get; init; }         // dim T_{f_X(θ)} = rank J
    public required int PatternSpaceRank { get; init; }          // dim U
    public required LeakyReluNetwork BetterPoint { get; init; }
    public required Rational BetterRisk { get; init; }

    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    public int InputDimension => Inputs[0].Length;
    public int HiddenWidth => Point.HiddenWidth;
    public int Samples => Targets.Length;

    // ------------------------------------------------------------------ the model (exact)

    /// <summary>L(θ) = Σᵢ ½ (f(xᵢ; θ) − yᵢ)² [khk.setting] (the Yun risk, same network).</summary>
    public static Rational Loss(LeakyReluNetwork net, Rational[][] inputs, Rational[] targets, Rational sPlus, Rational sMinus) =>
        YunLeakyReluMinimum.EmpiricalRisk(net, inputs, targets, sPlus, sMinus);

    /// <summary>h′ on the fixed side of 0: s₊ for z &gt; 0, s₋ for z &lt; 0 (z ≠ 0 is checked first).</summary>
    private static Rational Slope(Rational z, Rational sPlus, Rational sMinus) => z.Sign > 0 ? sPlus : sMinus;

    /// <summary>
    /// The Jacobian J ∈ ℚ^{m×d_θ} of f_X at θ, columns ordered W₁ (row by row), b₁, W₂, b₂ [khk.jacobian]:
    /// ∂f/∂W₁[k][a] = W₂[k] h′(z_ik) x_ia, ∂f/∂b₁[k] = W₂[k] h′(z_ik), ∂f/∂W₂[k] = h(z_ik), ∂f/∂b₂ = 1.
    /// </summary>
    public static RationalMatrix Jacobian(LeakyReluNetwork net, Rational[][] inputs, Rational sPlus, Rational sMinus)
    {
        int d1 = net.HiddenWidth, dx = inputs[0].Length;
        var rows = inputs.Select(x =>
        {
            var row = new List<Rational>();
            var z = Enumerable.Range(0, d1).Select(k => YunLeakyReluMinimum.PreActivation(net, k, x)).ToArray();
            for (int k = 0; k < d1; k++)
                for (int a = 0; a < dx; a++) row.Add(net.W2[k] * Slope(z[k], sPlus, sMinus) * x[a]);
            for (int k = 0; k < d1; k++) row.Add(net.W2[k] * Slope(z[k], sPlus, sMinus));
            for (int k = 0; k < d1; k++) row.Add(YunLeakyReluMinimum.Activation(z[k], sPlus, sMinus));
            row.Add(Rational.One);
            return row.ToArray();
        }).ToList();
        return RationalMatrix.FromRows(rows);
    }

    /// <summary>
    /// Generators of the pattern space U ⊆ ℚ^m [khk.pattern-space]: (s_ik x_ia)ᵢ and (s_ik)ᵢ for every unit k and
    /// coordinate a, and 𝟏, where s_ik = h′(z_ik) is the slope unit k uses on data point i at θ.
    /// </summary>
    public static RationalMatrix PatternGenerators(LeakyReluNetwork net, Rational[][] inputs, Rational sPlus, Rational sMinus)
    {
        int d1 = net.HiddenWidth, dx = inputs[0].Length;
        var rows = inputs.Select(x =>
        {
            var row = new List<Rational>();
            for (int k = 0; k < d1; k++)
            {
                var s = Slope(YunLeakyReluMinimum.PreActivation(net, k, x), sPlus, sMinus);
                for (int a = 0; a < dx; a++) row.Add(s * x[a]);
                row.Add(s);
            }
            row.Add(Rational.One);
            return row.ToArray();
        }).ToList();
        return RationalMatrix.FromRows(rows);
    }

    public static Rational[] Outputs(LeakyReluNetwork net, Rational[][] inputs, Rational sPlus, Rational sMinus) =>
        inputs.Select(x => YunLeakyReluMinimum.Output(net, x, sPlus, sMinus)).ToArray();

    // ------------------------------------------------------------------ parsing

    public static KawaguchiGradientBasisOptimum Parse(JsonElement root)
    {
        Json.Object(root, "$", "$schema", "format", "claim", "point", "bounds", "provenance");
        var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim", "kind", "statement", "model");
        var (sPlus, sMinus, dx, d1, m, inputs, targets) = LeakyReluNetwork.ReadModel(claim, MaxInputDimension, MaxHiddenWidth, MaxSamples, ExactInput.Number);
        var point = LeakyReluNetwork.Read(Json.Required(root, "point", "$"), "$.point", d1, dx, ExactInput.Number);
        const string bp = "$.bounds";
        var bounds = Json.Object(Json.Required(root, "bounds", "$"), bp,
            "risk", "patternRadius", "gradientBasisRank", "patternSpaceRank", "betterPoint", "betterRisk");
        int maxRank = Math.Max(m, d1 * (dx + 1) * 2 + 1);
        var provenance = Json.Provenance(root);
        return new KawaguchiGradientBasisOptimum
        {
            SlopePositive = sPlus, SlopeNegative = sMinus, Inputs = inputs, Targets = targets, Point = point,
            Risk = Json.Number(Json.Required(bounds, "risk", bp), $"{bp}.risk"),
            PatternRadius = ExactInput.Number(Json.Required(bounds, "patternRadius", bp), $"{bp}.patternRadius"),
            GradientBasisRank = Json.Integer(Json.Required(bounds, "gradientBasisRank", bp), $"{bp}.gradientBasisRank", 0, maxRank),
            PatternSpaceRank = Json.Integer(Json.Required(bounds, "patternSpaceRank", bp), $"{bp}.patternSpaceRank", 0, maxRank),
            BetterPoint = LeakyReluNetwork.Read(Json.Required(bounds, "betterPoint", bp), $"{bp}.betterPoint", d1, dx, ExactInput.Number),
            BetterRisk = Json.Number(Json.Required(bounds, "betterRisk", bp), $"{bp}.betterRisk"),
            Provenance = provenance,
        };
    }

    // ------------------------------------------------------------------ checking (trusted)

    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks) Check()
    {
        var checks = new List<BoundCheck>();
        var sp = SlopePositive;
        var sm = SlopeNegative;
        int m = Samples, d1 = HiddenWidth;

        // Differentiability and a constant activation pattern on B(θ, ρ): ρ > 0 and ρ²(‖xᵢ‖² + 1) < z_ik² for all i, k.
        checks.Add(ExactShow.Exact("ρ > 0", "khk.pattern-ball", "0 < ρ", Rational.Zero, PatternRadius, strict: true));
        string? patternFailure = null;
        var rho2 = PatternRadius * PatternRadius;
        for (int i = 0; i < m && patternFailure is null; i++)
        {
            var norm2 = Rational.One;
            foreach (var v in Inputs[i]) norm2 += v * v;
            for (int k = 0; k < d1 && patternFailure is null; k++)
            {
                var z = YunLeakyReluMinimum.PreActivation(Point, k, Inputs[i]);
                if (rho2 * norm2 >= z * z)
                    patternFailure = $"data point {i}, hidden unit {k}: z = {Show(z)}, ρ²(‖xᵢ‖² + 1) = {Show(rho2 * norm2)} ≥ z²";
            }
        }
        checks.Add(BoundCheck.Condition("every pre-activation keeps its sign on B(θ, ρ): ρ²(‖xᵢ‖² + 1) < z_ik² (θ ∉ Ω̃)",
            "khk.pattern-ball", "all m·d₁ pre-activations", patternFailure));
        if (patternFailure is not null || PatternRadius.Sign <= 0)
            return (Verdict.Invalid, checks);   // the slopes below are only defined when no pre-activation vanishes

        var f = Outputs(Point, Inputs, sp, sm);
        var residual = RationalMatrix.Column(f.Select((v, i) => v - Targets[i]).ToArray());   // r = f_X(θ) − y
        var loss = residual.FrobeniusNormSquared() / 2;
        checks.Add(Equal("L(θ) = ½Σᵢ(f(xᵢ; θ) − yᵢ)² = claimed risk", "khk.setting", Risk, loss));

        // Theorem 1: critical point (Jᵀr = 0) and Assumption 2 (f_X(θ) = J g(θ)).
        var jac = Jacobian(Point, Inputs, sp, sm);
        var jr = jac.Transpose() * residual;
        checks.Add(BoundCheck.Condition("critical point: ∂L/∂θ = Jᵀ(f_X(θ) − y) = 0", "khk.critical", "∇L(θ) = 0",
            jr.IsZero() ? null : $"‖∇L(θ)‖² = {Show(jr.FrobeniusNormSquared())}"));
        var g = Enumerable.Repeat(Rational.Zero, d1 * InputDimension + d1).Concat(Point.W2).Append(Rational.One * Point.B2).ToArray();
        var jg = jac * RationalMatrix.Column(g);
        checks.Add(BoundCheck.Condition("Assumption 2: f_X(θ) = J g(θ), g = (0, 0, W₂, b₂)", "khk.assumption2", "f_X(θ) = Σ_k g_k ∂_k f_X(θ)",
            jg.Equals(RationalMatrix.Column(f)) ? null : "J g(θ) ≠ f_X(θ)"));
        int rankJ = jac.Rank();
        checks.Add(Count("dim T_{f_X(θ)} = rank J = claimed gradientBasisRank", "khk.thm1", GradientBasisRank, rankJ));
        checks.Add(BoundCheck.Condition("Theorem 1: L(θ) = inf_α L_θ(α) (gradient-basis model)", "khk.thm1",
            "follows from ∇L(θ) = 0 and Assumption 2", jr.IsZero() && jg.Equals(RationalMatrix.Column(f)) ? null : "a premise failed"));

        // Theorem 2 (strong form): r ⊥ U and f_X(θ) ∈ U, U ⊇ every ∂_k f_X(θ′) for θ′ ∈ B(θ, ρ).
        var gen = PatternGenerators(Point, Inputs, sp, sm);
        var gr = gen.Transpose() * residual;
        checks.Add(BoundCheck.Condition("f_X(θ) − y ⊥ U (pattern space): Gᵀ(f_X(θ) − y) = 0", "khk.thm2", "Gᵀr = 0",
            gr.IsZero() ? null : $"‖Gᵀr‖² = {Show(gr.FrobeniusNormSquared())}"));
        int rankU = gen.Rank();
        checks.Add(Count("dim U = claimed patternSpaceRank", "khk.pattern-space", PatternSpaceRank, rankU));
        checks.Add(BoundCheck.Condition("Theorem 2: for every ε ∈ [0, ρ), L(θ) = inf_{S,α} L̃_θ(α, ε, S) = min_{u∈U} ½‖u − y‖²; θ is a local minimum on B(θ, ρ)",
            "khk.thm2", "follows from the pattern ball, f_X(θ) ∈ U and r ⊥ U", gr.IsZero() ? null : "r is not orthogonal to U"));
        checks.Add(ExactShow.Exact("dim U < m (U is not the whole output space)", "khk.spurious", "dim U < m", rankU, m, strict: true));

        // Not global: an explicit point of strictly smaller loss; gap ≥ risk − betterRisk.
        var better = Loss(BetterPoint, Inputs, Targets, sp, sm);
        checks.Add(Equal("L(better point) = claimed betterRisk", "khk.spurious", BetterRisk, better));
        checks.Add(ExactShow.Exact("L(better point) < L(θ) (gap to the global minimum ≥ risk − betterRisk)", "khk.spurious",
            "L(better) < L(θ)", better, loss, strict: true));
        return (checks.All(c => c.Holds) ? Verdict.Verified : Verdict.Invalid, checks);
    }

    private static string Show(Rational v) => ExactShow.Show(v);

    private static BoundCheck Equal(string name, string label, Rational claimed, Rational derived) => ExactShow.Equal(name, label, claimed, derived);

    private static BoundCheck Count(string name, string label, int claimed, int derived) =>
        ExactShow.Exact(name, label, "claimed = derived", claimed, derived, strict: false) with { Holds = claimed == derived };

    // ------------------------------------------------------------------ writing (canonical)

    public string ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        CanonicalJson.WriteClaimHeader(w, KindName);
        w.WriteString("statement",
            "For f(x; θ) = W2·h(W1·x + b1) + b2 with h(z) = slopePositive·z (z ≥ 0), slopeNegative·z (z < 0) and " +
            "L(θ) = Σᵢ ½(f(xᵢ; θ) − yᵢ)² on the given data: the point θ is a differentiable critical point whose activation " +
            "pattern is constant on the ball B(θ, patternRadius); L(θ) = inf_α L_θ(α), the global minimum of the gradient-basis " +
            "model (Kawaguchi–Huang–Kaelbling 2019, Theorem 1); for every ε in [0, patternRadius), L(θ) = inf over finite " +
            "S ⊆ V[θ, ε] and α of L̃_θ(α, ε, S), the global minimum of the perturbable gradient-basis model (Theorem 2), and " +
            "both equal the least-squares risk of the pattern space U, so θ is a local minimum; and θ is not a global minimum: " +
            "L(betterPoint) = betterRisk < risk.");
        LeakyReluNetwork.WriteModel(w, SlopePositive, SlopeNegative, InputDimension, HiddenWidth, Inputs, Targets);
        w.WriteEndObject();
        Point.Write(w, "point");
        w.WriteStartObject("bounds");
        w.WriteString("risk", Risk.ToCanonicalString());
        w.WriteString("patternRadius", PatternRadius.ToCanonicalString());
        w.WriteNumber("gradientBasisRank", GradientBasisRank);
        w.WriteNumber("patternSpaceRank", PatternSpaceRank);
        BetterPoint.Write(w, "betterPoint");
        w.WriteString("betterRisk", BetterRisk.ToCanonicalString());
        w.WriteEndObject();
        CanonicalJson.WriteProvenance(w, Provenance);
    });
}
