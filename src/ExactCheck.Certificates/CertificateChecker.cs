using System.Diagnostics;
using System.Text.Json;

namespace ExactCheck.Certificates;

/// <summary>
/// Entry point of the trusted checker: one file in, one verdict out. Reads the envelope of certificate format 1
/// (UTF-8 JSON with <c>"format": "exactcheck-certificate/1"</c>, docs/certificate-format.md) and dispatches on the
/// claim kind. Anything that cannot be read is MALFORMED with its JSON path; a claim whose bounds do not all follow is
/// INVALID with claimed vs derived per bound.
/// </summary>
public static class CertificateChecker
{
    public const string Format1 = "exactcheck-certificate/1";

    /// <summary>Largest file the checker reads (bytes).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public static readonly string[] Kinds = [SafranShamirLocalMinimum.KindName, SafranShamirRefutation.KindName, YunLeakyReluMinimum.KindName];

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
        if (!File.Exists(path)) return Malformed(path, "no such file", clock);
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
            return Malformed(path, $"{info.Length} bytes exceeds the limit of {MaxFileBytes} bytes", clock);
        return CheckBytes(path, File.ReadAllBytes(path), clock);
    }

    /// <summary>Checks certificate text (for tests and tools that hold the bytes already).</summary>
    public static CheckResult CheckText(string name, string text) => CheckBytes(name, System.Text.Encoding.UTF8.GetBytes(text), Stopwatch.StartNew());

    private static CheckResult CheckBytes(string path, byte[] bytes, Stopwatch clock)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return Malformed(path, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): expected a certificate object", clock);
        }
        using (doc)
        {
            try
            {
                var root = Json.Object(doc.RootElement, "$");
                // "$schema" names the file's JSON Schema for editors and other tools (CertificateSchema); informational
                // like provenance, so any string is accepted, but it must be a string.
                if (Json.Optional(root, "$schema") is { } schema) Json.String(schema, "$.$schema");
                var format = Json.String(Json.Required(root, "format", "$"), "$.format");
                if (format != Format1) throw new MalformedException("$.format", $"unknown format \"{format}\"; expected \"{Format1}\"");
                var claim = Json.Object(Json.Required(root, "claim", "$"), "$.claim");
                var kind = Json.String(Json.Required(claim, "kind", "$.claim"), "$.claim.kind");
                switch (kind)
                {
                    case SafranShamirLocalMinimum.KindName:
                        var cert = SafranShamirLocalMinimum.Parse(root);
                        var (verdict, checks, summary) = cert.Check();
                        var failed = checks.Where(c => !c.Holds).ToList();
                        var message = failed.Count == 0 ? "" : string.Join("; ", failed.Select(c =>
                            $"{c.Name} [{c.Label}]: {c.Describe()}"));
                        return new CheckResult(path, verdict, message, clock.Elapsed.TotalSeconds, checks, summary);
                    case SafranShamirRefutation.KindName:
                    {
                        var (refutationVerdict, refutationChecks, refutationSummary) = SafranShamirRefutation.Parse(root).Check();
                        var refutationFailed = refutationChecks.Where(c => !c.Holds).ToList();
                        var refutationMessage = refutationFailed.Count == 0 ? "" : string.Join("; ", refutationFailed.Select(c =>
                            $"{c.Name} [{c.Label}]: {c.Describe()}"));
                        return new CheckResult(path, refutationVerdict, refutationMessage, clock.Elapsed.TotalSeconds, refutationChecks, refutationSummary);
                    }
                    case YunLeakyReluMinimum.KindName:
                    {
                        var (yunVerdict, yunChecks) = YunLeakyReluMinimum.Parse(root).Check();
                        var yunMessage = string.Join("; ", yunChecks.Where(c => !c.Holds).Select(c => $"{c.Name} [{c.Label}]: {c.Describe()}"));
                        return new CheckResult(path, yunVerdict, yunMessage, clock.Elapsed.TotalSeconds, yunChecks, null);
                    }
                    default:
                        throw new MalformedException("$.claim.kind", $"unknown claim kind \"{kind}\"; expected one of {string.Join(", ", Kinds)}");
                }
            }
            catch (MalformedException e)
            {
                return Malformed(path, e.Message, clock);
            }
            catch (Exception e) when (e is ArithmeticException or ArgumentException or InvalidOperationException)
            {
                // A bound that cannot be derived (e.g. a domain error in an enclosure) is not proved: INVALID, never VERIFIED.
                return new CheckResult(path, Verdict.Invalid, $"could not derive the bounds: {e.GetType().Name}: {e.Message}", clock.Elapsed.TotalSeconds, [], null);
            }
        }
    }

    private static CheckResult Malformed(string path, string message, Stopwatch clock) =>
        new(path, Verdict.Malformed, $"{path}: {message}", clock.Elapsed.TotalSeconds, [], null);
}
