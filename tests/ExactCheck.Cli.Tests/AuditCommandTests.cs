using System.Text.Json;

namespace ExactCheck.Cli.Tests;

/// <summary>
/// `exactcheck audit` end to end: every fixture file (snapshot of the report), symmetric copies grouped into one
/// family, a point far from any critical point never certified, unreadable input rejected with its position.
/// Snapshots live in Snapshots/; run with UPDATE_SNAPSHOTS=1 to rewrite them after an intended change.
/// </summary>
public class AuditCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = Commands.Build(output).Parse(args).Invoke();
        return (exit, output.ToString());
    }

    private static string Fixture(string name) => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "fixtures", "safran-shamir", name));

    private static void MatchSnapshot(string name, string actual)
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "ExactCheck.Cli.Tests", "Snapshots", name);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1" || !File.Exists(path))
        {
            File.WriteAllText(path, actual);
            if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") != "1") Assert.Fail($"snapshot {name} did not exist; written — review and commit it");
            return;
        }
        Assert.Equal(File.ReadAllText(path), actual);
    }

    [Theory]
    [InlineData("newExp-6-6.mat", 1)]
    [InlineData("newExp-11-11.mat", 3)]
    [InlineData("newExp-12-13.mat", 1)]
    public void EveryFixtureIsAuditedEndToEnd(string file, int points)
    {
        var dir = Directory.CreateTempSubdirectory("exactcheck-audit-").FullName;
        try
        {
            var (exit, output) = Run("audit", Fixture(file), "--out", dir);
            Assert.Equal(0, exit); // every point in the paper's files is certified
            Assert.Contains($"{points} point(s)", output);
            // The certificates written check on their own.
            var written = Directory.GetFiles(dir, "*.json");
            Assert.Equal(points, written.Length);
            var (checkExit, _) = Run(["check", .. written]);
            Assert.Equal(0, checkExit);
            MatchSnapshot($"audit-{Path.GetFileNameWithoutExtension(file)}.txt", string.Join("\n", output.Split('\n').Where(l => !l.StartsWith("wrote ", StringComparison.Ordinal))));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void SymmetricCopiesFormOneFamily()
    {
        // The 6-6 fixture point and a copy with neurons and coordinates permuted: audited once.
        var certificate = File.ReadAllText(Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-example1-k6-n6.json"));
        var neurons = JsonDocument.Parse(certificate).RootElement.GetProperty("point").GetProperty("neurons")
            .EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetString()!).ToArray()).ToArray();
        int[] sigma = [3, 0, 5, 1, 4, 2], pi = [2, 4, 0, 5, 1, 3];
        var permuted = sigma.Select(i => pi.Select(a => neurons[i][a]).ToArray()).ToArray();
        var points = new { points = new[] { new { k = 6, n = 6, neurons }, new { k = 6, n = 6, neurons = permuted } } };
        var path = Path.Combine(Path.GetTempPath(), $"sym-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(points));
        try
        {
            var (exit, output) = Run("audit", path, "--json");
            Assert.Equal(0, exit);
            using var doc = JsonDocument.Parse(output);
            var rows = doc.RootElement.GetProperty("points").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.Equal("CERTIFIED", rows[0].GetProperty("verdict").GetString());
            Assert.Equal(1, rows[1].GetProperty("sameAs").GetInt32());
            Assert.Equal("CERTIFIED", rows[1].GetProperty("verdict").GetString());
            Assert.Contains("neuron i ↦", rows[1].GetProperty("symmetry").GetString());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void APointFarFromAnyCriticalPointIsNeverCertified()
    {
        var path = Path.Combine(Path.GetTempPath(), $"far-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "# k=3 n=3\n0.9, 0.1, -0.3\n0.2, 0.7, 0.4\n-0.5, 0.3, 0.8\n");
        try
        {
            var (exit, output) = Run("audit", path);
            Assert.Equal(1, exit);
            Assert.DoesNotContain("CERTIFIED", output);
            Assert.True(output.Contains("REFUTED") || output.Contains("INCONCLUSIVE"), output);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ASaddleIsRefuted()
    {
        // The point of the committed saddle refutation (k = n = 3), given as a plain point file printed to 12 digits.
        var cert = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-refute-saddle-k3-n3.json")));
        var neurons = cert.RootElement.GetProperty("point").GetProperty("neurons").EnumerateArray()
            .Select(v => v.EnumerateArray().Select(x => x.GetString()![..14]).ToArray()).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"saddle-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { k = 3, n = 3, neurons }));
        var dir = Directory.CreateTempSubdirectory("exactcheck-saddle-").FullName;
        try
        {
            var (exit, output) = Run("audit", path, "--out", dir);
            Assert.Equal(1, exit);
            Assert.Contains("REFUTED", output);
            Assert.Contains("is a saddle", output);
            var written = Assert.Single(Directory.GetFiles(dir, "*.json"));
            Assert.Equal(0, Run("check", written).Exit); // the refutation certificate checks on its own
        }
        finally
        {
            File.Delete(path);
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void UnreadableInputSaysWhere()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "# k=2 n=1\n0.5, abc\n");
        try
        {
            var (exit, output) = Run("audit", path);
            Assert.Equal(2, exit);
            Assert.Contains(":2:", output);
            Assert.Contains("expected a number", output);
        }
        finally { File.Delete(path); }
    }
}
