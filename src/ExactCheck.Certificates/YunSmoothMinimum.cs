using System.Text.Json;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates;

/// <summary>A closed rational interval [Lower, Upper] claimed to contain exactly one root of an equation.</summary>
public sealed record RootEnclosure(Rational Lower, Rational Upper)
{
    public static RootEnclosure Parse(JsonElement e, string path)
    {
        Json.Object(e, path, "lower", "upper");
        return new RootEnclosure(Json.Number(Json.Required(e, "lower", path), $"{path}.lower"),
                                 Json.Number(Json.Required(e, "upper", path), $"{path}.upper"));
    }

    public void Write(Utf8JsonWriter w, string property)
    {
        w.WriteStartObject(property);
        w.WriteString("lower", Lower.ToCanonicalString());
        w.WriteString("upper", Upper.ToCanonicalString());
        w.WriteEndObject();
    }

    public Interval ToInterval(int precision) =>
        new(BigFloat.FromRational(Lower, precision, RoundingMode.Down), BigFloat.FromRational(Upper, precision, RoundingMode.Up), precision);
}

/// <summary>
/// Claim kind "yun-sra-jadbabaie/smooth-local-minimum" (Yun–Sra–Jadbabaie 2019, Theorem 7 / Corollary 8): for the
/// 2-2-1 network ŷ(x) = W₂h(W₁x + b₁) + b₂ on X = [[1, 0, ½], [0, 1, ½]], Y = [0, 0, 1] with the squared-error risk
/// ℓ = ½Σᵢ(ŷ(xᵢ) − yᵢ)² and a smooth activation h, there are v₁, v₂, u₁, u₂ satisfying C7.3–C7.7 (v₂ the unique
/// root of C7.3 in a stated enclosure), the point Ŵ₁ = [[v₁, v₁], [v₂, v₂]], b̂₁ = 0, Ŵ₂ = [u₁, u₂], b̂₂ = 0 has
/// ℓ = 1/3 (the least-squares risk) and ℓ ≥ 1/3 on the whole max-norm box of the stated radius around it (a local
/// minimum, proved with explicit constants rather than the paper's o(1) argument), and v′₁…v′₄ satisfy C7.1–C7.2
/// (v′₄ the unique root of C7.1 in a stated enclosure), so ℓ attains 0 and the local minimum is not global.
/// Format: docs/certificate-format.md. Derivations: proofs/yun-sra-jadbabaie/theorem7.md.
/// </summary>
public sealed class YunSmoothMinimum
{
    public const string KindName = "yun-sra-jadbabaie/smooth-local-minimum";
    public const int MinPrecision = 64;
    public const int MaxPrecision = 4096;
    public const int DefaultPrecision = 256;

    /// <summary>The theorem's dataset: the columns of X and the entries of Y.</summary>
    public static readonly Rational[][] TheoremInputs = [[1, 0], [0, 1], [new Rational(1, 2), new Rational(1, 2)]];
    public static readonly Rational[] TheoremTargets = [0, 0, 1];

    public required SmoothActivation Activation { get; init; }
    public required Rational[][] Inputs { get; init; }
    public required Rational[] Targets { get; init; }

    // point (Part 2): v₁, u₁, u₂ rational, v₂ enclosed
    public required Rational V1 { get; init; }
    public required RootEnclosure V2 { get; init; }
    public required Rational U1 { get; init; }
    public required Rational U2 { get; init; }

    // bounds
    public required Rational Risk { get; init; }
    public required Rational Radius { get; init; }
    public required Rational[] FitV { get; init; }          // v′₁, v′₂, v′₃ of Part 1 (rational)
    public required RootEnclosure FitV4 { get; init; }      // v′₄ enclosed

    public int Precision { get; init; } = DefaultPrecision;
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    private static readonly Rational Third = new(1, 3);

    // ------------------------------------------------------------------ parsing

    public static YunSmoothMinimum Parse(JsonElement root)
    {
        Json.Object(root, "$", "$schema", "format", "claim", "point", "bounds", "hints", "provenance");
        var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim", "kind", "statement", "model");
        const string mp = "$.claim.model";
        var model = Json.Object(Json.Required(claim, "model", "$.claim"), mp, "network", "loss", "activation", "inputs", "targets");
        var network = Json.String(Json.Required(model, "network", mp), $"{mp}.network");
        if (network != "one-hidden-layer-2-2-1") throw new MalformedException($"{mp}.network", $"expected \"one-hidden-layer-2-2-1\", found \"{network}\"");
        var loss = Json.String(Json.Required(model, "loss", mp), $"{mp}.loss");
        if (loss != "squared") throw new MalformedException($"{mp}.loss", $"expected \"squared\", found \"{loss}\"");
        var activation = SmoothActivation.Parse(Json.Required(model, "activation", mp), $"{mp}.activation");
        var inputs = Json.Vectors(Json.Required(model, "inputs", mp), $"{mp}.inputs", 3, 2);
        var targets = Json.Vector(Json.Required(model, "targets", mp), $"{mp}.targets", 3);

        const string pp = "$.point";
        var point = Json.Object(Json.Required(root, "point", "$"), pp, "v1", "v2", "u1", "u2");
        Rational P(string name) => Json.Number(Json.Required(point, name, pp), $"{pp}.{name}");

        const string bp = "$.bounds";
        var bounds = Json.Object(Json.Required(root, "bounds", "$"), bp, "risk", "localMinimumRadius", "perfectFit");
        const string fp = "$.bounds.perfectFit";
        var fit = Json.Object(Json.Required(bounds, "perfectFit", bp), fp, "v1", "v2", "v3", "v4");
        Rational F(string name) => Json.Number(Json.Required(fit, name, fp), $"{fp}.{name}");

        var (precision, _) = Json.Hints(root, DefaultPrecision, MinPrecision, MaxPrecision);
        var provenance = Json.Provenance(root);
        return new YunSmoothMinimum
        {
            Activation = activation, Inputs = inputs, Targets = targets,
            V1 = P("v1"), V2 = RootEnclosure.Parse(Json.Required(point, "v2", pp), $"{pp}.v2"), U1 = P("u1"), U2 = P("u2"),
            Risk = Json.Number(Json.Required(bounds, "risk", bp), $"{bp}.risk"),
            Radius = Json.Number(Json.Required(bounds, "localMinimumRadius", bp), $"{bp}.localMinimumRadius"),
            FitV = [F("v1"), F("v2"), F("v3")],
            FitV4 = RootEnclosure.Parse(Json.Required(fit, "v4", fp), $"{fp}.v4"),
            Precision = precision, Provenance = provenance,
        };
    }

    // ------------------------------------------------------------------ checking (trusted)

    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks, CheckSummary? Summary) Check()
    {
        var checks = new List<BoundCheck>();
        int p = Precision;
        var h = Activation;
        Interval I(Rational q) => Interval.FromRational(q, p);

        // The setting: the theorem's dataset, exactly. [yun.thm7.setting]
        bool dataOk = Enumerable.Range(0, 3).All(i => Inputs[i][0] == TheoremInputs[i][0] && Inputs[i][1] == TheoremInputs[i][1] && Targets[i] == TheoremTargets[i]);
        checks.Add(BoundCheck.Condition("data = Theorem 7's X = [[1, 0, ½], [0, 1, ½]], Y = [0, 0, 1]", "yun.thm7.setting",
            "X, Y as in the theorem", dataOk ? null : "the data differ from the theorem's"));
        checks.Add(BoundCheck.Condition($"activation parameters ({h})", "yun.thm7.activations", "α > 0, λ > 0 for ELU/SELU", h.ParameterFailure()));
        if (!dataOk || h.ParameterFailure() is not null) return (Verdict.Invalid, checks, null);

        // ---- Part 2: C7.3 solved for v₂ inside its enclosure [yun.thm7.root]
        var hv1 = h.Value(I(V1));
        var c73 = (Interval v) => I(U1) * hv1 + I(U2) * h.Value(v) - I(Third);       // g(v) = u₁h(v₁) + u₂h(v) − 1/3
        var c73Slope = (Interval v) => I(U2) * h.FirstDerivative(v);                 // g′(v) = u₂h′(v)
        AddRoot(checks, "C7.3: u₁h(v₁) + u₂h(v₂) = 1/3", "v₂", V2, c73, c73Slope, p);

        // C7.4–C7.5: h analytic on a neighbourhood of v₁ and of the enclosure of v₂. [yun.thm7.analytic]
        checks.Add(BoundCheck.Condition("C7.4–C7.5: h analytic at v₁", "yun.thm7.analytic", "h analytic near v₁", h.SmoothOn(V1, V1)));
        checks.Add(BoundCheck.Condition("C7.4–C7.5: h analytic at every v₂ in its enclosure", "yun.thm7.analytic", "h analytic near [v₂]",
            h.SmoothOn(V2.Lower, V2.Upper)));
        var v2 = V2.ToInterval(p);
        bool smooth = h.SmoothOn(V1, V1) is null && h.SmoothOn(V2.Lower, V2.Upper) is null && V2.Lower < V2.Upper;
        if (smooth)
        {
            // C7.6 and C7.7 with a = u₁h′(v₁), c = u₁h″(v₁)/3, b = u₂h′(v₂), d = u₂h″(v₂)/3 [yun.thm7.c76-c77]
            var a = I(U1) * h.FirstDerivative(I(V1));
            var c = I(U1) * h.SecondDerivative(I(V1)) / I(3);
            var b = I(U2) * h.FirstDerivative(v2);
            var d = I(U2) * h.SecondDerivative(v2) / I(3);
            var c76 = a.Square() + c;
            checks.Add(Positive("C7.6: (u₁h′(v₁))² + u₁h″(v₁)/3 > 0", "yun.thm7.c76-c77", c76));
            // (a² + c)(b² + d) − (ab)² = a²d + b²c + cd, an identity; the right side is enclosed (less dependency).
            var c77 = a.Square() * d + b.Square() * c + c * d;
            checks.Add(Positive("C7.7: ((u₁h′(v₁))² + u₁h″(v₁)/3)((u₂h′(v₂))² + u₂h″(v₂)/3) − (u₁h′(v₁)u₂h′(v₂))² > 0 on [v₂]", "yun.thm7.c76-c77", c77));
        }

        // The value at the point: ŷ = (1/3, 1/3, 1/3) by C7.3, ℓ = 1/3 = the least-squares risk. [yun.thm7.value]
        var yHat = new[] { Third, Third, Third };
        var risk = Enumerable.Range(0, 3).Select(i => (yHat[i] - Targets[i]) * (yHat[i] - Targets[i])).Aggregate(Rational.Zero, (s, t) => s + t) / 2;
        checks.Add(BoundCheck.Exact("ℓ(point) = claimed risk", "yun.thm7.value", "claimed = derived", Risk, risk, strict: false) with { Holds = Risk == risk });
        // Ȳ = (1/3, 1/3, 1/3) solves the normal equations: (Ȳ − Y)[X; 1ᵀ]ᵀ = 0, so ℓ equals the least-squares risk.
        var normal = new Rational[3];
        for (int i = 0; i < 3; i++)
        {
            var r = yHat[i] - Targets[i];
            normal[0] += r * Inputs[i][0];
            normal[1] += r * Inputs[i][1];
            normal[2] += r;
        }
        checks.Add(BoundCheck.Condition("output (1/3, 1/3, 1/3) = the linear least-squares fit", "yun.thm7.value", "(Ȳ − Y)X̃ᵀ = 0",
            normal.All(x => x.IsZero) ? null : "normal equations fail"));

        // ℓ ≥ 1/3 on the max-norm box of radius ρ around the point. [yun.thm7.local-min]
        checks.Add(BoundCheck.Exact("radius ρ > 0", "yun.thm7.local-min", "0 < ρ", Rational.Zero, Radius, strict: true));
        if (Radius.Sign > 0 && V2.Lower < V2.Upper)
        {
            var z1Lo = V1 - 2 * Radius; var z1Hi = V1 + 2 * Radius;
            var z2Lo = V2.Lower - 2 * Radius; var z2Hi = V2.Upper + 2 * Radius;
            var smooth1 = h.SmoothOn(z1Lo, z1Hi);
            var smooth2 = h.SmoothOn(z2Lo, z2Hi);
            checks.Add(BoundCheck.Condition("h is C² on Z₁ = [v₁ − 2ρ, v₁ + 2ρ] and Z₂ = [v₂ − 2ρ, v₂ + 2ρ]", "yun.thm7.local-min",
                "h analytic on Z₁, Z₂", smooth1 ?? smooth2));
            if (smooth1 is null && smooth2 is null)
            {
                var z1 = new Interval(BigFloat.FromRational(z1Lo, p, RoundingMode.Down), BigFloat.FromRational(z1Hi, p, RoundingMode.Up), p);
                var z2 = new Interval(BigFloat.FromRational(z2Lo, p, RoundingMode.Down), BigFloat.FromRational(z2Hi, p, RoundingMode.Up), p);
                var w1 = new Interval(BigFloat.FromRational(U1 - Radius, p, RoundingMode.Down), BigFloat.FromRational(U1 + Radius, p, RoundingMode.Up), p);
                var w2 = new Interval(BigFloat.FromRational(U2 - Radius, p, RoundingMode.Down), BigFloat.FromRational(U2 + Radius, p, RoundingMode.Up), p);
                var a1 = w1 * h.SecondDerivative(z1);     // A₁ ∋ (u₁ + ε₁)h″(ξ₁)
                var a2 = w2 * h.SecondDerivative(z2);
                var b1 = w1 * h.FirstDerivative(z1);      // B₁ ∋ (u₁ + ε₁)h′(η₁)
                var b2 = w2 * h.FirstDerivative(z2);
                var m11 = a1 / I(12) + b1.Square() / I(4);
                var m22 = a2 / I(12) + b2.Square() / I(4);
                var det = a1 * a2 / I(144) + (a1 * b2.Square() + a2 * b1.Square()) / I(48);
                checks.Add(Positive("M₁₁ = A₁/12 + B₁²/4 > 0 on the box", "yun.thm7.local-min", m11));
                checks.Add(Positive("M₂₂ = A₂/12 + B₂²/4 > 0 on the box", "yun.thm7.local-min", m22));
                checks.Add(Positive("det M = A₁A₂/144 + (A₁B₂² + A₂B₁²)/48 > 0 on the box", "yun.thm7.local-min", det));
            }
        }

        // ---- Part 1: C7.1 solved for v′₄, C7.2 on the enclosure; then ℓ(W̃) = 0. [yun.thm7.root] [yun.thm7.part1]
        var hf1 = h.Value(I(FitV[0]));
        var hf2 = h.Value(I(FitV[1]));
        var hf3 = h.Value(I(FitV[2]));
        var c71 = (Interval v) => hf1 * h.Value(v) - hf2 * hf3;                          // f(v) = h(v′₁)h(v) − h(v′₂)h(v′₃)
        var c71Slope = (Interval v) => hf1 * h.FirstDerivative(v);                       // f′(v) = h(v′₁)h′(v)
        checks.Add(BoundCheck.Condition("h differentiable on the enclosure of v′₄", "yun.thm7.root", "h analytic near [v′₄]",
            h.SmoothOn(FitV4.Lower, FitV4.Upper)));
        bool rootOk = h.SmoothOn(FitV4.Lower, FitV4.Upper) is null && AddRoot(checks, "C7.1: h(v′₁)h(v′₄) = h(v′₂)h(v′₃)", "v′₄", FitV4, c71, c71Slope, p);
        var v4 = FitV4.ToInterval(p);
        var c72 = hf1 * h.Value((I(FitV[2]) + v4) / I(2)) - hf3 * h.Value(I((FitV[0] + FitV[1]) / 2));
        checks.Add(NonZero("C7.2: h(v′₁)h((v′₃ + v′₄)/2) − h(v′₃)h((v′₁ + v′₂)/2) ≠ 0 on [v′₄]", "yun.thm7.part1", c72));
        bool part1 = rootOk && !c72.ContainsZero;
        checks.Add(BoundCheck.Condition("not global: ℓ(W̃) = 0 < 1/3 = ℓ(point) at the Part 1 point", "yun.thm7.not-global",
            "min ℓ = 0 < ℓ(point)", part1 && Risk.Sign > 0 ? null : "Part 1 not proved"));

        return (checks.All(x => x.Holds) ? Verdict.Verified : Verdict.Invalid, checks, null);
    }

    /// <summary>
    /// The enclosure [lo, hi] holds exactly one root of g: lo &lt; hi, g(lo) and g(hi) enclosed with strictly opposite
    /// signs (a root exists, intermediate values), and g′ enclosed away from 0 on [lo, hi] (g strictly monotone, so
    /// the root is unique). [yun.thm7.root]
    /// </summary>
    private static bool AddRoot(List<BoundCheck> checks, string equation, string unknown, RootEnclosure e,
                                Func<Interval, Interval> g, Func<Interval, Interval> slope, int p)
    {
        checks.Add(BoundCheck.Exact($"{equation}: enclosure of {unknown} not empty", "yun.thm7.root", "lower < upper", e.Lower, e.Upper, strict: true));
        if (!(e.Lower < e.Upper)) return false;
        var gLo = g(Interval.FromRational(e.Lower, p));
        var gHi = g(Interval.FromRational(e.Upper, p));
        bool opposite = (gLo.IsPositive && gHi.IsNegative) || (gLo.IsNegative && gHi.IsPositive);
        checks.Add(BoundCheck.Condition($"{equation}: sign change over the enclosure of {unknown}", "yun.thm7.root",
            "g(lower) and g(upper) of strictly opposite signs",
            opposite ? null : $"g(lower) ∈ {gLo.ToDecimalString(8)}, g(upper) ∈ {gHi.ToDecimalString(8)}"));
        var s = slope(e.ToInterval(p));
        checks.Add(NonZero($"{equation}: g′ ≠ 0 on the enclosure of {unknown} (the root is unique)", "yun.thm7.root", s));
        return opposite && !s.ContainsZero;
    }

    /// <summary>The enclosure lies in (0, ∞); shown through Interval.ToDecimalString (m·2^e for huge ends, no slow decimal conversion).</summary>
    private static BoundCheck Positive(string name, string label, Interval x) =>
        new(name, label, "0 < lower end of the enclosure", "0", x.ToDecimalString(12), "", x.IsPositive, BoundKind.Upper);

    private static BoundCheck NonZero(string name, string label, Interval x) =>
        BoundCheck.Condition(name, label, "enclosure excludes 0", x.ContainsZero ? $"enclosure {x.ToDecimalString(8)} contains 0" : null);

    // ------------------------------------------------------------------ building (untrusted producer side)

    /// <summary>
    /// Producer side (never called by <see cref="Check"/>): solves C7.3 for v₂ and C7.1 for v′₄ by bisection inside the
    /// given brackets (each to ~2^−150, rounded outward to 40 significant digits), and picks the largest radius
    /// 10^−k (k = 1..12) that the checker accepts.
    /// </summary>
    public static YunSmoothMinimum Build(SmoothActivation h, Rational v1, Rational u1, Rational u2, RootEnclosure v2Bracket,
                                         Rational[] fitV, RootEnclosure v4Bracket, IReadOnlyDictionary<string, string> provenance,
                                         int precision = DefaultPrecision)
    {
        int p = precision;
        Interval I(Rational q) => Interval.FromRational(q, p);
        var hv1 = h.Value(I(v1));
        var v2 = Bisect(v => I(u1) * hv1 + I(u2) * h.Value(v) - I(Third), v2Bracket, p);
        var hf1 = h.Value(I(fitV[0]));
        var hf23 = h.Value(I(fitV[1])) * h.Value(I(fitV[2]));
        var v4 = Bisect(v => hf1 * h.Value(v) - hf23, v4Bracket, p);
        YunSmoothMinimum With(Rational radius) => new()
        {
            Activation = h, Inputs = TheoremInputs, Targets = TheoremTargets, V1 = v1, V2 = v2, U1 = u1, U2 = u2,
            Risk = Third, Radius = radius, FitV = fitV, FitV4 = v4, Precision = p, Provenance = provenance,
        };
        for (int k = 1; k <= 12; k++)
        {
            var candidate = With(Rational.Pow(10, -k));
            bool ok;
            try { ok = candidate.Check().Verdict == Verdict.Verified; }
            catch (ArgumentException) { ok = false; }
            if (ok) return candidate;
        }
        return With(Rational.Pow(10, -12));   // fails the check; the caller's test says why
    }

    private static RootEnclosure Bisect(Func<Interval, Interval> g, RootEnclosure bracket, int p)
    {
        var lo = bracket.Lower;
        var hi = bracket.Upper;
        int sLo = Sign(g(Interval.FromRational(lo, p)));
        int sHi = Sign(g(Interval.FromRational(hi, p)));
        if (sLo == 0 || sHi == 0 || sLo == sHi) throw new InvalidOperationException("the bracket has no certified sign change");
        for (int i = 0; i < 160; i++)
        {
            var mid = (lo + hi) / 2;
            int s = Sign(g(Interval.FromRational(mid, p)));
            if (s == 0) break;
            if (s == sLo) lo = mid; else hi = mid;
        }
        // Round outward to 40 significant digits (the rounded ends still bracket the root; the checker re-proves it).
        var l = Rational.Parse(lo.ToScientificString(40, RoundingMode.Down));
        var u = Rational.Parse(hi.ToScientificString(40, RoundingMode.Up));
        return new RootEnclosure(l, u);
    }

    private static int Sign(Interval x) => x.IsPositive ? 1 : x.IsNegative ? -1 : 0;

    // ------------------------------------------------------------------ writing (canonical)

    public string ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        CanonicalJson.WriteClaimHeader(w, KindName);
        w.WriteString("statement",
            "For the network x ↦ W2·h(W1·x + b1) + b2 (W1 2×2, W2 1×2) with the given activation h, the data X = [[1, 0, 1/2], " +
            "[0, 1, 1/2]], Y = [0, 0, 1] and the risk ℓ = ½Σᵢ(ŷ(xᵢ) − yᵢ)²: C7.3–C7.7 hold with v2 the unique root of C7.3 in " +
            "its enclosure; the point W1 = [[v1, v1], [v2, v2]], b1 = 0, W2 = [u1, u2], b2 = 0 has ℓ = 1/3, the linear " +
            "least-squares risk, and ℓ ≥ 1/3 on the max-norm box of radius localMinimumRadius around it (a local minimum); " +
            "C7.1–C7.2 hold for perfectFit with v4 the unique root of C7.1 in its enclosure, so ℓ attains 0 and the local " +
            "minimum is not global (Yun–Sra–Jadbabaie 2019, Theorem 7 / Corollary 8).");
        w.WriteStartObject("model");
        w.WriteString("network", "one-hidden-layer-2-2-1");
        w.WriteString("loss", "squared");
        Activation.Write(w, "activation");
        CanonicalJson.WriteVectors(w, "inputs", Inputs);
        w.WriteStartArray("targets");
        foreach (var y in Targets) w.WriteStringValue(y.ToCanonicalString());
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("point");
        w.WriteString("v1", V1.ToCanonicalString());
        V2.Write(w, "v2");
        w.WriteString("u1", U1.ToCanonicalString());
        w.WriteString("u2", U2.ToCanonicalString());
        w.WriteEndObject();
        w.WriteStartObject("bounds");
        w.WriteString("risk", Risk.ToCanonicalString());
        w.WriteString("localMinimumRadius", Radius.ToCanonicalString());
        w.WriteStartObject("perfectFit");
        w.WriteString("v1", FitV[0].ToCanonicalString());
        w.WriteString("v2", FitV[1].ToCanonicalString());
        w.WriteString("v3", FitV[2].ToCanonicalString());
        FitV4.Write(w, "v4");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("hints");
        w.WriteNumber("precision", Precision);
        w.WriteEndObject();
        CanonicalJson.WriteProvenance(w, Provenance);
    });
}
