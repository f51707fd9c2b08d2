using System.Text.RegularExpressions;

namespace ExactCheck.Cli.Tests;

/// <summary>
/// The README's section "When something is wrong" shows, for each error class, a command, its exact output and its
/// exit code. This test runs every such command and compares: the README cannot drift from the messages. Timings
/// ("(0.04 s)") and the list of known claim kinds (which grows as kinds are added) are the only parts normalised.
/// </summary>
public partial class ReadmeExamplesTests
{
    public sealed record Example(string Command, string Output, int Exit)
    {
        public override string ToString() => Command;
    }

    [GeneratedRegex(@"```console\n\$ exactcheck (?<command>[^\n]*)\n(?<output>.*?)\$ echo \$\?\n(?<exit>\d+)\n```", RegexOptions.Singleline)]
    private static partial Regex ConsoleBlock();

    public static IReadOnlyList<Example> Examples()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Replace("\r\n", "\n");
        int start = readme.IndexOf("## When something is wrong", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no section \"When something is wrong\"");
        int end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return ConsoleBlock().Matches(section)
            .Select(m => new Example(m.Groups["command"].Value, m.Groups["output"].Value, int.Parse(m.Groups["exit"].Value))).ToList();
    }

    public static TheoryData<Example> Cases()
    {
        var data = new TheoryData<Example>();
        foreach (var e in Examples()) data.Add(e);
        return data;
    }

    [Fact]
    public void EveryErrorClassHasAnExample()
    {
        var examples = Examples();
        Assert.True(examples.Count >= 5, $"expected an example for each of the five error classes, found {examples.Count}");
        foreach (var file in new[] { "unreadable", "bad-number", "unknown-kind", "limit-exceeded", "not-derivable" })
            Assert.Contains(examples, e => e.Command.Contains($"docs/examples/errors/{file}.json", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\(\d+\.\d+ s\)")]
    private static partial Regex Timing();

    [GeneratedRegex(@"expected one of [^\n]*")]
    private static partial Regex KindList();

    private static string Normalise(string text) => KindList().Replace(Timing().Replace(text, "(T s)"), "expected one of <the known kinds>");

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheReadmeShowsTheExactMessage(Example example)
    {
        var root = RepoPaths.Root.Replace('\\', '/').TrimEnd('/') + "/";
        var args = example.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.StartsWith("docs/", StringComparison.Ordinal) || a.StartsWith("certificates/", StringComparison.Ordinal) ? root + a : a).ToArray();
        var output = new StringWriter();
        int exit = Commands.Build(output).Parse(args).Invoke();
        var actual = output.ToString().Replace("\r\n", "\n").Replace(root, "");
        Assert.Equal(Normalise(example.Output), Normalise(actual));
        Assert.Equal(example.Exit, exit);
    }
}
