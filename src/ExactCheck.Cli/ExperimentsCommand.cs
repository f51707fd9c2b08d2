using System.CommandLine;
using System.Globalization;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Search;

namespace ExactCheck.Cli;

/// <summary><c>exactcheck experiments</c>: statistics over run files, beside the paper's Tables 1–2; regenerates the docs.</summary>
internal static class ExperimentsCommand
{
    public static Command Build(TextWriter? stdout)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Run files (*.jsonl, *.jsonl.gz) or folders searched recursively (default: docs/experiments/runs).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var doc = new Option<string?>("--doc") { Description = "Rewrite the generated tables in this markdown file (between its BEGIN/END GENERATED markers)." };
        var plots = new Option<string?>("--plots") { Description = $"Write {ExperimentsPlots.RateFile} and {ExperimentsPlots.ValueFile} into this folder." };
        var index = new Option<string?>("--index")
        {
            Description = "Write the certificate summary index (per architecture: families, certified, refuted, smallest λ, largest r, F range) " +
                          "to this markdown file; checks every certificates/safran-shamir/ss-search-k*-n*-f*.json.",
        };
        var certificates = new Option<string>("--certificates") { Description = "Certificate folder for --index.", DefaultValueFactory = _ => "certificates/safran-shamir" };
        var command = new Command("experiments",
            "Per architecture: runs, spurious rate with a 95% Clopper–Pearson interval, mean λmin and F over the spurious runs, " +
            "families after symmetry de-duplication — beside Safran–Shamir's Tables 1–2.\n" +
            "Regenerate the committed tables and figures: exactcheck experiments --doc docs/experiments.md --plots docs/experiments")
        {
            paths, doc, plots, index, certificates,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var inputs = parse.GetValue(paths) is { Length: > 0 } given ? given : ["docs/experiments/runs"];
            var notes = new List<string>();
            IReadOnlyList<ArchitectureRuns> archs;
            try { archs = ExperimentsReport.Load(inputs, notes); }
            catch (RunFileException e)
            {
                output.WriteLine($"error: {e.Message}");
                return 2;
            }
            foreach (var note in notes) output.WriteLine($"note: {note}");
            output.WriteLine($"{"k",3} {"n",3} {"runs",6} {"spur",5} {"rate",7} {"95% CI",15} {"paper",7} {"λmin",8} {"F",8} {"fam",4}");
            foreach (var a in archs)
            {
                var s = a.Statistics;
                var paper = PaperTables.Row(a.K, a.N);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{a.K,3} {a.N,3} {s.Runs,6} {s.Spurious,5} {100 * s.Rate,6:F1}% {100 * s.RateLower,6:F1}–{100 * s.RateUpper,5:F1}% {(paper is null ? "—" : paper.RatePercent.ToString("0.0", CultureInfo.InvariantCulture) + "%"),7} {s.MeanLambdaMin,8:G3} {s.MeanValue,8:G3} {s.Families.Count,4}"));
            }
            if (parse.GetValue(doc) is { } docPath)
            {
                var text = File.Exists(docPath) ? File.ReadAllText(docPath) : "# Experiments\n";
                CertificateProducer.WriteAtomically(docPath, ExperimentsReport.Splice(text, ExperimentsReport.Markdown(archs)));
                output.WriteLine($"wrote {docPath}");
            }
            if (parse.GetValue(plots) is { } dir)
            {
                Directory.CreateDirectory(dir);
                ExperimentsPlots.Rate(archs, Path.Combine(dir, ExperimentsPlots.RateFile));
                ExperimentsPlots.ValueDistribution(archs, Path.Combine(dir, ExperimentsPlots.ValueFile));
                output.WriteLine($"wrote {Path.Combine(dir, ExperimentsPlots.RateFile)}, {Path.Combine(dir, ExperimentsPlots.ValueFile)}");
            }
            if (parse.GetValue(index) is { } indexPath)
            {
                CertificateProducer.WriteAtomically(indexPath, Index(archs, parse.GetValue(certificates)!));
                output.WriteLine($"wrote {indexPath}");
            }
            return 0;
        });
        return command;
    }

    private static double ParseBound(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN;

    /// <summary>
    /// The generated index of search certificates: for each architecture with runs, the families found and what
    /// `check` says about the certificates named ss-search-k{K}-n{N}-{f|s|c}{j}.json (re-checked now, not trusted from
    /// the file): f = family of spurious candidates, s = family of saddle candidates, c = runs stopped at the step cap.
    /// "Distinct values" counts the classes of overlapping F enclosures among the certified minima: enclosures that do
    /// not overlap belong to different minima (and different symmetry orbits, as symmetric copies have equal F), so it
    /// is a proved lower bound on the number of distinct spurious minima found; families whose refined points share
    /// one F to the enclosures' 30-odd digits are counted once.
    /// </summary>
    private static string Index(IReadOnlyList<ArchitectureRuns> archs, string certDir)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("# Safran–Shamir search families: certificate index\n\n")
          .Append("Generated by `exactcheck experiments --index docs/experiments/index.md` from docs/experiments/runs/ and ")
          .Append("certificates/safran-shamir/ss-search-k*-n*-{f,s,c}*.json (each certificate re-checked when this file was generated). ")
          .Append("Families: distinct spurious candidates among the runs after symmetry de-duplication of the double-precision end points, numbered by decreasing run count ")
          .Append("(f1 = the most frequent), over all seeds of an architecture; each seed's own families have their own certificates (…-seedS-fJ for seeds other than 1), so one minimum found by two seeds has two; saddle and capped: groups of runs that ended at a candidate with λmin ≤ 0 in double (…-sJ) or at the 10⁶-step cap (…-cJ), each also given a certificate. ")
          .Append("Certified: VERIFIED local-minimum certificates; refuted: VERIFIED no-local-minimum certificates. ")
          .Append("Distinct values: classes of overlapping F enclosures among the certified minima — non-overlapping enclosures are different minima, so this is a proved lower bound on the distinct spurious minima (up to symmetry) found; it is below the family count where a very flat minimum (λmin ≈ 4e-5 at (17, 18)) left GD end points too far apart to be grouped in double precision. ")
          .Append("λ and r are the certificates' proved bounds (smallest λmin lower bound, largest radius); ")
          .Append("the F range is over the certified enclosures. A certificate's `source` line names the search and run it came from; `search --out <run file> --specs DIR` on these run files rewrites every search claim spec byte for byte (tested), except ss-search-k8-n9-f1, from an earlier 10 000-run search of seed 1.\n\n")
          .Append("| k | n | runs | families | saddle / capped groups | certificates | certified | refuted | without certificate | distinct values | smallest λ ≥ | largest r ≤ | F range |\n")
          .Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int totalCertified = 0, totalRefuted = 0, totalMissing = 0, totalDistinct = 0, totalFiles = 0;
        foreach (var a in archs.OrderBy(a => a.K).ThenBy(a => a.N))
        {
            var st = a.Statistics;
            var fams = st.Families;
            var pattern = new System.Text.RegularExpressions.Regex(FormattableString.Invariant($@"^ss-search-k{a.K}-n{a.N}-(seed[0-9]+-)?[fsc][0-9]+\.json$"));
            var files = Directory.Exists(certDir)
                ? Directory.EnumerateFiles(certDir, FormattableString.Invariant($"ss-search-k{a.K}-n{a.N}-*.json"))
                    .Where(f => pattern.IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList()
                : [];
            var results = files.Select(f => CertificateChecker.CheckFile(f)).ToList();
            int certified = results.Count(r => r.Verdict == Verdict.Verified && r.Summary?.Kind == SafranShamirLocalMinimum.KindName);
            int refuted = results.Count(r => r.Verdict == Verdict.Verified && r.Summary?.Kind != SafranShamirLocalMinimum.KindName);
            int bad = results.Count(r => r.Verdict != Verdict.Verified);
            var minima = results.Where(r => r.Verdict == Verdict.Verified && r.Summary?.Kind == SafranShamirLocalMinimum.KindName).Select(r => r.Summary!).ToList();
            var values = minima.Select(m => ParseEnclosure(m.Value)).Where(v => v is not null).Select(v => v!.Value).ToList();
            int distinct = OverlapClasses(values.Select(v => (v.Lo, v.Hi)).ToList());
            string lambda = minima.Count == 0 ? "—" : minima.MinBy(m => ParseBound(m.Lambda))!.Lambda;
            string radius = minima.Count == 0 ? "—" : minima.MaxBy(m => ParseBound(m.Radius))!.Radius;
            string fRange = values.Count == 0 ? "—" : string.Create(CultureInfo.InvariantCulture,
                $"{ParseBound(values.MinBy(v => v.Lo).LoText):F5}–{ParseBound(values.MaxBy(v => v.Hi).HiText):F5}");
            // Per seed (as `search --specs` writes them): the saddle and capped groups, and the specs whose certificate is absent.
            int missing = 0, saddleGroups = 0, capGroups = 0;
            foreach (var seed in a.Runs.Select(r => r.Seed).Distinct())
            {
                var ofSeed = a.Runs.Where(r => r.Seed == seed).ToList();
                var unresolved = GradientDescentSearch.UnresolvedClaimSpecs(a.K, a.N, seed, ofSeed.Count, ofSeed);
                saddleGroups += unresolved.Count(u => u.Family.Representative.Outcome == RunOutcome.Saddle);
                capGroups += unresolved.Count(u => u.Family.Representative.Outcome == RunOutcome.Cap);
                // One seed (the usual case): its families are the architecture's, already grouped.
                var seedFamilies = ofSeed.Count == a.Runs.Count ? fams : SearchStatistics.Summarize(a.K, a.N, ofSeed).Families;
                var wanted = GradientDescentSearch.FamilyClaimSpecs(a.K, a.N, seed, ofSeed.Count, seedFamilies, int.MaxValue).Concat(unresolved);
                missing += wanted.Count(w => !File.Exists(Path.Combine(certDir, w.Name + ".json")));
            }
            totalCertified += certified; totalRefuted += refuted; totalMissing += missing; totalDistinct += distinct; totalFiles += files.Count;
            sb.Append(CultureInfo.InvariantCulture,
                $"| {a.K} | {a.N} | {st.Runs} | {fams.Count} | {saddleGroups} / {capGroups} | {files.Count} | {certified} | {refuted} | {missing}{(bad > 0 ? $" ({bad} NOT VERIFIED)" : "")} | {(minima.Count == 0 ? "—" : distinct.ToString(CultureInfo.InvariantCulture))} | {lambda} | {radius} | {fRange} |\n");
        }
        sb.Append(CultureInfo.InvariantCulture,
            $"\nIn all: {totalFiles} certificates, {totalCertified} certified minima ({totalDistinct} distinct values), {totalRefuted} refuted, {totalMissing} families or groups without a certificate.\n");
        return sb.ToString();
    }

    /// <summary>"[lo, hi]" as written by Interval.ToDecimalString, read exactly; null if absent or unreadable.</summary>
    private static (Rational Lo, Rational Hi, string LoText, string HiText)? ParseEnclosure(string? text)
    {
        if (text is null || text.Length < 5 || text[0] != '[' || text[^1] != ']') return null;
        var parts = text[1..^1].Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && Rational.TryParse(parts[0], out var lo) && Rational.TryParse(parts[1], out var hi) ? (lo, hi, parts[0], parts[1]) : null;
    }

    /// <summary>Number of connected classes of the interval-overlap relation (sort by lower end, sweep).</summary>
    private static int OverlapClasses(IReadOnlyList<(Rational Lo, Rational Hi)> values)
    {
        int classes = 0;
        Rational? reach = null;
        foreach (var (lo, hi) in values.OrderBy(v => v.Lo))
        {
            if (reach is null || lo > reach.Value) { classes++; reach = hi; }
            else if (hi > reach.Value) reach = hi;
        }
        return classes;
    }
}
