using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Linear;

namespace ExactCheck.Search;

/// <summary>
/// The claim-spec payload of an exact kind: everything its producer (the kind's <c>Build</c>) needs. <c>regen</c> and
/// <c>certify</c> turn it into the certificate text; the checker then re-verifies that text (CertificateProducer).
/// </summary>
public abstract record ExactSpec
{
    /// <summary>The certificate's canonical text and a one-line summary for the console.</summary>
    public abstract (string Text, string Summary) Build(IReadOnlyDictionary<string, string> provenance);
}

/// <summary>
/// Claim specs of the kinds built by a paper's construction (Yun–Sra–Jadbabaie Theorems 6, 1 and 7,
/// Kawaguchi–Huang–Kaelbling Theorems 1 / 2, Ding–Li–Sun Theorem 3): proofs/&lt;paper&gt;/claims/*.json files read by
/// <see cref="ClaimSpec.Load"/>. The format is documented in
/// docs/certificate-format.md, § Claim specs. Specs are producer input: numbers may be JSON numbers (read exactly from
/// their text, so 0.1 is 1/10) or number strings ("7/3").
/// </summary>
public static class ExactClaimSpecs
{
    /// <summary>The kinds whose specs this class reads.</summary>
    public static readonly string[] Kinds = [YunLeakyReluMinimum.KindName, YunDeepLinearCriticalPoint.KindName, KawaguchiGradientBasisOptimum.KindName,
                                             YunSmoothMinimum.KindName, DingLiSunMinimum.KindName];

    private static readonly string[] Common = ["kind", "name", "source"];

    /// <summary>Reads the payload of an exact kind's spec (kind already read from <paramref name="root"/>).</summary>
    public static ExactSpec Load(JsonElement root, string kind, string specPath) => kind switch
    {
        _ when kind == YunLeakyReluMinimum.KindName => LoadTheorem6(root, "$"),
        _ when kind == YunDeepLinearCriticalPoint.KindName => LoadDeepLinear(root),
        _ when kind == KawaguchiGradientBasisOptimum.KindName => LoadKawaguchi(root, specPath),
        _ when kind == YunSmoothMinimum.KindName => LoadTheorem7(root),
        _ when kind == DingLiSunMinimum.KindName => LoadDingLiSun(root),
        _ => throw new MalformedException("$.kind", $"unsupported kind \"{kind}\""),
    };

    // ------------------------------------------------------------------ Yun–Sra–Jadbabaie Theorem 6

    /// <summary>Data (X, Y), slopes, hidden width and α: the paper's local minimum from the least-squares fit.</summary>
    public sealed record Theorem6(Rational[][] Inputs, Rational[] Targets, Rational SlopePositive, Rational SlopeNegative, int HiddenWidth, Rational Alpha) : ExactSpec
    {
        public YunLeakyReluMinimum Certificate(IReadOnlyDictionary<string, string> provenance) =>
            YunLeakyReluMinimum.Build(Inputs, Targets, SlopePositive, SlopeNegative, HiddenWidth, Alpha, provenance);

        public override (string Text, string Summary) Build(IReadOnlyDictionary<string, string> provenance)
        {
            var c = Certificate(provenance);
            return (c.ToCanonicalJson(), $"risk {c.Risk.ToScientificString(6, RoundingMode.Nearest)}, better point {c.BetterRisk.ToScientificString(6, RoundingMode.Nearest)}");
        }
    }

    private static Theorem6 LoadTheorem6(JsonElement root, string path)
    {
        Json.Object(root, path, [.. Common, "slopePositive", "slopeNegative", "hiddenWidth", "alpha", "inputs", "targets"]);
        var inputs = Vectors(Json.Required(root, "inputs", path), $"{path}.inputs", null, YunLeakyReluMinimum.MaxSamples);
        var targets = Vector(Json.Required(root, "targets", path), $"{path}.targets", inputs.Length);
        return new Theorem6(inputs, targets,
            Number(Json.Required(root, "slopePositive", path), $"{path}.slopePositive"),
            Number(Json.Required(root, "slopeNegative", path), $"{path}.slopeNegative"),
            Json.Integer(Json.Required(root, "hiddenWidth", path), $"{path}.hiddenWidth", 1, 64),
            Json.Optional(root, "alpha") is { } a ? Number(a, $"{path}.alpha") : Rational.One);
    }

    // ------------------------------------------------------------------ Yun–Sra–Jadbabaie Theorem 1 / Corollary 2

    /// <summary>Data, hidden widths and a rational critical point: global minimum or saddle (lines searched with <see cref="Seed"/>).</summary>
    public sealed record DeepLinear(Rational[][] Inputs, Rational[][] Targets, int[] HiddenWidths, RationalMatrix[] Weights, int Seed) : ExactSpec
    {
        public override (string Text, string Summary) Build(IReadOnlyDictionary<string, string> provenance)
        {
            var c = YunDeepLinearCriticalPoint.Build(Inputs, Targets, HiddenWidths, Weights, provenance, Seed);
            var summary = c.Type == YunDeepLinearCriticalPoint.SaddleType
                ? $"saddle: descent of order {c.Descent!.Order}, ascent of order {c.Ascent!.Order}"
                : $"global minimum{(c.Part3Index is int j ? $", Theorem 1 Part 3 with j = {j}" : "")}";
            return (c.ToCanonicalJson(), summary);
        }
    }

    private static DeepLinear LoadDeepLinear(JsonElement root)
    {
        Json.Object(root, "$", [.. Common, "hiddenWidths", "inputs", "targets", "weights", "seed"]);
        var inputs = Vectors(Json.Required(root, "inputs", "$"), "$.inputs", null, YunDeepLinearCriticalPoint.MaxSamples);
        var targets = Vectors(Json.Required(root, "targets", "$"), "$.targets", null, YunDeepLinearCriticalPoint.MaxSamples);
        if (targets.Length != inputs.Length) throw new MalformedException("$.targets", $"expected {inputs.Length} targets (one per input), found {targets.Length}");
        var hw = Json.Required(root, "hiddenWidths", "$");
        if (hw.ValueKind != JsonValueKind.Array || hw.GetArrayLength() is < 1 or > YunDeepLinearCriticalPoint.MaxHiddenLayers)
            throw new MalformedException("$.hiddenWidths", $"expected an array of 1..{YunDeepLinearCriticalPoint.MaxHiddenLayers} widths");
        var widths = hw.EnumerateArray().Select((e, i) => Json.Integer(e, $"$.hiddenWidths[{i}]", 1, YunDeepLinearCriticalPoint.MaxDimension)).ToArray();
        int[] all = [inputs[0].Length, .. widths, targets[0].Length];
        var w = Json.Array(Json.Required(root, "weights", "$"), "$.weights", all.Length - 1);
        var weights = w.EnumerateArray().Select((wi, i) =>
        {
            var rows = Vectors(wi, $"$.weights[{i}]", all[i], all[i + 1]);
            if (rows.Length != all[i + 1]) throw new MalformedException($"$.weights[{i}]", $"expected {all[i + 1]} rows, found {rows.Length}");
            return RationalMatrix.FromRows(rows);
        }).ToArray();
        int seed = Json.Optional(root, "seed") is { } s ? Json.Integer(s, "$.seed", 0, int.MaxValue) : 1;
        return new DeepLinear(inputs, targets, widths, weights, seed);
    }

    // ------------------------------------------------------------------ Kawaguchi–Huang–Kaelbling Theorems 1 / 2

    /// <summary>Data, slopes, a rational critical point and a better point.</summary>
    public sealed record Kawaguchi(Rational[][] Inputs, Rational[] Targets, Rational SlopePositive, Rational SlopeNegative,
                                   LeakyReluNetwork Point, LeakyReluNetwork BetterPoint) : ExactSpec
    {
        public override (string Text, string Summary) Build(IReadOnlyDictionary<string, string> provenance)
        {
            var c = KawaguchiGradientBasisOptimum.Build(Inputs, Targets, SlopePositive, SlopeNegative, Point, BetterPoint, provenance);
            return (c.ToCanonicalJson(), $"dim U = {c.PatternSpaceRank} of m = {c.Samples}, ρ = {c.PatternRadius.ToCanonicalString()}");
        }
    }

    /// <summary>
    /// Either "theorem6": a path (relative to this spec's folder) to a Theorem 6 spec, whose data, local minimum and
    /// better point are taken; or the data, slopes, "point" and "betterPoint" written out.
    /// </summary>
    private static Kawaguchi LoadKawaguchi(JsonElement root, string specPath)
    {
        if (Json.Optional(root, "theorem6") is { } t6)
        {
            Json.Object(root, "$", [.. Common, "theorem6"]);
            var relative = Json.String(t6, "$.theorem6");
            var file = Path.Combine(Path.GetDirectoryName(specPath) ?? ".", relative);
            if (!File.Exists(file)) throw new MalformedException("$.theorem6", $"no such spec: {file}");
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var kind = Json.String(Json.Required(doc.RootElement, "kind", "$"), $"{relative}: $.kind");
            if (kind != YunLeakyReluMinimum.KindName) throw new MalformedException("$.theorem6", $"{relative} is a spec of kind \"{kind}\", expected {YunLeakyReluMinimum.KindName}");
            var yun = LoadTheorem6(doc.RootElement, $"{relative}: $").Certificate(new Dictionary<string, string>());
            return new Kawaguchi(yun.Inputs, yun.Targets, yun.SlopePositive, yun.SlopeNegative, yun.Point, yun.BetterPoint);
        }
        Json.Object(root, "$", [.. Common, "slopePositive", "slopeNegative", "inputs", "targets", "point", "betterPoint"]);
        var inputs = Vectors(Json.Required(root, "inputs", "$"), "$.inputs", null, KawaguchiGradientBasisOptimum.MaxSamples);
        var targets = Vector(Json.Required(root, "targets", "$"), "$.targets", inputs.Length);
        int dx = inputs[0].Length;
        return new Kawaguchi(inputs, targets,
            Number(Json.Required(root, "slopePositive", "$"), "$.slopePositive"),
            Number(Json.Required(root, "slopeNegative", "$"), "$.slopeNegative"),
            Network(Json.Required(root, "point", "$"), "$.point", dx),
            Network(Json.Required(root, "betterPoint", "$"), "$.betterPoint", dx));
    }

    // ------------------------------------------------------------------ Yun–Sra–Jadbabaie Theorem 7 / Corollary 8

    /// <summary>
    /// The activation, the free parameters v₁, u₁, u₂, a bracket for the root v₂ of C7.3, Part 1's v′₁..v′₃ and a bracket
    /// for the root v′₄ of C7.1; the producer solves both roots to verified enclosures and picks the radius.
    /// </summary>
    public sealed record Theorem7(SmoothActivation Activation, Rational V1, Rational U1, Rational U2, RootEnclosure V2Bracket,
                                  Rational[] PerfectFit, RootEnclosure V4Bracket, int Precision) : ExactSpec
    {
        public override (string Text, string Summary) Build(IReadOnlyDictionary<string, string> provenance)
        {
            var c = YunSmoothMinimum.Build(Activation, V1, U1, U2, V2Bracket, PerfectFit, V4Bracket, provenance, Precision);
            return (c.ToCanonicalJson(), $"{Activation.Name}, local minimum on a box of radius {c.Radius.ToCanonicalString()}");
        }
    }

    private static Theorem7 LoadTheorem7(JsonElement root)
    {
        Json.Object(root, "$", [.. Common, "activation", "v1", "u1", "u2", "v2Bracket", "perfectFit", "v4Bracket", "precision"]);
        RootEnclosure Bracket(string key)
        {
            var b = Vector(Json.Required(root, key, "$"), $"$.{key}", 2);
            if (b[0] >= b[1]) throw new MalformedException($"$.{key}", "expected [lower, upper] with lower < upper");
            return new RootEnclosure(b[0], b[1]);
        }
        return new Theorem7(
            SmoothActivation.Parse(Json.Required(root, "activation", "$"), "$.activation"),
            Number(Json.Required(root, "v1", "$"), "$.v1"),
            Number(Json.Required(root, "u1", "$"), "$.u1"),
            Number(Json.Required(root, "u2", "$"), "$.u2"),
            Bracket("v2Bracket"),
            Vector(Json.Required(root, "perfectFit", "$"), "$.perfectFit", 3),
            Bracket("v4Bracket"),
            Json.Optional(root, "precision") is { } p ? Json.Integer(p, "$.precision", YunSmoothMinimum.MinPrecision, YunSmoothMinimum.MaxPrecision) : YunSmoothMinimum.DefaultPrecision);
    }

    // ------------------------------------------------------------------ Ding–Li–Sun Theorem 3

    /// <summary>The activation, N distinct inputs, d neurons and the scale of yᵖ; the producer constructs the targets.</summary>
    public sealed record DingLiSun(DingActivation Activation, Rational[] Inputs, int Neurons, Rational Scale) : ExactSpec
    {
        public override (string Text, string Summary) Build(IReadOnlyDictionary<string, string> provenance)
        {
            var c = DingLiSunMinimum.Build(Activation, Inputs, Neurons, Scale, provenance);
            return (c.ToCanonicalJson(), $"risk {c.Risk.ToScientificString(6, RoundingMode.Nearest)}, local minimum on a box of radius {c.Radius.ToCanonicalString()}");
        }
    }

    private static DingLiSun LoadDingLiSun(JsonElement root)
    {
        Json.Object(root, "$", [.. Common, "activation", "inputs", "neurons", "scale"]);
        var x = Json.Required(root, "inputs", "$");
        if (x.ValueKind != JsonValueKind.Array || x.GetArrayLength() is < 1 or > DingLiSunMinimum.MaxSamples)
            throw new MalformedException("$.inputs", $"expected an array of 1..{DingLiSunMinimum.MaxSamples} numbers");
        return new DingLiSun(
            DingActivation.Parse(Json.Object(Json.Required(root, "activation", "$"), "$.activation"), "$.activation"),
            Vector(x, "$.inputs", x.GetArrayLength()),
            Json.Integer(Json.Required(root, "neurons", "$"), "$.neurons", 1, DingLiSunMinimum.MaxNeurons),
            Json.Optional(root, "scale") is { } sc ? Number(sc, "$.scale") : Rational.One);
    }

    // ------------------------------------------------------------------ shared readers

    private static LeakyReluNetwork Network(JsonElement e, string path, int dx)
    {
        Json.Object(e, path, "W1", "b1", "W2", "b2");
        var w1 = Vectors(Json.Required(e, "W1", path), $"{path}.W1", dx, 64);
        return new LeakyReluNetwork(w1,
            Vector(Json.Required(e, "b1", path), $"{path}.b1", w1.Length),
            Vector(Json.Required(e, "W2", path), $"{path}.W2", w1.Length),
            Number(Json.Required(e, "b2", path), $"{path}.b2"));
    }

    // ------------------------------------------------------------------ numbers (exact; JSON numbers allowed in specs)

    /// <summary>A number string, or a JSON number read exactly from its text.</summary>
    public static Rational Number(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number
            ? (Rational.TryParse(e.GetRawText(), out var r, out var error) ? r : throw new MalformedException(path, error))
            : Json.Number(e, path);

    private static Rational[] Vector(JsonElement e, string path, int length)
    {
        Json.Array(e, path, length);
        return e.EnumerateArray().Select((x, a) => Number(x, $"{path}[{a}]")).ToArray();
    }

    /// <summary>A non-empty array of vectors of equal length (<paramref name="length"/>, or the first one's), at most <paramref name="maxCount"/>.</summary>
    private static Rational[][] Vectors(JsonElement e, string path, int? length, int maxCount)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() < 1 || e.GetArrayLength() > maxCount)
            throw new MalformedException(path, $"expected an array of 1..{maxCount} vectors");
        int n = length ?? (e[0].ValueKind == JsonValueKind.Array ? e[0].GetArrayLength() : -1);
        if (n < 1) throw new MalformedException($"{path}[0]", "expected a non-empty array of numbers");
        return e.EnumerateArray().Select((row, i) => Vector(row, $"{path}[{i}]", n)).ToArray();
    }
}
