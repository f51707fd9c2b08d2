using System.Diagnostics;
using ExactCheck.Certificates;

namespace ExactCheck.Cli.Tests;

/// <summary>
/// Issue #7 items 4 and 5: no data lost when `regen` or `audit --out` is killed mid-write (a real child process,
/// SIGKILL while a certificate is half written), and `check` gives byte-identical `--json` whatever its parallelism.
/// </summary>
public class ReliabilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("exactcheck-reliability-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = Commands.Build(output).Parse(args).Invoke();
        return (exit, output.ToString());
    }

    /// <summary>Starts the real `exactcheck` (the copy next to this test assembly) as a child process.</summary>
    private static Process Start(int writeDelayMs, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exactcheck.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        if (writeDelayMs > 0) info.Environment["EXACTCHECK_TEST_WRITE_DELAY_MS"] = writeDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until a half-written temporary file appears in <paramref name="dir"/>, then kills the process (SIGKILL).</summary>
    private static string KillMidWrite(Process process, string dir)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            var temp = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.tmp", SearchOption.AllDirectories).FirstOrDefault() : null;
            if (temp is not null)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return temp;
            }
            if (process.HasExited) Assert.Fail($"the process exited ({process.ExitCode}) before it wrote anything");
            Thread.Sleep(20);
        }
        process.Kill(entireProcessTree: true);
        Assert.Fail("no write started within 3 minutes");
        return "";
    }

    [Fact]
    public void RegenKilledMidWriteLeavesNoHalfWrittenCertificateAndResumes()
    {
        var outDir = Path.Combine(_dir, "certificates");
        var process = Start(writeDelayMs: 60_000, "regen", "--only", "example1", "--out", outDir);
        var temp = KillMidWrite(process, outDir);

        // The half-written bytes exist only in the hidden temporary file, which `check` never reads (not *.json).
        Assert.True(new FileInfo(temp).Length > 0, "the kill came before the first half was written");
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.json", SearchOption.AllDirectories));
        Assert.Contains("No certificate files found", Run("check", outDir).Output);

        // Run again: the certificate is complete, byte-identical to the committed one, and the stale temporary is gone.
        // (as a child process in the repository root, like the first run: the provenance records the spec's relative path)
        var again = Start(writeDelayMs: 0, "regen", "--only", "example1", "--out", outDir);
        Assert.True(again.WaitForExit(TimeSpan.FromMinutes(3)), "regen did not finish");
        Assert.Equal(0, again.ExitCode);
        var written = Path.Combine(outDir, "safran-shamir", "ss-example1-k6-n6.json");
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-example1-k6-n6.json")), File.ReadAllBytes(written));
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void AnOverwriteKilledMidWriteKeepsTheOldFile()
    {
        // The old certificate is in place; the new bytes are being written when the process dies: the old file stays whole.
        var outDir = Path.Combine(_dir, "certificates");
        var target = Path.Combine(outDir, "safran-shamir", "ss-example1-k6-n6.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var old = File.ReadAllText(Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-example1-k6-n6.json"))
            .Replace("\"producer\": \"", "\"producer\": \"an older ");
        File.WriteAllText(target, old);
        var process = Start(writeDelayMs: 60_000, "regen", "--only", "example1", "--out", outDir);
        KillMidWrite(process, outDir);
        Assert.Equal(old, File.ReadAllText(target));
        Assert.Equal(Verdict.Verified, CertificateChecker.CheckFile(target).Verdict);
    }

    [Fact]
    public void AuditOutKilledMidWriteLeavesNoHalfWrittenCertificate()
    {
        var fixture = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "fixtures", "safran-shamir", "newExp-6-6.mat"));
        var outDir = Path.Combine(_dir, "audit");
        var process = Start(writeDelayMs: 60_000, "audit", fixture, "--out", outDir);
        KillMidWrite(process, outDir);
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.json"));
    }

    [Fact]
    public void ParallelCheckGivesTheSameVerdictsAndByteIdenticalJson()
    {
        var folder = Path.Combine(RepoPaths.Root, "certificates");
        var sample = TestRepo.SampleCertificates();
        var (exit1, sequential) = Run(["check", .. sample, "--json", "--jobs", "1"]);
        var (exit4, parallel) = Run(["check", .. sample, "--json", "--jobs", "4"]);
        Assert.Equal(0, exit1);
        Assert.Equal(exit1, exit4);
        Assert.Equal(sequential, parallel);
        Assert.DoesNotContain("\"seconds\"", sequential);
        Assert.Contains("\"seconds\"", Run("check", Path.Combine(folder, "safran-shamir", "ss-refute-gradient-k3-n3.json"), "--json", "--timings").Output);
    }
}
