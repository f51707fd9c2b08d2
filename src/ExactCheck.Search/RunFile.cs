using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ExactCheck.Search;

/// <summary>The first line of a run file: what was searched, under which protocol, by which code.</summary>
public sealed record RunFileHeader(int K, int N, int Seed, SearchOptions Protocol, string Kernel, string Tool)
{
    /// <summary>
    /// The fields that must agree for runs to be appended to an existing file: (k, n, seed), every protocol parameter
    /// that changes a run's result, and the kernel version. <see cref="Tool"/> (the assembly version) is informational.
    /// </summary>
    public string? Mismatch(RunFileHeader other)
    {
        var diffs = new List<string>();
        if (K != other.K) diffs.Add($"k {K} vs {other.K}");
        if (N != other.N) diffs.Add($"n {N} vs {other.N}");
        if (Seed != other.Seed) diffs.Add($"seed {Seed} vs {other.Seed}");
        if (Kernel != other.Kernel) diffs.Add($"kernel {Kernel} vs {other.Kernel}");
        foreach (var (name, a, b) in RunFile.ProtocolFields(Protocol).Zip(RunFile.ProtocolFields(other.Protocol), (x, y) => (x.Name, x.Value, y.Value)))
            if (a != b) diffs.Add($"{name} {a.ToString("R", CultureInfo.InvariantCulture)} vs {b.ToString("R", CultureInfo.InvariantCulture)}");
        return diffs.Count == 0 ? null : string.Join(", ", diffs);
    }
}

/// <summary>A run file as read back: the header, the run records by index, and what was repaired or skipped.</summary>
public sealed record RunFileContents(RunFileHeader Header, IReadOnlyList<RunResult> Runs, IReadOnlyList<string> Notes, long GoodLength);

/// <summary>Thrown for a run file that cannot be read or resumed (the message names the file, the line and why).</summary>
public sealed class RunFileException(string message) : Exception(message);

/// <summary>
/// Search results as JSON Lines, one run per line, appended as runs finish, so an interrupted search loses at most
/// the run being written. Line 1 is the header (format, k, n, seed, protocol parameters, kernel and tool version);
/// every later line is one run: {"run", "outcome", "steps", "F", "gradMax", "lambdaMin", "note", "point"} with
/// doubles in their shortest round-trip form, null for NaN/absent, and the point (stacked neuron by neuron) only for
/// converged candidates (Spurious, Saddle) and for runs stopped by the step cap (Cap, so that the point where GD
/// stalled can be audited; files written before 2026-11-23 have null there). A run record depends only on (k, n, seed, run index, protocol, kernel),
/// so a resumed file has byte-identical run lines to an uninterrupted one (in index order).
/// <para>
/// Crash safety: a record is one write of one complete line followed by a flush to the OS, so a killed process
/// leaves at most one torn last line (no final newline, or not parseable). <see cref="OpenForAppend"/> detects it,
/// truncates the file to the last complete record and redoes that run; a bad line anywhere else, a duplicated run
/// index or a header that disagrees with the command is an error, never silently repaired. A power cut may lose the
/// runs still in the OS cache (they are redone on resume: no record is ever half-kept).
/// </para>
/// </summary>
public static class RunFile
{
    public const string Format = "exactcheck-search-runs/1";

    internal static IEnumerable<(string Name, double Value)> ProtocolFields(SearchOptions o) =>
    [
        ("stepSize", o.StepSize), ("gradientTolerance", o.GradientTolerance), ("spuriousThreshold", o.SpuriousThreshold),
        ("globalThreshold", o.GlobalThreshold), ("checkInterval", o.CheckInterval), ("maxSteps", o.MaxSteps),
        ("collapseNorm", o.CollapseNorm),
    ];

    /// <summary>The header for a new search with this code.</summary>
    public static RunFileHeader NewHeader(int k, int n, int seed, SearchOptions options) =>
        new(k, n, seed, options, GradientDescentSearch.KernelVersion, ToolVersion);

    /// <summary>The informational version of this assembly (with the commit when the build embedded it).</summary>
    public static string ToolVersion { get; } =
        typeof(RunFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static readonly JsonWriterOptions LineOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Line(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, LineOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Number(Utf8JsonWriter w, string name, double? x)
    {
        if (x is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    public static string HeaderLine(RunFileHeader h) => Line(w =>
    {
        w.WriteString("format", Format);
        w.WriteNumber("k", h.K);
        w.WriteNumber("n", h.N);
        w.WriteNumber("seed", h.Seed);
        w.WriteStartObject("protocol");
        foreach (var (name, value) in ProtocolFields(h.Protocol)) w.WriteNumber(name, value);
        w.WriteEndObject();
        w.WriteString("kernel", h.Kernel);
        w.WriteString("tool", h.Tool);
    });

    public static string RecordLine(RunResult r) => Line(w =>
    {
        w.WriteNumber("run", r.RunIndex);
        w.WriteString("outcome", r.Outcome.ToString());
        w.WriteNumber("steps", r.Steps);
        Number(w, "F", r.Value);
        Number(w, "gradMax", r.MaxNeuronGradient);
        Number(w, "lambdaMin", r.MinEigenvalue);
        if (r.Note is null) w.WriteNull("note");
        else w.WriteString("note", r.Note);
        if (r.IsCandidate || (r.Outcome == RunOutcome.Cap && r.Point.Length > 0))
        {
            w.WriteStartArray("point");
            foreach (var x in r.Point) w.WriteNumberValue(x);
            w.WriteEndArray();
        }
        else w.WriteNull("point");
    });

    // ------------------------------------------------------------------ reading

    public static RunFileHeader ParseHeader(string line, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.GetProperty("format").GetString() != Format)
                throw new RunFileException($"{where}: not a run file of format {Format}");
            var p = e.GetProperty("protocol");
            var o = new SearchOptions
            {
                StepSize = p.GetProperty("stepSize").GetDouble(),
                GradientTolerance = p.GetProperty("gradientTolerance").GetDouble(),
                SpuriousThreshold = p.GetProperty("spuriousThreshold").GetDouble(),
                GlobalThreshold = p.GetProperty("globalThreshold").GetDouble(),
                CheckInterval = p.GetProperty("checkInterval").GetInt32(),
                MaxSteps = p.GetProperty("maxSteps").GetInt64(),
                CollapseNorm = p.GetProperty("collapseNorm").GetDouble(),
            };
            return new RunFileHeader(e.GetProperty("k").GetInt32(), e.GetProperty("n").GetInt32(), e.GetProperty("seed").GetInt32(),
                o, e.GetProperty("kernel").GetString() ?? "", e.GetProperty("tool").GetString() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RunFileException($"{where}: bad header ({ex.Message})");
        }
    }

    /// <summary>One run record; throws <see cref="FormatException"/> (with the reason) if the line is not a complete record.</summary>
    public static RunResult ParseRecord(string line, RunFileHeader h)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            int run = e.GetProperty("run").GetInt32();
            if (run < 0) throw new FormatException("negative run index");
            var outcome = Enum.Parse<RunOutcome>(e.GetProperty("outcome").GetString() ?? "", ignoreCase: false);
            double Opt(string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? double.NaN : e.GetProperty(name).GetDouble();
            var lambda = e.GetProperty("lambdaMin").ValueKind == JsonValueKind.Null ? (double?)null : e.GetProperty("lambdaMin").GetDouble();
            var note = e.GetProperty("note").ValueKind == JsonValueKind.Null ? null : e.GetProperty("note").GetString();
            var pe = e.GetProperty("point");
            double[] point = pe.ValueKind == JsonValueKind.Null ? [] : pe.EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var r = new RunResult(h.K, h.N, h.Seed, run, outcome, e.GetProperty("steps").GetInt64(), Opt("F"), Opt("gradMax"), point, lambda, note);
            if (r.IsCandidate && (point.Length != h.K * h.N || lambda is null))
                throw new FormatException($"a {outcome} run needs a point of {h.K * h.N} numbers and λmin");
            if (!r.IsCandidate && point.Length != 0 && (outcome != RunOutcome.Cap || point.Length != h.K * h.N))
                throw new FormatException(outcome == RunOutcome.Cap
                    ? $"a Cap run's point must have {h.K * h.N} numbers (or be null)"
                    : $"a {outcome} run has no point (null expected)");
            return r;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Reads a run file (plain, or gzip-compressed when the name ends in .gz). A torn last line (no final newline or
    /// not a record) is dropped with a note; any other bad line, or a duplicated run index, is an error.
    /// </summary>
    public static RunFileContents Read(string path)
    {
        byte[] bytes;
        try
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                bytes = buffer.ToArray();
            }
            else bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new RunFileException($"{path}: cannot read ({e.Message})");
        }
        return Parse(bytes, path);
    }

    internal static RunFileContents Parse(byte[] bytes, string path)
    {
        var notes = new List<string>();
        var runs = new List<RunResult>();
        var seen = new HashSet<int>();
        int pos = 0, lineNo = 0;
        RunFileHeader? header = null;
        long good = 0;
        while (pos < bytes.Length)
        {
            int nl = Array.IndexOf(bytes, (byte)'\n', pos);
            lineNo++;
            bool complete = nl >= 0;
            int end = complete ? nl : bytes.Length;
            string text;
            try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, pos, end - pos); }
            catch (DecoderFallbackException) { text = "\u0000"; }
            bool last = !complete || nl + 1 == bytes.Length;
            if (header is null)
            {
                if (!complete)
                {
                    notes.Add($"discarded a torn header line ({end - pos} bytes)");
                    break;
                }
                header = ParseHeader(text, $"{path}:{lineNo}");
            }
            else
            {
                RunResult? r = null;
                string? why = null;
                if (!complete) why = "no final newline";
                else
                {
                    try { r = ParseRecord(text, header); }
                    catch (FormatException e) { why = e.Message; }
                }
                if (r is null)
                {
                    if (last)
                    {
                        notes.Add($"discarded a torn last line {lineNo} ({end - pos} bytes: {why}); that run is redone");
                        break;
                    }
                    throw new RunFileException($"{path}:{lineNo}: not a run record ({why}); only a torn LAST line is repaired");
                }
                if (!seen.Add(r.RunIndex)) throw new RunFileException($"{path}:{lineNo}: run {r.RunIndex} appears twice");
                runs.Add(r);
            }
            pos = end + 1;
            good = pos;
        }
        if (header is null) throw new RunFileException($"{path}: empty run file (no header)");
        return new RunFileContents(header, runs, notes, good);
    }

    // ------------------------------------------------------------------ appending

    /// <summary>
    /// Opens <paramref name="path"/> to append runs of <paramref name="header"/>: creates it with the header line if it
    /// does not exist (or is empty), else verifies its header (<see cref="RunFileHeader.Mismatch"/>), truncates a torn
    /// last line and returns the runs already done.
    /// </summary>
    public static (Writer Writer, RunFileContents Existing) OpenForAppend(string path, RunFileHeader header)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            throw new RunFileException($"{path}: cannot append to a compressed run file (gunzip it first)");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            // The header goes in by rename, so a crash never leaves a file without a complete header.
            CertificateProducer.WriteAtomically(path, HeaderLine(header));
            var fresh = new RunFileContents(header, [], [], Encoding.UTF8.GetByteCount(HeaderLine(header)));
            return (new Writer(path, fresh.GoodLength), fresh);
        }
        var existing = Read(path);
        if (existing.Header.Mismatch(header) is { } why)
            throw new RunFileException($"{path}: made by a different search ({why}); use another --out file");
        return (new Writer(path, existing.GoodLength), existing);
    }

    /// <summary>Appends run records, one complete line per write, flushed to the OS after each.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly FileStream _stream;

        internal Writer(string path, long goodLength)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
            if (_stream.Length != goodLength) _stream.SetLength(goodLength); // drop a torn tail
            _stream.Seek(0, SeekOrigin.End);
        }

        public void Append(RunResult r)
        {
            var bytes = Encoding.UTF8.GetBytes(RecordLine(r));
            _stream.Write(bytes);
            _stream.Flush();
        }

        public void Dispose() => _stream.Dispose();
    }
}
