using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ExactCheck.Certificates;
using ExactCheck.Search;

namespace ExactCheck.Cli;

/// <summary>The <c>exactcheck</c> command tree.</summary>
public static class Commands
{
    public static RootCommand Build(TextWriter? stdout = null)
    {
        var root = new RootCommand(
            "ExactCheck: re-verifies certificate files for claims about neural-network loss landscapes with exact " +
            "rationals and outward-rounded intervals.\n" +
            "Exit codes: 0 all VERIFIED, 1 some REFUTED or INVALID, 2 some MALFORMED (or bad usage).");
        root.Subcommands.Add(Check(stdout));
        root.Subcommands.Add(Certify(stdout));
        root.Subcommands.Add(Regen(stdout));
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
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON report instead of the table." };
        var details = new Option<bool>("--details") { Description = "Print every re-derived bound (claimed vs derived), not only failures." };
        var command = new Command("check",
            "Re-derive every bound of each certificate and print its verdict (VERIFIED, REFUTED, INVALID, MALFORMED).\n" +
            "Claim kinds: " + string.Join(", ", CertificateChecker.Kinds) + ".\n" +
            "Exit codes: 0 all VERIFIED, 1 some REFUTED or INVALID, 2 some MALFORMED.\n" +
            "Example: exactcheck check certificates/")
        {
            paths, json, details,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var files = parse.GetValue(paths)!.SelectMany(CertificateChecker.Expand).ToList();
            var results = files.AsParallel().AsOrdered().Select(CertificateChecker.CheckFile).ToList();
            if (parse.GetValue(json)) WriteJson(output, results);
            else WriteTable(output, results, parse.GetValue(details));
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
                output.WriteLine($"           {s.Kind}, {s.Model}: r ≤ {s.Radius}, λ ≥ {s.Lambda}, ε = {s.Epsilon}");
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
                summary = r.Summary,
                checks = r.Checks,
            }),
            exitCode = Verdicts.ExitCode(results.Select(r => r.Verdict)),
        };
        output.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    // ------------------------------------------------------------------ certify, regen

    private static Command Certify(TextWriter? stdout)
    {
        var spec = new Argument<string>("spec") { Description = "A claim spec (JSON: kind, name, k, n, targets, neurons, source), e.g. proofs/safran-shamir/claims/example1-k6-n6.json." };
        var outOption = new Option<string?>("--out") { Description = "Where to write the certificate (default: certificates/<name>.json)." };
        var command = new Command("certify",
            "Refine the spec's point (Newton, high precision), derive its bounds and write a certificate, kept only if it checks VERIFIED.\n" +
            "Example: exactcheck certify proofs/safran-shamir/claims/example1-k6-n6.json --out example1.json")
        {
            spec, outOption,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var claim = LoadSpec(parse.GetValue(spec)!, output);
            if (claim is null) return 2;
            var path = parse.GetValue(outOption) ?? Path.Combine("certificates", claim.Name + ".json");
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
                if (!ProduceOne(claim, Path.Combine(parse.GetValue(outDir)!, claim.Name + ".json"), "exactcheck regen", output)) failures++;
            }
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

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
        var r = produced.Refined;
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
        var c0 = produced.Certificate;
        output.WriteLine($"{(changed ? "WROTE    " : "unchanged")}  {path}  (r ≤ {c0.DistanceUpper.ToScientificString(3, Arithmetic.RoundingMode.Up)}, λ ≥ {c0.HessianLambdaMinLower.ToScientificString(6, Arithmetic.RoundingMode.Down)}, {clock.Elapsed.TotalSeconds:F1} s)");
        return true;
    }
}
