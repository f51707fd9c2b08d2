using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ExactCheck.Certificates;
using ExactCheck.Cli.Report;
using ExactCheck.Search;
using ExactCheck.Search.Import;

namespace ExactCheck.Cli;

/// <summary>The <c>exactcheck</c> command tree.</summary>
public static class Commands
{
    /// <param name="stdout">Where results go (default: the console).</param>
    /// <param name="progress">Where progress bars go (default: stderr, and only when it is a terminal); tests pass a recording console.</param>
    public static RootCommand Build(TextWriter? stdout = null, Spectre.Console.IAnsiConsole? progress = null)
    {
        var root = new RootCommand(
            "ExactCheck: re-verifies certificate files for claims about neural-network loss landscapes with exact " +
            "rationals and outward-rounded intervals.\n" +
            "Exit codes: 0 all VERIFIED, 1 some REFUTED or INVALID, 2 some MALFORMED or bad usage (each command's --help lists its own).\n" +
            "Example: exactcheck check certificates/ --html report.html");
        root.Subcommands.Add(Check(stdout));
        root.Subcommands.Add(Certify(stdout));
        root.Subcommands.Add(Regen(stdout));
        root.Subcommands.Add(SearchCommand.Build(stdout, progress));
        root.Subcommands.Add(ExperimentsCommand.Build(stdout));
        root.Subcommands.Add(Audit(stdout));
        root.Subcommands.Add(BenchCommand.Build(stdout));
        return root;
    }

    // ------------------------------------------------------------------ check

    private static Command Check(TextWriter? stdout)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Certificate files, or folders searched recursively for *.json.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON report instead of the table (schema: docs/schema/check-report.schema.json)." };
        var details = new Option<bool>("--details") { Description = "Print every re-derived bound (claimed vs derived), not only failures." };
        var timeout = new Option<double>("--timeout")
        {
            Description = $"Time budget per file in seconds; a file not decided within it is INCONCLUSIVE. 0 = no budget. Default {CertificateChecker.DefaultTimeoutSeconds}.",
            DefaultValueFactory = _ => CertificateChecker.DefaultTimeoutSeconds,
        };
        var jobs = new Option<int>("--jobs")
        {
            Description = "Files checked at once (default: the number of cores). Verdicts and --json output do not depend on it.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var timings = new Option<bool>("--timings") { Description = "With --json: include each file's wall-clock seconds (the only part of the report that varies between runs)." };
        var html = ReportOption.Create();
        var command = new Command("check",
            "Re-derive every bound of each certificate and print its verdict (VERIFIED, REFUTED, INVALID, MALFORMED, INCONCLUSIVE).\n" +
            "Claim kinds: " + string.Join(", ", CertificateChecker.Kinds) + ".\n" +
            "Exit codes: 0 all VERIFIED, 1 some REFUTED, INVALID or INCONCLUSIVE (time budget spent), 2 some MALFORMED.\n" +
            "Examples: exactcheck check certificates/\n" +
            "          exactcheck check certificates/ --html report.html\n" +
            "          exactcheck check suspicious.json --timeout 30")
        {
            paths, json, details, timeout, jobs, timings, html,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var files = parse.GetValue(paths)!.SelectMany(CertificateChecker.Expand).ToList();
            var budget = parse.GetValue(timeout);
            if (budget < 0 || double.IsNaN(budget)) { Console.Error.WriteLine("--timeout must be ≥ 0 seconds"); return 2; }
            var parallelism = Math.Max(1, parse.GetValue(jobs));
            // Results are collected in file order whatever the parallelism, so the report is the same for every --jobs.
            var results = files.AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Min(parallelism, 512))
                .Select(f => CertificateChecker.CheckFile(f, budget)).ToList();
            if (parse.GetValue(json)) WriteJson(output, results, parse.GetValue(timings));
            else WriteTable(output, results, parse.GetValue(details));
            ReportOption.WriteCheck(parse, html, results, output, quiet: parse.GetValue(json));
            return Verdicts.ExitCode(results.Select(r => r.Verdict));
        });
        return command;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<CheckResult> results, bool details)
    {
        if (results.Count == 0)
        {
            output.WriteLine("No certificate files found.");
            return;
        }
        foreach (var r in results)
        {
            var s = r.Summary;
            output.WriteLine($"{Verdicts.Name(r.Verdict),-9}  {r.Path}  ({r.Seconds.ToString("F2", CultureInfo.InvariantCulture)} s)");
            if (s is not null)
            {
                output.WriteLine($"           {s.Kind}, {s.Model}, ε = {s.Epsilon}");
                output.WriteLine($"           route B (d = k): r ≤ {s.Radius}, λ ≥ {s.Lambda} on the ball");
                if (s.Value is not null) output.WriteLine($"           F ∈ {s.Value}");
                if (s.AllDimensions is not null) output.WriteLine($"           {s.AllDimensions}");
            }
            if (r.Verdict != Verdict.Verified && r.Checks.Count == 0) output.WriteLine($"           {r.Message}");
            foreach (var c in r.Checks.Where(c => details || !c.Holds))
            {
                output.WriteLine($"           {(c.Holds ? "ok  " : "FAIL")} {c.Name} [{c.Label}]: {c.Describe()}");
            }
        }
        var counts = results.GroupBy(r => r.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Verdicts.Name(g.Key)}");
        output.WriteLine($"{results.Count} file(s): {string.Join(", ", counts)}");
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<CheckResult> results, bool timings)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) }, // docs/schema/check-report.schema.json
        };
        var report = new System.Text.Json.Nodes.JsonObject
        {
            ["files"] = new System.Text.Json.Nodes.JsonArray(results.Select(r =>
            {
                var file = new System.Text.Json.Nodes.JsonObject
                {
                    ["path"] = r.Path,
                    ["verdict"] = Verdicts.Name(r.Verdict),
                    ["message"] = r.Message,
                };
                // Wall-clock time is the only part of a report that varies between runs: only on request, so that
                // --json is byte-identical across runs and --jobs settings (issue #7).
                if (timings) file["seconds"] = Math.Round(r.Seconds, 3);
                file["summary"] = JsonSerializer.SerializeToNode(r.Summary, options);
                file["checks"] = JsonSerializer.SerializeToNode(r.Checks, options);
                return (System.Text.Json.Nodes.JsonNode)file;
            }).ToArray()),
            ["exitCode"] = Verdicts.ExitCode(results.Select(r => r.Verdict)),
        };
        output.WriteLine(report.ToJsonString(options));
    }

    // ------------------------------------------------------------------ certify, regen

    private static Command Certify(TextWriter? stdout)
    {
        var spec = new Argument<string?>("spec")
        {
            Description = "A claim spec (docs/certificate-format.md, Claim specs: Safran–Shamir, Yun Theorem 6, deep linear, Kawaguchi) or a Safran–Shamir point file (k, n, neurons).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var outOption = new Option<string?>("--out") { Description = "Where to write the certificate (default: certificates/<paper>/<name>.json)." };
        var k = new Option<int?>("--k") { Description = "With --seed and --run: certify the end point of that gradient-descent run." };
        var n = new Option<int?>("--n") { Description = "Number of neurons (with --k)." };
        var seed = new Option<int?>("--seed") { Description = "Search seed (with --k, --n, --run)." };
        var run = new Option<int?>("--run") { Description = "Run index within the seed." };
        var command = new Command("certify",
            "Build a certificate from a claim spec (Safran–Shamir: Newton refinement first; exact kinds: the paper's construction), kept only if it checks VERIFIED.\n" +
            "Exit codes: 0 written (VERIFIED), 1 not VERIFIED or not a candidate, 2 unreadable spec or bad usage.\n" +
            "Examples: exactcheck certify proofs/safran-shamir/claims/example1-k6-n6.json --out example1.json\n" +
            "          exactcheck certify proofs/yun-sra-jadbabaie/claims/yun-thm6-squares-dx1-m6.json --out t6.json\n" +
            "          exactcheck certify --k 7 --n 7 --seed 1 --run 0")
        {
            spec, outOption, k, n, seed, run,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            ClaimSpec? claim;
            if (parse.GetValue(spec) is { } file) claim = LoadSpec(file, output);
            else if (parse.GetValue(k) is { } kk && parse.GetValue(n) is { } nn && parse.GetValue(seed) is { } s && parse.GetValue(run) is { } r)
            {
                var result = GradientDescentSearch.Run(kk, nn, s, r);
                output.WriteLine($"run {r} of seed {s}: {result.Outcome}, {result.Steps} steps, F = {result.Value:G10}");
                if (!result.IsCandidate) { output.WriteLine("not a candidate spurious minimum: nothing to certify"); return 1; }
                var name = FormattableString.Invariant($"ss-seed{s}-run{r}-k{kk}-n{nn}");
                var json = GradientDescentSearch.ToClaimSpecJson(name, kk, nn, result.Point, $"exactcheck certify --k {kk} --n {nn} --seed {s} --run {r}");
                var temp = Path.Combine(Path.GetTempPath(), $"{name}.{Environment.ProcessId}.json");
                File.WriteAllText(temp, json);
                try { claim = LoadSpec(temp, output); } finally { File.Delete(temp); }
                if (claim is not null) claim = claim with { Path = "(search)" };
            }
            else
            {
                output.WriteLine("give a spec file, or all of --k, --n, --seed and --run");
                return 2;
            }
            if (claim is null) return 2;
            var path = parse.GetValue(outOption) ?? claim.CertificatePath("certificates");
            return ProduceOne(claim, path, "exactcheck certify", output) ? 0 : 1;
        });
        return command;
    }

    private static Command Regen(TextWriter? stdout)
    {
        var only = new Option<string?>("--only") { Description = "Only specs whose name contains this text." };
        var proofs = new Option<string>("--proofs") { Description = "Folder holding the claim specs (*/claims/*.json).", DefaultValueFactory = _ => "proofs" };
        var outDir = new Option<string>("--out") { Description = "Folder for the certificates.", DefaultValueFactory = _ => "certificates" };
        var command = new Command("regen",
            "Rebuild the certificates from the claim specs in proofs/ and report which files changed.\n" +
            "Exit codes: 0 every certificate written or unchanged, 1 some spec unreadable or its certificate not VERIFIED, 2 bad usage.\n" +
            "Example: exactcheck regen --only example1")
        {
            only, proofs, outDir,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var filter = parse.GetValue(only);
            int failures = 0;
            foreach (var file in ClaimSpec.Find(parse.GetValue(proofs)!))
            {
                var claim = LoadSpec(file, output);
                if (claim is null) { failures++; continue; }
                if (filter is not null && !claim.Name.Contains(filter, StringComparison.Ordinal)) continue;
                if (!ProduceOne(claim, claim.CertificatePath(parse.GetValue(outDir)!), "exactcheck regen", output)) failures++;
            }
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Audit(TextWriter? stdout)
    {
        var input = new Argument<string[]>("inputs")
        {
            Description = "Points to audit: JSON point/points files, CSV files, MATLAB .mat files (variable WbadNew) or certificates.",
            Arity = ArgumentArity.OneOrMore,
        };
        var k = new Option<int?>("--k") { Description = "Input dimension, when the file does not say (CSV)." };
        var n = new Option<int?>("--n") { Description = "Number of neurons, when the file does not say (CSV)." };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON report (schema: docs/schema/audit-report.schema.json)." };
        var outDir = new Option<string?>("--out") { Description = "Write one certificate per certified or refuted family into this folder." };
        var html = ReportOption.Create();
        var command = new Command("audit",
            "Certify or refute each claimed spurious minimum in a file: Newton refinement (untrusted), then a local-minimum " +
            "certificate (routes A and B), else a refutation (no critical point nearby, or the only one is a saddle), else " +
            "INCONCLUSIVE with the reason. Symmetric copies (permuted neurons; permuted coordinates with targets) are grouped " +
            "into families and audited once.\n" +
            "Exit codes: 0 every point CERTIFIED, 1 some REFUTED or INCONCLUSIVE, 2 unreadable input.\n" +
            "Examples: exactcheck audit ../shared/fixtures/safran-shamir/*.mat --out audit-certs/\n" +
            "          exactcheck audit points.json --html audit.html")
        {
            input, k, n, json, outDir, html,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var paths = parse.GetValue(input)!;
            var all = new List<ImportedPoint>();
            var notes = new List<string>();
            foreach (var path in paths)
            {
                try
                {
                    var one = PointImporter.Load(path, parse.GetValue(k), parse.GetValue(n));
                    // Number points across files: #1.. in the order given.
                    int offset = all.Count;
                    all.AddRange(one.Points.Select((p, j) => p with { Index = offset + j + 1 }).ToList());
                    notes.AddRange(one.Notes);
                }
                catch (ImportException e)
                {
                    output.WriteLine($"MALFORMED  {e.Message}");
                    return 2;
                }
            }
            var imported = new ImportResult(all, notes);
            var path0 = string.Join(" ", paths);
            // With --json the notes are in the report; stdout must be nothing but JSON.
            if (!parse.GetValue(json)) foreach (var note in imported.Notes) output.WriteLine($"note: {note}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var entries = Auditor.Audit(imported.Points, (done, total) =>
            {
                if (!Console.IsErrorRedirected) Console.Error.Write($"\r  audited {done}/{total} points ({clock.Elapsed.TotalSeconds:F0} s)   ");
            });
            if (!Console.IsErrorRedirected) Console.Error.WriteLine();
            if (parse.GetValue(outDir) is { } dir)
                foreach (var e in entries.Where(e => e.CertificateText is not null))
                {
                    var file = Path.Combine(dir, e.CertificateName + ".json");
                    CertificateProducer.WriteAtomically(file, e.CertificateText!);
                    if (!parse.GetValue(json)) output.WriteLine($"wrote {file}");
                }
            if (parse.GetValue(json)) WriteAuditJson(output, path0, imported, entries);
            else WriteAuditTable(output, entries);
            ReportOption.WriteAudit(parse, html, path0, imported, entries, output, quiet: parse.GetValue(json));
            return entries.All(e => e.Verdict == AuditVerdict.Certified) ? 0 : 1;
        });
        return command;
    }

    private static string G(double x) => double.IsNaN(x) ? "—" : x.ToString("G3", CultureInfo.InvariantCulture);

    private static void WriteAuditTable(TextWriter output, IReadOnlyList<AuditEntry> entries)
    {
        output.WriteLine($"{"#",4} {"family",6} {"verdict",-12} {"‖∇F‖ before → after",-22} {"moved",8} {"λmin ≥",12} {"r ≤",10}  F");
        foreach (var e in entries)
        {
            var family = e.SameAs is { } s ? $"={s}" : e.Family.ToString(CultureInfo.InvariantCulture);
            output.WriteLine($"{e.Index,4} {family,6} {e.Verdict.ToString().ToUpperInvariant(),-12} {G(e.GradientNormBefore) + " → " + G(e.GradientNormAfter),-22} {G(e.DistanceMoved),8} {e.LambdaMin ?? "—",12} {e.Radius ?? "—",10}  {e.Value ?? "—"}");
            if (e.Verdict != AuditVerdict.Certified || e.SameAs is not null) output.WriteLine($"       {e.Origin}: {e.Reason}");
        }
        var counts = entries.GroupBy(e => e.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToUpperInvariant()}");
        output.WriteLine($"{entries.Count} point(s) in {entries.Where(e => e.SameAs is null).Count()} famil{(entries.Count(e => e.SameAs is null) == 1 ? "y" : "ies")}: {string.Join(", ", counts)}");
    }

    private static void WriteAuditJson(TextWriter output, string path, ImportResult imported, IReadOnlyList<AuditEntry> entries)
    {
        var report = new
        {
            input = path,
            notes = imported.Notes,
            points = entries.Select(e => new
            {
                index = e.Index, origin = e.Origin, family = e.Family, sameAs = e.SameAs, symmetry = e.Symmetry,
                verdict = e.Verdict.ToString().ToUpperInvariant(),
                // JSON has no NaN or ∞ (the serializer throws on them): null when Newton gave no finite number.
                gradientNormBefore = Finite(e.GradientNormBefore),
                gradientNormAfter = Finite(e.GradientNormAfter),
                distanceMoved = Finite(e.DistanceMoved), lambdaMinLower = e.LambdaMin, radiusUpper = e.Radius, value = e.Value,
                reason = e.Reason, certificate = e.CertificateName,
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static ClaimSpec? LoadSpec(string path, TextWriter output)
    {
        try { return ClaimSpec.Load(path); }
        catch (Exception e) when (e is MalformedException or JsonException or IOException)
        {
            output.WriteLine($"MALFORMED  {path}: {e.Message}");
            return null;
        }
    }

    private static bool ProduceOne(ClaimSpec claim, string path, string command, TextWriter output)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CertificateProducer.Produced produced;
        try { produced = CertificateProducer.Produce(claim, command); }
        catch (InvalidOperationException e)
        {
            output.WriteLine($"FAILED     {claim.Name}: {e.Message}");
            return false;
        }
        if (produced.Refined is { } r)
            output.WriteLine($"{claim.Name}: Newton {r.Steps} steps, ‖∇F‖ {r.GradientNormBefore:G3} → {r.GradientNormAfter:G3}, moved {r.DistanceMoved:G3}");
        if (produced.Verdict != Verdict.Verified)
        {
            output.WriteLine($"NOT WRITTEN {path}: the certificate does not check ({Verdicts.Name(produced.Verdict)})");
            foreach (var c in produced.Checks.Where(c => !c.Holds))
                output.WriteLine($"           FAIL {c.Name} [{c.Label}]: {c.Describe()}");
            return false;
        }
        var text = produced.Text;
        bool changed = !File.Exists(path) || File.ReadAllText(path) != text;
        if (changed) CertificateProducer.WriteAtomically(path, text);
        output.WriteLine($"{(changed ? "WROTE    " : "unchanged")}  {path}  ({produced.Summary}, {clock.Elapsed.TotalSeconds:F1} s)");
        return true;
    }
}
