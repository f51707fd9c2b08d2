using System.Diagnostics;
using System.Text.Json;

namespace ExactCheck.Certificates;

/// <summary>
/// Entry point of the trusted checker: one file in, one verdict out. This version reads the envelope of certificate
/// format 1 (UTF-8 JSON with <c>"format": "exactcheck-certificate/1"</c>) and reports MALFORMED for every claim
/// kind, because no claim kind is implemented yet (they arrive with the Safran–Shamir certificate work). It never
/// answers VERIFIED.
/// </summary>
public static class CertificateChecker
{
    public const string Format1 = "exactcheck-certificate/1";

    /// <summary>Largest file the checker reads (bytes).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The files a path stands for: the file itself, or every *.json below a folder (sorted, ordinal).</summary>
    public static IReadOnlyList<string> Expand(string path)
    {
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).ToList();
        return [path];
    }

    public static CheckResult CheckFile(string path)
    {
        var clock = Stopwatch.StartNew();
        var (verdict, message) = Check(path);
        return new CheckResult(path, verdict, message, clock.Elapsed.TotalSeconds);
    }

    private static (Verdict, string) Check(string path)
    {
        if (!File.Exists(path)) return (Verdict.Malformed, $"{path}: no such file");
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
            return (Verdict.Malformed, $"{path}: {info.Length} bytes exceeds the limit of {MaxFileBytes} bytes");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return (Verdict.Malformed, $"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): expected a certificate object");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (Verdict.Malformed, $"{path}: $: expected a JSON object, found {root.ValueKind}");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
                return (Verdict.Malformed, $"{path}: $.format: missing; expected \"{Format1}\"");
            if (format.GetString() != Format1)
                return (Verdict.Malformed, $"{path}: $.format: unknown format \"{format.GetString()}\"; expected \"{Format1}\"");
            string kind = root.TryGetProperty("claim", out var claim) && claim.ValueKind == JsonValueKind.Object &&
                          claim.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()!
                : "(none)";
            return (Verdict.Malformed, $"{path}: $.claim.kind: claim kind \"{kind}\" is not supported by this version (no claim kinds are implemented yet)");
        }
    }
}
