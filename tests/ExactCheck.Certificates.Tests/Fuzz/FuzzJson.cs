using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>One scalar of a JSON document: its kind and its text (the decoded string, or the raw token).</summary>
public readonly record struct Leaf(JsonValueKind Kind, string Text);

/// <summary>
/// JSON helpers of the fuzz oracle and the mutators. The oracle reads certificates with these helpers, not with the
/// checker's readers, so a reader bug in the checker cannot hide behind the same bug in the oracle.
/// </summary>
public static partial class FuzzJson
{
    /// <summary>
    /// Every scalar (and every empty array or object) of the document by path ("$.bounds.valueLower",
    /// "$.point.neurons[2][3]"). <paramref name="duplicate"/> is the first path that occurs twice (a repeated key), or null.
    /// </summary>
    public static Dictionary<string, Leaf> Flatten(JsonElement root, out string? duplicate)
    {
        var result = new Dictionary<string, Leaf>(StringComparer.Ordinal);
        string? dup = null;
        void Walk(JsonElement e, string path)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    int count = 0;
                    foreach (var p in e.EnumerateObject())
                    {
                        count++;
                        if (!names.Add(p.Name)) dup ??= $"{path}.{p.Name}";
                        Walk(p.Value, $"{path}.{p.Name}");
                    }
                    if (count == 0) Add(path, new Leaf(JsonValueKind.Object, "{}"));
                    break;
                case JsonValueKind.Array:
                    int i = 0;
                    foreach (var x in e.EnumerateArray()) Walk(x, $"{path}[{i++}]");
                    if (i == 0) Add(path, new Leaf(JsonValueKind.Array, "[]"));
                    break;
                case JsonValueKind.String:
                    Add(path, new Leaf(JsonValueKind.String, e.GetString()!));
                    break;
                default:
                    Add(path, new Leaf(e.ValueKind, e.GetRawText()));
                    break;
            }
        }
        void Add(string path, Leaf leaf)
        {
            if (!result.TryAdd(path, leaf)) dup ??= path;
        }
        Walk(root, "$");
        duplicate = dup;
        return result;
    }

    [GeneratedRegex(@"\A([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\z")]
    private static partial Regex DecimalGrammar();

    [GeneratedRegex(@"\A([+-]?[0-9]+)/([+-]?[0-9]+)\z")]
    private static partial Regex FractionGrammar();

    /// <summary>
    /// The oracle's own reader of a number string, written from docs/certificate-format.md § Numbers (ASCII digits
    /// only; integer, decimal, scientific or p/q): null when the text is not a number of that grammar. Independent of
    /// <see cref="Rational.TryParse(string?, out Rational, out string)"/> except that the value is returned as a Rational.
    /// The exponent is capped (|e| ≤ 1 000 000) so the oracle itself never allocates without bound.
    /// </summary>
    public static Rational? OracleNumber(string s)
    {
        var f = FractionGrammar().Match(s);
        if (f.Success)
        {
            var p = BigInteger.Parse(f.Groups[1].Value);
            var q = BigInteger.Parse(f.Groups[2].Value);
            return q.IsZero ? null : new Rational(p, q);
        }
        var d = DecimalGrammar().Match(s);
        if (!d.Success) return null;
        string whole = d.Groups[2].Value, fraction = d.Groups[3].Value;
        if (whole.Length + fraction.Length == 0) return null;
        long exponent = 0;
        if (d.Groups[4].Success)
        {
            var digits = d.Groups[4].Value.TrimStart('+', '-').TrimStart('0');
            if (digits.Length > 7) return null;
            exponent = digits.Length == 0 ? 0 : long.Parse(digits);
            if (d.Groups[4].Value.StartsWith('-')) exponent = -exponent;
        }
        var mantissa = BigInteger.Parse("0" + whole + fraction);
        if (d.Groups[1].Value == "-") mantissa = -mantissa;
        long scale = exponent - fraction.Length;
        return scale >= 0
            ? new Rational(mantissa * BigInteger.Pow(10, (int)scale))
            : new Rational(mantissa, BigInteger.Pow(10, (int)-scale));
    }

    /// <summary>A scalar's number value for the oracle: a string in the grammar above, else null.</summary>
    public static Rational? Number(Leaf leaf) => leaf.Kind == JsonValueKind.String ? OracleNumber(leaf.Text) : null;

    // ------------------------------------------------------------------ JsonNode helpers for the mutators

    /// <summary>A place in a JsonNode tree: the container and the key (a property name or an array index).</summary>
    public sealed record Slot(JsonNode Parent, string? Name, int Index, string Path)
    {
        public JsonNode? Get() => Name is null ? Parent.AsArray()[Index] : Parent.AsObject()[Name];

        public void Set(JsonNode? value)
        {
            if (Name is null) Parent.AsArray()[Index] = value;
            else Parent.AsObject()[Name] = value;
        }
    }

    /// <summary>Every value slot of the tree (containers and scalars), depth first.</summary>
    public static List<Slot> Slots(JsonNode root)
    {
        var result = new List<Slot>();
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o.ToList())
                    {
                        result.Add(new Slot(o, name, -1, $"{path}.{name}"));
                        Walk(child, $"{path}.{name}");
                    }
                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        result.Add(new Slot(a, null, i, $"{path}[{i}]"));
                        Walk(a[i], $"{path}[{i}]");
                    }
                    break;
            }
        }
        Walk(root, "$");
        return result;
    }

    public static bool IsScalar(JsonNode? n) => n is JsonValue;

    public static JsonValueKind KindOf(JsonNode? n) => n?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>A placeholder string value; <see cref="Serialize"/> replaces it (quotes included) by raw text.</summary>
    public const string RawMarker = "@@RAW-FUZZ-";

    /// <summary>Serializes the tree and substitutes raw text for the placeholders (so any bytes can be injected).</summary>
    public static string Serialize(JsonNode root, bool indented, IReadOnlyList<string>? raws = null)
    {
        var text = root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 4096,
        });
        if (raws is not null)
            for (int i = 0; i < raws.Count; i++) text = text.Replace($"\"{RawMarker}{i}@@\"", raws[i]);
        return text;
    }

    public static JsonValue Placeholder(int i) => JsonValue.Create($"{RawMarker}{i}@@");

    /// <summary>A JSON string literal for any text (escaped as the JSON grammar needs).</summary>
    public static string Quote(string s) => JsonSerializer.Serialize(s, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
