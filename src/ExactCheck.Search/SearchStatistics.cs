namespace ExactCheck.Search;

/// <summary>Per-architecture figures of a search (the columns of the paper's Tables 1–2, plus intervals and families).</summary>
public sealed record ArchitectureStatistics(
    int K, int N, int Runs, int Spurious, int Saddle, int Global, int Cap, int Degenerate,
    double RateLower, double RateUpper, double MeanLambdaMin, double MeanValue, double MinValue, double MaxValue,
    IReadOnlyList<Family> Families)
{
    public double Rate => Runs == 0 ? double.NaN : (double)Spurious / Runs;
}

/// <summary>Statistics over search runs. UNTRUSTED figures (doubles): they describe the search, they prove nothing.</summary>
public static class SearchStatistics
{
    /// <summary>
    /// The figures for the runs of one (k, n) (any seeds; each run counted once): outcome counts, the spurious rate
    /// with its 95% Clopper–Pearson interval, the averages of λmin and F over the spurious runs (as the paper's
    /// tables), the range of F, and the families after symmetry de-duplication (<see cref="GradientDescentSearch.Families"/>).
    /// </summary>
    public static ArchitectureStatistics Summarize(int k, int n, IReadOnlyList<RunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        int Count(RunOutcome o) => runs.Count(r => r.Outcome == o);
        var spurious = runs.Where(r => r.Outcome == RunOutcome.Spurious).ToList();
        var (lo, hi) = ClopperPearson(spurious.Count, runs.Count);
        return new ArchitectureStatistics(k, n, runs.Count, spurious.Count, Count(RunOutcome.Saddle), Count(RunOutcome.Global),
            Count(RunOutcome.Cap), Count(RunOutcome.Degenerate), lo, hi,
            spurious.Count == 0 ? double.NaN : spurious.Average(r => r.MinEigenvalue!.Value),
            spurious.Count == 0 ? double.NaN : spurious.Average(r => r.Value),
            spurious.Count == 0 ? double.NaN : spurious.Min(r => r.Value),
            spurious.Count == 0 ? double.NaN : spurious.Max(r => r.Value),
            GradientDescentSearch.Families(spurious));
    }

    /// <summary>
    /// The exact (Clopper–Pearson) two-sided binomial confidence interval for x successes in n trials at level
    /// 1 − <paramref name="alpha"/>: lower = the p with P(X ≥ x | p) = α/2 (0 when x = 0), upper = the p with
    /// P(X ≤ x | p) = α/2 (1 when x = n). Found by bisection on the binomial tail, summed in log space (no
    /// underflow for n up to millions); accurate to ~1e-12. Conservative: coverage ≥ 1 − α for every p.
    /// </summary>
    public static (double Lower, double Upper) ClopperPearson(int x, int n, double alpha = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(x, n);
        if (n == 0) return (0, 1);
        double half = alpha / 2;
        double lower = x == 0 ? 0 : Bisect(p => UpperTail(x, n, p) < half);  // smallest p with P(X ≥ x) ≥ α/2
        double upper = x == n ? 1 : Bisect(p => LowerTail(x, n, p) > half);  // largest p with P(X ≤ x) ≥ α/2
        return (lower, upper);
    }

    /// <summary>The boundary of a predicate that holds on [0, p*) and fails on (p*, 1].</summary>
    private static double Bisect(Func<double, bool> below)
    {
        double lo = 0, hi = 1;
        for (int i = 0; i < 100 && hi - lo > 1e-15; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (below(mid)) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>P(X ≤ x) for X ~ Bin(n, p).</summary>
    public static double LowerTail(int x, int n, double p) => TailSum(0, x, n, p);

    /// <summary>P(X ≥ x) for X ~ Bin(n, p).</summary>
    public static double UpperTail(int x, int n, double p) => TailSum(x, n, n, p);

    private static double TailSum(int from, int to, int n, double p)
    {
        if (p <= 0) return from == 0 ? 1 : 0;
        if (p >= 1) return to == n ? 1 : 0;
        double lp = Math.Log(p), lq = double.LogP1(-p);
        // log C(n, i) accumulated from i = 0; terms summed relative to their maximum.
        var logs = new double[to - from + 1];
        double logChoose = 0, max = double.NegativeInfinity;
        for (int i = 0; i <= to; i++)
        {
            if (i > 0) logChoose += Math.Log((double)(n - i + 1) / i);
            if (i >= from)
            {
                double t = logChoose + i * lp + (n - i) * lq;
                logs[i - from] = t;
                max = Math.Max(max, t);
            }
        }
        double sum = 0;
        foreach (var t in logs) sum += Math.Exp(t - max);
        return Math.Min(1, Math.Exp(max) * sum);
    }
}
