using System.Globalization;
using ScottPlot;

namespace ExactCheck.Cli.Report;

/// <summary>
/// The report's picture of a Hessian: its smallest eigenvalues in double precision, with the certified lower bound
/// drawn as a line when the certificate claims one. An illustration, not a verdict (the page says so).
/// </summary>
public static class EigenvaluePlot
{
    /// <summary>How many of the smallest eigenvalues are drawn.</summary>
    public const int Count = 12;

    /// <summary>An SVG picture as a data: URI (no network, no external file).</summary>
    public static string SvgDataUri(IReadOnlyList<double> ascending, double? certifiedLower, string title)
    {
        var plot = new Plot();
        int count = Math.Min(Count, ascending.Count);
        var bars = plot.Add.Bars(Enumerable.Range(1, count).Select(i => (double)i).ToArray(), ascending.Take(count).ToArray());
        bars.Color = Color.FromHex("#3b6ea8");
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Black;
        zero.LineWidth = 1;
        if (certifiedLower is { } lower)
        {
            var line = plot.Add.HorizontalLine(lower);
            line.Color = Color.FromHex("#c0392b");
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.LegendText = "certified lower bound λ (exact, from the checker)";
        }
        bars.LegendText = "eigenvalue (double precision, illustration)";
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title(title);
        plot.XLabel("index i (ascending)");
        plot.YLabel("λᵢ(∇²)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(1, count).Select(i => (double)i).ToArray(),
            Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray());
        var svg = plot.GetSvgXml(640, 360);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
