namespace ExactCheck.Tests;

/// <summary>
/// Finds the repository root (the folder holding ExactCheck.sln) from the test's output folder. One source file,
/// linked into every test project that reads repository files (&lt;Compile Include="..\Shared\RepoPaths.cs" /&gt;);
/// internal, so that each assembly has its own copy and none clashes.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExactCheck.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ExactCheck.sln not found above " + AppContext.BaseDirectory);
    }
}
