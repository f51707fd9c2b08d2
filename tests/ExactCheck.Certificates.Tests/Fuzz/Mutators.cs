using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>A mutated certificate: its text (or, for byte-level mutants, its raw bytes) and what was done.</summary>
public sealed record Mutant(string Text, string Description, byte[]? Bytes = null);

/// <summary>
/// The mutation operators of issue #7: each takes a committed certificate and a random source and returns one mutant.
/// Value-level operators pick a random scalar of the parsed tree (so they hit numbers, counts, keys and enums with
/// equal ease); text-level operators work on the committed bytes.
/// </summary>
public static class Mutators
{
    public sealed record Operator(string Name, Func<CorpusEntry, Random, Mutant> Apply)
    {
        public override string ToString() => Name;
    }

    public static readonly IReadOnlyList<Operator> All =
    [
        new("reserialize", Reserialize),
        new("digit-in-value", DigitInValue),
        new("digit-in-text", DigitInText),
        new("sign-flip", SignFlip),
        new("exponent", Exponent),
        new("remove-field", RemoveField),
        new("duplicate-field", DuplicateField),
        new("reorder", Reorder),
        new("type-swap", TypeSwap),
        new("truncate", Truncate),
        new("random-bytes", RandomBytes),
        new("invalid-utf8", InvalidUtf8),
        new("huge-number", HugeNumber),
        new("nan-infinity", NanInfinity),
        new("unicode-lookalike", UnicodeLookalike),
        new("boundary-integer", BoundaryInteger),
        new("nesting", Nesting),
        new("swap-values", SwapValues),
        new("escapes-and-spelling", EscapesAndSpelling),
        new("honest-weakening", HonestWeakening),
        new("move-point", MovePoint),
    ];

    public static Operator ByName(string name) => All.Single(o => o.Name == name);

    // ------------------------------------------------------------------ helpers

    private static JsonNode Tree(CorpusEntry e) => JsonNode.Parse(e.Text)!;

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static List<FuzzJson.Slot> ScalarSlots(JsonNode root) => FuzzJson.Slots(root).Where(s => FuzzJson.IsScalar(s.Get())).ToList();

    /// <summary>Scalar slots holding a number: a number string or a JSON number.</summary>
    private static List<FuzzJson.Slot> NumberSlots(JsonNode root) => ScalarSlots(root).Where(s =>
        s.Get() is JsonValue v && (v.GetValueKind() == JsonValueKind.Number ||
                                   v.GetValueKind() == JsonValueKind.String && FuzzJson.OracleNumber(v.GetValue<string>()) is not null)).ToList();

    /// <summary>The slot's scalar as raw JSON text, changed by <paramref name="change"/> (which sees the string's content or the number's token).</summary>
    private static Mutant ChangeScalar(CorpusEntry e, Random rng, string what, Func<string, bool, string> change, List<FuzzJson.Slot>? among = null)
    {
        var root = Tree(e);
        var slots = among ?? NumberSlots(root);
        if (among is not null) root = slots[0].Parent.Root;
        var slot = Pick(rng, slots);
        var value = (JsonValue)slot.Get()!;
        bool isString = value.GetValueKind() == JsonValueKind.String;
        string before = isString ? value.GetValue<string>() : value.ToJsonString();
        string after = change(before, isString);
        slot.Set(FuzzJson.Placeholder(0));
        var raw = isString ? FuzzJson.Quote(after) : after;
        return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0, [raw]), $"{what} at {slot.Path}: {Short(before)} → {Short(after)}");
    }

    private static string Short(string s) => s.Length <= 48 ? s : s[..20] + $"…({s.Length} chars)…" + s[^12..];

    private static string ReplaceAt(string s, int index, string replacement) => s[..index] + replacement + s[(index + 1)..];

    // ------------------------------------------------------------------ operators

    /// <summary>Same claim, other bytes: keys of every object shuffled, indentation changed. Expected VERIFIED, category (a).</summary>
    private static Mutant Reserialize(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        Shuffle(root, rng);
        return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0), "all keys shuffled, re-indented");
    }

    private static void Shuffle(JsonNode? node, Random rng)
    {
        if (node is JsonObject o)
        {
            var props = o.ToList();
            o.Clear();
            foreach (var (name, child) in props.OrderBy(_ => rng.Next()))
            {
                Shuffle(child, rng);
                o[name] = child;
            }
        }
        else if (node is JsonArray a)
            foreach (var child in a) Shuffle(child, rng);
    }

    /// <summary>One digit of one number (string or JSON integer) changed.</summary>
    private static Mutant DigitInValue(CorpusEntry e, Random rng) => ChangeScalar(e, rng, "digit changed", (s, _) =>
    {
        var digits = Enumerable.Range(0, s.Length).Where(i => char.IsAsciiDigit(s[i])).ToList();
        if (digits.Count == 0) return s + "0";
        int at = Pick(rng, digits);
        char c;
        do c = (char)('0' + rng.Next(10)); while (c == s[at]);
        return ReplaceAt(s, at, c.ToString());
    });

    /// <summary>One digit anywhere in the committed text changed (numbers, counts, statement, provenance alike).</summary>
    private static Mutant DigitInText(CorpusEntry e, Random rng)
    {
        var digits = Enumerable.Range(0, e.Text.Length).Where(i => char.IsAsciiDigit(e.Text[i])).ToList();
        int at = Pick(rng, digits);
        char c;
        do c = (char)('0' + rng.Next(10)); while (c == e.Text[at]);
        return new Mutant(ReplaceAt(e.Text, at, c.ToString()), $"text digit at offset {at}: {e.Text[at]} → {c}");
    }

    /// <summary>A number's sign flipped (or a '+' or a second '-' added).</summary>
    private static Mutant SignFlip(CorpusEntry e, Random rng) => ChangeScalar(e, rng, "sign flipped", (s, _) => rng.Next(6) switch
    {
        0 => "+" + s,
        1 => "--" + s.TrimStart('-'),
        2 when s.Contains('/') => s.Replace("/", "/-"),
        _ => s.StartsWith('-') ? s[1..] : "-" + s,
    });

    /// <summary>A decimal exponent changed a little or a lot (or added where there was none).</summary>
    private static Mutant Exponent(CorpusEntry e, Random rng) => ChangeScalar(e, rng, "exponent changed", (s, isString) =>
    {
        int at = s.IndexOfAny(['e', 'E']);
        long old = at >= 0 && long.TryParse(s[(at + 1)..], out var x) ? x : 0;
        string mantissa = at >= 0 ? s[..at] : s;
        string exponent = rng.Next(8) switch
        {
            0 => "999999999",
            1 => "-999999999",
            2 => (Rational.MaxExponentMagnitude + rng.Next(0, 2)).ToString(),
            3 => "-" + (Rational.MaxExponentMagnitude + rng.Next(0, 2)),
            4 => "+" + new string('0', rng.Next(1, 30)) + (old + 1),
            5 => "",                                                   // "1e": no digits
            _ => (old + Pick(rng, new long[] { -1, 1, -2, 2, -10, 10, -100, 100, -1000, 1000, rng.Next(-500, 500) })).ToString(),
        };
        return mantissa + Pick(rng, new[] { "e", "E" }) + exponent;
    });

    /// <summary>One field (any depth) removed.</summary>
    private static Mutant RemoveField(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var slots = FuzzJson.Slots(root);
        var slot = Pick(rng, slots);
        if (slot.Name is null) slot.Parent.AsArray().RemoveAt(slot.Index);
        else slot.Parent.AsObject().Remove(slot.Name);
        return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0), $"removed {slot.Path}");
    }

    /// <summary>One object field written twice: the same value, or a changed one, before or after the original.</summary>
    private static Mutant DuplicateField(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var slots = FuzzJson.Slots(root).Where(s => s.Name is not null).ToList();
        var slot = Pick(rng, slots);
        var obj = slot.Parent.AsObject();
        var value = slot.Get();
        string copy = value?.ToJsonString() ?? "null";
        string how = "same value";
        if (value is JsonValue v && rng.Next(2) == 0)
        {
            copy = v.GetValueKind() == JsonValueKind.String ? FuzzJson.Quote(v.GetValue<string>() + "1") : "0";
            how = "other value";
        }
        // A placeholder key is renamed to the duplicated name after serialization (JsonObject cannot hold twins).
        var props = obj.ToList();
        obj.Clear();
        bool before = rng.Next(2) == 0;
        foreach (var (name, child) in props)
        {
            if (name == slot.Name && before) obj["@@DUP@@"] = FuzzJson.Placeholder(0);
            obj[name] = child;
            if (name == slot.Name && !before) obj["@@DUP@@"] = FuzzJson.Placeholder(0);
        }
        var text = FuzzJson.Serialize(root, rng.Next(2) == 0, [copy]).Replace("\"@@DUP@@\"", FuzzJson.Quote(slot.Name!));
        return new Mutant(text, $"duplicated {slot.Path} ({how}, {(before ? "before" : "after")})");
    }

    /// <summary>Keys of one object shuffled (same claim), or two entries of one array swapped (another claim, unless symmetric).</summary>
    private static Mutant Reorder(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var containers = FuzzJson.Slots(root).Select(s => s.Get()).Where(n => n is JsonObject { Count: > 1 } or JsonArray { Count: > 1 }).Prepend(root).ToList();
        var c = Pick(rng, containers)!;
        string what;
        if (c is JsonObject o)
        {
            var props = o.ToList();
            o.Clear();
            foreach (var (name, child) in props.OrderBy(_ => rng.Next())) o[name] = child;
            what = $"keys of {c.GetPath()} shuffled";
        }
        else
        {
            var a = c.AsArray();
            int i = rng.Next(a.Count), j = rng.Next(a.Count - 1);
            if (j >= i) j++;
            var (x, y) = (a[i]!.DeepClone(), a[j]!.DeepClone());
            a[i] = y;
            a[j] = x;
            what = $"{c.GetPath()}[{i}] and [{j}] swapped";
        }
        return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0), what);
    }

    /// <summary>A value replaced by one of another JSON type (a JSON number for a number string, a string for a count, null, …).</summary>
    private static Mutant TypeSwap(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var slots = FuzzJson.Slots(root);
        var slot = Pick(rng, slots);
        var value = slot.Get();
        string before = value?.ToJsonString() ?? "null";
        var options = new List<string> { "null", "true", "false", "{}", "[]", "[" + before + "]", "{\"value\":" + before + "}", "\"\"", "0", "-0", "6.0", "6e0", "1e400", "99999999999999999999" };
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && FuzzJson.OracleNumber(v.GetValue<string>()) is not null)
        {
            var s = v.GetValue<string>();
            // The same digits as a JSON number, where that is valid JSON (".5" and "3." are not).
            options.Add(s.StartsWith('.') || s.EndsWith('.') || s.Contains('/') || s.StartsWith('+') ? "0.5" : s);
            options.Add(s.StartsWith('.') || s.EndsWith('.') || s.Contains('/') || s.StartsWith('+') ? "0.5" : s);
        }
        if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
        {
            options.Add(FuzzJson.Quote(n.ToJsonString()));
            options.Add(FuzzJson.Quote(n.ToJsonString()));
        }
        var raw = Pick(rng, options);
        slot.Set(FuzzJson.Placeholder(0));
        return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0, [raw]), $"{slot.Path}: {Short(before)} → {Short(raw)}");
    }

    /// <summary>The text cut short, or a random range of it deleted.</summary>
    private static Mutant Truncate(CorpusEntry e, Random rng)
    {
        int at = rng.Next(e.Text.Length);
        if (rng.Next(3) == 0)
        {
            int length = Math.Min(rng.Next(1, 64), e.Text.Length - at);
            return new Mutant(e.Text.Remove(at, length), $"deleted {length} chars at {at}");
        }
        return new Mutant(e.Text[..at], $"truncated to {at} chars");
    }

    private static readonly string[] Junk =
        ["\0", "\t", "\r", "\n", "\u0001", "\u007f", "\"", "\\", "{", "}", "[", "]", ",", ":", "/", "*", "//x", "/*x*/",
         "\uFEFF", "\uFFFD", "\uD800", "\uDFFF", "\u00A0", "\u2028", "\u200B", "é", "𝟙", "'", "`", "NaN", "null", "-", "."];

    /// <summary>1–16 random characters (control, quotes, brackets, BOM, lone surrogates, …) inserted anywhere.</summary>
    private static Mutant RandomBytes(CorpusEntry e, Random rng)
    {
        int at = rng.Next(e.Text.Length + 1);
        var sb = new StringBuilder();
        int count = rng.Next(1, 17);
        for (int i = 0; i < count; i++)
            sb.Append(rng.Next(3) == 0 ? Pick(rng, Junk) : ((char)rng.Next(0x20, 0x7f)).ToString());
        return new Mutant(e.Text.Insert(at, sb.ToString()), $"inserted {Quote(sb.ToString())} at {at}");
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    /// <summary>Raw bytes that are not UTF-8 (0xFF, a truncated sequence, an overlong '/', a UTF-16 BOM), checked as a file.</summary>
    private static Mutant InvalidUtf8(CorpusEntry e, Random rng)
    {
        var bytes = Encoding.UTF8.GetBytes(e.Text);
        byte[][] junk = [[0xFF], [0xC3], [0xE2, 0x88], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFE, 0xFF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00]];
        var insert = Pick(rng, junk);
        int at = rng.Next(2) == 0 ? 0 : rng.Next(bytes.Length + 1);
        var result = bytes[..at].Concat(insert).Concat(bytes[at..]).ToArray();
        return new Mutant(e.Text, $"bytes {Convert.ToHexString(insert)} inserted at byte {at}", result);
    }

    private static readonly Lazy<string[]> HugeValues = new(() =>
    [
        "1e999999999", "-1e999999999", "1e-999999999", "1e100000", "1e-100000", "1e100001", "1e-100001",
        new string('9', Json.MaxNumberLength), new string('9', Json.MaxNumberLength + 1),
        "-" + new string('7', Json.MaxNumberLength - 1), "0." + new string('0', Json.MaxNumberLength - 3) + "1",
        new string('3', 4999) + "/" + new string('7', 5000), "1/" + new string('9', Json.MaxNumberLength - 2),
        new string('9', 9000) + "e100000", "0." + new string('1', 9000) + "e-100000", "1" + new string('0', 9990) + "e-99999",
    ]);

    /// <summary>A number replaced by a huge one: 10 000 digits, exponents at and past ±100 000, "1e999999999".</summary>
    private static Mutant HugeNumber(CorpusEntry e, Random rng) => ChangeScalar(e, rng, "huge number", (s, isString) =>
        isString ? Pick(rng, HugeValues.Value) : Pick(rng, new[] { "1e999999999", "99999999999999999999999999", new string('9', 400), "-" + new string('9', 400) }));

    private static readonly string[] NanSpellings =
        ["NaN", "nan", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "-inf", "Inf", "∞", "-∞", "1/0", "0/0", "-1/0",
         "1e", "e5", ".", "-", "+", "", " ", "1 ", " 1", "1.2.3", "1e5.5", "0x1p-3", "0x10", "1_000", "1,5", "1'000", "1d",
         "1f", "1L", "½", "1/2/3", "/2", "2/", "1e+-5", "null", "true"];

    /// <summary>A number replaced by a NaN/Infinity spelling or another non-number (as a string, or as a bare token).</summary>
    private static Mutant NanInfinity(CorpusEntry e, Random rng)
    {
        var spelling = Pick(rng, NanSpellings);
        if (rng.Next(4) == 0)
        {
            // A bare token: NaN / Infinity are not JSON (the reader must reject them).
            var root = Tree(e);
            var slot = Pick(rng, NumberSlots(root));
            var token = Pick(rng, new[] { "NaN", "Infinity", "-Infinity", "+1", ".5", "01", "1.", "0x10" });
            slot.Set(FuzzJson.Placeholder(0));
            return new Mutant(FuzzJson.Serialize(root, false, [token]), $"bare token {token} at {slot.Path}");
        }
        return ChangeScalar(e, rng, "not a number", (_, isString) => isString ? spelling : spelling.Length > 0 ? spelling : "NaN");
    }

    private static readonly (char From, string[] To)[] Lookalikes =
    [
        ('-', ["\u2212", "\u2010", "\u2011", "\u2013", "\u2014", "\uFE63", "\uFF0D"]),
        ('.', ["\u00B7", "\uFF0E", "\u2024", "\u066B", ","]),
        ('e', ["\u0435", "\u212F", "\uFF45", "\u1D49"]),
        ('E', ["\u0415", "\uFF25"]),
        ('/', ["\u2044", "\u2215", "\uFF0F"]),
        ('0', ["O", "o", "\u041E", "\uFF10", "\u0660", "\u06F0", "\u2070", "\u2080"]),
        ('1', ["l", "I", "\uFF11", "\u0661", "\u00B9", "\u2081", "\U0001D7CF"]),
    ];

    /// <summary>
    /// A character swapped for a look-alike (− U+2212, full-width and Arabic-Indic digits, Cyrillic е, ⁄), or a space
    /// look-alike (NBSP, thin space, zero-width space, BOM) inserted, in a number or in a key or enum word.
    /// </summary>
    private static Mutant UnicodeLookalike(CorpusEntry e, Random rng)
    {
        string[] spaces = ["\u00A0", "\u2009", "\u202F", "\u200B", "\uFEFF", "\u3000", " "];
        if (rng.Next(4) == 0)
        {
            // In a key or an enum word (format, kind, objective, "identity", evidence, …).
            var root = Tree(e);
            var words = FuzzJson.Slots(root).Where(s => s.Name is not null && !TruthOracle.IsFree(s.Path)).ToList();
            var slot = Pick(rng, words);
            bool inKey = rng.Next(2) == 0 || slot.Get() is not JsonValue { } v || v.GetValueKind() != JsonValueKind.String;
            string word = inKey ? slot.Name! : slot.Get()!.GetValue<string>();
            string changedWord = rng.Next(2) == 0 && word.IndexOfAny(['a', 'e', 'o', 'c', 'p']) is var i and >= 0
                ? ReplaceAt(word, i, word[i] switch { 'a' => "\u0430", 'e' => "\u0435", 'o' => "\u043E", 'c' => "\u0441", _ => "\u0440" })
                : word.Insert(rng.Next(word.Length + 1), Pick(rng, spaces));
            if (inKey)
            {
                var obj = slot.Parent.AsObject();
                var props = obj.ToList();
                obj.Clear();
                foreach (var (name, child) in props) obj[name == slot.Name ? changedWord : name] = child;
            }
            else slot.Set(JsonValue.Create(changedWord));
            return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0), $"look-alike in {(inKey ? "key" : "value")} {slot.Path}: {word} → {Quote(changedWord)}");
        }
        return ChangeScalar(e, rng, "look-alike", (s, isString) =>
        {
            var candidates = Lookalikes.Where(l => s.Contains(l.From)).ToList();
            if (candidates.Count == 0 || rng.Next(4) == 0) return s.Insert(rng.Next(s.Length + 1), Pick(rng, spaces));
            var (from, to) = Pick(rng, candidates);
            var positions = Enumerable.Range(0, s.Length).Where(i => s[i] == from).ToList();
            return ReplaceAt(s, Pick(rng, positions), Pick(rng, to));
        });
    }

    /// <summary>
    /// A JSON integer (k, n, precision, indices, sizes) set to a boundary value. In-range precision hints above 1 024
    /// bits are left out on purpose: they are legal and merely slow (no per-file time budget exists yet; docs/limits.md).
    /// </summary>
    private static Mutant BoundaryInteger(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var ints = ScalarSlots(root).Where(s => s.Get()!.GetValueKind() == JsonValueKind.Number).ToList();
        if (ints.Count == 0) return HugeNumber(e, rng);
        return ChangeScalar(e, rng, "boundary integer", (_, _) => Pick(rng, new[]
        {
            "-1", "0", "1", "2", "63", "64", "65", "4097", "10000", "10001", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "9223372036854775808", "1.0", "1e2", "-0", "1E1",
        }), ints);
    }

    /// <summary>A value wrapped in 15–100 000 arrays or objects (the reader's depth limit is 16).</summary>
    private static Mutant Nesting(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var slot = Pick(rng, FuzzJson.Slots(root));
        int depth = Pick(rng, new[] { 13, 14, 15, 16, 17, 64, 1000, 100_000 });
        string inner = slot.Get()?.ToJsonString() ?? "null";
        bool objects = rng.Next(2) == 0;
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++) sb.Append(objects ? "{\"a\":" : "[");
        sb.Append(inner);
        for (int i = 0; i < depth; i++) sb.Append(objects ? '}' : ']');
        slot.Set(FuzzJson.Placeholder(0));
        return new Mutant(FuzzJson.Serialize(root, false, [sb.ToString()]), $"{slot.Path} wrapped in {depth} {(objects ? "objects" : "arrays")}");
    }

    /// <summary>Two numbers exchanged (e.g. valueLower and valueUpper), or one copied over another.</summary>
    private static Mutant SwapValues(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var slots = NumberSlots(root).Where(s => s.Get()!.GetValueKind() == JsonValueKind.String).ToList();
        var a = Pick(rng, slots);
        var b = Pick(rng, slots);
        var (x, y) = (a.Get()!.DeepClone(), b.Get()!.DeepClone());
        bool copy = rng.Next(3) == 0;
        if (!copy) a.Set(y);
        b.Set(x);
        return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0), copy ? $"{a.Path} copied to {b.Path}" : $"{a.Path} and {b.Path} swapped");
    }

    /// <summary>
    /// Same values, other spelling: \u escapes in strings and keys, a number rewritten exactly in another form
    /// (p/q, trailing zeros, exponent), a UTF-8 BOM, CRLF line ends. Expected VERIFIED (same claim) or MALFORMED.
    /// </summary>
    private static Mutant EscapesAndSpelling(CorpusEntry e, Random rng)
    {
        switch (rng.Next(5))
        {
            case 0:
                return new Mutant("\uFEFF" + e.Text, "UTF-8 byte order mark prepended");
            case 1:
                return new Mutant(e.Text.Replace("\n", "\r\n"), "CRLF line ends");
            case 2:
            {
                // \u-escape a random character of a random key or string.
                var candidates = Enumerable.Range(0, e.Text.Length).Where(i => char.IsAsciiLetterOrDigit(e.Text[i]) && InString(e.Text, i)).ToList();
                int at = Pick(rng, candidates);
                return new Mutant(e.Text[..at] + $"\\u{(int)e.Text[at]:X4}" + e.Text[(at + 1)..], $"\\u escape at {at} ('{e.Text[at]}')");
            }
            default:
            {
                var root = Tree(e);
                var slots = NumberSlots(root).Where(s => s.Get()!.GetValueKind() == JsonValueKind.String).ToList();
                var slot = Pick(rng, slots);
                var s = slot.Get()!.GetValue<string>();
                var q = Rational.Parse(s);
                string respelled = rng.Next(4) switch
                {
                    0 => q.ToString(),                                             // p/q
                    1 => q.HasFiniteDecimal ? q.ToExactString() + (q.IsInteger ? "" : "000") : q.ToString(),
                    2 => q.HasFiniteDecimal ? Scientific(q) : q.ToString(),
                    _ => $"{q.Numerator * 3}/{q.Denominator * 3}",
                };
                slot.Set(JsonValue.Create(respelled));
                return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0), $"{slot.Path}: {Short(s)} respelled {Short(respelled)}");
            }
        }
    }

    private static string Scientific(Rational q)
    {
        // q = m·10^-k exactly, written as "m e-k" with m an integer.
        int k = 0;
        var x = q;
        while (!x.IsInteger) { x *= 10; k++; }
        return $"{x.Numerator}e-{k}";
    }

    private static bool InString(string text, int index)
    {
        // Inside a string literal: an odd number of unescaped quotes on the line before the index.
        int lineStart = text.LastIndexOf('\n', index) + 1;
        int quotes = 0;
        for (int i = lineStart; i < index; i++)
            if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) quotes++;
        return quotes % 2 == 1;
    }

    /// <summary>The bounds a kind may weaken, with the weak direction: +1 a larger magnitude is weaker, −1 a smaller magnitude (same sign) is weaker.</summary>
    private static readonly Dictionary<string, (string Path, int Direction)[]> Weakenable = new()
    {
        [SafranShamirLocalMinimum.KindName] =
        [
            ("bounds.gradientNormUpper", +1), ("bounds.ballRadius", -1), ("bounds.hessianLambdaMinLower", -1),
            ("bounds.distanceUpper", +1), ("bounds.valueLower", -1), ("bounds.valueUpper", +1),
            ("bounds.allDimensions.hessianLambdaMinLower", -1), ("bounds.allDimensions.thirdDerivativeUpper", +1),
            ("bounds.allDimensions.distanceUpper", +1), ("bounds.allDimensions.valueLower", -1),
        ],
        [SafranShamirRefutation.KindName] =
        [
            ("bounds.boxRadius", -1), ("bounds.partialDerivativeBound", -1), ("bounds.krawczykRadiusUpper", +1), ("bounds.curvatureUpper", -1),
        ],
        [YunLeakyReluMinimum.KindName] = [],
        [YunSmoothMinimum.KindName] = [("bounds.localMinimumRadius", -1)],
        [YunDeepLinearCriticalPoint.KindName] = [],
        [KawaguchiGradientBasisOptimum.KindName] = [("bounds.patternRadius", -1)],
        [DingLiSunMinimum.KindName] = [("bounds.localMinimumRadius", -1), ("bounds.betterRiskUpper", +1)],
    };

    /// <summary>
    /// Positive control of the oracle: a bound moved in its weak direction by a factor 1 ± 10^-j (or 2, 10), a hint or
    /// the provenance edited, or route A dropped. Mostly VERIFIED, category (b); sometimes INVALID (a weakened ε can
    /// break 2ε &lt; λρ).
    /// </summary>
    private static Mutant HonestWeakening(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var table = Weakenable.GetValueOrDefault(e.Kind, []).Where(w => Get(root, w.Path) is not null).ToList();
        int choice = rng.Next(table.Count + 3);
        if (choice < table.Count)
        {
            var (path, direction) = table[choice];
            var before = Rational.Parse(Get(root, path)!.GetValue<string>());
            int j = rng.Next(0, 60);
            var factor = rng.Next(4) switch
            {
                0 => direction > 0 ? new Rational(2) : new Rational(1, 2),
                1 => direction > 0 ? new Rational(10) : new Rational(1, 10),
                _ => direction > 0 ? 1 + Rational.Pow(10, -j) : 1 - Rational.Pow(10, -j),
            };
            var after = before * factor;
            Set(root, path, JsonValue.Create(after.ToCanonicalString()));
            return new Mutant(FuzzJson.Serialize(root, rng.Next(2) == 0), $"weakened {path} ×{factor.ToScientificString(4, RoundingMode.Nearest)}");
        }
        choice -= table.Count;
        if (choice == 0 && root["hints"] is JsonObject hints)
        {
            if (hints["sigma"] is not null && rng.Next(2) == 0)
            {
                hints["sigma"] = JsonValue.Create(Pick(rng, new[] { "0", "-1", "0.5", "1e-300", "12345" }));
                return new Mutant(FuzzJson.Serialize(root, true), "σ hint changed");
            }
            int precision = rng.Next(SafranShamirLocalMinimum.MinPrecision, 700);
            hints["precision"] = precision;
            return new Mutant(FuzzJson.Serialize(root, true), $"precision hint {precision}");
        }
        if (choice == 1 && root["bounds"]?["allDimensions"] is not null)
        {
            root["bounds"]!.AsObject().Remove("allDimensions");
            return new Mutant(FuzzJson.Serialize(root, true), "route A (allDimensions) dropped");
        }
        if (root["provenance"] is JsonObject prov)
        {
            prov["source"] = JsonValue.Create("edited by the fuzzer " + rng.Next());
            root["claim"]!["statement"] = JsonValue.Create("anything at all");
            return new Mutant(FuzzJson.Serialize(root, true), "provenance and statement edited");
        }
        return Reserialize(e, rng);
    }

    private static JsonNode? Get(JsonNode root, string dotted)
    {
        JsonNode? node = root;
        foreach (var part in dotted.Split('.')) node = node?[part];
        return node;
    }

    private static void Set(JsonNode root, string dotted, JsonNode value)
    {
        var parts = dotted.Split('.');
        var parent = Get(root, string.Join('.', parts[..^1]))!;
        parent[parts[^1]] = value;
    }

    /// <summary>
    /// One coordinate of the point moved by ±10^-j (j from 1 to 100: from far away to below the certified radius), or
    /// two neurons exchanged (F is symmetric under permuting neurons).
    /// </summary>
    private static Mutant MovePoint(CorpusEntry e, Random rng)
    {
        var root = Tree(e);
        var point = root["point"];
        if (point?["neurons"] is not JsonArray neurons) return DigitInValue(e, rng);
        if (rng.Next(5) == 0 && neurons.Count > 1)
        {
            int i = rng.Next(neurons.Count), j = (i + 1 + rng.Next(neurons.Count - 1)) % neurons.Count;
            var (x, y) = (neurons[i]!.DeepClone(), neurons[j]!.DeepClone());
            neurons[i] = y;
            neurons[j] = x;
            return new Mutant(FuzzJson.Serialize(root, true), $"neurons {i} and {j} exchanged");
        }
        int row = rng.Next(neurons.Count), col = rng.Next(neurons[row]!.AsArray().Count);
        var before = Rational.Parse(neurons[row]![col]!.GetValue<string>());
        int power = rng.Next(1, 101);
        var after = before + (rng.Next(2) == 0 ? 1 : -1) * Rational.Pow(10, -power);
        neurons[row]![col] = JsonValue.Create(after.ToCanonicalString());
        return new Mutant(FuzzJson.Serialize(root, true), $"point.neurons[{row}][{col}] moved by ±1e-{power}");
    }
}
