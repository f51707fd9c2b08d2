using System.Text.Json;

namespace ExactCheck.Cli.Tests;

public class CheckCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = Commands.Build(output).Parse(args).Invoke();
        return (exit, output.ToString());
    }

    [Fact]
    public void CheckReportsMalformedFilesWithExitCode2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exactcheck-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"format\":\"exactcheck-certificate/1\"}");
        try
        {
            var (exit, output) = Run("check", path);
            Assert.Equal(2, exit);
            Assert.Contains("MALFORMED", output);
            Assert.Contains("1 file(s): 1 MALFORMED", output);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CheckJsonIsMachineReadable()
    {
        var (exit, output) = Run("check", "--json", "/nonexistent/cert.json");
        Assert.Equal(2, exit);
        using var doc = JsonDocument.Parse(output);
        var file = doc.RootElement.GetProperty("files")[0];
        Assert.Equal("MALFORMED", file.GetProperty("verdict").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void AnEmptyFolderHasNothingToCheck()
    {
        var dir = Directory.CreateTempSubdirectory("exactcheck-empty-").FullName;
        try
        {
            var (exit, output) = Run("check", dir);
            Assert.Equal(0, exit);
            Assert.Contains("No certificate files found", output);
        }
        finally { Directory.Delete(dir); }
    }

    [Fact]
    public void TheMainJobVerifiesTheCommittedCertificates()
    {
        var (exit, output) = Run("check", Path.Combine(RepoPaths.Root, "certificates"));
        Assert.Equal(0, exit);
        Assert.Contains("VERIFIED", output);
        Assert.DoesNotContain("INVALID", output);
        Assert.Contains("F ∈ [2.5080581002463010419479702353019e-2", output); // Example 1, 32 digits
    }

    [Fact]
    public void AnInvalidCertificatePrintsClaimedDerivedAndDifference()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-example1-k6-n6.json"))
            .Replace("\"hessianLambdaMinLower\": \"0.00470035\"", "\"hessianLambdaMinLower\": \"0.0048\"");
        var path = Path.Combine(Path.GetTempPath(), $"exactcheck-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        try
        {
            var (exit, output) = Run("check", path);
            Assert.Equal(1, exit);
            Assert.Contains("INVALID", output);
            Assert.Contains("FAIL λ ≤ λmin(∇²F) on B(w, ρ)", output);
            Assert.Contains("claimed 4.80000000000e-3, derived 4.7003", output);
            Assert.Contains("difference -9.96", output);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SearchReportsOutcomesRateAndFamilies()
    {
        var dir = Directory.CreateTempSubdirectory("exactcheck-search-").FullName;
        try
        {
            var (exit, output) = Run("search", "--k", "7", "--n", "7", "--runs", "20", "--seed", "1", "--specs", dir);
            Assert.Equal(0, exit);
            Assert.Contains("(k, n) = (7, 7), seed 1: 20 runs", output);
            Assert.Contains("spurious rate", output);
            Assert.Contains("family 1:", output);                       // run 0 of seed 1 is spurious (F ≈ 0.0232)
            Assert.Single(Directory.GetFiles(dir, "search-k7-n7-f1.json"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void CheckWithoutPathsIsAUsageError()
    {
        var (exit, _) = Run("check");
        Assert.NotEqual(0, exit);
    }
}
