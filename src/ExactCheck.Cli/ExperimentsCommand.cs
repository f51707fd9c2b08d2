using System.CommandLine;
using System.Globalization;
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
    /// The generated index of search-family certificates: for each architecture with runs, the families found and what
    /// `check` says about the certificates named ss-search-k{K}-n{N}-f{i}.json (re-checked now, not trusted from the file).
    /// </summary>
    private static string Index(IReadOnlyList<ArchitectureRuns> archs, string certDir)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("# Safran–Shamir search families: certificate index\n\n")
          .Append("Generated by `exactcheck experiments --index docs/experiments/index.md` from docs/experiments/runs/ and ")
          .Append("certificates/safran-shamir/ss-search-k*-n*-f*.json (each certificate re-checked when this file was generated). ")
          .Append("Families: distinct spurious minima among the runs after symmetry de-duplication, numbered by decreasing run count ")
          .Append("(f1 = the most frequent). Certified: VERIFIED local-minimum certificates; refuted: VERIFIED no-local-minimum ")
          .Append("certificates. λ and r are the certificates' proved bounds (smallest λmin lower bound, largest radius); ")
          .Append("the F range is over the families' double-precision values. A certificate's `source` line names the search and run it came from (the k ≤ 8 ones predate the vectorised kernel, seed 1, and are the same minima as f1 of these runs).\n\n")
          .Append("| k | n | runs | families | certificates | certified | refuted | families without certificate | smallest λ ≥ | largest r ≤ | F range |\n")
          .Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var a in archs.OrderBy(a => a.K).ThenBy(a => a.N))
        {
            var fams = a.Statistics.Families;
            var prefix = FormattableString.Invariant($"ss-search-k{a.K}-n{a.N}-f");
            var files = Directory.Exists(certDir)
                ? Directory.EnumerateFiles(certDir, prefix + "*.json").Order(StringComparer.Ordinal).ToList()
                : [];
            var results = files.Select(f => CertificateChecker.CheckFile(f)).ToList();
            int certified = results.Count(r => r.Verdict == Verdict.Verified && r.Summary?.Kind == SafranShamirLocalMinimum.KindName);
            int refuted = results.Count(r => r.Verdict == Verdict.Verified && r.Summary?.Kind != SafranShamirLocalMinimum.KindName);
            int bad = results.Count(r => r.Verdict != Verdict.Verified);
            var minima = results.Where(r => r.Verdict == Verdict.Verified && r.Summary?.Kind == SafranShamirLocalMinimum.KindName).Select(r => r.Summary!).ToList();
            string lambda = minima.Count == 0 ? "—" : minima.MinBy(m => ParseBound(m.Lambda))!.Lambda;
            string radius = minima.Count == 0 ? "—" : minima.MaxBy(m => ParseBound(m.Radius))!.Radius;
            string fRange = fams.Count == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{fams.Min(f => f.Value):F5}–{fams.Max(f => f.Value):F5}");
            sb.Append(CultureInfo.InvariantCulture,
                $"| {a.K} | {a.N} | {a.Statistics.Runs} | {fams.Count} | {files.Count} | {certified} | {refuted} | {Math.Max(0, fams.Count - files.Count)}{(bad > 0 ? $" ({bad} NOT VERIFIED)" : "")} | {lambda} | {radius} | {fRange} |\n");
        }
        return sb.ToString();
    }
}
