using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;

namespace ExactCheck.Search.Import;

/// <summary>
/// JSON input: a point <c>{"k", "n", "neurons", optional "name", "kind", "targets", "source"}</c>, a list
/// <c>{"points": [point, …]}</c>, or a certificate (format exactcheck-certificate/1, kind safran-shamir/local-minimum
/// or safran-shamir/no-local-minimum: its claim.model and point.neurons).
/// Numbers in points may be JSON numbers (read exactly from their text, never through double) or exact strings
/// ("0.1", "-7/3", "1e-3"); certificates keep format 1's rule that numbers are strings. Unknown keys are errors.
/// </summary>
internal static class JsonPointReader
{
    private static readonly string[] PointKeys = ["kind", "name", "k", "n", "targets", "neurons", "source"];
    private static readonly string[] CertificateKeys = ["$schema", "format", "claim", "point", "bounds", "hints", "provenance"];
    private const string CertificateFormat = "exactcheck-certificate/1";
    /// <summary>Certificate kinds whose claim.model and point.neurons have the layout read here.</summary>
    private static readonly string[] CertificateKinds = [SafranShamirLocalMinimum.KindName, "safran-shamir/no-local-minimum"];

    public static ImportResult Read(string path, byte[] bytes)
    {
        var utf8 = bytes.AsMemory();
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) utf8 = utf8[3..];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var position = e.LineNumber is { } line ? $"{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : "";
            var what = e.Message;
            int cut = what.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) what = what[..cut];
            throw new ImportException(path, position, $"not valid JSON: {what}", e);
        }
        using (doc)
        {
            try
            {
                return ReadRoot(path, doc.RootElement);
            }
            catch (MalformedException e)
            {
                var prefix = e.JsonPath + ": ";
                var detail = e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
                throw new ImportException(path, e.JsonPath, detail, e);
            }
        }
    }

    private static ImportResult ReadRoot(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new MalformedException("$", "expected an object: a point {\"k\", \"n\", \"neurons\"}, a list {\"points\": [...]} or an exactcheck certificate");
        if (root.TryGetProperty("format", out _)) return ReadCertificate(path, root);
        if (root.TryGetProperty("points", out var list))
        {
            Json.Object(root, "$", "points");
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw new MalformedException("$.points", "expected a non-empty array of points {\"k\", \"n\", \"neurons\"}");
            var points = list.EnumerateArray().Select((p, i) => ReadPoint(path, p, $"$.points[{i}]", i + 1)).ToList();
            return new ImportResult(points, []);
        }
        return new ImportResult([ReadPoint(path, root, "$", 1)], []);
    }

    private static ImportedPoint ReadPoint(string path, JsonElement e, string at, int index)
    {
        Json.Object(e, at, PointKeys);
        if (Json.Optional(e, "kind") is { } kd)
        {
            var kind = Json.String(kd, $"{at}.kind");
            if (kind != SafranShamirLocalMinimum.KindName)
                throw new MalformedException($"{at}.kind", $"expected \"{SafranShamirLocalMinimum.KindName}\" (or no \"kind\"), found \"{kind}\"");
        }
        var name = Json.Optional(e, "name") is { } nm ? Json.String(nm, $"{at}.name") : null;
        var source = Json.Optional(e, "source") is { } so ? Json.String(so, $"{at}.source") : null;
        int k = Json.Integer(Json.Required(e, "k", at), $"{at}.k", 1, PointImporter.MaxDimension);
        int n = Json.Integer(Json.Required(e, "n", at), $"{at}.n", 1, PointImporter.MaxDimension);
        var targets = Json.Optional(e, "targets") is { } t ? Targets(t, $"{at}.targets", k, strict: false) : null;
        var neurons = Vectors(Json.Required(e, "neurons", at), $"{at}.neurons", n, "neurons (n = " + n + ")", k, strict: false);
        return new ImportedPoint(index, k, n, neurons, PointImporter.Origin(path, at)) { Targets = targets, Name = name, Source = source };
    }

    private static ImportResult ReadCertificate(string path, JsonElement root)
    {
        Json.Object(root, "$", CertificateKeys);
        var format = Json.String(Json.Required(root, "format", "$"), "$.format");
        if (format != CertificateFormat) throw new MalformedException("$.format", $"expected \"{CertificateFormat}\", found \"{format}\"");
        var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim", "kind", "statement", "model");
        var kind = Json.String(Json.Required(claim, "kind", "$.claim"), "$.claim.kind");
        if (!CertificateKinds.Contains(kind))
            throw new MalformedException("$.claim.kind", $"expected a certificate of kind {string.Join(" or ", CertificateKinds.Select(x => $"\"{x}\""))} (the kinds that state a point), found \"{kind}\"");
        var model = Json.Object(Json.Required(claim, "model", "$.claim"), "$.claim.model", "objective", "k", "n", "targets");
        var objective = Json.String(Json.Required(model, "objective", "$.claim.model"), "$.claim.model.objective");
        if (objective != "relu-gaussian") throw new MalformedException("$.claim.model.objective", $"expected \"relu-gaussian\", found \"{objective}\"");
        int k = Json.Integer(Json.Required(model, "k", "$.claim.model"), "$.claim.model.k", 1, PointImporter.MaxDimension);
        int n = Json.Integer(Json.Required(model, "n", "$.claim.model"), "$.claim.model.n", 1, PointImporter.MaxDimension);
        var targets = Targets(Json.Required(model, "targets", "$.claim.model"), "$.claim.model.targets", k, strict: true);
        var point = Json.Object(Json.Required(root, "point", "$"), "$.point", "neurons");
        var neurons = Vectors(Json.Required(point, "neurons", "$.point"), "$.point.neurons", n, $"neurons (claim.model.n = {n})", k, strict: true);
        string? source = null;
        if (Json.Optional(root, "provenance") is { } prov && prov.ValueKind == JsonValueKind.Object
            && Json.Optional(prov, "source") is { } so && so.ValueKind == JsonValueKind.String)
            source = so.GetString();
        var notes = new List<string> { $"{Path.GetFileName(path)}: {kind} certificate: took claim.model and point.neurons; its bounds are not checked on import (exactcheck check does that)" };
        return new ImportResult([new ImportedPoint(1, k, n, neurons, PointImporter.Origin(path, "$.point.neurons")) { Targets = targets, Source = source }], notes);
    }

    private static Rational[][]? Targets(JsonElement t, string at, int k, bool strict)
    {
        if (t.ValueKind == JsonValueKind.String)
        {
            if (t.GetString() != "identity") throw new MalformedException(at, "expected \"identity\" or an array of target vectors");
            return null;
        }
        if (t.ValueKind != JsonValueKind.Array || t.GetArrayLength() < 1 || t.GetArrayLength() > PointImporter.MaxDimension)
            throw new MalformedException(at, $"expected \"identity\" or an array of 1..{PointImporter.MaxDimension} target vectors of k = {k} numbers");
        return Vectors(t, at, t.GetArrayLength(), "target vectors", k, strict);
    }

    /// <summary>An array of <paramref name="count"/> arrays of <paramref name="length"/> exact numbers.</summary>
    private static Rational[][] Vectors(JsonElement e, string at, int count, string what, int length, bool strict)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw new MalformedException(at, $"expected an array of {count} {what}, each an array of k = {length} numbers");
        if (e.GetArrayLength() != count) throw new MalformedException(at, $"expected {count} {what}, found {e.GetArrayLength()}");
        var result = new Rational[count][];
        int i = 0;
        foreach (var row in e.EnumerateArray())
        {
            var rowAt = $"{at}[{i}]";
            if (row.ValueKind != JsonValueKind.Array)
                throw new MalformedException(rowAt, $"expected an array of k = {length} numbers");
            if (row.GetArrayLength() != length)
                throw new MalformedException(rowAt, $"expected k = {length} numbers, found {row.GetArrayLength()}");
            result[i] = row.EnumerateArray().Select((x, a) => Number(x, $"{rowAt}[{a}]", strict)).ToArray();
            i++;
        }
        return result;
    }

    /// <summary>A JSON number read exactly from its text, or an exact number string (certificates: strings only).</summary>
    private static Rational Number(JsonElement x, string at, bool strict)
    {
        if (strict || x.ValueKind != JsonValueKind.Number)
        {
            if (x.ValueKind != JsonValueKind.String && x.ValueKind != JsonValueKind.Number)
                throw new MalformedException(at, $"expected a number (a JSON number or an exact string such as \"0.1\" or \"-7/3\"), found {Describe(x)}");
            return Json.Number(x, at);
        }
        var raw = x.GetRawText();
        if (raw.Length > Json.MaxNumberLength) throw new MalformedException(at, $"number has {raw.Length} characters, limit {Json.MaxNumberLength}");
        if (!Rational.TryParse(raw, out var r, out var error)) throw new MalformedException(at, error);
        return r;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };
}
