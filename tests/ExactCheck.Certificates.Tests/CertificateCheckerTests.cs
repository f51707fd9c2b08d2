namespace ExactCheck.Certificates.Tests;

public class CertificateCheckerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("exactcheck-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData("{\"format\":", "not valid JSON (line 1")]
    [InlineData("[1,2]", "$: expected an object, found an array")]
    [InlineData("{}", "$.format: missing")]
    [InlineData("{\"format\":\"exactcheck-certificate/2\"}", "unknown format \"exactcheck-certificate/2\"")]
    [InlineData("{\"format\":\"exactcheck-certificate/1\",\"claim\":{\"kind\":\"relu-gaussian\"}}", "unknown claim kind \"relu-gaussian\"")]
    [InlineData("{\"format\":\"exactcheck-certificate/1\"}", "$.claim: missing")]
    public void UnreadableFilesAreMalformedWithTheirReason(string content, string reason)
    {
        var r = CertificateChecker.CheckFile(Write("c.json", content));
        Assert.Equal(Verdict.Malformed, r.Verdict);
        Assert.Contains(reason, r.Message);
    }

    [Fact]
    public void AMissingFileIsMalformed()
    {
        var r = CertificateChecker.CheckFile(Path.Combine(_dir, "absent.json"));
        Assert.Equal(Verdict.Malformed, r.Verdict);
        Assert.Contains("no such file", r.Message);
    }

    [Fact]
    public void FoldersExpandToTheirJsonFilesInOrder()
    {
        Write("b.json", "{}");
        Write("a.json", "{}");
        Write("notes.txt", "x");
        var files = CertificateChecker.Expand(_dir).Select(Path.GetFileName).ToList();
        Assert.Equal(["a.json", "b.json"], files);
    }

    [Fact]
    public void ExitCodesFollowTheDesign()
    {
        Assert.Equal(0, Verdicts.ExitCode([]));
        Assert.Equal(0, Verdicts.ExitCode([Verdict.Verified, Verdict.Verified]));
        Assert.Equal(1, Verdicts.ExitCode([Verdict.Verified, Verdict.Invalid]));
        Assert.Equal(1, Verdicts.ExitCode([Verdict.Refuted]));
        Assert.Equal(2, Verdicts.ExitCode([Verdict.Refuted, Verdict.Malformed, Verdict.Verified]));
    }
}
