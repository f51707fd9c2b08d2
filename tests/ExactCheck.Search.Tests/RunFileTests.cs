using System.IO.Compression;
using System.Text;

namespace ExactCheck.Search.Tests;

public class RunFileTests
{
    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"runfile-{Guid.NewGuid():N}.jsonl");

    private static RunFileHeader Header(int k = 7, int n = 7, int seed = 1) => RunFile.NewHeader(k, n, seed, SearchOptions.Paper);

    /// <summary>Runs the missing indices below <paramref name="total"/> into the file, stopping after <paramref name="stopAfter"/> new runs.</summary>
    private static void Search(string path, int total, int stopAfter = int.MaxValue, RunFileHeader? header = null)
    {
        header ??= Header();
        var (writer, existing) = RunFile.OpenForAppend(path, header);
        using (writer)
        {
            var done = existing.Runs.Select(r => r.RunIndex).ToHashSet();
            var todo = Enumerable.Range(0, total).Where(i => !done.Contains(i));
            foreach (var r in GradientDescentSearch.Runs(header.K, header.N, header.Seed, todo).Take(stopAfter)) writer.Append(r);
        }
    }

    private static string[] RunLines(string path) => File.ReadAllText(path).Split('\n').Skip(1).Where(l => l.Length > 0).ToArray();

    [Fact]
    public void RecordsRoundTrip()
    {
        var runs = GradientDescentSearch.Runs(7, 7, 1, 8).ToList();
        var h = Header();
        foreach (var r in runs)
        {
            var back = RunFile.ParseRecord(RunFile.RecordLine(r).TrimEnd('\n'), h);
            Assert.Equal((r.RunIndex, r.Outcome, r.Steps, r.Value, r.MaxNeuronGradient, r.MinEigenvalue, r.Note),
                         (back.RunIndex, back.Outcome, back.Steps, back.Value, back.MaxNeuronGradient, back.MinEigenvalue, back.Note));
            if (r.IsCandidate) Assert.Equal(r.Point, back.Point);
            else Assert.Empty(back.Point);
            Assert.Equal(RunFile.RecordLine(r), RunFile.RecordLine(back with { Point = r.IsCandidate ? back.Point : r.Point }));
        }
        var parsed = RunFile.ParseHeader(RunFile.HeaderLine(h), "x");
        Assert.Null(parsed.Mismatch(h));
        Assert.Equal(h.Tool, parsed.Tool);
    }

    [Fact]
    public void CappedRunsKeepTheirPointSoTheyCanBeAudited()
    {
        var h = Header(k: 2, n: 2);
        var cap = new RunResult(2, 2, 1, 5, RunOutcome.Cap, 1_000_000, 0.019, 1.2e-9, [0.5, -0.25, 1, 3e-7], null);
        var line = RunFile.RecordLine(cap);
        Assert.Contains("\"point\":[0.5,-0.25,1,3E-07]", line);
        var back = RunFile.ParseRecord(line.TrimEnd('\n'), h);
        Assert.Equal(cap.Point, back.Point);
        Assert.Equal(line, RunFile.RecordLine(back));
        // Files written before the point was kept (null) still read; a wrong length or a point on a Global run does not.
        Assert.Empty(RunFile.ParseRecord(RunFile.RecordLine(cap with { Point = [] }).TrimEnd('\n'), h).Point);
        var shortPoint = line.Replace("[0.5,-0.25,1,3E-07]", "[0.5,-0.25,1]", StringComparison.Ordinal).TrimEnd('\n');
        Assert.Contains("4 numbers", Assert.Throws<FormatException>(() => RunFile.ParseRecord(shortPoint, h)).Message);
        var global = line.Replace("\"Cap\"", "\"Global\"", StringComparison.Ordinal).TrimEnd('\n');
        Assert.Contains("no point", Assert.Throws<FormatException>(() => RunFile.ParseRecord(global, h)).Message);
    }

    [Fact]
    public void InterruptedSearchesResumeWithoutLossOrDuplication()
    {
        string whole = TempPath(), pieces = TempPath();
        try
        {
            Search(whole, 20);
            Search(pieces, 20, stopAfter: 6);
            Search(pieces, 20, stopAfter: 5);
            Search(pieces, 20);
            Search(pieces, 20); // nothing left: a no-op
            Assert.Equal(RunLines(whole), RunLines(pieces));
            Assert.Equal(20, RunFile.Read(pieces).Runs.Count);
            Assert.Equal(Enumerable.Range(0, 20), RunFile.Read(pieces).Runs.Select(r => r.RunIndex));
            // Extending the run count continues the same file.
            Search(pieces, 25);
            Assert.Equal(25, RunFile.Read(pieces).Runs.Select(r => r.RunIndex).Distinct().Count());
        }
        finally { File.Delete(whole); File.Delete(pieces); }
    }

    [Fact]
    public void ATornLastLineIsDiscardedAndItsRunRedone()
    {
        string whole = TempPath(), torn = TempPath();
        try
        {
            Search(whole, 10);
            var bytes = File.ReadAllBytes(whole);
            // Cut the file inside every byte of the last record in turn (a crash mid-write), then resume.
            int lastStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
            foreach (int cut in new[] { lastStart + 1, lastStart + 7, (lastStart + bytes.Length) / 2, bytes.Length - 1 })
            {
                File.WriteAllBytes(torn, bytes[..cut]);
                var read = RunFile.Read(torn);
                Assert.Equal(9, read.Runs.Count);
                Assert.Single(read.Notes);
                Assert.Contains("torn", read.Notes[0]);
                Search(torn, 10);
                Assert.Equal(bytes, File.ReadAllBytes(torn)[..bytes.Length]); // header + all ten runs, byte for byte
                Assert.Equal(RunLines(whole), RunLines(torn));
            }
        }
        finally { File.Delete(whole); File.Delete(torn); }
    }

    [Fact]
    public void DamageElsewhereAndForeignHeadersAreRefused()
    {
        string path = TempPath();
        try
        {
            Search(path, 5);
            var lines = File.ReadAllLines(path);
            // A different search in the same file.
            Assert.Contains("seed 1 vs 2", Assert.Throws<RunFileException>(() => RunFile.OpenForAppend(path, Header(seed: 2))).Message);
            Assert.Contains("n 7 vs 8", Assert.Throws<RunFileException>(() => RunFile.OpenForAppend(path, Header(n: 8))).Message);
            var other = RunFile.NewHeader(7, 7, 1, new SearchOptions { StepSize = 0.05 });
            Assert.Contains("stepSize", Assert.Throws<RunFileException>(() => RunFile.OpenForAppend(path, other)).Message);
            // A bad line in the middle is not a torn tail.
            File.WriteAllLines(path, [lines[0], lines[1], "{\"run\": 1, \"outc", lines[3]]);
            Assert.Contains(":3:", Assert.Throws<RunFileException>(() => RunFile.Read(path)).Message);
            // A duplicated run.
            File.WriteAllLines(path, [lines[0], lines[1], lines[2], lines[1]]);
            Assert.Contains("appears twice", Assert.Throws<RunFileException>(() => RunFile.Read(path)).Message);
            // Not a run file.
            File.WriteAllText(path, "{\"format\": \"something else\"}\n");
            Assert.Throws<RunFileException>(() => RunFile.Read(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CompressedFilesReadTheSame()
    {
        string path = TempPath(), gz = TempPath() + ".gz";
        try
        {
            Search(path, 6);
            using (var output = new GZipStream(File.Create(gz), CompressionLevel.SmallestSize))
                output.Write(File.ReadAllBytes(path));
            Assert.Equal(RunFile.Read(path).Runs.Select(r => RunFile.RecordLine(r)), RunFile.Read(gz).Runs.Select(r => RunFile.RecordLine(r)));
            Assert.Throws<RunFileException>(() => RunFile.OpenForAppend(gz, Header()));
        }
        finally { File.Delete(path); File.Delete(gz); }
    }
}
