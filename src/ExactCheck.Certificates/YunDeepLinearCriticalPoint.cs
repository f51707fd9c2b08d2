using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates;

/// <summary>
/// A straight line t ↦ Ŵ + tD through a point of a deep linear network, with the claimed lowest-order nonzero
/// coefficient of ℓ(Ŵ + tD) − ℓ(Ŵ) (order k, coefficient c_k) and a witness step t_w with its exact risk.
/// </summary>
public sealed record DeepLinearDirection(RationalMatrix[] D, int Order, Rational Leading, Rational WitnessStep, Rational WitnessRisk);

/// <summary>
/// Claim kind "yun-sra-jadbabaie/deep-linear-critical-point" (Yun–Sra–Jadbabaie 2019, Theorem 1 / Corollary 2): for the
/// deep linear network Ŷ = W_{H+1}⋯W₁X with hidden widths dᵢ ≥ min(d_x, d_y) and the squared loss
/// ℓ(W) = ℓ₀(W_{H+1:1}) = ½‖W_{H+1:1}X − Y‖_F², the stated rational point is a critical point of ℓ and either
/// (type "global-minimum") ∇ℓ₀(Ŵ_{H+1:1}) = 0 and ℓ(Ŵ) equals the least-squares optimum min_R ℓ₀(R), or (type "saddle")
/// ∇ℓ₀(Ŵ_{H+1:1}) ≠ 0 and the point is neither a local minimum nor a local maximum, witnessed by two explicit rational
/// lines along which ℓ decreases / increases arbitrarily close to the point. Everything is exact rational arithmetic.
/// Format: docs/certificate-format.md. Derivations: proofs/yun-sra-jadbabaie/theorem1.md.
/// </summary>
public sealed partial class YunDeepLinearCriticalPoint
{
    public const string KindName = "yun-sra-jadbabaie/deep-linear-critical-point";
    public const string GlobalMinimumType = "global-minimum";
    public const string SaddleType = "saddle";
    public const int MaxDimension = 32;      // d_x, d_y and every hidden width
    public const int MaxHiddenLayers = 8;    // H
    public const int MaxSamples = 10_000;    // m

    public required string Type { get; init; }
    public required Rational[][] Inputs { get; init; }      // m points xᵢ ∈ ℚ^{d_x} (the columns of X)
    public required Rational[][] Targets { get; init; }     // m points yᵢ ∈ ℚ^{d_y} (the columns of Y)
    public required int[] HiddenWidths { get; init; }       // d₁ … d_H
    public required RationalMatrix[] Weights { get; init; } // Ŵ₁ … Ŵ_{H+1}, Ŵᵢ ∈ ℚ^{dᵢ×dᵢ₋₁}

    public required Rational Risk { get; init; }                       // ℓ(Ŵ)
    public required RationalMatrix LeastSquaresSolution { get; init; } // R* ∈ ℚ^{d_y×d_x}, (R*X − Y)Xᵀ = 0
    public required Rational LeastSquaresRisk { get; init; }           // ℓ₀(R*) = min ℓ₀
    public int? Part3Index { get; init; }                              // global minimum: j of Theorem 1 Part 3 (optional)
    public DeepLinearDirection? Descent { get; init; }                 // saddle: not a local minimum
    public DeepLinearDirection? Ascent { get; init; }                  // saddle: not a local maximum

    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    public int InputDimension => Inputs[0].Length;
    public int OutputDimension => Targets[0].Length;
    public int Samples => Inputs.Length;
    public int HiddenLayers => HiddenWidths.Length;

    /// <summary>d₀ = d_x, d₁ … d_H, d_{H+1} = d_y.</summary>
    public int[] Widths => [InputDimension, .. HiddenWidths, OutputDimension];

    // ------------------------------------------------------------------ the model (exact)

    /// <summary>X ∈ ℚ^{d_x×m}: the inputs as columns.</summary>
    public static RationalMatrix DataMatrix(Rational[][] points) => RationalMatrix.FromRows(points).Transpose();

    /// <summary>Ŵ_{i:j} = Ŵᵢ⋯Ŵⱼ (1-based, i ≥ j − 1); the identity of size d_{j−1} when i = j − 1.</summary>
    public static RationalMatrix Product(RationalMatrix[] w, int i, int j, int[] widths)
    {
        var p = RationalMatrix.Identity(widths[j - 1]);
        for (int k = j; k <= i; k++) p = w[k - 1] * p;
        return p;
    }

    /// <summary>ℓ₀(R) = ½‖RX − Y‖_F² [yun.thm1.setting].</summary>
    public static Rational LinearRisk(RationalMatrix r, RationalMatrix x, RationalMatrix y) => (r * x - y).FrobeniusNormSquared() / 2;

    /// <summary>∇ℓ₀(R) = (RX − Y)Xᵀ [yun.thm1.gradient].</summary>
    public static RationalMatrix LinearGradient(RationalMatrix r, RationalMatrix x, RationalMatrix y) => (r * x - y) * x.Transpose();

    /// <summary>∂ℓ/∂Wᵢ = (Ŵ_{H+1:i+1})ᵀ ∇ℓ₀(Ŵ_{H+1:1}) (Ŵ_{i−1:1})ᵀ, i = 1 … H+1 [yun.thm1.gradient].</summary>
    public static RationalMatrix[] Gradient(RationalMatrix[] w, RationalMatrix x, RationalMatrix y, int[] widths)
    {
        int n = w.Length;
        var g = LinearGradient(Product(w, n, 1, widths), x, y);
        return Enumerable.Range(1, n).Select(i => Product(w, n, i + 1, widths).Transpose() * g * Product(w, i - 1, 1, widths).Transpose()).ToArray();
    }

    /// <summary>
    /// Coefficients c₀ … c_{2(H+1)} of the polynomial φ(t) = ℓ(Ŵ + tD) [yun.thm1.line-expansion]: the product
    /// Π(Ŵᵢ + tDᵢ) = Σ_j P_j t^j, E₀ = P₀X − Y, E_j = P_jX (j ≥ 1), c_s = ½ Σ_{a+b=s} ⟨E_a, E_b⟩.
    /// </summary>
    public static Rational[] LineRiskPolynomial(RationalMatrix[] w, RationalMatrix[] d, RationalMatrix x, RationalMatrix y)
    {
        var p = new List<RationalMatrix> { w[0], d[0] };
        for (int i = 1; i < w.Length; i++)
        {
            var next = new List<RationalMatrix>();
            for (int j = 0; j <= p.Count; j++)
            {
                RationalMatrix? term = j < p.Count ? w[i] * p[j] : null;
                if (j >= 1) term = term is null ? d[i] * p[j - 1] : term + d[i] * p[j - 1];
                next.Add(term!);
            }
            p = next;
        }
        var e = p.Select((pj, j) => j == 0 ? pj * x - y : pj * x).ToArray();
        var c = new Rational[2 * e.Length - 1];
        for (int s = 0; s < c.Length; s++) c[s] = Rational.Zero;
        for (int a = 0; a < e.Length; a++)
            for (int b = 0; b < e.Length; b++)
                c[a + b] += Inner(e[a], e[b]);
        return c.Select(v => v / 2).ToArray();
    }

    /// <summary>⟨A, B⟩ = Σ A_{ij}B_{ij}, exact.</summary>
    public static Rational Inner(RationalMatrix a, RationalMatrix b)
    {
        var s = Rational.Zero;
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Cols; j++)
                s += a[i, j] * b[i, j];
        return s;
    }

    /// <summary>The point Ŵ + tD.</summary>
    public static RationalMatrix[] Move(RationalMatrix[] w, RationalMatrix[] d, Rational t) => w.Select((wi, i) => wi + t * d[i]).ToArray();

    // ------------------------------------------------------------------ parsing

    public static YunDeepLinearCriticalPoint Parse(JsonElement root)
    {
        Json.Object(root, "$", "$schema", "format", "claim", "point", "bounds", "provenance");
        var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim", "kind", "statement", "type", "model");
        var type = Json.String(Json.Required(claim, "type", "$.claim"), "$.claim.type");
        if (type != GlobalMinimumType && type != SaddleType)
            throw new MalformedException("$.claim.type", $"expected \"{GlobalMinimumType}\" or \"{SaddleType}\", found \"{type}\"");
        const string mp = "$.claim.model";
        var model = Json.Object(Json.Required(claim, "model", "$.claim"), mp,
            "network", "loss", "inputDimension", "outputDimension", "hiddenWidths", "samples", "inputs", "targets");
        var network = Json.String(Json.Required(model, "network", mp), $"{mp}.network");
        if (network != "deep-linear") throw new MalformedException($"{mp}.network", $"expected \"deep-linear\", found \"{network}\"");
        var loss = Json.String(Json.Required(model, "loss", mp), $"{mp}.loss");
        if (loss != "squared") throw new MalformedException($"{mp}.loss", $"expected \"squared\", found \"{loss}\"");
        int dx = Json.Integer(Json.Required(model, "inputDimension", mp), $"{mp}.inputDimension", 1, MaxDimension);
        int dy = Json.Integer(Json.Required(model, "outputDimension", mp), $"{mp}.outputDimension", 1, MaxDimension);
        var hw = Json.Required(model, "hiddenWidths", mp);
        if (hw.ValueKind != JsonValueKind.Array || hw.GetArrayLength() < 1 || hw.GetArrayLength() > MaxHiddenLayers)
            throw new MalformedException($"{mp}.hiddenWidths", $"expected an array of 1..{MaxHiddenLayers} hidden widths");
        var widths = hw.EnumerateArray().Select((e, i) => Json.Integer(e, $"{mp}.hiddenWidths[{i}]", 1, MaxDimension)).ToArray();
        int m = Json.Integer(Json.Required(model, "samples", mp), $"{mp}.samples", 1, MaxSamples);
        var inputs = Json.Vectors(Json.Required(model, "inputs", mp), $"{mp}.inputs", m, dx, ExactInput.Number);
        var targets = Json.Vectors(Json.Required(model, "targets", mp), $"{mp}.targets", m, dy, ExactInput.Number);
        int[] all = [dx, .. widths, dy];

        var point = Json.Object(Json.Required(root, "point", "$"), "$.point", "weights");
        var weights = ReadWeights(Json.Required(point, "weights", "$.point"), "$.point.weights", all);

        const string bp = "$.bounds";
        var bounds = type == GlobalMinimumType
            ? Json.Object(Json.Required(root, "bounds", "$"), bp, "risk", "leastSquaresSolution", "leastSquaresRisk", "part3Index")
            : Json.Object(Json.Required(root, "bounds", "$"), bp, "risk", "leastSquaresSolution", "leastSquaresRisk", "descent", "ascent");
        int? part3 = type == GlobalMinimumType && Json.Optional(bounds, "part3Index") is { } p3
            ? Json.Integer(p3, $"{bp}.part3Index", 1, widths.Length + 1) : null;
        DeepLinearDirection? descent = null, ascent = null;
        if (type == SaddleType)
        {
            descent = ReadDirection(Json.Required(bounds, "descent", bp), $"{bp}.descent", all);
            ascent = ReadDirection(Json.Required(bounds, "ascent", bp), $"{bp}.ascent", all);
        }
        var provenance = Json.Provenance(root);
        return new YunDeepLinearCriticalPoint
        {
            Type = type, Inputs = inputs, Targets = targets, HiddenWidths = widths, Weights = weights,
            Risk = Json.Number(Json.Required(bounds, "risk", bp), $"{bp}.risk"),
            LeastSquaresSolution = RationalMatrix.FromRows(Json.Vectors(Json.Required(bounds, "leastSquaresSolution", bp), $"{bp}.leastSquaresSolution", dy, dx, ExactInput.Number)),
            LeastSquaresRisk = Json.Number(Json.Required(bounds, "leastSquaresRisk", bp), $"{bp}.leastSquaresRisk"),
            Part3Index = part3, Descent = descent, Ascent = ascent, Provenance = provenance,
        };
    }

    private static RationalMatrix[] ReadWeights(JsonElement e, string path, int[] all)
    {
        Json.Array(e, path, all.Length - 1);
        return e.EnumerateArray().Select((wi, i) => RationalMatrix.FromRows(Json.Vectors(wi, $"{path}[{i}]", all[i + 1], all[i], ExactInput.Number))).ToArray();
    }

    private static DeepLinearDirection ReadDirection(JsonElement e, string path, int[] all)
    {
        Json.Object(e, path, "direction", "order", "leadingCoefficient", "witnessStep", "witnessRisk");
        return new DeepLinearDirection(
            ReadWeights(Json.Required(e, "direction", path), $"{path}.direction", all),
            Json.Integer(Json.Required(e, "order", path), $"{path}.order", 1, 2 * all.Length),
            Json.Number(Json.Required(e, "leadingCoefficient", path), $"{path}.leadingCoefficient"),
            ExactInput.Number(Json.Required(e, "witnessStep", path), $"{path}.witnessStep"),
            Json.Number(Json.Required(e, "witnessRisk", path), $"{path}.witnessRisk"));
    }

    // ------------------------------------------------------------------ checking (trusted)

    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks) Check()
    {
        var checks = new List<BoundCheck>();
        var all = Widths;
        int n = Weights.Length;
        var x = DataMatrix(Inputs);
        var y = DataMatrix(Targets);

        // Theorem 1's hypothesis: every hidden width dᵢ ≥ min(d_x, d_y).
        int minWidth = Math.Min(InputDimension, OutputDimension);
        var narrow = HiddenWidths.Select((d, i) => (d, i)).Where(p => p.d < minWidth).Select(p => $"d_{p.i + 1} = {p.d}").ToList();
        checks.Add(BoundCheck.Condition($"Theorem 1 hypothesis: every hidden width ≥ min(d_x, d_y) = {minWidth}", "yun.thm1.setting",
            "dᵢ ≥ min(d_x, d_y), i = 1..H", narrow.Count == 0 ? null : string.Join(", ", narrow) + $" < {minWidth}"));

        // Critical point: every ∂ℓ/∂Wᵢ vanishes exactly.
        var grad = Gradient(Weights, x, y, all);
        var nonzero = grad.Select((g, i) => (g, i)).Where(p => !p.g.IsZero()).Select(p => $"∂ℓ/∂W_{p.i + 1} ≠ 0 (‖·‖_F² = {Show(p.g.FrobeniusNormSquared())})").ToList();
        checks.Add(BoundCheck.Condition("critical point: ∂ℓ/∂Wᵢ = (Ŵ_{H+1:i+1})ᵀ∇ℓ₀(Ŵ_{H+1:1})(Ŵ_{i−1:1})ᵀ = 0 for every i", "yun.thm1.gradient",
            "∇ℓ(Ŵ) = 0", nonzero.Count == 0 ? null : string.Join("; ", nonzero)));

        var product = Product(Weights, n, 1, all);
        var risk = LinearRisk(product, x, y);
        checks.Add(Equal("ℓ(Ŵ) = ½‖Ŵ_{H+1:1}X − Y‖² = claimed risk", "yun.thm1.setting", Risk, risk));

        // The least-squares optimum of the linear model, exactly: R* solves the normal equations.
        var lsGradient = LinearGradient(LeastSquaresSolution, x, y);
        checks.Add(BoundCheck.Condition("R* solves the normal equations (R*X − Y)Xᵀ = 0", "yun.cor2.least-squares", "∇ℓ₀(R*) = 0",
            lsGradient.IsZero() ? null : $"‖∇ℓ₀(R*)‖_F² = {Show(lsGradient.FrobeniusNormSquared())}"));
        var lsRisk = LinearRisk(LeastSquaresSolution, x, y);
        checks.Add(Equal("ℓ₀(R*) = claimed least-squares risk (= min_R ℓ₀(R))", "yun.cor2.least-squares", LeastSquaresRisk, lsRisk));

        var g0 = LinearGradient(product, x, y);
        if (Type == GlobalMinimumType)
        {
            checks.Add(BoundCheck.Condition("∇ℓ₀(Ŵ_{H+1:1}) = 0 (Corollary 2: global minimum)", "yun.cor2.global-min", "∇ℓ₀(Ŵ_{H+1:1}) = 0",
                g0.IsZero() ? null : $"‖∇ℓ₀(Ŵ_{{H+1:1}})‖_F² = {Show(g0.FrobeniusNormSquared())} > 0"));
            checks.Add(Equal("ℓ(Ŵ) = least-squares optimum min_R ℓ₀(R)", "yun.cor2.global-min", lsRisk, risk));
            if (Part3Index is int j) checks.Add(BoundCheck.Condition($"Theorem 1 Part 3 with j = {j}: Ŵ_{{H+1:j+1}} full row rank, Ŵ_{{j−1:1}} full column rank",
                "yun.thm1.part3", "rank conditions", Part3Failure(j, all)));
        }
        else
        {
            checks.Add(BoundCheck.Condition("∇ℓ₀(Ŵ_{H+1:1}) ≠ 0 (Corollary 2: saddle)", "yun.cor2.saddle", "∇ℓ₀(Ŵ_{H+1:1}) ≠ 0",
                g0.IsZero() ? "∇ℓ₀(Ŵ_{H+1:1}) = 0: by Corollary 2 the point is a global minimum, not a saddle" : null));
            checks.Add(ExactShow.Exact("ℓ(Ŵ) > least-squares optimum (gap to the global minimum)", "yun.cor2.saddle",
                "min ℓ₀ < ℓ(Ŵ)", lsRisk, risk, strict: true));
            CheckDirection(checks, Descent!, descending: true, x, y, risk);
            CheckDirection(checks, Ascent!, descending: false, x, y, risk);
        }
        return (checks.All(c => c.Holds) ? Verdict.Verified : Verdict.Invalid, checks);
    }

    /// <summary>
    /// [yun.cor2.not-local-min] / [yun.cor2.not-local-max]: the lowest-order nonzero coefficient c_k of
    /// φ(t) − φ(0) along the stated line decides the sign of ℓ(Ŵ + tD) − ℓ(Ŵ) for 0 &lt; |t| &lt; t₀.
    /// </summary>
    private void CheckDirection(List<BoundCheck> checks, DeepLinearDirection dir, bool descending, RationalMatrix x, RationalMatrix y, Rational risk)
    {
        string what = descending ? "descent" : "ascent";
        string label = descending ? "yun.cor2.not-local-min" : "yun.cor2.not-local-max";
        var c = LineRiskPolynomial(Weights, dir.D, x, y);
        int k = Array.FindIndex(c, 1, v => !v.IsZero);
        if (k < 0)
        {
            checks.Add(BoundCheck.Condition($"{what} line: ℓ(Ŵ + tD) − ℓ(Ŵ) has a nonzero coefficient", label, "some c_k ≠ 0 (k ≥ 1)",
                "ℓ is constant along the line"));
            return;
        }
        checks.Add(BoundCheck.Condition($"{what} line: lowest nonzero order k = claimed order", label, $"k = {dir.Order}",
            k == dir.Order ? null : $"k = {k}"));
        checks.Add(Equal($"{what} line: c_k = claimed leading coefficient", label, dir.Leading, c[k]));
        // k = 1 would contradict criticality (c₁ = ⟨∇ℓ(Ŵ), D⟩); the criticality check above fails in that case.
        bool good = k % 2 == 1 || (descending ? c[k].Sign < 0 : c[k].Sign > 0);
        // t₀ = min(1, |c_k| / Σ_{j>k} |c_j|): for 0 < |t| < t₀ the sign of φ(t) − φ(0) is the sign of c_k t^k.
        var tail = Rational.Zero;
        for (int j = k + 1; j < c.Length; j++) tail += Rational.Abs(c[j]);
        var t0 = tail.IsZero ? Rational.One : Rational.Min(1, Rational.Abs(c[k]) / tail);
        string side = k % 2 == 1 ? ((c[k].Sign < 0) == descending ? "0 < t < t₀" : "−t₀ < t < 0") : "0 < |t| < t₀";
        checks.Add(BoundCheck.Condition(
            $"{what} line: k odd or c_k {(descending ? "<" : ">")} 0, so ℓ(Ŵ + tD) {(descending ? "<" : ">")} ℓ(Ŵ) for {side}, t₀ = {Show(t0)}",
            label, $"k = {k} odd, or sign(c_k) = {(descending ? "−" : "+")}", good ? null : $"k = {k} even and c_k = {Show(c[k])}"));
        var witness = LinearRisk(Product(Move(Weights, dir.D, dir.WitnessStep), Weights.Length, 1, Widths), x, y);
        checks.Add(Equal($"{what} witness: ℓ(Ŵ + t_w D) = claimed witness risk", label, dir.WitnessRisk, witness));
        checks.Add(descending
            ? ExactShow.Exact("descent witness: ℓ(Ŵ + t_w D) < ℓ(Ŵ)", label, "witness < risk", witness, risk, strict: true)
            : ExactShow.Exact("ascent witness: ℓ(Ŵ + t_w D) > ℓ(Ŵ)", label, "risk < witness", risk, witness, strict: true));
    }

    private string? Part3Failure(int j, int[] all)
    {
        int n = Weights.Length;
        var a = Product(Weights, n, j + 1, all);      // d_y × d_j
        var b = Product(Weights, j - 1, 1, all);      // d_{j−1} × d_x
        int ra = a.Rank(), rb = b.Rank();
        if (ra != a.Rows) return $"rank Ŵ_{{H+1:{j + 1}}} = {ra} < {a.Rows} rows";
        if (rb != b.Cols) return $"rank Ŵ_{{{j - 1}:1}} = {rb} < {b.Cols} columns";
        return null;
    }

    private static string Show(Rational v) => ExactShow.Show(v);

    private static BoundCheck Equal(string name, string label, Rational claimed, Rational derived) => ExactShow.Equal(name, label, claimed, derived);

    // ------------------------------------------------------------------ writing (canonical)

    public string ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        CanonicalJson.WriteClaimHeader(w, KindName);
        w.WriteString("statement", Type == GlobalMinimumType
            ? "For the deep linear network Ŷ = W_{H+1}⋯W₁X with hidden widths ≥ min(d_x, d_y) and the squared loss " +
              "ℓ(W) = ½‖W_{H+1}⋯W₁X − Y‖_F² on the given data, the point is a critical point of ℓ with " +
              "∇ℓ₀(Ŵ_{H+1:1}) = 0, hence a global minimum of ℓ, and ℓ(point) = leastSquaresRisk = min_R ½‖RX − Y‖_F² " +
              "(Yun–Sra–Jadbabaie 2019, Theorem 1 / Corollary 2)."
            : "For the deep linear network Ŷ = W_{H+1}⋯W₁X with hidden widths ≥ min(d_x, d_y) and the squared loss " +
              "ℓ(W) = ½‖W_{H+1}⋯W₁X − Y‖_F² on the given data, the point is a critical point of ℓ with " +
              "∇ℓ₀(Ŵ_{H+1:1}) ≠ 0 and it is a saddle: neither a local minimum (ℓ decreases along the descent line " +
              "arbitrarily close to the point) nor a local maximum (ℓ increases along the ascent line); its risk exceeds " +
              "leastSquaresRisk = min_R ½‖RX − Y‖_F² (Yun–Sra–Jadbabaie 2019, Theorem 1 Part 1 / Corollary 2).");
        w.WriteString("type", Type);
        w.WriteStartObject("model");
        w.WriteString("network", "deep-linear");
        w.WriteString("loss", "squared");
        w.WriteNumber("inputDimension", InputDimension);
        w.WriteNumber("outputDimension", OutputDimension);
        w.WriteStartArray("hiddenWidths");
        foreach (var d in HiddenWidths) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteNumber("samples", Samples);
        CanonicalJson.WriteVectors(w, "inputs", Inputs);
        CanonicalJson.WriteVectors(w, "targets", Targets);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("point");
        WriteWeights(w, "weights", Weights);
        w.WriteEndObject();
        w.WriteStartObject("bounds");
        w.WriteString("risk", Risk.ToCanonicalString());
        CanonicalJson.WriteVectors(w, "leastSquaresSolution", Rows(LeastSquaresSolution));
        w.WriteString("leastSquaresRisk", LeastSquaresRisk.ToCanonicalString());
        if (Part3Index is int j) w.WriteNumber("part3Index", j);
        if (Descent is { } d1) WriteDirection(w, "descent", d1);
        if (Ascent is { } d2) WriteDirection(w, "ascent", d2);
        w.WriteEndObject();
        CanonicalJson.WriteProvenance(w, Provenance);
    });

    private static IEnumerable<Rational[]> Rows(RationalMatrix a) => Enumerable.Range(0, a.Rows).Select(a.GetRow);

    private static void WriteWeights(Utf8JsonWriter w, string name, RationalMatrix[] weights)
    {
        w.WriteStartArray(name);
        foreach (var wi in weights)
        {
            w.WriteStartArray();
            foreach (var row in Rows(wi))
            {
                w.WriteStartArray();
                foreach (var v in row) w.WriteStringValue(v.ToCanonicalString());
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteDirection(Utf8JsonWriter w, string name, DeepLinearDirection d)
    {
        w.WriteStartObject(name);
        WriteWeights(w, "direction", d.D);
        w.WriteNumber("order", d.Order);
        w.WriteString("leadingCoefficient", d.Leading.ToCanonicalString());
        w.WriteString("witnessStep", d.WitnessStep.ToCanonicalString());
        w.WriteString("witnessRisk", d.WitnessRisk.ToCanonicalString());
        w.WriteEndObject();
    }
}
