using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates;

/// <summary>
/// An activation for the Ding–Li–Sun kind: a polynomial σ(t) = Σ c_k t^k with rational coefficients (everything exact)
/// or σ = exp (σ(0) = σ′(0) = σ″(0) = 1 exact; the second derivative near 0 bounded by rationals; values elsewhere by
/// the kernel's outward exp). [dls.thm3.a2]
/// </summary>
public sealed record DingActivation(string Name, Rational[] Coefficients)
{
    public const int MaxCoefficients = 64;

    public static DingActivation Polynomial(params Rational[] c) => new("polynomial", c);
    public static readonly DingActivation Exp = new("exp", []);

    public bool IsPolynomial => Name == "polynomial";

    /// <summary>σ(0), σ′(0), σ″(0), exact.</summary>
    public (Rational S0, Rational S1, Rational S2) AtZero() =>
        IsPolynomial ? (Coefficient(0), Coefficient(1), 2 * Coefficient(2)) : (Rational.One, Rational.One, Rational.One);

    private Rational Coefficient(int k) => k < Coefficients.Length ? Coefficients[k] : Rational.Zero;

    /// <summary>
    /// Rational [lo, hi] ∋ σ″(ξ) for every |ξ| ≤ r [dls.thm3.local-min]: polynomial, 2c₂ ± Σ_{k≥3} k(k−1)|c_k| r^{k−2};
    /// exp, [1 − r, 1/(1 − r)] (1 + ξ ≤ e^ξ ≤ 1/(1 − ξ) for ξ &lt; 1), null when r ≥ 1.
    /// </summary>
    public (Rational Lo, Rational Hi)? SecondDerivativeNearZero(Rational r)
    {
        if (!IsPolynomial) return r < 1 ? (1 - r, 1 / (1 - r)) : null;
        var t = Rational.Zero;
        for (int k = 3; k < Coefficients.Length; k++) t += k * (k - 1) * Rational.Abs(Coefficients[k]) * Rational.Pow(r, k - 2);
        return (2 * Coefficient(2) - t, 2 * Coefficient(2) + t);
    }

    /// <summary>σ(t) exactly (polynomial only).</summary>
    public Rational ValueExact(Rational t)
    {
        var s = Rational.Zero;
        for (int k = Coefficients.Length - 1; k >= 0; k--) s = s * t + Coefficients[k];
        return s;
    }

    /// <summary>Encloses σ(t) (exact point for a polynomial, the kernel's outward exp otherwise).</summary>
    public Interval Value(Rational t, int precision) =>
        IsPolynomial ? Interval.FromRational(ValueExact(t), precision) : Interval.Exp(Interval.FromRational(t, precision));

    public static DingActivation Parse(JsonElement e, string path)
    {
        var name = Json.String(Json.Required(e, "name", path), $"{path}.name");
        switch (name)
        {
            case "exp":
                Json.Object(e, path, "name");
                return Exp;
            case "polynomial":
            {
                Json.Object(e, path, "name", "coefficients");
                var c = Json.Required(e, "coefficients", path);
                if (c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 3 || c.GetArrayLength() > MaxCoefficients)
                    throw new MalformedException($"{path}.coefficients", $"expected an array of 3..{MaxCoefficients} numbers c₀, c₁, c₂, …");
                return Polynomial(c.EnumerateArray().Select((x, k) => Json.Number(x, $"{path}.coefficients[{k}]")).ToArray());
            }
            default:
                throw new MalformedException($"{path}.name", $"unknown activation \"{name}\"; expected polynomial or exp");
        }
    }

    public void Write(Utf8JsonWriter w, string property)
    {
        w.WriteStartObject(property);
        w.WriteString("name", Name);
        if (IsPolynomial)
        {
            w.WriteStartArray("coefficients");
            foreach (var c in Coefficients) w.WriteStringValue(c.ToCanonicalString());
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    public override string ToString() => IsPolynomial ? "σ(t) = " + string.Join(" + ", Coefficients.Select((c, k) => $"{c}·t^{k}")) : "σ = exp";
}

/// <summary>
/// Claim kind "ding-li-sun/bad-local-minimum" (Ding–Li–Sun 2019, Theorem 3): for N ≥ 3 distinct scalar inputs xₙ,
/// d ≥ N neurons, the network ŷ = vᵀσ(w xᵀ) (no biases) and the loss E(w, v) = ‖y − ŷ‖², the point (w = 0, v) is a
/// local minimum of E — E ≥ E(0, v) on the whole max-norm box of the stated radius — it is non-strict (E is constant
/// along v + t(e₁ − e₂)), E(0, v) &gt; 0, and it is not global (an explicit point of smaller loss). The targets y are
/// the theorem's construction y = ŷ + yᵖ with yᵖ ⊥ 1, x and ⟨yᵖ, x∘x⟩ ≠ 0. Exact rationals except the loss of the
/// better point for σ = exp (outward intervals).
/// Format: docs/certificate-format.md. Derivations: proofs/ding-li-sun/theorem3.md.
/// </summary>
public sealed class DingLiSunMinimum
{
    public const string KindName = "ding-li-sun/bad-local-minimum";
    public const int MaxSamples = 1000;
    public const int MaxNeurons = 1000;
    public const int MinPrecision = 64;
    public const int MaxPrecision = 4096;
    public const int DefaultPrecision = 256;

    public required DingActivation Activation { get; init; }
    public required Rational[] Inputs { get; init; }     // x ∈ ℚ^N
    public required Rational[] Targets { get; init; }    // y ∈ ℚ^N
    public required Rational[] W { get; init; }          // w ∈ ℚ^d (the construction: 0)
    public required Rational[] V { get; init; }          // v ∈ ℚ^d
    public required Rational Risk { get; init; }
    public required Rational Radius { get; init; }
    public required Rational[] BetterW { get; init; }
    public required Rational[] BetterV { get; init; }
    public required Rational BetterRiskUpper { get; init; }
    public int Precision { get; init; } = DefaultPrecision;
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    public int Samples => Inputs.Length;
    public int Neurons => V.Length;

    // ------------------------------------------------------------------ parsing

    public static DingLiSunMinimum Parse(JsonElement root)
    {
        Json.Object(root, "$", "$schema", "format", "claim", "point", "bounds", "hints", "provenance");
        var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim", "kind", "statement", "model");
        const string mp = "$.claim.model";
        var model = Json.Object(Json.Required(claim, "model", "$.claim"), mp, "network", "loss", "activation", "samples", "neurons", "inputs", "targets");
        var network = Json.String(Json.Required(model, "network", mp), $"{mp}.network");
        if (network != "one-hidden-layer-scalar-no-bias") throw new MalformedException($"{mp}.network", $"expected \"one-hidden-layer-scalar-no-bias\", found \"{network}\"");
        var loss = Json.String(Json.Required(model, "loss", mp), $"{mp}.loss");
        if (loss != "quadratic") throw new MalformedException($"{mp}.loss", $"expected \"quadratic\", found \"{loss}\"");
        var activation = DingActivation.Parse(Json.Object(Json.Required(model, "activation", mp), $"{mp}.activation"), $"{mp}.activation");
        int n = Json.Integer(Json.Required(model, "samples", mp), $"{mp}.samples", 1, MaxSamples);
        int d = Json.Integer(Json.Required(model, "neurons", mp), $"{mp}.neurons", 1, MaxNeurons);
        var point = Json.Object(Json.Required(root, "point", "$"), "$.point", "w", "v");
        const string bp = "$.bounds";
        var bounds = Json.Object(Json.Required(root, "bounds", "$"), bp, "risk", "localMinimumRadius", "betterPoint", "betterRiskUpper");
        var better = Json.Object(Json.Required(bounds, "betterPoint", bp), $"{bp}.betterPoint", "w", "v");
        var (precision, _) = Json.Hints(root, DefaultPrecision, MinPrecision, MaxPrecision);
        var provenance = Json.Provenance(root);
        return new DingLiSunMinimum
        {
            Activation = activation,
            Inputs = Vector(Json.Required(model, "inputs", mp), $"{mp}.inputs", n),
            Targets = Vector(Json.Required(model, "targets", mp), $"{mp}.targets", n),
            W = Vector(Json.Required(point, "w", "$.point"), "$.point.w", d),
            V = Vector(Json.Required(point, "v", "$.point"), "$.point.v", d),
            Risk = Json.Number(Json.Required(bounds, "risk", bp), $"{bp}.risk"),
            Radius = Json.Number(Json.Required(bounds, "localMinimumRadius", bp), $"{bp}.localMinimumRadius"),
            BetterW = Vector(Json.Required(better, "w", $"{bp}.betterPoint"), $"{bp}.betterPoint.w", d),
            BetterV = Vector(Json.Required(better, "v", $"{bp}.betterPoint"), $"{bp}.betterPoint.v", d),
            BetterRiskUpper = Json.Number(Json.Required(bounds, "betterRiskUpper", bp), $"{bp}.betterRiskUpper"),
            Precision = precision, Provenance = provenance,
        };
    }

    private static Rational[] Vector(JsonElement e, string path, int length)
    {
        Json.Array(e, path, length);
        return e.EnumerateArray().Select((x, a) => Json.Number(x, $"{path}[{a}]")).ToArray();
    }

    // ------------------------------------------------------------------ checking (trusted)

    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks) Check()
    {
        var checks = new List<BoundCheck>();
        int n = Samples, d = Neurons;
        var x = Inputs;

        // The setting. [dls.thm3.setting]
        checks.Add(BoundCheck.Condition("N ≥ 3 samples", "dls.thm3.setting", "N ≥ 3", n >= 3 ? null : $"N = {n}"));
        checks.Add(BoundCheck.Condition("d ≥ N neurons", "dls.thm3.setting", "d ≥ N", d >= n ? null : $"d = {d} < N = {n}"));
        checks.Add(BoundCheck.Condition("the inputs are distinct", "dls.thm3.setting", "xᵢ ≠ xⱼ", x.Distinct().Count() == n ? null : "two inputs are equal"));

        // Assumption A2 at a = 0 (no biases: every pre-activation at w = 0 is 0). [dls.thm3.a2]
        var (s0, s1, s2) = Activation.AtZero();
        checks.Add(BoundCheck.Condition("A2 at 0: σ(0), σ′(0), σ″(0) ≠ 0", "dls.thm3.a2", "all three non-zero",
            s0.IsZero || s1.IsZero || s2.IsZero ? $"σ(0) = {s0}, σ′(0) = {s1}, σ″(0) = {s2}" : null));

        // The construction: w = 0; yᵖ = y − ŷ with ŷ = σ(0)(Σv)𝟏; yᵖ ⊥ 𝟏, x; κ = ⟨yᵖ, x∘x⟩ ≠ 0. [dls.thm3.construction]
        checks.Add(BoundCheck.Condition("w = 0", "dls.thm3.construction", "every wᵢ = 0", W.All(t => t.IsZero) ? null : "some wᵢ ≠ 0"));
        var sumV = V.Aggregate(Rational.Zero, (a, b) => a + b);
        var yHat = s0 * sumV;
        var yp = Targets.Select(t => t - yHat).ToArray();
        Rational Dot(Func<int, Rational> f) => Enumerable.Range(0, n).Aggregate(Rational.Zero, (a, i) => a + yp[i] * f(i));
        var ones = Dot(_ => Rational.One);
        var first = Dot(i => x[i]);
        var kappa = Dot(i => x[i] * x[i]);
        checks.Add(BoundCheck.Condition("⟨yᵖ, 𝟏⟩ = 0 (so ⟨yᵖ, zᵢ⟩ = 0)", "dls.thm3.construction", "= 0", ones.IsZero ? null : $"⟨yᵖ, 𝟏⟩ = {ones}"));
        checks.Add(BoundCheck.Condition("⟨yᵖ, x⟩ = 0 (so ⟨yᵖ, ∂zᵢ⟩ = 0)", "dls.thm3.construction", "= 0", first.IsZero ? null : $"⟨yᵖ, x⟩ = {first}"));
        checks.Add(BoundCheck.Condition("κ = ⟨yᵖ, x∘x⟩ ≠ 0", "dls.thm3.construction", "≠ 0", kappa.IsZero ? "κ = 0" : null));
        var c = s2 * kappa;   // 2⟨yᵖ, ∂²z⟩ = σ″(0)κ
        checks.Add(BoundCheck.Condition("vᵢ·σ″(0)κ < 0 for every i", "dls.thm3.signs", "vᵢ = −sgn(σ″(0)κ)·|vᵢ|, vᵢ ≠ 0",
            V.All(v => (v * c).Sign < 0) ? null : "some vᵢ is 0 or has the sign of σ″(0)κ"));

        // E ≥ E(0, v) on the box |Δw|, |Δv| ≤ ρ. [dls.thm3.local-min]
        var minV = V.Select(Rational.Abs).Min();
        checks.Add(BoundCheck.Exact("0 < ρ", "dls.thm3.local-min", "0 < ρ", Rational.Zero, Radius, strict: true));
        checks.Add(BoundCheck.Exact("ρ < minᵢ |vᵢ| (vᵢ + Δvᵢ keeps its sign)", "dls.thm3.local-min", "ρ < min|vᵢ|", Radius, minV, strict: true));
        Rational gLo = Rational.Zero, gHi = Rational.Zero;
        string? gFailure = null;
        for (int i = 0; i < n && gFailure is null; i++)
        {
            var coef = yp[i] * x[i] * x[i];
            if (Activation.SecondDerivativeNearZero(Radius * Rational.Abs(x[i])) is not { } e) { gFailure = $"ρ|x_{i}| ≥ 1: no bound on exp″"; break; }
            var (lo, hi) = coef.Sign >= 0 ? (coef * e.Lo, coef * e.Hi) : (coef * e.Hi, coef * e.Lo);
            gLo += lo;
            gHi += hi;
        }
        bool gSign = gFailure is null && (c.Sign > 0 ? gLo.Sign > 0 : gHi.Sign < 0);
        checks.Add(BoundCheck.Condition("G = Σₙ yᵖₙxₙ²σ″(ξₙ) has the sign of σ″(0)κ for all |ξₙ| ≤ ρ|xₙ|", "dls.thm3.local-min",
            "G ∈ [lo, hi] away from 0", gFailure ?? (gSign ? null : $"G ∈ [{BoundCheck.Show(gLo, RoundingMode.Down)}, {BoundCheck.Show(gHi, RoundingMode.Up)}]")));

        // E(0, v) = ‖yᵖ‖² > 0; non-strict along v + t(e₁ − e₂). [dls.thm3.value] [dls.thm3.non-strict]
        var risk = yp.Aggregate(Rational.Zero, (a, t) => a + t * t);
        checks.Add(BoundCheck.Exact("E(point) = claimed risk", "dls.thm3.value", "claimed = derived", Risk, risk, strict: false) with { Holds = Risk == risk });
        checks.Add(BoundCheck.Exact("E(point) > 0", "dls.thm3.value", "0 < E", Rational.Zero, risk, strict: true));
        checks.Add(BoundCheck.Condition("non-strict: E is constant on (0, v + t(e₁ − e₂))", "dls.thm3.non-strict", "d ≥ 2 and w = 0",
            d >= 2 ? null : "d < 2"));

        // Not global: an explicit point of smaller loss. [dls.thm3.not-global]
        var better = BetterRiskEnclosure();
        // Compared exactly; shown through Interval.ToDecimalString, which prints a huge end as m·2^e instead of
        // converting it to decimal (a better point with w = −1e100000 made the decimal conversion take ~30 s).
        bool betterHolds = better.Hi.ToRational() <= BetterRiskUpper;
        checks.Add(new BoundCheck("E(betterPoint) ≤ betterRiskUpper", "dls.thm3.not-global", "derived ≤ claimed",
            BoundCheck.Show(BetterRiskUpper, RoundingMode.Nearest), better.ToDecimalString(12), "", betterHolds, BoundKind.Upper));
        checks.Add(BoundCheck.Exact("betterRiskUpper < E(point)", "dls.thm3.not-global", "betterRiskUpper < E", BetterRiskUpper, risk, strict: true));

        return (checks.All(t => t.Holds) ? Verdict.Verified : Verdict.Invalid, checks);
    }

    /// <summary>Largest numerator or denominator (bits) for which the better point's loss is evaluated exactly.</summary>
    public const int MaxExactBits = 4096;

    /// <summary>
    /// E at the better point: exact for a polynomial σ when every number involved is at most <see cref="MaxExactBits"/>
    /// bits (found by the fuzz suite: w̃ₖ = −1e100000 made the exact powers and gcds take minutes), outward intervals
    /// otherwise and for exp. Both are enclosures of the same number.
    /// </summary>
    public Interval BetterRiskEnclosure()
    {
        int p = Precision;
        static bool Small(Rational q) => q.Numerator.GetBitLength() <= MaxExactBits && q.Denominator.GetBitLength() <= MaxExactBits;
        bool small = BetterW.Concat(BetterV).Concat(Inputs).Concat(Targets).Concat(Activation.Coefficients).All(Small);
        if (Activation.IsPolynomial && small)
        {
            var s = Rational.Zero;
            for (int i = 0; i < Samples; i++)
            {
                var o = Rational.Zero;
                for (int k = 0; k < Neurons; k++) o += BetterV[k] * Activation.ValueExact(BetterW[k] * Inputs[i]);
                s += (Targets[i] - o) * (Targets[i] - o);
            }
            return Interval.FromRational(s, p);
        }
        var e = Interval.Zero(p);
        for (int i = 0; i < Samples; i++)
        {
            var o = Interval.FromRational(Targets[i], p);
            for (int k = 0; k < Neurons; k++) o -= Interval.FromRational(BetterV[k], p) * ActivationEnclosure(Interval.FromRational(BetterW[k], p) * Interval.FromRational(Inputs[i], p));
            e += o.Square();
        }
        return e;
    }

    /// <summary>σ over an interval: Horner in interval arithmetic (polynomial) or the kernel's outward exp.</summary>
    private Interval ActivationEnclosure(Interval t)
    {
        if (!Activation.IsPolynomial) return Interval.Exp(t);
        var s = Interval.Zero(t.Precision);
        for (int k = Activation.Coefficients.Length - 1; k >= 0; k--) s = s * t + Interval.FromRational(Activation.Coefficients[k], t.Precision);
        return s;
    }

    // ------------------------------------------------------------------ building (untrusted producer side)

    /// <summary>
    /// Producer (never called by <see cref="Check"/>): yᵖ = scale·(x∘x projected off span{𝟏, x}) (exact Gram–Schmidt),
    /// vᵢ = −sgn(σ″(0)κ)·vMagnitudes[i], y = σ(0)(Σv)𝟏 + yᵖ; the radius is the largest 2^{−k} the checker accepts; the
    /// better point fits y by exact least squares on polynomial features, or by a rational solve with exp features.
    /// </summary>
    public static DingLiSunMinimum Build(DingActivation act, Rational[] x, int d, Rational scale, IReadOnlyDictionary<string, string> provenance)
    {
        int n = x.Length;
        var (s0, _, s2) = act.AtZero();
        var basis = RationalMatrix.FromRows(x.Select(t => new[] { Rational.One, t }).ToList());
        var sq = x.Select(t => t * t).ToArray();
        var coef = RationalMatrix.LeastSquares(basis, RationalMatrix.Column(sq));
        var fit = (basis * coef).GetColumn(0);
        var yp = sq.Select((t, i) => scale * (t - fit[i])).ToArray();
        var kappa = Enumerable.Range(0, n).Aggregate(Rational.Zero, (a, i) => a + yp[i] * sq[i]);
        int sign = -(s2 * kappa).Sign;
        var v = Enumerable.Range(0, d).Select(i => sign * (1 + new Rational(i, d))).ToArray();
        var sumV = v.Aggregate(Rational.Zero, (a, b) => a + b);
        var y = yp.Select(t => t + s0 * sumV).ToArray();
        var w = Enumerable.Repeat(Rational.Zero, d).ToArray();
        var (bw, bv) = BetterPoint(act, x, y, d);
        DingLiSunMinimum With(Rational radius, Rational betterUpper) => new()
        {
            Activation = act, Inputs = x, Targets = y, W = w, V = v, Risk = yp.Aggregate(Rational.Zero, (a, t) => a + t * t),
            Radius = radius, BetterW = bw, BetterV = bv, BetterRiskUpper = betterUpper, Provenance = provenance,
        };
        var probe = With(new Rational(1, 2), 0);
        var betterHi = probe.BetterRiskEnclosure().Hi.ToRational();
        var upper = act.IsPolynomial ? betterHi : Rational.Parse(betterHi.ToScientificString(3, RoundingMode.Up));
        for (int k = 1; k <= 60; k++)
        {
            var cert = With(Rational.Pow(2, -k), upper);
            if (cert.Check().Verdict == Verdict.Verified) return cert;
        }
        throw new InvalidOperationException("no radius 2^-k (k ≤ 60) verifies");
    }

    private static (Rational[] W, Rational[] V) BetterPoint(DingActivation act, Rational[] x, Rational[] y, int d)
    {
        int n = x.Length;
        var w = new Rational[d];
        var v = new Rational[d];
        for (int k = 0; k < d; k++) { w[k] = Rational.Zero; v[k] = Rational.Zero; }
        if (act.IsPolynomial)
        {
            // Features σ(w_k xᵢ) for w = (0, 1, −1, 2, −2, …) (all d neurons), exact least squares: y is a quadratic in x
            // (yᵖ is), which lies in the span of the features when σ has degree ≥ 2, so the fit is exact (E = 0).
            for (int k = 0; k < d; k++) w[k] = k % 2 == 1 ? (k + 1) / 2 : -(k / 2);
            var features = RationalMatrix.FromRows(x.Select(t => w.Select(wk => act.ValueExact(wk * t)).ToArray()).ToList());
            return (w, RationalMatrix.LeastSquares(features, RationalMatrix.Column(y)).GetColumn(0));
        }
        // Exp features: w_k = (k − (n − 1)/2)/2 for the first n neurons, σ(w_k xᵢ) rounded to rationals, exact solve.
        var rows = new List<Rational[]>();
        for (int k = 0; k < n; k++) w[k] = new Rational(2 * k - (n - 1), 4);
        for (int i = 0; i < n; i++)
            rows.Add(Enumerable.Range(0, n).Select(k => Rational.Parse(Interval.Exp(Interval.FromRational(w[k] * x[i], 128)).Mid.ToDoubleNearest().ToString("R", System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        var sol = RationalMatrix.Solve(RationalMatrix.FromRows(rows), RationalMatrix.Column(y)) ?? throw new InvalidOperationException("singular feature matrix");
        var vs = sol.GetColumn(0);
        for (int k = 0; k < n; k++) v[k] = Rational.Parse(vs[k].ToScientificString(30, RoundingMode.Nearest));
        return (w, v);
    }

    // ------------------------------------------------------------------ writing (canonical)

    public string ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        CanonicalJson.WriteClaimHeader(w, KindName);
        w.WriteString("statement",
            "For the network x ↦ Σᵢ vᵢσ(wᵢx) (no biases) with the given activation σ, the inputs and the targets, and the loss " +
            "E(w, v) = Σₙ(yₙ − ŷₙ)²: the point (w, v) with w = 0 is a local minimum of E (E ≥ E(point) on the max-norm box of " +
            "radius localMinimumRadius), non-strict, with E(point) = risk > 0, and not global: E(betterPoint) ≤ betterRiskUpper " +
            "< risk (Ding–Li–Sun 2019, Theorem 3).");
        w.WriteStartObject("model");
        w.WriteString("network", "one-hidden-layer-scalar-no-bias");
        w.WriteString("loss", "quadratic");
        Activation.Write(w, "activation");
        w.WriteNumber("samples", Samples);
        w.WriteNumber("neurons", Neurons);
        CanonicalJson.WriteVector(w, "inputs", Inputs);
        CanonicalJson.WriteVector(w, "targets", Targets);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("point");
        CanonicalJson.WriteVector(w, "w", W);
        CanonicalJson.WriteVector(w, "v", V);
        w.WriteEndObject();
        w.WriteStartObject("bounds");
        w.WriteString("risk", Risk.ToCanonicalString());
        w.WriteString("localMinimumRadius", Radius.ToCanonicalString());
        w.WriteStartObject("betterPoint");
        CanonicalJson.WriteVector(w, "w", BetterW);
        CanonicalJson.WriteVector(w, "v", BetterV);
        w.WriteEndObject();
        w.WriteString("betterRiskUpper", BetterRiskUpper.ToCanonicalString());
        w.WriteEndObject();
        w.WriteStartObject("hints");
        w.WriteNumber("precision", Precision);
        w.WriteEndObject();
        CanonicalJson.WriteProvenance(w, Provenance);
    });
}
