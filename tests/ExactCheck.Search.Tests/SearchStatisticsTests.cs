namespace ExactCheck.Search.Tests;

public class SearchStatisticsTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    [InlineData(10000)]
    public void ClopperPearsonMatchesTheClosedForms(int n)
    {
        // x = 0: [0, 1 − (α/2)^(1/n)]; x = n: [(α/2)^(1/n), 1]; x = 1: lower = 1 − (1 − α/2)^(1/n).
        var (lo0, hi0) = SearchStatistics.ClopperPearson(0, n);
        Assert.Equal(0, lo0);
        Assert.Equal(1 - Math.Pow(0.025, 1.0 / n), hi0, 1e-10);
        var (loN, hiN) = SearchStatistics.ClopperPearson(n, n);
        Assert.Equal(Math.Pow(0.025, 1.0 / n), loN, 1e-10);
        Assert.Equal(1, hiN);
        Assert.Equal(1 - Math.Pow(0.975, 1.0 / n), SearchStatistics.ClopperPearson(1, n).Lower, 1e-10);
    }

    [Fact]
    public void ClopperPearsonIsSymmetricAndContainsTheEstimate()
    {
        foreach (var (x, n) in new[] { (3, 1000), (346, 1000), (500, 1000), (940, 1000), (1, 10000) })
        {
            var (lo, hi) = SearchStatistics.ClopperPearson(x, n);
            var (lo2, hi2) = SearchStatistics.ClopperPearson(n - x, n);
            Assert.Equal(lo, 1 - hi2, 1e-10);
            Assert.Equal(hi, 1 - lo2, 1e-10);
            Assert.InRange((double)x / n, lo, hi);
            // At the bounds the tails are exactly α/2.
            Assert.Equal(0.025, SearchStatistics.UpperTail(x, n, lo), 1e-9);
            Assert.Equal(0.025, SearchStatistics.LowerTail(x, n, hi), 1e-9);
        }
    }

    [Fact]
    public void SummaryCountsOutcomesAndFamilies()
    {
        var runs = GradientDescentSearch.Runs(7, 7, 1, 12).ToList();
        var s = SearchStatistics.Summarize(7, 7, runs);
        Assert.Equal(12, s.Runs);
        Assert.Equal(runs.Count(r => r.Outcome == RunOutcome.Spurious), s.Spurious);
        Assert.Equal(12, s.Spurious + s.Saddle + s.Global + s.Cap + s.Degenerate);
        Assert.Equal(s.Spurious > 0 ? 1 : 0, s.Families.Count);
        if (s.Spurious > 0) Assert.InRange(s.MeanValue, 0.0232, 0.0233);
    }
}
