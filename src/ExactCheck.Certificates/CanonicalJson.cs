using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates;

/// <summary>
/// The byte-stable output of certificates: UTF-8, two-space indentation, LF line ends, a final newline, keys in the
/// order the writer emits them, every number an exact string. The same certificate always gives the same bytes.
/// </summary>
public static class CanonicalJson
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static void WriteVectors(Utf8JsonWriter w, string name, IEnumerable<Rational[]> vectors)
    {
        w.WriteStartArray(name);
        foreach (var v in vectors)
        {
            w.WriteStartArray();
            foreach (var x in v) w.WriteStringValue(x.ToCanonicalString());
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// The opening every certificate shares: "$schema" (<see cref="CertificateSchema.For"/>), "format" (format 1), then
    /// the "claim" object opened with its "kind"; the caller writes the statement and the rest of the claim and closes it.
    /// </summary>
    public static void WriteClaimHeader(Utf8JsonWriter w, string kind)
    {
        w.WriteString("$schema", CertificateSchema.For(kind));
        w.WriteString("format", CertificateChecker.Format1);
        w.WriteStartObject("claim");
        w.WriteString("kind", kind);
    }

    public static void WriteVector(Utf8JsonWriter w, string name, IEnumerable<Rational> vector)
    {
        w.WriteStartArray(name);
        foreach (var x in vector) w.WriteStringValue(x.ToCanonicalString());
        w.WriteEndArray();
    }

    /// <summary>The "provenance" object: informational strings, keys in ordinal order so the bytes are stable.</summary>
    public static void WriteProvenance(Utf8JsonWriter w, IReadOnlyDictionary<string, string> provenance)
    {
        w.WriteStartObject("provenance");
        foreach (var (key, value) in provenance.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
    }
}
