using System.CommandLine;
using System.Globalization;
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
        var command = new Command("experiments",
            "Per architecture: runs, spurious rate with a 95% Clopper–Pearson interval, mean λmin and F over the spurious runs, " +
            "families after symmetry de-duplication — beside Safran–Shamir's Tables 1–2.\n" +
            "Regenerate the committed tables and figures: exactcheck experiments --doc docs/experiments.md --plots docs/experiments")
        {
            paths, doc, plots,
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
            return 0;
        });
        return command;
    }
}
