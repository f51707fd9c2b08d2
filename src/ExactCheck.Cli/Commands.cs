using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ExactCheck.Certificates;

namespace ExactCheck.Cli;

/// <summary>The <c>exactcheck</c> command tree.</summary>
public static class Commands
{
    public static RootCommand Build(TextWriter? stdout = null)
    {
        var root = new RootCommand(
            "ExactCheck: re-verifies certificate files for claims about neural-network loss landscapes with exact " +
            "rationals and outward-rounded intervals.");
        root.Subcommands.Add(Check(stdout));
        return root;
    }

    private static Command Check(TextWriter? stdout)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Certificate files, or folders searched recursively for *.json.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON report instead of the table." };
        var command = new Command("check",
            "Re-derive every bound of each certificate and print its verdict.\n" +
            "NOTE: no claim kind is implemented yet in this version: every file is reported MALFORMED " +
            "(with the reason) until the certificate checker lands.\n" +
            "Exit codes: 0 all VERIFIED, 1 some REFUTED or INVALID, 2 some MALFORMED.\n" +
            "Example: exactcheck check certificates/")
        {
            paths, json,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var files = parse.GetValue(paths)!.SelectMany(CertificateChecker.Expand).ToList();
            var results = files.AsParallel().AsOrdered().Select(CertificateChecker.CheckFile).ToList();
            if (parse.GetValue(json)) WriteJson(output, results);
            else WriteTable(output, results);
            return Verdicts.ExitCode(results.Select(r => r.Verdict));
        });
        return command;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<CheckResult> results)
    {
        if (results.Count == 0)
        {
            output.WriteLine("No certificate files found.");
            return;
        }
        int width = Math.Max(4, results.Max(r => r.Path.Length));
        output.WriteLine($"{"file".PadRight(width)}  {"verdict",-9}  {"seconds",8}  reason");
        foreach (var r in results)
            output.WriteLine($"{r.Path.PadRight(width)}  {Verdicts.Name(r.Verdict),-9}  {r.Seconds.ToString("F3", CultureInfo.InvariantCulture),8}  {r.Message}");
        var counts = results.GroupBy(r => r.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Verdicts.Name(g.Key)}");
        output.WriteLine($"{results.Count} file(s): {string.Join(", ", counts)}");
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<CheckResult> results)
    {
        var report = new
        {
            files = results.Select(r => new
            {
                path = r.Path,
                verdict = Verdicts.Name(r.Verdict),
                message = r.Message,
                seconds = Math.Round(r.Seconds, 3),
            }),
            exitCode = Verdicts.ExitCode(results.Select(r => r.Verdict)),
        };
        output.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    }
}
