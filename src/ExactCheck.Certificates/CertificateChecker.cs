using System.Diagnostics;
using System.Text.Json;
using ExactCheck.Arithmetic;

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

    /// <summary>Deepest JSON nesting the reader accepts; certificates need at most 5 levels.</summary>
    public const int MaxDepth = 16;

    /// <summary>Default time budget per file of <c>exactcheck check</c>, in seconds (<c>--timeout</c>; 0 = none).</summary>
    public const double DefaultTimeoutSeconds = 600;

    public static readonly string[] Kinds = [SafranShamirLocalMinimum.KindName, SafranShamirRefutation.KindName, YunLeakyReluMinimum.KindName,
                                              YunDeepLinearCriticalPoint.KindName, KawaguchiGradientBasisOptimum.KindName,
                                              YunSmoothMinimum.KindName, DingLiSunMinimum.KindName];

    /// <summary>The files a path stands for: the file itself, or every *.json below a folder (sorted, ordinal).</summary>
    public static IReadOnlyList<string> Expand(string path)
    {
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).ToList();
        return [path];
    }

    /// <summary>
    /// Checks one file. <paramref name="timeoutSeconds"/> is its time budget (null or ≤ 0: none); a file whose
    /// derivation does not finish within it is INCONCLUSIVE, naming the budget (issue #7, docs/limits.md).
    /// </summary>
    public static CheckResult CheckFile(string path, double? timeoutSeconds = null)
    {
        var clock = Stopwatch.StartNew();
        if (!File.Exists(path)) return Malformed(path, "no such file", clock);
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
            return Malformed(path, $"{info.Length} bytes exceeds the limit of {MaxFileBytes} bytes (CertificateChecker.MaxFileBytes; docs/limits.md says how to raise a limit)", clock);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Malformed(path, $"cannot read the file: {e.Message}", clock);
        }
        return CheckBytes(path, bytes, clock, timeoutSeconds);
    }

    /// <summary>Checks certificate text (for tests and tools that hold the bytes already).</summary>
    public static CheckResult CheckText(string name, string text, double? timeoutSeconds = null) =>
        CheckBytes(name, System.Text.Encoding.UTF8.GetBytes(text), Stopwatch.StartNew(), timeoutSeconds);

    /// <summary>Checks certificate bytes as read from a file.</summary>
    public static CheckResult CheckBytes(string name, byte[] bytes, double? timeoutSeconds = null) =>
        CheckBytes(name, bytes, Stopwatch.StartNew(), timeoutSeconds);

    private static CheckResult CheckBytes(string path, byte[] bytes, Stopwatch clock, double? timeoutSeconds)
    {
        try
        {
            return Budget.Run(timeoutSeconds, () => CheckBytesCore(path, bytes, clock));
        }
        catch (BudgetExceededException e)
        {
            // Stopped, not decided: INCONCLUSIVE, never INVALID (the file may well be right) and never VERIFIED.
            return new CheckResult(path, Verdict.Inconclusive,
                $"{path}: {e.Message} (raise it with --timeout SECONDS, or --timeout 0 for no budget)", clock.Elapsed.TotalSeconds, [], null);
        }
    }

    private static CheckResult CheckBytesCore(string path, byte[] bytes, Stopwatch clock)
    {
        ReadOnlyMemory<byte> text = bytes;
        // RFC 8259 § 8.1: a parser may ignore a byte-order mark; editors on some systems write one.
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) text = text[3..];
        // The whole file must be UTF-8, including strings the checker never reads (System.Text.Json decodes and
        // validates only the strings that are read).
        if (System.Text.Unicode.Utf8.ToUtf16(text.Span, new char[text.Length], out var validBytes, out _, replaceInvalidSequences: false)
            != System.Buffers.OperationStatus.Done)
        {
            var (line, column) = Position(text.Span, validBytes);
            return Malformed(path, $"not UTF-8 (line {line}, byte {column}): certificate format 1 is UTF-8 JSON", clock);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            var why = e.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? $"nested deeper than {MaxDepth} levels (the limit CertificateChecker.MaxDepth; certificates need at most 5)"
                : "expected a certificate object";
            return Malformed(path, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {why}", clock);
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
                // The statement is informational (the kind and the model are the claim), but it must be text.
                if (claim.TryGetProperty("statement", out var statement)) Json.String(statement, "$.claim.statement");
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
                    case YunDeepLinearCriticalPoint.KindName:
                        return Exact(path, YunDeepLinearCriticalPoint.Parse(root).Check(), clock);
                    case KawaguchiGradientBasisOptimum.KindName:
                        return Exact(path, KawaguchiGradientBasisOptimum.Parse(root).Check(), clock);
                    case YunSmoothMinimum.KindName:
                    {
                        var (smoothVerdict, smoothChecks, _) = YunSmoothMinimum.Parse(root).Check();
                        return new CheckResult(path, smoothVerdict, string.Join("; ", smoothChecks.Where(c => !c.Holds).Select(c => $"{c.Name} [{c.Label}]: {c.Describe()}")), clock.Elapsed.TotalSeconds, smoothChecks, null);
                    }
                    case DingLiSunMinimum.KindName:
                    {
                        var (dingVerdict, dingChecks) = DingLiSunMinimum.Parse(root).Check();
                        return new CheckResult(path, dingVerdict, string.Join("; ", dingChecks.Where(c => !c.Holds).Select(c => $"{c.Name} [{c.Label}]: {c.Describe()}")), clock.Elapsed.TotalSeconds, dingChecks, null);
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

    /// <summary>1-based line and byte-in-line of byte offset <paramref name="offset"/>.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> text, int offset)
    {
        int line = 1, start = 0;
        for (int i = 0; i < offset && i < text.Length; i++)
            if (text[i] == (byte)'\n') { line++; start = i + 1; }
        return (line, offset - start + 1);
    }

    /// <summary>The result of an exact-rational kind: VERIFIED or INVALID with every failed check listed.</summary>
    private static CheckResult Exact(string path, (Verdict Verdict, IReadOnlyList<BoundCheck> Checks) r, Stopwatch clock) =>
        new(path, r.Verdict, string.Join("; ", r.Checks.Where(c => !c.Holds).Select(c => $"{c.Name} [{c.Label}]: {c.Describe()}")),
            clock.Elapsed.TotalSeconds, r.Checks, null);

    private static CheckResult Malformed(string path, string message, Stopwatch clock) =>
        new(path, Verdict.Malformed, $"{path}: {message}", clock.Elapsed.TotalSeconds, [], null);
}
