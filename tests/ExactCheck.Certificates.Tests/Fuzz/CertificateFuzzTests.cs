using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>
/// Issue #7 item 2: mutate every committed certificate and check that the checker (1) returns a verdict and never
/// throws, (2) answers within <see cref="Budget"/> per mutant, and (3) never says VERIFIED unless the mutant still
/// states a true claim (<see cref="TruthOracle"/>: (a) canonical re-serialisation equal, (b) honest weakening, or
/// (c) implied by what the original proves). Any other VERIFIED mutant fails the test as a finding.
/// <para>
/// Default run: <see cref="DefaultMutantsPerOperator"/> mutants per operator (21 operators, so 252 mutants), each
/// drawn by CsCheck as (certificate, seed). Long mode: <c>EXACTCHECK_FUZZ_ITERATIONS=N</c> runs about N mutants in
/// all (N / 21 per operator); <c>EXACTCHECK_FUZZ_REPORT=path</c> appends one summary line per operator to a file.
/// A failure prints the CsCheck seed; <c>CsCheck_Seed=…</c> replays it. docs/trust.md § Fuzzing.
/// </para>
/// </summary>
public class CertificateFuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Mutants per operator in the default test run (fixed; the draws vary with CsCheck's seed).</summary>
    public const int DefaultMutantsPerOperator = 12;

    /// <summary>Wall-clock budget for one mutant. The slowest committed certificate checks in about 1.3 s.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    public static int MutantsPerOperator =>
        int.TryParse(Environment.GetEnvironmentVariable("EXACTCHECK_FUZZ_ITERATIONS"), out int total) && total > 0
            ? Math.Max(1, (total + Mutators.All.Count - 1) / Mutators.All.Count)
            : DefaultMutantsPerOperator;

    /// <summary>
    /// The default run fuzzes the certificates with k·n ≤ <see cref="DefaultMaxParameters"/> (the same cut as the default
    /// regen test): the larger search-family certificates (k = 9..13) take seconds each to check, and under the full
    /// suite on a loaded 2-core machine a mutant of one ran past the 20 s budget. Long mode
    /// (EXACTCHECK_FUZZ_ITERATIONS) fuzzes every committed certificate.
    /// </summary>
    public const int DefaultMaxParameters = 72;

    private static IReadOnlyList<CorpusEntry> FuzzCorpus =>
        Environment.GetEnvironmentVariable("EXACTCHECK_FUZZ_ITERATIONS") is { Length: > 0 }
            ? Corpus.All
            : Corpus.All.Where(e => Parameters(e) <= DefaultMaxParameters).ToList();

    /// <summary>k·n of a Safran–Shamir certificate (0 for other kinds, which are small).</summary>
    private static long Parameters(CorpusEntry e) =>
        e.Flat.TryGetValue("$.claim.model.k", out var k) && e.Flat.TryGetValue("$.claim.model.n", out var n)
            && long.TryParse(k.Text, out long kk) && long.TryParse(n.Text, out long nn) ? kk * nn : 0;

    private readonly string _temp = Directory.CreateTempSubdirectory("exactcheck-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    public static TheoryData<string> Operators()
    {
        var data = new TheoryData<string>();
        foreach (var op in Mutators.All) data.Add(op.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void MutantsGetAVerdictInTimeAndAreNeverFalselyVerified(string operatorName)
    {
        var op = Mutators.ByName(operatorName);
        var corpus = FuzzCorpus;
        Assert.NotEmpty(corpus);
        var stats = new FuzzStats(op.Name);
        var clock = Stopwatch.StartNew();
        Gen.Select(Gen.Int[0, corpus.Count - 1], Gen.Int[0, int.MaxValue]).Sample(
            (index, seed) => RunOne(corpus[index], op, seed, stats),
            iter: MutantsPerOperator,
            print: t => $"{corpus[t.Item1].Name} / {op.Name} / seed {t.Item2}: {op.Apply(corpus[t.Item1], new Random(t.Item2)).Description}");
        var summary = stats.Summary(clock.Elapsed);
        output.WriteLine(summary);
        foreach (var line in stats.VerifiedExamples()) output.WriteLine("  " + line);
        if (Environment.GetEnvironmentVariable("EXACTCHECK_FUZZ_REPORT") is { Length: > 0 } report)
            lock (ReportLock) File.AppendAllText(report, summary + Environment.NewLine);

        // Positive controls: the operators that keep the claim must produce VERIFIED mutants of the expected category,
        // so the suite cannot pass vacuously (e.g. by a checker that rejects everything).
        if (op.Name == "reserialize")
            Assert.Equal(stats.Total, stats.Count("VERIFIED (a)"));
        if (op.Name == "honest-weakening" && stats.Total >= 10)
            Assert.True(stats.Count("VERIFIED (b)") > 0, summary);
    }

    private static readonly object ReportLock = new();

    private void RunOne(CorpusEntry entry, Mutators.Operator op, int seed, FuzzStats stats)
    {
        var mutant = op.Apply(entry, new Random(seed));
        var name = $"{entry.Name}~{op.Name}";
        string? file = null;
        if (mutant.Bytes is { } bytes)
        {
            file = Path.Combine(_temp, $"{Guid.NewGuid():N}.json");
            File.WriteAllBytes(file, bytes);
        }
        var task = Task.Run(() => file is null ? CertificateChecker.CheckText(name, mutant.Text) : CertificateChecker.CheckFile(file));
        CheckResult result;
        try
        {
            if (!task.Wait(Budget))
                throw new FuzzFinding($"no verdict within {Budget.TotalSeconds} s: {entry.Name}, {mutant.Description}");
            result = task.Result;
        }
        catch (AggregateException e)
        {
            throw new FuzzFinding($"the checker threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message} — {entry.Name}, {mutant.Description}");
        }
        finally
        {
            if (file is not null && task.IsCompleted) File.Delete(file);
        }
        if (!Enum.IsDefined(result.Verdict)) throw new FuzzFinding($"undefined verdict {(int)result.Verdict}");
        if (result.Verdict != Verdict.Verified && string.IsNullOrWhiteSpace(result.Message))
            throw new FuzzFinding($"{Verdicts.Name(result.Verdict)} without a message: {entry.Name}, {mutant.Description}");
        stats.Time(result.Seconds, $"{entry.Name}: {mutant.Description}");
        if (result.Verdict != Verdict.Verified)
        {
            stats.Add(Verdicts.Name(result.Verdict));
            return;
        }
        // The oracle reads what the checker read: CheckText encodes to UTF-8 (a lone surrogate becomes U+FFFD).
        var text = Encoding.UTF8.GetString(mutant.Bytes ?? Encoding.UTF8.GetBytes(mutant.Text));
        var (category, why) = TruthOracle.Classify(entry, text);
        if (category == TruthCategory.Finding)
            throw new FuzzFinding($"FALSE VERIFIED? {entry.Name}, {mutant.Description}: {why}");
        var label = category switch
        {
            TruthCategory.Canonical => "(a)",
            TruthCategory.Weakening => "(b)",
            _ when why.StartsWith("re-derived", StringComparison.Ordinal) => "(c) re-derived",
            _ when why.StartsWith("implied by the original's enclosures", StringComparison.Ordinal) => "(c) enclosures",
            _ when why.StartsWith("another non-globality witness", StringComparison.Ordinal) => "(c) witness",
            _ when why.StartsWith("box inside", StringComparison.Ordinal) => "(c) sub-box",
            _ => "(c) claim",
        };
        stats.Add($"VERIFIED {label}", $"{entry.Name}: {mutant.Description} — {why}");
    }
}

/// <summary>A failure of the fuzz properties (a throw, a timeout, or a VERIFIED mutant the oracle cannot show true).</summary>
public sealed class FuzzFinding(string message) : Exception(message);

/// <summary>Counts per verdict and oracle category for one operator, thread-safe (CsCheck samples on several threads).</summary>
public sealed class FuzzStats(string name)
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, string> _examples = new();
    private readonly object _lock = new();
    private double _slowest;
    private string _slowestWhat = "";

    public int Total => _counts.Values.Sum();

    public int Count(string key) => _counts.GetValueOrDefault(key);

    public void Add(string key, string? example = null)
    {
        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (example is not null) _examples.TryAdd(key, example);
    }

    public void Time(double seconds, string what)
    {
        lock (_lock)
            if (seconds > _slowest) (_slowest, _slowestWhat) = (seconds, what);
    }

    public string Summary(TimeSpan elapsed) =>
        $"{name}: {Total} mutants in {elapsed.TotalSeconds:F1} s — " +
        string.Join(", ", _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")) +
        $"; slowest {_slowest:F2} s ({_slowestWhat})";

    public IEnumerable<string> VerifiedExamples() =>
        _examples.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} e.g. {kv.Value}");
}
