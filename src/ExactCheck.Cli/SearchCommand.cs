using System.CommandLine;
using System.Globalization;
using ExactCheck.Search;
using Spectre.Console;

namespace ExactCheck.Cli;

/// <summary><c>exactcheck search</c>: the paper's gradient-descent protocol, resumable through a run file.</summary>
internal static class SearchCommand
{
    public static Command Build(TextWriter? stdout, IAnsiConsole? progress = null)
    {
        var k = new Option<int>("--k") { Description = "Input dimension k (targets e₁..e_k).", Required = true };
        var n = new Option<int>("--n") { Description = "Number of neurons n.", Required = true };
        var runs = new Option<int>("--runs") { Description = "Number of gradient-descent runs (run indices 0..runs−1).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed: run i of seed s is the same on every machine and thread count.", DefaultValueFactory = _ => 1 };
        var specs = new Option<string?>("--specs") { Description = "Write claim specs into this folder (e.g. proofs/safran-shamir/claims) for regen: one per family of spurious candidates (…-fJ), one refutation per family of saddle candidates (…-sJ), one per group of runs stopped at the step cap (…-cJ)." };
        var maxFamilies = new Option<int?>("--max-families") { Description = "With --specs: only the N most frequent families (default: every family)." };
        var outFile = new Option<string?>("--out")
        {
            Description = "Append each run to this JSON Lines file as it finishes; if the file exists (same k, n, seed, protocol and kernel) " +
                          "only the missing runs are done, so an interrupted search resumes where it stopped.",
        };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: every core). Results do not depend on it." };
        var globalThreshold = new Option<double>("--global-threshold")
        {
            Description = "Stop a run as heading to the global minimum once F is below this at a check (0 disables the shortcut; for validating it).",
            DefaultValueFactory = _ => SearchOptions.Paper.GlobalThreshold,
        };
        var command = new Command("search",
            "UNTRUSTED producer: the paper's gradient descent (Xavier init N(0, I/k), step 0.1, stop when every ‖∂F/∂wᵢ‖ ≤ 1e-9, " +
            "cap 10⁶ steps; a run whose F is below 1e-4 at a check (every 200 steps) is counted as heading to the global minimum; " +
            "candidates need F ≥ 1e-3 and a positive double-precision λmin). Prints outcome counts, the spurious rate with a 95% " +
            "Clopper–Pearson interval, and the families found.\n" +
            "Examples: exactcheck search --k 7 --n 7 --runs 200 --seed 1 --specs proofs/safran-shamir/claims\n" +
            "          exactcheck search --k 10 --n 10 --out docs/experiments/runs/k10-n10-s1.jsonl   (Ctrl-C, then the same command resumes)")
        {
            k, n, runs, seed, specs, maxFamilies, outFile, threads, globalThreshold,
        };
        command.SetAction(parse => Run(parse.GetValue(k), parse.GetValue(n), parse.GetValue(runs), parse.GetValue(seed),
            parse.GetValue(specs), parse.GetValue(maxFamilies), parse.GetValue(outFile), parse.GetValue(threads), parse.GetValue(globalThreshold), stdout ?? Console.Out, progress));
        return command;
    }

    private static int Run(int kk, int nn, int total, int s, string? specDir, int? maxFamilies, string? outPath, int? threads, double globalThreshold, TextWriter output, IAnsiConsole? progress)
    {
        if (kk < 1 || nn < 1 || total < 1) { output.WriteLine("--k, --n and --runs must be ≥ 1"); return 2; }
        if (threads is < 1) { output.WriteLine("--threads must be ≥ 1"); return 2; }
        if (maxFamilies is < 1) { output.WriteLine("--max-families must be ≥ 1"); return 2; }
        if (maxFamilies is not null && specDir is null) { output.WriteLine("--max-families limits the specs --specs writes: give --specs DIR too"); return 2; }
        if (!(globalThreshold >= 0)) { output.WriteLine("--global-threshold must be ≥ 0"); return 2; }
        var options = SearchOptions.Paper with { MaxDegreeOfParallelism = threads, GlobalThreshold = globalThreshold };
        var results = new SortedDictionary<int, RunResult>();
        RunFile.Writer? writer = null;
        if (outPath is not null)
        {
            try
            {
                var (w, existing) = RunFile.OpenForAppend(outPath, RunFile.NewHeader(kk, nn, s, options));
                writer = w;
                foreach (var note in existing.Notes) output.WriteLine($"note: {outPath}: {note}");
                foreach (var r in existing.Runs) results[r.RunIndex] = r;
                int have = existing.Runs.Count(r => r.RunIndex < total);
                if (have > 0) output.WriteLine($"resuming {outPath}: {have} of {total} runs already done");
            }
            catch (RunFileException e)
            {
                output.WriteLine($"error: {e.Message}");
                return 2;
            }
        }
        using var _ = writer;
        var todo = Enumerable.Range(0, total).Where(i => !results.ContainsKey(i)).ToList();

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long steps = 0;
        int spurious = results.Values.Count(r => r.RunIndex < total && r.Outcome == RunOutcome.Spurious);
        int done = total - todo.Count;
        bool interrupted = false;
        void Take(RunResult r)
        {
            writer?.Append(r);
            results[r.RunIndex] = r;
            steps += r.Steps;
            done++;
            if (r.Outcome == RunOutcome.Spurious) spurious++;
        }
        try
        {
            var stream = GradientDescentSearch.Runs(kk, nn, s, todo, options, cts.Token);
            if ((progress is not null || !Console.IsErrorRedirected) && todo.Count > 0)
            {
                // A progress bar only for a person watching (stderr is a terminal); logs and pipes get the summary alone.
                var console = progress ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                console.Progress().AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(Describe(done, total, spurious), maxValue: todo.Count);
                        foreach (var r in stream)
                        {
                            Take(r);
                            task.Increment(1);
                            task.Description = Describe(done, total, spurious);
                        }
                    });
            }
            else foreach (var r in stream) Take(r);
        }
        catch (OperationCanceledException) { interrupted = true; }
        finally { Console.CancelKeyPress -= onCancel; }

        double seconds = clock.Elapsed.TotalSeconds;
        if (interrupted)
        {
            output.WriteLine($"interrupted after {done} of {total} runs" +
                (outPath is null ? " (nothing saved: use --out to make a search resumable)" : $"; every finished run is in {outPath}: the same command resumes"));
            return 130;
        }
        var all = results.Values.Where(r => r.RunIndex < total).ToList();
        var stats = SearchStatistics.Summarize(kk, nn, all);
        var counts = all.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(k, n) = ({kk}, {nn}), seed {s}: {total} runs ({todo.Count} new in {seconds:F1} s, {steps} GD steps): {string.Join(", ", counts)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"spurious rate {100.0 * stats.Rate:F2}% (95% Clopper–Pearson {100 * stats.RateLower:F2}–{100 * stats.RateUpper:F2}%)") +
            (stats.Spurious > 0 ? string.Create(CultureInfo.InvariantCulture, $", mean λmin {stats.MeanLambdaMin:G3}, mean F {stats.MeanValue:G4}") : ""));
        foreach (var (f, i) in stats.Families.Select((f, i) => (f, i)))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  family {i + 1}: {f.Count} run(s), F = {f.Value:G12}, λmin = {f.MinEigenvalue:G6}, first run {f.Representative.RunIndex}"));
        if (specDir is not null)
            foreach (var spec in GradientDescentSearch.FamilyClaimSpecs(kk, nn, s, total, stats.Families, maxFamilies ?? int.MaxValue)
                         .Concat(GradientDescentSearch.UnresolvedClaimSpecs(kk, nn, s, total, all)))
            {
                var path = Path.Combine(specDir, spec.FileName);
                CertificateProducer.WriteAtomically(path, spec.Json);
                output.WriteLine($"  wrote {path} (certify with: exactcheck regen --only {spec.Name})");
            }
        return 0;
    }

    private static string Describe(int done, int total, int spurious) =>
        string.Create(CultureInfo.InvariantCulture, $"{done}/{total} runs, {spurious} spurious");
}
