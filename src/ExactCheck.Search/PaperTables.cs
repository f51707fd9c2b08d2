namespace ExactCheck.Search;

/// <summary>One row of Safran &amp; Shamir (2018), Tables 1–2: share of 1 000 GD runs ending near a spurious local minimum (%), and the averages over those runs.</summary>
public sealed record PaperRow(int K, int N, double RatePercent, double MeanLambdaMin, double MeanValue);

/// <summary>
/// The paper's Tables 1 (n = k) and 2 (n ≠ k), as printed (../shared/papers/safran-shamir-2018-*.md, Sec. 3). The
/// rates count the runs the authors VERIFIED to be near a spurious minimum out of 1 000; the averages are over those
/// runs. Architectures the paper ran but does not list in Table 2 (e.g. (9, 10), every n ≥ k + 2) had no verified
/// spurious minimum in its 1 000 runs.
/// </summary>
public static class PaperTables
{
    public static IReadOnlyList<PaperRow> Table1 { get; } =
    [
        new(6, 6, 0.3, 0.0047, 0.025), new(7, 7, 5.5, 0.014, 0.023), new(8, 8, 12.6, 0.021, 0.021),
        new(9, 9, 21.8, 0.027, 0.02), new(10, 10, 34.6, 0.03, 0.022), new(11, 11, 45.5, 0.034, 0.022),
        new(12, 12, 58.5, 0.035, 0.021), new(13, 13, 73, 0.037, 0.022), new(14, 14, 73.6, 0.038, 0.023),
        new(15, 15, 80.3, 0.038, 0.024), new(16, 16, 85.1, 0.038, 0.027), new(17, 17, 89.7, 0.039, 0.027),
        new(18, 18, 90, 0.039, 0.029), new(19, 19, 93.4, 0.038, 0.031), new(20, 20, 94, 0.038, 0.033),
    ];

    public static IReadOnlyList<PaperRow> Table2 { get; } =
    [
        new(8, 9, 0.1, 0.0059, 0.021), new(10, 11, 0.1, 0.0057, 0.018), new(11, 12, 0.1, 0.0056, 0.017),
        new(12, 13, 0.3, 0.0054, 0.016), new(13, 14, 1.5, 0.0015, 0.038), new(14, 15, 5.5, 0.002, 0.033),
        new(15, 16, 10.1, 0.004, 0.032), new(16, 17, 18, 0.0055, 0.031), new(17, 18, 20.9, 0.007, 0.031),
        new(18, 19, 36.9, 0.0064, 0.028), new(19, 20, 49.1, 0.0077, 0.027),
    ];

    /// <summary>Whether the row is printed in Table 1 or 2 (not a 0% row for an architecture the paper ran but did not list).</summary>
    public static bool IsListed(PaperRow row) => Table1.Concat(Table2).Contains(row);

    /// <summary>The paper's row for (k, n): Table 1 or 2, or a 0% row for an architecture it ran (k ≤ n ≤ 20) but did not list; null outside its grid.</summary>
    public static PaperRow? Row(int k, int n)
    {
        var row = Table1.Concat(Table2).FirstOrDefault(r => r.K == k && r.N == n);
        if (row is not null) return row;
        return k >= 1 && n >= k && n <= 20 ? new PaperRow(k, n, 0, double.NaN, double.NaN) : null;
    }
}
