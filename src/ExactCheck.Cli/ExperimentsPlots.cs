using ExactCheck.Search;
using ScottPlot;

namespace ExactCheck.Cli;

/// <summary>The figures of docs/experiments.md (ScottPlot, PNG), drawn from the run files.</summary>
internal static class ExperimentsPlots
{
    public const string RateFile = "rate-vs-k.png";
    public const string ValueFile = "f-distribution.png";

    /// <summary>Spurious rate vs k for n = k and n = k + 1, ours with 95% Clopper–Pearson bars, the paper's points overlaid.</summary>
    public static void Rate(IReadOnlyList<ArchitectureRuns> archs, string path)
    {
        var plot = new Plot();
        void Series(int offset, PaperRowSource paperRows, Color color, string label)
        {
            var ours = archs.Where(a => a.N == a.K + offset).OrderBy(a => a.K).ToList();
            if (ours.Count > 0)
            {
                double[] xs = ours.Select(a => (double)a.K).ToArray();
                double[] ys = ours.Select(a => 100 * a.Statistics.Rate).ToArray();
                var bars = plot.Add.ErrorBar(xs, ys,
                    ours.Select(a => 100 * (a.Statistics.RateUpper - a.Statistics.Rate)).ToArray());
                bars.YErrorNegative = ours.Select(a => 100 * (a.Statistics.Rate - a.Statistics.RateLower)).ToList();
                bars.Color = color;
                var line = plot.Add.Scatter(xs, ys);
                line.Color = color;
                line.MarkerSize = 7;
                line.LegendText = $"ExactCheck, {label} (95% CI)";
            }
            var paper = paperRows().ToList();
            var pts = plot.Add.ScatterPoints(paper.Select(r => (double)r.K).ToArray(), paper.Select(r => r.RatePercent).ToArray());
            pts.Color = color;
            pts.MarkerShape = MarkerShape.OpenSquare;
            pts.MarkerSize = 11;
            pts.LegendText = $"Safran–Shamir, {label}";
        }
        Series(0, () => PaperTables.Table1, Colors.Blue, "n = k (Table 1)");
        Series(1, () => PaperTables.Table2, Colors.OrangeRed, "n = k + 1 (Table 2)");
        var shown = archs.Where(a => a.N - a.K is 0 or 1).ToList();
        plot.Title("Share of GD runs ending at a spurious local minimum" + (shown.Count == 0 ? "" : "\n" + RunsCaption(shown).Trim()));
        plot.XLabel("k (input dimension = number of target neurons)");
        plot.YLabel("spurious runs (%)");
        plot.Axes.SetLimits(5.5, Math.Max(20, shown.Count == 0 ? 20 : shown.Max(a => a.K)) + 0.5, 0, 100);
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        plot.SavePng(path, 1000, 620);
    }

    private delegate IEnumerable<PaperRow> PaperRowSource();

    /// <summary>
    /// " (1 000 runs per architecture; 200 at k = n = 21–30; 2 000 at (13, 13))": the most common run count, then
    /// the architectures with another one (a run of consecutive k = n as a range).
    /// </summary>
    private static string RunsCaption(IReadOnlyList<ArchitectureRuns> shown)
    {
        if (shown.Count == 0) return "";
        var groups = shown.GroupBy(a => a.Statistics.Runs).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).ToList();
        var parts = new List<string> { $"{RunCount(groups[0].Key)} runs per architecture" };
        foreach (var g in groups.Skip(1))
        {
            var archs = g.OrderBy(a => a.K).ThenBy(a => a.N).ToList();
            bool squareRange = archs.Count > 1 && archs.All(a => a.N == a.K) && archs[^1].K - archs[0].K == archs.Count - 1;
            parts.Add($"{RunCount(g.Key)} at " + (squareRange
                ? $"k = n = {archs[0].K}–{archs[^1].K}"
                : string.Join(", ", archs.Select(a => $"({a.K}, {a.N})"))));
        }
        return $" ({string.Join("; ", parts)})";
    }

    /// <summary>1000 → "1 000" (thin grouping, as in the docs).</summary>
    private static string RunCount(int runs) => runs.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', ' ');

    /// <summary>
    /// The architectures of the paper's Fig. 1 (k = n ≤ 20). Beyond them the step curves start below the figure's
    /// x = 0.01 (smallest F 0.0097 at k = 24) and more curves than the palette has colours would share colours.
    /// </summary>
    private const int FigureMaxK = 20;

    /// <summary>
    /// The paper's Fig. 1: for each architecture, the share of its runs that ended at a spurious minimum with F ≤ x,
    /// as a step function of x (the curve ends at the spurious rate).
    /// </summary>
    public static void ValueDistribution(IReadOnlyList<ArchitectureRuns> archs, string path)
    {
        var plot = new Plot();
        var chosen = archs.Where(a => a.N == a.K && a.K <= FigureMaxK && a.Statistics.Spurious > 0).OrderBy(a => a.K).ToList();
        var palette = new ScottPlot.Palettes.Category20();
        for (int c = 0; c < chosen.Count; c++)
        {
            var a = chosen[c];
            var values = a.Runs.Where(r => r.Outcome == RunOutcome.Spurious).Select(r => r.Value).Order().ToList();
            var xs = new List<double> { 0.01 };
            var ys = new List<double> { 0 };
            for (int i = 0; i < values.Count; i++)
            {
                xs.Add(values[i]);
                ys.Add((i + 1.0) / a.Runs.Count);
            }
            xs.Add(0.06);
            ys.Add((double)values.Count / a.Runs.Count);
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = palette.GetColor(c);
            line.LegendText = $"({a.K}, {a.N})";
        }
        plot.Title("Empirical probability of ending at a spurious minimum with F ≤ x (cf. the paper's Fig. 1)");
        plot.XLabel("objective value F at the spurious minimum");
        plot.YLabel("share of runs");
        plot.Axes.SetLimits(0.01, 0.06, 0, 1);
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        plot.SavePng(path, 1000, 620);
    }
}
