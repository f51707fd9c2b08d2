using System.Text.RegularExpressions;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Every derivation label the code cites ("[arith.exp]", "[ss.lemma1]", …) must be defined by a heading in proofs/.
/// A label is a bracketed lowercase dotted name; it is defined by a Markdown heading that contains it.
/// </summary>
public partial class ProofLabelTests
{
    [GeneratedRegex(@"\[([a-z][a-z0-9\-]*(?:\.[a-z0-9\-]+)+)\]")]
    private static partial Regex LabelPattern();

    public static HashSet<string> DefinedLabels()
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var md in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "proofs"), "*.md", SearchOption.AllDirectories))
            foreach (var line in File.ReadLines(md).Where(l => l.StartsWith('#')))
                foreach (Match m in LabelPattern().Matches(line))
                    defined.Add(m.Groups[1].Value);
        return defined;
    }

    public static List<(string File, int Line, string Label)> CitedLabels()
    {
        var cited = new List<(string, int, string)>();
        foreach (var cs in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (cs.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            int n = 0;
            foreach (var line in File.ReadLines(cs))
            {
                n++;
                foreach (Match m in LabelPattern().Matches(line))
                    cited.Add((Path.GetRelativePath(RepoPaths.Root, cs), n, m.Groups[1].Value));
            }
        }
        return cited;
    }

    [Fact]
    public void EveryCitedLabelIsDefinedInProofs()
    {
        var defined = DefinedLabels();
        var missing = CitedLabels().Where(c => !defined.Contains(c.Label)).Select(c => $"{c.File}:{c.Line} cites [{c.Label}]").ToList();
        Assert.True(missing.Count == 0, "labels cited but not defined in proofs/:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryLabelIsDefinedOnce()
    {
        var all = new List<string>();
        foreach (var md in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "proofs"), "*.md", SearchOption.AllDirectories))
            foreach (var line in File.ReadLines(md).Where(l => l.StartsWith('#')))
                foreach (Match m in LabelPattern().Matches(line))
                    all.Add($"{m.Groups[1].Value} ({Path.GetRelativePath(RepoPaths.Root, md)})");
        var duplicates = all.GroupBy(s => s.Split(' ')[0]).Where(g => g.Count() > 1).Select(g => string.Join(", ", g)).ToList();
        Assert.True(duplicates.Count == 0, "labels defined more than once: " + string.Join("; ", duplicates));
    }

    [Fact]
    public void TheKernelCitesItsDerivations()
    {
        // The check above is not vacuous: the arithmetic kernel cites many labels, and each is defined.
        var cited = CitedLabels().Select(c => c.Label).Distinct().ToList();
        Assert.Contains("arith.pi", cited);
        Assert.Contains("arith.round", cited);
        Assert.True(cited.Count >= 20, $"only {cited.Count} distinct labels cited");
    }

    [Fact]
    public void AnUndefinedLabelIsDetected()
    {
        Assert.DoesNotContain("arith.no-such-derivation", DefinedLabels());
        Assert.Matches(LabelPattern(), "see [arith.no-such-derivation]");
    }
}
