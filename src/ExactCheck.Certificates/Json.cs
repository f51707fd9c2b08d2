using System.Text.Json;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates;

/// <summary>A certificate that cannot be read: <see cref="JsonPath"/> says where, the message what was expected.</summary>
public sealed class MalformedException(string jsonPath, string message) : Exception($"{jsonPath}: {message}")
{
    public string JsonPath { get; } = jsonPath;
}

/// <summary>
/// Strict readers over <see cref="JsonElement"/> with the JSON path of every error. Numbers in certificates are
/// strings holding exact decimals or p/q (never JSON floats); counts are JSON integers. Objects must not repeat or
/// add keys: a typo in a bound's name is an error, not a silently ignored field.
/// </summary>
public static class Json
{
    /// <summary>Longest number string accepted (characters).</summary>
    public const int MaxNumberLength = 10_000;

    /// <summary>How to raise a resource limit, appended to every message that reports one.</summary>
    public const string RaiseHint = "docs/limits.md names the constant to change to raise it";

    public static JsonElement Object(JsonElement e, string path, params string[] allowedKeys)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new MalformedException(path, $"expected an object, found {Kind(e)}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            var name = Utf8(() => p.Name, path, "a key");
            if (!seen.Add(name)) throw new MalformedException($"{path}.{name}", "duplicate key");
            if (allowedKeys.Length > 0 && !allowedKeys.Contains(name))
                throw new MalformedException($"{path}.{name}", $"unknown key; expected one of {string.Join(", ", allowedKeys)}");
        }
        return e;
    }

    public static JsonElement Required(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var v)) throw new MalformedException($"{path}.{name}", "missing");
        return v;
    }

    public static JsonElement? Optional(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) ? v : null;

    public static string String(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.String) throw new MalformedException(path, $"expected a string, found {Kind(e)}");
        return Utf8(() => e.GetString()!, path, "the string");
    }

    /// <summary>
    /// Fix (issue #7 fuzzing): System.Text.Json checks UTF-8 only when a string or key is decoded, and throws
    /// InvalidOperationException then, which the checker's catch-all turned into INVALID ("could not derive the
    /// bounds"). A file that is not UTF-8 is unreadable: MALFORMED, with the JSON path.
    /// </summary>
    private static string Utf8(Func<string> decode, string path, string what)
    {
        try
        {
            return decode();
        }
        catch (InvalidOperationException)
        {
            throw new MalformedException(path, $"{what} is not valid UTF-8 (certificates are UTF-8 JSON)");
        }
    }

    public static int Integer(JsonElement e, string path, int min, int max)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v) || e.GetRawText().Contains('.') || e.GetRawText().Contains('e') || e.GetRawText().Contains('E'))
            throw new MalformedException(path, $"expected an integer in [{min}, {max}], found {Shorten(e.GetRawText())}");
        if (v < min) throw new MalformedException(path, $"{v} outside the allowed range [{min}, {max}]");
        // Every upper end of an integer range is a resource limit (dimensions, samples, precision): say where it lives.
        if (v > max) throw new MalformedException(path, $"{v} outside the allowed range [{min}, {max}]; {max} is a limit ({RaiseHint})");
        return v;
    }

    /// <summary>An exact number written as a string ("-12.5e-3", "7/3").</summary>
    public static Rational Number(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Number)
            throw new MalformedException(path, $"expected a number written as a string (\"{Shorten(e.GetRawText())}\"), found a JSON number: JSON numbers are not exact");
        var s = String(e, path);
        if (s.Length > MaxNumberLength) throw new MalformedException(path, $"number has {s.Length} characters, limit {MaxNumberLength} (Json.MaxNumberLength; {RaiseHint})");
        if (!Rational.TryParse(s, out var r, out var error))
            throw new MalformedException(path, error.Contains("limit", StringComparison.Ordinal) ? $"{error} (Rational.MaxExponentMagnitude; {RaiseHint})" : error);
        return r;
    }

    /// <summary>The optional "provenance" object: informational strings, any keys (the one place unknown keys are allowed).</summary>
    public static Dictionary<string, string> Provenance(JsonElement root)
    {
        var provenance = new Dictionary<string, string>();
        if (Optional(root, "provenance") is { } prov)
        {
            Object(prov, "$.provenance");
            foreach (var p in prov.EnumerateObject()) provenance[p.Name] = String(p.Value, $"$.provenance.{p.Name}");
        }
        return provenance;
    }

    /// <summary>
    /// The optional "hints" object shared by the kinds that compute in big floats: its keys are "precision" (bits, an
    /// integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="defaultPrecision"/> when absent)
    /// and <paramref name="otherKeys"/>, which the caller reads from the returned object (null when there are no hints).
    /// </summary>
    public static (int Precision, JsonElement? Hints) Hints(JsonElement root, int defaultPrecision, int min, int max, params string[] otherKeys)
    {
        if (Optional(root, "hints") is not { } hints) return (defaultPrecision, null);
        Object(hints, "$.hints", ["precision", .. otherKeys]);
        int precision = Optional(hints, "precision") is { } p ? Integer(p, "$.hints.precision", min, max) : defaultPrecision;
        return (precision, hints);
    }

    /// <summary>An array of exactly <paramref name="length"/> exact numbers, each read by <paramref name="number"/> (default <see cref="Number"/>).</summary>
    public static Rational[] Vector(JsonElement e, string path, int length, Func<JsonElement, string, Rational>? number = null)
    {
        Array(e, path, length);
        var read = number ?? Number;
        return e.EnumerateArray().Select((x, a) => read(x, $"{path}[{a}]")).ToArray();
    }

    /// <summary><paramref name="count"/> arrays of <paramref name="length"/> exact numbers each.</summary>
    public static Rational[][] Vectors(JsonElement e, string path, int count, int length, Func<JsonElement, string, Rational>? number = null)
    {
        Array(e, path, count);
        return e.EnumerateArray().Select((row, i) => Vector(row, $"{path}[{i}]", length, number)).ToArray();
    }

    public static JsonElement Array(JsonElement e, string path, int length)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new MalformedException(path, $"expected an array of {length}, found {Kind(e)}");
        if (e.GetArrayLength() != length) throw new MalformedException(path, $"expected {length} entries, found {e.GetArrayLength()}");
        return e;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
