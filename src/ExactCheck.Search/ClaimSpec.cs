using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;

namespace ExactCheck.Search;

/// <summary>
/// A claim spec in proofs/…/claims/*.json: what to certify (kind, model, a starting point) and where it comes from.
/// `regen` turns each spec into certificates/&lt;name&gt;.json. Specs are producer input: numbers may be JSON numbers or
/// strings, and the point is refined before it is certified.
/// </summary>
public sealed record ClaimSpec(string Path, string Name, string Kind, int K, int N, Rational[][]? Targets, Rational[][] Neurons, string Source)
{
    /// <summary>The payload of an exact kind's spec (ExactClaimSpecs); null for Safran–Shamir, whose K, N, Targets, Neurons are used.</summary>
    public ExactSpec? Exact { get; init; }

    /// <summary>Where regen and certify put the certificate: certificates/&lt;paper&gt;/&lt;name&gt;.json, the paper being the kind's prefix.</summary>
    public string CertificatePath(string certificatesDir) =>
        System.IO.Path.Combine(certificatesDir, Kind.Split('/')[0], Name + ".json");

    /// <summary>
    /// Reads a spec. A plain point file works too: "kind" defaults to safran-shamir/local-minimum, "name" to the file
    /// name, "targets" to identity and "source" to the path.
    /// </summary>
    public static ClaimSpec Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var kind = Json.Optional(Json.Object(doc.RootElement, "$"), "kind") is { } kd ? Json.String(kd, "$.kind") : SafranShamirLocalMinimum.KindName;
        var name = Json.Optional(doc.RootElement, "name") is { } nm ? Json.String(nm, "$.name") : System.IO.Path.GetFileNameWithoutExtension(path);
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')))
            throw new MalformedException("$.name", "expected letters, digits, '-' or '_' (it names the certificate file)");
        if (ExactClaimSpecs.Kinds.Contains(kind))
            return new ClaimSpec(path, name, kind, 0, 0, null, [], Json.Optional(doc.RootElement, "source") is { } es ? Json.String(es, "$.source") : $"spec {path}")
            {
                Exact = ExactClaimSpecs.Load(doc.RootElement, kind, path),
            };
        var root = Json.Object(doc.RootElement, "$", "kind", "name", "k", "n", "targets", "neurons", "source");
        if (kind != SafranShamirLocalMinimum.KindName && kind != SafranShamirRefutation.KindName)
            throw new MalformedException("$.kind", $"unsupported kind \"{kind}\"; expected one of {SafranShamirLocalMinimum.KindName}, {SafranShamirRefutation.KindName}, {string.Join(", ", ExactClaimSpecs.Kinds)}");
        int k = Json.Integer(Json.Required(root, "k", "$"), "$.k", 1, SafranShamirLocalMinimum.MaxDimension);
        int n = Json.Integer(Json.Required(root, "n", "$"), "$.n", 1, SafranShamirLocalMinimum.MaxDimension);
        Rational[][]? targets = null;
        if (Json.Optional(root, "targets") is { } t && (t.ValueKind != JsonValueKind.String || t.GetString() != "identity"))
            targets = Vectors(t, "$.targets", k);
        var neurons = Vectors(Json.Required(root, "neurons", "$"), "$.neurons", k);
        if (neurons.Length != n) throw new MalformedException("$.neurons", $"expected {n} neurons, found {neurons.Length}");
        var source = Json.Optional(root, "source") is { } so ? Json.String(so, "$.source") : $"point file {path}";
        return new ClaimSpec(path, name, kind, k, n, targets, neurons, source);
    }

    private static Rational[][] Vectors(JsonElement e, string path, int length)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new MalformedException(path, "expected an array of vectors");
        return e.EnumerateArray().Select((row, i) =>
        {
            Json.Array(row, $"{path}[{i}]", length);
            return row.EnumerateArray().Select((x, a) => x.ValueKind == JsonValueKind.Number
                ? Rational.Parse(x.GetRawText())
                : Json.Number(x, $"{path}[{i}][{a}]")).ToArray();
        }).ToArray();
    }

    /// <summary>Every spec below <paramref name="proofsDir"/> (files matching */claims/*.json), in ordinal path order.</summary>
    public static IReadOnlyList<string> Find(string proofsDir) =>
        Directory.EnumerateFiles(proofsDir, "*.json", SearchOption.AllDirectories)
            .Where(p => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(p)) == "claims")
            .Order(StringComparer.Ordinal).ToList();
}

/// <summary>The producer pipeline for one spec: refine, certify, self-check.</summary>
public static class CertificateProducer
{
    /// <summary>A produced certificate: its exact text, the checker's verdict on that text, and a one-line summary.</summary>
    public sealed record Produced(ClaimSpec Spec, RefinedPoint? Refined, string Text, Verdict Verdict, IReadOnlyList<BoundCheck> Checks, string Summary);

    public static Produced Produce(ClaimSpec spec, string command)
    {
        var provenance = new Dictionary<string, string>
        {
            ["producer"] = $"exactcheck {typeof(CertificateProducer).Assembly.GetName().Version?.ToString(3)}",
            ["command"] = command,
            ["spec"] = spec.Path.Replace('\\', '/'),
            ["source"] = spec.Source,
        };
        if (spec.Exact is { } exact)
        {
            var (exactText, exactSummary) = exact.Build(provenance);
            var exactCheck = CertificateChecker.CheckText(spec.Name, exactText);
            return new Produced(spec, null, exactText, exactCheck.Verdict, exactCheck.Checks, exactSummary);
        }
        if (spec.Kind == SafranShamirRefutation.KindName)
        {
            var attempt = SafranShamirRefuter.Refute(spec.K, spec.N, spec.Targets, spec.Neurons, provenance);
            if (attempt.Certificate is not { } refutation)
                throw new InvalidOperationException($"no refutation found: {attempt.Reason}");
            var text = refutation.ToCanonicalJson();
            var check = CertificateChecker.CheckText(spec.Name, text);
            return new Produced(spec, attempt.Refined, text, check.Verdict, check.Checks,
                $"{refutation.Evidence.ToString().ToLowerInvariant()} evidence on a box of radius {refutation.BoxRadius.ToScientificString(3, RoundingMode.Up)}");
        }
        var start = spec.Neurons.SelectMany(v => v).Select(x => BigFloat.FromRational(x, SafranShamirProducer.RefinePrecision, RoundingMode.Nearest)).ToArray();
        var refined = SafranShamirProducer.Refine(spec.K, spec.N, spec.Targets, start);
        provenance["refinement"] = $"Newton, {refined.Steps} steps at {SafranShamirProducer.RefinePrecision} bits: ‖∇F‖ {refined.GradientNormBefore:G3} → {refined.GradientNormAfter:G3}, moved {refined.DistanceMoved:G3}";
        var (cert, verdict, checks) = SafranShamirProducer.Certify(spec.K, spec.N, spec.Targets, refined.Point, provenance);
        return new Produced(spec, refined, cert.ToCanonicalJson(), verdict, checks,
            $"r ≤ {cert.DistanceUpper.ToScientificString(3, RoundingMode.Up)}, λ ≥ {cert.HessianLambdaMinLower.ToScientificString(6, RoundingMode.Down)}");
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> atomically: the bytes go to a hidden temporary file
    /// beside it (<c>.NAME.PID.tmp</c>, which <c>check</c> never reads: not *.json), are flushed to the disk, and the
    /// file is then renamed over the target (rename is atomic on POSIX file systems). A kill or crash at any moment
    /// leaves either the old file or the new one, never a half-written certificate (issue #7, tested by killing the
    /// process mid-write). Temporary files left by a killed process are removed by the next write of the same target.
    /// </summary>
    public static void WriteAtomically(string path, string text)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        var name = System.IO.Path.GetFileName(full);
        Directory.CreateDirectory(dir);
        RemoveStaleTemporaries(dir, name);
        var temp = System.IO.Path.Combine(dir, $".{name}.{Environment.ProcessId}.tmp");
        var bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            // Test hook (EXACTCHECK_TEST_WRITE_DELAY_MS): pause half-way so a test can kill the process mid-write.
            int half = TestWriteDelayMs > 0 ? bytes.Length / 2 : bytes.Length;
            stream.Write(bytes, 0, half);
            if (TestWriteDelayMs > 0) { stream.Flush(); Thread.Sleep(TestWriteDelayMs); }
            stream.Write(bytes, half, bytes.Length - half);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
    }

    private static readonly int TestWriteDelayMs =
        int.TryParse(Environment.GetEnvironmentVariable("EXACTCHECK_TEST_WRITE_DELAY_MS"), out int ms) && ms > 0 ? ms : 0;

    /// <summary>Deletes <c>.NAME.PID.tmp</c> files of <paramref name="name"/> whose process no longer runs.</summary>
    private static void RemoveStaleTemporaries(string dir, string name)
    {
        foreach (var temp in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var pidText = System.IO.Path.GetFileName(temp)[(name.Length + 2)..^4];
            if (!int.TryParse(pidText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid != Environment.ProcessId && IsRunning(pid)) continue;
            try { File.Delete(temp); } catch (IOException) { /* another writer got there first */ }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
