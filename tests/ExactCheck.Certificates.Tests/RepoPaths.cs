namespace ExactCheck.Certificates.Tests;

/// <summary>Finds the repository root (the folder holding ExactCheck.sln) from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExactCheck.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ExactCheck.sln not found above " + AppContext.BaseDirectory);
    }
}
