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
    public void CheckWithoutPathsIsAUsageError()
    {
        var (exit, _) = Run("check");
        Assert.NotEqual(0, exit);
    }
}
