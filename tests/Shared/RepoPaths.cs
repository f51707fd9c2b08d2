namespace ExactCheck.Tests;

/// <summary>
/// Finds the repository root (the folder holding ExactCheck.sln) from the test's output folder. One source file,
/// linked into every test project that reads repository files (&lt;Compile Include="..\Shared\RepoPaths.cs" /&gt;);
/// internal, so that each assembly has its own copy and none clashes.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// True for the extra search certificates: families f2, f3, … and the saddle/capped groups (…-sJ, …-cJ) of every
    /// architecture, every search family at k ≥ 21, and the families of seeds other than 1. What is left is one certificate of each kind and each
    /// architecture, which the tests of the report formats, the parallel driver and the in-process check use; the full
    /// folder (~300 more files, minutes in a Debug build) is checked once per test run, by the README's main command
    /// (CheckCommandTests.TheMainJobVerifiesTheCommittedCertificates).
    /// </summary>
    public static bool IsExtraSearchCertificate(string path) =>
        System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(path),
            @"^ss-search-k[0-9]+-n[0-9]+-(f([2-9]|[0-9]{2,})|[sc][0-9]+)\.json$|^ss-search-k(2[1-9]|[3-9][0-9])-n[0-9]+-f[0-9]+\.json$|^ss-search-k[0-9]+-n[0-9]+-seed[0-9]+-");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExactCheck.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ExactCheck.sln not found above " + AppContext.BaseDirectory);
    }
}
