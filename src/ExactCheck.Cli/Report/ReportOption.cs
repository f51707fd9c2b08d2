using System.CommandLine;
using ExactCheck.Certificates;
using ExactCheck.Search;
using ExactCheck.Search.Import;

namespace ExactCheck.Cli.Report;

/// <summary>The <c>--html FILE</c> option of <c>check</c> and <c>audit</c>, kept out of Commands.cs.</summary>
public static class ReportOption
{
    public static Option<string?> Create() => new("--html")
    {
        HelpName = "file",
        Description = "Also write one self-contained HTML page (no network, no scripts): verdicts, every bound claimed vs derived, " +
                      "witnesses, and plots of the Hessian's smallest eigenvalues. Open it in a browser.",
    };

    private static string CommandLine(ParseResult parse) => "exactcheck " + string.Join(" ", parse.Tokens.Select(t => t.Value));

    public static void WriteCheck(ParseResult parse, Option<string?> option, IReadOnlyList<CheckResult> results, TextWriter output, bool quiet)
    {
        if (parse.GetValue(option) is not { } path) return;
        long bytes = HtmlReport.Write(path, HtmlReport.ForCheck(results, CommandLine(parse)));
        if (!quiet) output.WriteLine($"report: {path} ({bytes / 1024} KiB)");
    }

    public static void WriteAudit(ParseResult parse, Option<string?> option, string input, ImportResult imported, IReadOnlyList<AuditEntry> entries,
                                  TextWriter output, bool quiet)
    {
        if (parse.GetValue(option) is not { } path) return;
        long bytes = HtmlReport.Write(path, HtmlReport.ForAudit(input, imported, entries, CommandLine(parse)));
        if (!quiet) output.WriteLine($"report: {path} ({bytes / 1024} KiB)");
    }
}
