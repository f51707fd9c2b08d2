using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates;

/// <summary>The parameters (W₁, b₁, W₂, b₂) of a one-hidden-layer network with scalar output (d_y = 1).</summary>
public sealed record LeakyReluNetwork(Rational[][] W1, Rational[] B1, Rational[] W2, Rational B2)
{
    /// <summary>Writes the network as {"W1", "b1", "W2", "b2"} (the form <see cref="Read"/> reads).</summary>
    public void Write(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        CanonicalJson.WriteVectors(w, "W1", W1);
        CanonicalJson.WriteVector(w, "b1", B1);
        CanonicalJson.WriteVector(w, "W2", W2);
        w.WriteString("b2", B2.ToCanonicalString());
        w.WriteEndObject();
    }

    /// <summary>Reads {"W1", "b1", "W2", "b2"} with d₁ hidden units on d_x inputs, numbers by <paramref name="number"/>.</summary>
    /// <summary>
    /// The "model" object of the leaky-ReLU kinds (Theorem 6 and Kawaguchi–Huang–Kaelbling): network, loss, the two
    /// slopes, the shapes and the data, in this order.
    /// </summary>
    public static void WriteModel(Utf8JsonWriter w, Rational slopePositive, Rational slopeNegative, int inputDimension, int hiddenWidth,
        IReadOnlyCollection<Rational[]> inputs, IReadOnlyCollection<Rational> targets)
    {
        w.WriteStartObject("model");
        w.WriteString("network", "one-hidden-layer-leaky-relu");
        w.WriteString("loss", "squared");
        w.WriteString("slopePositive", slopePositive.ToCanonicalString());
        w.WriteString("slopeNegative", slopeNegative.ToCanonicalString());
        w.WriteNumber("inputDimension", inputDimension);
        w.WriteNumber("hiddenWidth", hiddenWidth);
        w.WriteNumber("samples", targets.Count);
        CanonicalJson.WriteVectors(w, "inputs", inputs);
        CanonicalJson.WriteVector(w, "targets", targets);
        w.WriteEndObject();
    }

    /// <summary>
    /// Reads the "model" object of <paramref name="claim"/> that <see cref="WriteModel"/> writes, with each kind's own
    /// shape limits and number reader (default <see cref="Json.Number"/>).
    /// </summary>
    public static (Rational SlopePositive, Rational SlopeNegative, int InputDimension, int HiddenWidth, int Samples, Rational[][] Inputs, Rational[] Targets)
        ReadModel(JsonElement claim, int maxInputDimension, int maxHiddenWidth, int maxSamples, Func<JsonElement, string, Rational>? number = null)
    {
        number ??= Json.Number;
        const string mp = "$.claim.model";
        var model = Json.Object(Json.Required(claim, "model", "$.claim"), mp,
            "network", "loss", "slopePositive", "slopeNegative", "inputDimension", "hiddenWidth", "samples", "inputs", "targets");
        var network = Json.String(Json.Required(model, "network", mp), $"{mp}.network");
        if (network != "one-hidden-layer-leaky-relu") throw new MalformedException($"{mp}.network", $"expected \"one-hidden-layer-leaky-relu\", found \"{network}\"");
        var loss = Json.String(Json.Required(model, "loss", mp), $"{mp}.loss");
        if (loss != "squared") throw new MalformedException($"{mp}.loss", $"expected \"squared\", found \"{loss}\"");
        var sPlus = number(Json.Required(model, "slopePositive", mp), $"{mp}.slopePositive");
        var sMinus = number(Json.Required(model, "slopeNegative", mp), $"{mp}.slopeNegative");
        int dx = Json.Integer(Json.Required(model, "inputDimension", mp), $"{mp}.inputDimension", 1, maxInputDimension);
        int d1 = Json.Integer(Json.Required(model, "hiddenWidth", mp), $"{mp}.hiddenWidth", 1, maxHiddenWidth);
        int m = Json.Integer(Json.Required(model, "samples", mp), $"{mp}.samples", 1, maxSamples);
        var inputs = Json.Vectors(Json.Required(model, "inputs", mp), $"{mp}.inputs", m, dx, number);
        var targets = Json.Vector(Json.Required(model, "targets", mp), $"{mp}.targets", m, number);
        return (sPlus, sMinus, dx, d1, m, inputs, targets);
    }

    public static LeakyReluNetwork Read(JsonElement e, string path, int d1, int dx, Func<JsonElement, string, Rational>? number = null)
    {
        Json.Object(e, path, "W1", "b1", "W2", "b2");
        var read = number ?? Json.Number;
        return new LeakyReluNetwork(
            Json.Vectors(Json.Required(e, "W1", path), $"{path}.W1", d1, dx, read),
            Json.Vector(Json.Required(e, "b1", path), $"{path}.b1", d1, read),
            Json.Vector(Json.Required(e, "W2", path), $"{path}.W2", d1, read),
            read(Json.Required(e, "b2", path), $"{path}.b2"));
    }

    public int HiddenWidth => B1.Length;
}

/// <summary>
/// Claim kind "yun-sra-jadbabaie/leaky-relu-local-minimum" (Yun–Sra–Jadbabaie 2019, Theorem 6): for the data (X, Y),
/// the leaky-ReLU activation h̃_{s₊,s₋} and hidden width d₁, the stated point is a local minimum of the squared-error
/// empirical risk ℓ whose value equals the linear least-squares risk, and it is not a global minimum (an explicit
/// point of strictly smaller risk is given). Everything is checked in exact rationals.
/// Format: docs/certificate-format.md. Derivations: proofs/yun-sra-jadbabaie/theorem6.md.
/// </summary>
public sealed class YunLeakyReluMinimum
{
    public const string KindName = "yun-sra-jadbabaie/leaky-relu-local-minimum";
    public const int MaxInputDimension = 64;
    public const int MaxHiddenWidth = 64;
    public const int MaxSamples = 10_000;

    public required Rational SlopePositive { get; init; }   // s₊
    public required Rational SlopeNegative { get; init; }   // s₋
    public required Rational[][] Inputs { get; init; }      // m data points xᵢ ∈ ℚ^{d_x} (the columns of X)
    public required Rational[] Targets { get; init; }       // yᵢ (Y ∈ ℚ^{1×m})
    public required LeakyReluNetwork Point { get; init; }   // (Ŵ₁, b̂₁, Ŵ₂, b̂₂)

    // bounds (statements to re-derive)
    public required Rational[] LeastSquaresWeights { get; init; }   // [W̄]_{[d_x]}
    public required Rational LeastSquaresBias { get; init; }        // [W̄]_{d_x+1}
    public required Rational Alpha { get; init; }                   // α > 0
    public required Rational Eta { get; init; }                     // η = min{−1, 2 minᵢ ȳᵢ}
    public required Rational Risk { get; init; }                    // ℓ(point) = ℓ₀(W̄)
    public required LeakyReluNetwork BetterPoint { get; init; }     // (W̃₁, b̃₁, W̃₂, b̃₂)
    public required Rational BetterRisk { get; init; }              // ℓ(better point) < Risk

    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    public int InputDimension => LeastSquaresWeights.Length;
    public int HiddenWidth => Point.HiddenWidth;
    public int Samples => Targets.Length;

    // ------------------------------------------------------------------ the network and its risk (exact)

    /// <summary>h̃_{s₊,s₋}(z) = s₊z for z ≥ 0, s₋z for z &lt; 0 (paper eq. (3)).</summary>
    public static Rational Activation(Rational z, Rational sPlus, Rational sMinus) => z.Sign >= 0 ? sPlus * z : sMinus * z;

    /// <summary>Hidden pre-activation (W₁xᵢ + b₁)_k.</summary>
    public static Rational PreActivation(LeakyReluNetwork net, int k, Rational[] x)
    {
        var z = net.B1[k];
        for (int a = 0; a < x.Length; a++) z += net.W1[k][a] * x[a];
        return z;
    }

    /// <summary>ŷ(x) = W₂ h̃(W₁x + b₁) + b₂.</summary>
    public static Rational Output(LeakyReluNetwork net, Rational[] x, Rational sPlus, Rational sMinus)
    {
        var y = net.B2;
        for (int k = 0; k < net.HiddenWidth; k++) y += net.W2[k] * Activation(PreActivation(net, k, x), sPlus, sMinus);
        return y;
    }

    /// <summary>ℓ = ½ Σᵢ (ŷ(xᵢ) − yᵢ)², exact [yun.thm6.risk].</summary>
    public static Rational EmpiricalRisk(LeakyReluNetwork net, Rational[][] inputs, Rational[] targets, Rational sPlus, Rational sMinus)
    {
        var s = Rational.Zero;
        for (int i = 0; i < inputs.Length; i++)
        {
            var r = Output(net, inputs[i], sPlus, sMinus) - targets[i];
            s += r * r;
        }
        return s / 2;
    }

    /// <summary>X̃ = [X; 1ᵀ] ∈ ℚ^{(d_x+1)×m}.</summary>
    public static RationalMatrix AugmentedInputs(Rational[][] inputs) =>
        RationalMatrix.FromRows(inputs.Select(x => x.Append(Rational.One).ToArray()).ToList()).Transpose();

    // ------------------------------------------------------------------ parsing

    public static YunLeakyReluMinimum Parse(JsonElement root)
    {
        Json.Object(root, "$", "$schema", "format", "claim", "point", "bounds", "provenance");
        var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim", "kind", "statement", "model");
        var (sPlus, sMinus, dx, d1, m, inputs, targets) = LeakyReluNetwork.ReadModel(claim, MaxInputDimension, MaxHiddenWidth, MaxSamples);

        var point = LeakyReluNetwork.Read(Json.Required(root, "point", "$"), "$.point", d1, dx);
        const string bp = "$.bounds";
        var bounds = Json.Object(Json.Required(root, "bounds", "$"), bp,
            "leastSquaresWeights", "leastSquaresBias", "alpha", "eta", "risk", "betterPoint", "betterRisk");
        Rational B(string name) => Json.Number(Json.Required(bounds, name, bp), $"{bp}.{name}");

        var provenance = Json.Provenance(root);
        return new YunLeakyReluMinimum
        {
            SlopePositive = sPlus, SlopeNegative = sMinus, Inputs = inputs, Targets = targets, Point = point,
            LeastSquaresWeights = Json.Vector(Json.Required(bounds, "leastSquaresWeights", bp), $"{bp}.leastSquaresWeights", dx),
            LeastSquaresBias = B("leastSquaresBias"), Alpha = B("alpha"), Eta = B("eta"), Risk = B("risk"),
            BetterPoint = LeakyReluNetwork.Read(Json.Required(bounds, "betterPoint", bp), $"{bp}.betterPoint", d1, dx),
            BetterRisk = B("betterRisk"), Provenance = provenance,
        };
    }

    // ------------------------------------------------------------------ checking (trusted)

    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks) Check()
    {
        var checks = new List<BoundCheck>();
        var sp = SlopePositive;
        var sm = SlopeNegative;
        int m = Samples, dx = InputDimension, d1 = HiddenWidth;

        // C6.3: h = h̃_{s₊,s₋} with s₊ > 0, s₋ ≥ 0, s₊ ≠ s₋.
        checks.Add(BoundCheck.Exact("C6.3: s₊ > 0", "yun.thm6.conditions", "0 < s₊", Rational.Zero, sp, strict: true));
        checks.Add(BoundCheck.Exact("C6.3: s₋ ≥ 0", "yun.thm6.conditions", "0 ≤ s₋", Rational.Zero, sm, strict: false));
        checks.Add(BoundCheck.Condition("C6.3: s₊ ≠ s₋", "yun.thm6.conditions", "s₊ ≠ s₋",
            sp != sm ? null : $"s₊ = s₋ = {sm} (the activation is linear)"));
        // C6.4: d₁ ≥ 2.
        checks.Add(BoundCheck.Condition("C6.4: hidden width d₁ ≥ 2", "yun.thm6.conditions", "d₁ ≥ 2", d1 >= 2 ? null : $"d₁ = {d1}"));
        // C6.2: the xᵢ are pairwise distinct.
        checks.Add(BoundCheck.Condition("C6.2: data points distinct", "yun.thm6.conditions", "xᵢ ≠ xⱼ for i ≠ j", DuplicateFailure()));

        // W̄ minimises ℓ₀: the normal equations (W̄X̃ − Y)X̃ᵀ = 0 hold exactly (paper eq. (4)).
        var xt = AugmentedInputs(Inputs);
        var wBar = RationalMatrix.Row(LeastSquaresWeights.Append(LeastSquaresBias).ToArray());
        var yBarRow = wBar * xt;                                     // Ȳ = W̄X̃
        var yBar = yBarRow.GetRow(0);
        var residual = yBarRow - RationalMatrix.Row(Targets);        // Ȳ − Y
        var gradient = residual * xt.Transpose();                    // ∇ℓ₀(W̄)
        checks.Add(BoundCheck.Condition("W̄ solves the normal equations (Ȳ − Y)X̃ᵀ = 0", "yun.thm6.least-squares",
            "∇ℓ₀(W̄) = 0", gradient.IsZero() ? null : $"∇ℓ₀(W̄) = {Describe(gradient.GetRow(0))}"));
        var leastSquaresRisk = residual.FrobeniusNormSquared() / 2;  // ℓ₀(W̄) = min ℓ₀
        // C6.1: no linear model fits Y, i.e. min ℓ₀ > 0.
        checks.Add(BoundCheck.Exact("C6.1: least-squares risk ℓ₀(W̄) > 0 (no linear model fits Y)", "yun.thm6.conditions",
            "0 < ℓ₀(W̄)", Rational.Zero, leastSquaresRisk, strict: true));

        // The point is the paper's construction with the stated α and η.
        checks.Add(BoundCheck.Exact("α > 0", "yun.thm6.construction", "0 < α", Rational.Zero, Alpha, strict: true));
        var etaDerived = Rational.Min(-1, 2 * yBar.Min());
        checks.Add(BoundCheck.Exact("η = min{−1, 2 minᵢ ȳᵢ}", "yun.thm6.construction", "η = derived", Eta, etaDerived, strict: false));
        checks[^1] = checks[^1] with { Holds = Eta == etaDerived };
        checks.Add(BoundCheck.Condition("point = (Ŵ₁, b̂₁, Ŵ₂, b̂₂)(α, η) of the construction", "yun.thm6.construction",
            "every entry as in Step 1", sp.Sign > 0 && Alpha.Sign > 0 ? ConstructionFailure(sp) : "needs s₊ > 0 and α > 0"));

        // Sign pattern: every hidden pre-activation strictly positive on every data point.
        string? signFailure = null;
        for (int i = 0; i < m && signFailure is null; i++)
            for (int k = 0; k < d1 && signFailure is null; k++)
            {
                var z = PreActivation(Point, k, Inputs[i]);
                if (z.Sign <= 0) signFailure = $"(W₁x_{i} + b₁)_{k} = {BoundCheck.Show(z, RoundingMode.Nearest)} ≤ 0 (data point {i}, hidden unit {k})";
            }
        checks.Add(BoundCheck.Condition("W₁xᵢ + b₁ > 0 for every data point i and hidden unit (fixed activation pattern)",
            "yun.thm6.local-min", "all m·d₁ pre-activations > 0", signFailure));

        // The risk at the point, evaluated with the leaky-ReLU network, equals the least-squares risk.
        var risk = EmpiricalRisk(Point, Inputs, Targets, sp, sm);
        checks.Add(Equal("ℓ(point) = claimed risk", "yun.thm6.risk", Risk, risk));
        checks.Add(Equal("ℓ(point) = ℓ₀(W̄) (least-squares risk)", "yun.thm6.risk", leastSquaresRisk, risk));

        // Not global: an explicit point of strictly smaller risk.
        var better = EmpiricalRisk(BetterPoint, Inputs, Targets, sp, sm);
        checks.Add(Equal("ℓ(better point) = claimed betterRisk", "yun.thm6.not-global", BetterRisk, better));
        checks.Add(BoundCheck.Exact("ℓ(better point) < ℓ(point) (not a global minimum)", "yun.thm6.not-global",
            "ℓ(better) < ℓ(point)", better, risk, strict: true));

        return (checks.All(c => c.Holds) ? Verdict.Verified : Verdict.Invalid, checks);
    }

    private static BoundCheck Equal(string name, string label, Rational claimed, Rational derived) =>
        BoundCheck.Exact(name, label, "claimed = derived", claimed, derived, strict: false) with { Holds = claimed == derived };

    private string? DuplicateFailure()
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Inputs.Length; i++)
        {
            var key = string.Join(",", Inputs[i].Select(x => x.ToExactString()));
            if (seen.TryGetValue(key, out int j)) return $"x_{j} = x_{i}";
            seen[key] = i;
        }
        return null;
    }

    /// <summary>Null when the point is exactly Ŵ₁ = α[W̄_{[d_x]}; 0], b̂₁ = α[W̄_{d_x+1} − η; −η𝟏], Ŵ₂ = [1/(αs₊), 0ᵀ], b̂₂ = η.</summary>
    private string? ConstructionFailure(Rational sp)
    {
        var expected = Construct(LeastSquaresWeights, LeastSquaresBias, sp, HiddenWidth, Alpha, Eta);
        for (int k = 0; k < HiddenWidth; k++)
        {
            for (int a = 0; a < InputDimension; a++)
                if (Point.W1[k][a] != expected.W1[k][a]) return $"W1[{k}][{a}] = {Point.W1[k][a]}, construction gives {expected.W1[k][a]}";
            if (Point.B1[k] != expected.B1[k]) return $"b1[{k}] = {Point.B1[k]}, construction gives {expected.B1[k]}";
            if (Point.W2[k] != expected.W2[k]) return $"W2[{k}] = {Point.W2[k]}, construction gives {expected.W2[k]}";
        }
        return Point.B2 == expected.B2 ? null : $"b2 = {Point.B2}, construction gives {expected.B2}";
    }

    private static string Describe(Rational[] v) => "(" + string.Join(", ", v.Select(x => BoundCheck.Show(x, RoundingMode.Nearest))) + ")";

    // ------------------------------------------------------------------ the construction (shared by checker and producer)

    /// <summary>Step 1 of the proof [yun.thm6.construction]: the local minimum built from W̄ with constants α &gt; 0, η.</summary>
    public static LeakyReluNetwork Construct(Rational[] wBarWeights, Rational wBarBias, Rational sPlus, int d1, Rational alpha, Rational eta)
    {
        int dx = wBarWeights.Length;
        var w1 = new Rational[d1][];
        var b1 = new Rational[d1];
        var w2 = new Rational[d1];
        for (int k = 0; k < d1; k++)
        {
            w1[k] = k == 0 ? wBarWeights.Select(x => alpha * x).ToArray() : Enumerable.Repeat(Rational.Zero, dx).ToArray();
            b1[k] = k == 0 ? alpha * (wBarBias - eta) : -alpha * eta;
            w2[k] = k == 0 ? Rational.One / (alpha * sPlus) : Rational.Zero;
        }
        return new LeakyReluNetwork(w1, b1, w2, eta);
    }

    // ------------------------------------------------------------------ building (untrusted producer side)

    /// <summary>
    /// The better point's shape (Step 2, both cases): W̃₁ = [W̄ − αvᵀ; −(W̄ − αvᵀ); 0], b̃₁ = [b̄ − β + γ; −b̄ + β + γ; 0],
    /// W̃₂ = [1, −1, 0]/(s₊ + s₋), b̃₂ = β, with <paramref name="shift"/> = αv (zero in Case 1). Producer side.
    /// </summary>
    private static LeakyReluNetwork TwoUnitNetwork(Rational[] weights, Rational bias, Rational[] shift, Rational beta, Rational gamma,
                                                   Rational sPlus, Rational sMinus, int hiddenWidth)
    {
        int dx = weights.Length;
        var tilted = weights.Select((x, a) => x - shift[a]).ToArray();
        var bw1 = new Rational[hiddenWidth][];
        var bb1 = new Rational[hiddenWidth];
        var bw2 = new Rational[hiddenWidth];
        for (int k = 0; k < hiddenWidth; k++)
        {
            bw1[k] = k switch { 0 => tilted.ToArray(), 1 => tilted.Select(x => -x).ToArray(), _ => Enumerable.Repeat(Rational.Zero, dx).ToArray() };
            bb1[k] = k switch { 0 => bias - beta + gamma, 1 => -bias + beta + gamma, _ => Rational.Zero };
            bw2[k] = k switch { 0 => Rational.One / (sPlus + sMinus), 1 => -Rational.One / (sPlus + sMinus), _ => Rational.Zero };
        }
        return new LeakyReluNetwork(bw1, bb1, bw2, beta);
    }

    /// <summary>
    /// Step 2 Case 2 (J = ∅: ties among the fitted values; Appendix A6), producer side [yun.thm6.case2]. Follows the
    /// paper with two changes that keep everything rational: j₁ maximizes ‖x_j‖² and v = g·x_{j₁}/max_i‖x_i‖² (so
    /// |vᵀxᵢ| ≤ g as in the paper's v = g·x_{j₁}/(M‖x_{j₁}‖)); and instead of "α small enough" the producer halves
    /// α ∈ (0, 1] until ℓ(θ̃) &lt; ℓ(θ̂) holds exactly (the paper's expansion shows this happens). The checker never
    /// relies on any of it: it re-evaluates ℓ(θ̃) exactly.
    /// </summary>
    private static (LeakyReluNetwork Better, string Construction) CaseTwo(Rational[][] inputs, Rational[] targets, Rational[] yBar,
        Rational[] weights, Rational bias, Rational sPlus, Rational sMinus, int hiddenWidth)
    {
        int m = inputs.Length;
        Rational Dot(Rational[] a, Rational[] b) => a.Select((x, i) => x * b[i]).Aggregate(Rational.Zero, (acc, t) => acc + t);
        // ȳ* = the smallest fitted value shared by two data points with some ȳᵢ ≠ yᵢ among them (Lemma A.1.4).
        var candidates = Enumerable.Range(0, m)
            .Where(j => yBar[j] != targets[j] && Enumerable.Range(0, m).Any(i => i != j && yBar[i] == yBar[j]))
            .Select(j => yBar[j]).ToList();
        if (candidates.Count == 0) throw new InvalidOperationException("Step 2 Case 2: no tied fitted value with a residual (Lemma A.1.4 fails: is C6.1 violated?)");
        var yStar = candidates.Min();
        var jStar = Enumerable.Range(0, m).Where(j => yBar[j] == yStar).ToArray();
        var jNeq = jStar.Where(j => yBar[j] != targets[j]).ToArray();
        int j1 = jNeq.OrderByDescending(j => Dot(inputs[j], inputs[j])).ThenBy(j => j).First();
        var norm1 = Dot(inputs[j1], inputs[j1]);
        var below = jStar.Where(j => Dot(inputs[j], inputs[j1]) < norm1).ToArray();   // J*_<
        if (below.Length == 0) throw new InvalidOperationException("Step 2 Case 2: J*_< is empty (two tied data points with equal inputs?)");
        int j2 = below.OrderByDescending(j => Dot(inputs[j], inputs[j1])).ThenBy(j => j).First();
        var distinct = yBar.Distinct().Order().ToArray();
        var g = distinct.Length < 2 ? Rational.One : Enumerable.Range(0, distinct.Length - 1).Select(i => distinct[i + 1] - distinct[i]).Min() / 4;
        var maxNormSquared = inputs.Select(x => Dot(x, x)).Max();
        if (maxNormSquared.IsZero) throw new InvalidOperationException("Step 2 Case 2: every input is zero");
        var v = inputs[j1].Select(x => g * x / maxNormSquared).ToArray();
        var residualSign = (yBar[j1] - targets[j1]).Sign * (sPlus - sMinus).Sign;
        var risk = Enumerable.Range(0, m).Aggregate(Rational.Zero, (acc, i) => acc + (yBar[i] - targets[i]) * (yBar[i] - targets[i]) / 2);
        Rational alpha = Rational.One;
        for (int halvings = 0; halvings < 200; halvings++, alpha /= 2)
        {
            var shift = v.Select(x => alpha * x).ToArray();
            var beta = yStar - Dot(shift, inputs[j1].Select((x, a) => x + inputs[j2][a]).ToArray()) / 2;
            var gamma = residualSign * Dot(shift, inputs[j1].Select((x, a) => x - inputs[j2][a]).ToArray()) / 4;
            var candidate = TwoUnitNetwork(weights, bias, shift, beta, gamma, sPlus, sMinus, hiddenWidth);
            if (EmpiricalRisk(candidate, inputs, targets, sPlus, sMinus) < risk)
                return (candidate, $"Step 2 Case 2 (Appendix A6) with j1 = {j1 + 1}, j2 = {j2 + 1} (1-based, data order), " +
                                   $"alpha (A6) = {alpha.ToCanonicalString()}, beta = {beta.ToCanonicalString()}, gamma = {gamma.ToCanonicalString()}");
        }
        throw new InvalidOperationException("Step 2 Case 2: no α = 2^-i, i < 200, gave a smaller risk");
    }

    /// <summary>
    /// Producer side (never called by <see cref="Check"/>; whatever it builds is re-checked): the least-squares solution
    /// W̄ by exact normal equations, the Step 1 point with α and η = min{−1, 2 minᵢ ȳᵢ}, and the Step 2 Case 1 better
    /// point [yun.thm6.better-point], or Case 2 when the set J of the proof is empty [yun.thm6.case2]. Throws when C6.1
    /// fails (Y is fitted exactly).
    /// </summary>
    public static YunLeakyReluMinimum Build(Rational[][] inputs, Rational[] targets, Rational sPlus, Rational sMinus, int hiddenWidth,
                                            Rational alpha, IReadOnlyDictionary<string, string> provenance)
    {
        int m = inputs.Length, dx = inputs[0].Length;
        var xt = AugmentedInputs(inputs);
        var w = RationalMatrix.LeastSquares(xt.Transpose(), RationalMatrix.Column(targets)).GetColumn(0);  // W̄ᵀ
        var weights = w[..dx];
        var bias = w[dx];
        var yBar = (RationalMatrix.Row(w) * xt).GetRow(0);
        var eta = Rational.Min(-1, 2 * yBar.Min());
        var point = Construct(weights, bias, sPlus, hiddenWidth, alpha, eta);
        var risk = EmpiricalRisk(point, inputs, targets, sPlus, sMinus);
        if (risk.IsZero) throw new InvalidOperationException("C6.1 fails: a linear model fits the data exactly");

        // Step 2 Case 1: sort by ȳ; J = { j : Σ_{i ≤ j}(ȳᵢ − yᵢ) ≠ 0 and ȳ_j < ȳ_{j+1} } (1-based j ∈ [m − 1]).
        var order = Enumerable.Range(0, m).OrderBy(i => yBar[i]).ThenBy(i => i).ToArray();
        var c = (sPlus - sMinus) / (sPlus + sMinus);
        Rational partial = Rational.Zero, bestS = Rational.Zero;
        int bestJ = -1;
        for (int j = 0; j < m - 1; j++)
        {
            partial += yBar[order[j]] - targets[order[j]];
            if (!partial.IsZero && yBar[order[j]] < yBar[order[j + 1]] && Rational.Abs(partial) > Rational.Abs(bestS))
            {
                bestS = partial;
                bestJ = j;
            }
        }
        LeakyReluNetwork better;
        string construction;
        if (bestJ >= 0)
        {
            var lo = yBar[order[bestJ]];
            var hi = yBar[order[bestJ + 1]];
            var beta = (lo + hi) / 2;
            // |γ| ≤ (ȳ_{j0+1} − ȳ_{j0})/4 keeps the signs; |γ| ≤ 2|S|/(m|c|) makes the decrease 2|c||γ||S| − ½m c²γ² ≥ |c||γ||S| > 0.
            var magnitude = Rational.Min((hi - lo) / 4, 2 * Rational.Abs(bestS) / (m * Rational.Abs(c)));
            var gamma = (bestS.Sign * c.Sign) > 0 ? magnitude : -magnitude;
            better = TwoUnitNetwork(weights, bias, Enumerable.Repeat(Rational.Zero, dx).ToArray(), beta, gamma, sPlus, sMinus, hiddenWidth);
            construction = $"Step 2 Case 1 with j0 = {bestJ + 1} (1-based, data sorted by ȳ), beta = {beta.ToCanonicalString()}, gamma = {gamma.ToCanonicalString()}";
        }
        else
        {
            (better, construction) = CaseTwo(inputs, targets, yBar, weights, bias, sPlus, sMinus, hiddenWidth);
        }
        var prov = new Dictionary<string, string>(provenance)
        {
            ["construction"] = $"Step 1 with alpha = {alpha.ToCanonicalString()}; {construction}",
        };
        return new YunLeakyReluMinimum
        {
            SlopePositive = sPlus, SlopeNegative = sMinus, Inputs = inputs, Targets = targets, Point = point,
            LeastSquaresWeights = weights, LeastSquaresBias = bias, Alpha = alpha, Eta = eta, Risk = risk,
            BetterPoint = better, BetterRisk = EmpiricalRisk(better, inputs, targets, sPlus, sMinus), Provenance = prov,
        };
    }

    // ------------------------------------------------------------------ writing (canonical)

    public string ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        CanonicalJson.WriteClaimHeader(w, KindName);
        w.WriteString("statement",
            "For the one-hidden-layer network x ↦ W2·h(W1·x + b1) + b2 with h(z) = slopePositive·z (z ≥ 0), slopeNegative·z " +
            "(z < 0), and the squared-error risk ℓ = ½Σᵢ(ŷ(xᵢ) − yᵢ)² on the given data, the point is a local minimum of ℓ whose " +
            "value equals the linear least-squares risk min_R ½‖R[X; 1ᵀ] − Y‖² > 0, and it is not a global minimum: " +
            "ℓ(betterPoint) < ℓ(point) (Yun–Sra–Jadbabaie 2019, Theorem 6).");
        LeakyReluNetwork.WriteModel(w, SlopePositive, SlopeNegative, InputDimension, HiddenWidth, Inputs, Targets);
        w.WriteEndObject();
        Point.Write(w, "point");
        w.WriteStartObject("bounds");
        CanonicalJson.WriteVector(w, "leastSquaresWeights", LeastSquaresWeights);
        w.WriteString("leastSquaresBias", LeastSquaresBias.ToCanonicalString());
        w.WriteString("alpha", Alpha.ToCanonicalString());
        w.WriteString("eta", Eta.ToCanonicalString());
        w.WriteString("risk", Risk.ToCanonicalString());
        BetterPoint.Write(w, "betterPoint");
        w.WriteString("betterRisk", BetterRisk.ToCanonicalString());
        w.WriteEndObject();
        CanonicalJson.WriteProvenance(w, Provenance);
    });
}
