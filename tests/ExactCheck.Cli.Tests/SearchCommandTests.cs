using Spectre.Console.Testing;
using System.Diagnostics;

namespace ExactCheck.Cli.Tests;

/// <summary>`exactcheck search --out`: resumable run files, including after the process is killed mid-run.</summary>
public class SearchCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = Commands.Build(output).Parse(args).Invoke();
        return (exit, output.ToString());
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"search-{Guid.NewGuid():N}.jsonl");

    private static string[] Lines(string path) => File.ReadAllText(path).Split('\n').Where(l => l.Length > 0).ToArray();

    [Fact]
    public void ResumingAFinishedSearchAddsNothing()
    {
        var path = TempPath();
        try
        {
            var (exit, first) = Run("search", "--k", "7", "--n", "7", "--runs", "12", "--seed", "1", "--out", path);
            Assert.Equal(0, exit);
            Assert.Contains("12 runs (12 new", first);
            var bytes = File.ReadAllBytes(path);
            var (exit2, second) = Run("search", "--k", "7", "--n", "7", "--runs", "12", "--seed", "1", "--out", path);
            Assert.Equal(0, exit2);
            Assert.Contains("resuming", second);
            Assert.Contains("12 runs (0 new", second);
            Assert.Equal(bytes, File.ReadAllBytes(path));
            // The summaries agree (apart from the timing line).
            Assert.Equal(first.Split('\n').Skip(1), second.Split('\n').Skip(2));
            // Another seed in the same file is refused.
            var (exit3, third) = Run("search", "--k", "7", "--n", "7", "--runs", "12", "--seed", "2", "--out", path);
            Assert.Equal(2, exit3);
            Assert.Contains("seed 1 vs 2", third);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TheProgressBarShowsRunsDoneSpuriousSoFarAndTheRemainingTime()
    {
        var console = new TestConsole().Interactive().EmitAnsiSequences().Width(120);
        var output = new StringWriter();
        int exit = Commands.Build(output, console).Parse(["search", "--k", "7", "--n", "7", "--runs", "30", "--seed", "1", "--threads", "1"]).Invoke();
        Assert.Equal(0, exit);
        var shown = console.Output;
        // The description counts up run by run to the final figures the summary prints; the columns show a percentage
        // and the remaining time. (The bar is cleared at the end: it never reaches the summary on stdout.)
        var summary = output.ToString();
        int spurious = int.Parse(System.Text.RegularExpressions.Regex.Match(summary, @"([0-9]+) Spurious").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"30/30 runs, {spurious} spurious", shown);
        Assert.Contains("100%", shown);
        Assert.Matches(@"[0-9]+:[0-9]{2}:[0-9]{2}|--:--:--", shown);
        Assert.DoesNotContain("30/30 runs", summary);
    }

    /// <summary>
    /// The committed claim specs of the search certificates are exactly what `search --specs` writes from the committed
    /// run files (no GD: the runs are all there), so certificates/ can be rebuilt from docs/experiments/runs with two
    /// commands. The one exception is ss-search-k8-n9-f1, from an earlier 10 000-run search (its source line says so).
    /// </summary>
    [Fact]
    public void TheCommittedRunFilesReproduceTheCommittedSearchSpecs()
    {
        var root = RepoPaths.Root;
        var claims = Path.Combine(root, "proofs", "safran-shamir", "claims");
        var dir = Directory.CreateTempSubdirectory("search-rebuild-").FullName;
        try
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var gz in Directory.GetFiles(Path.Combine(root, "docs", "experiments", "runs"), "*.jsonl.gz").Order(StringComparer.Ordinal))
            {
                var m = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(gz), @"^k([0-9]+)-n([0-9]+)-s([0-9]+)\.jsonl\.gz$");
                Assert.True(m.Success, gz);
                var plain = Path.Combine(dir, Path.GetFileName(gz)[..^3]);
                using (var input = new System.IO.Compression.GZipStream(File.OpenRead(gz), System.IO.Compression.CompressionMode.Decompress))
                using (var output = File.Create(plain)) input.CopyTo(output);
                int runs = File.ReadLines(plain).Count() - 1;
                var specs = Path.Combine(dir, "specs-" + Path.GetFileNameWithoutExtension(plain));
                var (exit, text) = Run("search", "--k", m.Groups[1].Value, "--n", m.Groups[2].Value, "--seed", m.Groups[3].Value,
                    "--runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", plain, "--specs", specs);
                Assert.Equal(0, exit);
                Assert.Contains($"{runs} runs (0 new in", text); // every run is in the file: nothing is recomputed
                if (!Directory.Exists(specs)) continue;
                foreach (var spec in Directory.GetFiles(specs))
                {
                    var name = Path.GetFileName(spec);
                    written.Add(name);
                    var committed = Path.Combine(claims, name);
                    Assert.True(File.Exists(committed), $"{name}: written from {Path.GetFileName(gz)} but not committed");
                    Assert.True(File.ReadAllText(committed) == File.ReadAllText(spec), $"{name}: the committed spec differs from what {Path.GetFileName(gz)} gives");
                }
            }
            var committedSearchSpecs = Directory.GetFiles(claims, "search-k*.json").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            committedSearchSpecs.ExceptWith(written);
            Assert.Equal(["search-k8-n9-f1.json"], committedSearchSpecs);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void SpecsAreWrittenForEveryFamilyUnlessLimited()
    {
        var dir = Directory.CreateTempSubdirectory("search-specs-").FullName;
        var limited = Directory.CreateTempSubdirectory("search-specs-").FullName;
        try
        {
            string[] args = ["search", "--k", "9", "--n", "9", "--runs", "40", "--seed", "1"];
            var (exit, output) = Run([.. args, "--specs", dir]);
            Assert.Equal(0, exit);
            int families = output.Split('\n').Count(l => l.StartsWith("  family ", StringComparison.Ordinal));
            Assert.True(families >= 2, output);
            Assert.Equal(Enumerable.Range(1, families).Select(i => $"search-k9-n9-f{i}.json"),
                Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).OrderBy(f => f!.Length));
            Assert.Equal(0, Run([.. args, "--specs", limited, "--max-families", "1"]).Exit);
            Assert.Equal(["search-k9-n9-f1.json"], Directory.GetFiles(limited).Select(Path.GetFileName));
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "search-k9-n9-f1.json")), File.ReadAllText(Path.Combine(limited, "search-k9-n9-f1.json")));
            Assert.Equal(2, Run([.. args, "--max-families", "0"]).Exit);
            var (noSpecs, said) = Run([.. args, "--max-families", "1"]);
            Assert.Equal(2, noSpecs);
            Assert.Contains("give --specs DIR too", said);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            Directory.Delete(limited, recursive: true);
        }
    }

    [Fact]
    public void AKilledSearchResumesToTheSameRunsByteForByte()
    {
        string reference = TempPath(), killed = TempPath();
        const int runs = 250;
        string[] args = ["search", "--k", "7", "--n", "7", "--runs", runs.ToString(), "--seed", "3", "--threads", "1"];
        try
        {
            Assert.Equal(0, Run([.. args, "--out", reference]).Exit);

            // The real thing: a child process, killed (SIGKILL) once it has written some runs.
            var exe = Path.Combine(AppContext.BaseDirectory, "exactcheck.dll");
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(exe);
            foreach (var a in args) start.ArgumentList.Add(a);
            start.ArgumentList.Add("--out");
            start.ArgumentList.Add(killed);
            using (var child = Process.Start(start)!)
            {
                var clock = Stopwatch.StartNew();
                while (!child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
                {
                    if (File.Exists(killed) && new FileInfo(killed).Length > 0 && Lines(killed).Length > 20) break;
                    Thread.Sleep(5);
                }
                Assert.False(child.HasExited, "the child finished before it could be killed: make the search longer");
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }
            int before = Lines(killed).Length - 1;
            Assert.InRange(before, 20, runs - 1);

            var (exit, output) = Run([.. args, "--out", killed]);
            Assert.Equal(0, exit);
            Assert.Contains("resuming", output);
            // Header and every run record identical, in the same order (the header's tool version is this build's too).
            Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(killed));
            Assert.Equal(runs + 1, Lines(killed).Length);
        }
        finally { File.Delete(reference); File.Delete(killed); }
    }
}
