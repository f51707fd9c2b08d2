using System.Globalization;
using System.Net;
using System.Text;
using ExactCheck.Certificates;
using ExactCheck.Search;
using ExactCheck.Search.Import;

namespace ExactCheck.Cli.Report;

/// <summary>
/// One self-contained HTML page for <c>check --html</c> and <c>audit --html</c>: inline CSS, pictures as data: URIs,
/// no script, no font or file from anywhere else, so it opens offline and can be mailed as one file. The verdicts and
/// the claimed-vs-derived rows come from the trusted checker; the eigenvalue pictures are double-precision
/// illustrations (the page says so).
/// </summary>
public static class HtmlReport
{
    private const string PlotNote =
        "The eigenvalues in the picture are computed in double precision by the report (untrusted code): an illustration, " +
        "not part of the verdict, which rests on the checker's exact bounds.";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string Version => typeof(HtmlReport).Assembly.GetName().Version?.ToString(3) ?? "?";

    private static string Css => """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d2433; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin: 0 0 .6rem; } h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
        .sub { color: #5a6475; margin-top: 0; }
        table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .4rem 0 1rem; }
        th, td { border: 1px solid #d5d9e0; padding: .3rem .45rem; text-align: left; vertical-align: top; }
        th { background: #f1f3f7; }
        td.num { font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
        table.summary td.num, table.checks td.num, table.checks td:last-child { white-space: nowrap; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
        section { border: 1px solid #d5d9e0; border-radius: 6px; padding: 1rem 1.2rem; margin: 1.2rem 0; }
        .verdict { display: inline-block; font-weight: 700; font-size: .8rem; padding: .1rem .45rem; border-radius: 4px; color: #fff; letter-spacing: .03em; }
        .VERIFIED, .CERTIFIED { background: #1e7b46; } .REFUTED { background: #8e44ad; } .INVALID, .INCONCLUSIVE { background: #c0392b; } .MALFORMED { background: #7f5f00; }
        .ok { color: #1e7b46; font-weight: 700; } .fail { color: #c0392b; font-weight: 700; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .4rem 0; }
        dt { color: #5a6475; } dd { margin: 0; }
        .statement { background: #f7f8fb; border-left: 3px solid #3b6ea8; padding: .5rem .8rem; margin: .4rem 0; }
        figure { margin: .8rem 0 0; } figure img { max-width: 100%; height: auto; border: 1px solid #e3e6ec; }
        figcaption { font-size: .82rem; color: #5a6475; }
        .message { white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; background: #fdf3f2; padding: .5rem; }
        footer { font-size: .82rem; color: #5a6475; margin-top: 2rem; }
        """;

    private static void Head(StringBuilder h, string title)
    {
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         // No favicon request: the page loads nothing from anywhere.
         .Append("<link rel=\"icon\" href=\"data:,\">\n")
         .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n");
    }

    private static void Foot(StringBuilder h)
    {
        h.Append("<footer><p>Verdicts come from the trusted checker: exact rationals and outward-rounded big-float intervals, every bound ")
         .Append("re-derived, no floating-point tolerance. Hints and pictures are untrusted. Exit codes and formats: README.md and ")
         .Append("docs/certificate-format.md. Report written by exactcheck ").Append(E(Version)).Append(".</p></footer>\n</body>\n</html>\n");
    }

    private static string Seconds(double s) => s.ToString("F2", CultureInfo.InvariantCulture) + " s";

    // ------------------------------------------------------------------ check

    public static string ForCheck(IReadOnlyList<CheckResult> results, string commandLine)
    {
        var views = results.AsParallel().AsOrdered().Select(r =>
            r.Verdict == Verdict.Malformed || !File.Exists(r.Path) ? null : CertificateView.FromText(File.ReadAllText(r.Path))).ToList();
        var h = new StringBuilder();
        Head(h, "ExactCheck report: check");
        h.Append("<h1>ExactCheck: certificates checked</h1>\n<p class=\"sub\"><code>").Append(E(commandLine)).Append("</code> — ");
        var counts = results.GroupBy(r => r.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Verdicts.Name(g.Key)}");
        h.Append(results.Count).Append(" file(s): ").Append(E(string.Join(", ", counts)))
         .Append("; exit code ").Append(Verdicts.ExitCode(results.Select(r => r.Verdict))).Append("</p>\n");

        h.Append("<table class=\"summary\">\n<tr><th>#</th><th>certificate</th><th>claim kind</th><th>verdict</th><th>radius</th><th>F</th><th>time</th></tr>\n");
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var v = views[i];
            h.Append("<tr><td>").Append(i + 1).Append("</td><td><a href=\"#c").Append(i + 1).Append("\"><code>").Append(E(r.Path)).Append("</code></a></td><td>")
             .Append(E(v?.Kind ?? r.Summary?.Kind ?? "—")).Append("</td><td><span class=\"verdict ").Append(Verdicts.Name(r.Verdict)).Append("\">")
             .Append(Verdicts.Name(r.Verdict)).Append("</span></td><td class=\"num\">").Append(E(v?.RadiusShort ?? "—")).Append("</td><td class=\"num\">")
             .Append(E(v?.ValueShort ?? "—")).Append("</td><td class=\"num\">").Append(Seconds(r.Seconds)).Append("</td></tr>\n");
        }
        h.Append("</table>\n");

        for (int i = 0; i < results.Count; i++) Certificate(h, i + 1, results[i], views[i]);
        Foot(h);
        return h.ToString();
    }

    private static void Certificate(StringBuilder h, int number, CheckResult r, CertificateView? v)
    {
        var verdict = Verdicts.Name(r.Verdict);
        h.Append("<section class=\"certificate\" id=\"c").Append(number).Append("\" data-path=\"").Append(E(r.Path)).Append("\" data-verdict=\"").Append(verdict).Append("\">\n")
         .Append("<h2><span class=\"verdict ").Append(verdict).Append("\">").Append(verdict).Append("</span> <code>").Append(E(r.Path)).Append("</code></h2>\n");
        if (v is not null)
        {
            h.Append("<div class=\"statement\"><b>Claim</b> (<code>").Append(E(v.Kind)).Append("</code>): ").Append(E(v.Statement)).Append("</div>\n<dl>\n")
             .Append("<dt>model</dt><dd>").Append(E(v.Model)).Append("</dd>\n");
            if (v.Radius is not null) h.Append("<dt>radius</dt><dd>").Append(E(v.Radius)).Append("</dd>\n");
            if (r.Summary?.Value is { } f) h.Append("<dt>F (derived enclosure)</dt><dd><code>").Append(E(f)).Append("</code></dd>\n");
            if (v.Value is not null) h.Append("<dt>F (claimed)</dt><dd><code>").Append(E(v.Value)).Append("</code></dd>\n");
            if (r.Summary is { } s)
            {
                h.Append("<dt>ε, λ</dt><dd><code>ε = ").Append(E(s.Epsilon)).Append(", λ ≥ ").Append(E(s.Lambda)).Append("</code> on the ball</dd>\n");
                if (s.AllDimensions is not null) h.Append("<dt>every dimension</dt><dd>").Append(E(s.AllDimensions)).Append("</dd>\n");
            }
            h.Append("<dt>checked in</dt><dd>").Append(Seconds(r.Seconds)).Append("</dd>\n</dl>\n");
        }
        if (r.Message.Length > 0) h.Append("<p class=\"message\">").Append(E(r.Message)).Append("</p>\n");
        if (r.Checks.Count > 0)
        {
            h.Append("<h3>Every bound: claimed vs derived</h3>\n<table class=\"checks\">\n<tr><th>statement</th><th>proof</th><th>needs</th><th>claimed</th><th>derived</th><th>difference</th><th></th></tr>\n");
            foreach (var c in r.Checks)
                h.Append("<tr><td>").Append(E(c.Name)).Append("</td><td><code>[").Append(E(c.Label)).Append("]</code></td><td>").Append(E(c.Relation))
                 .Append("</td><td class=\"num\">").Append(E(c.Claimed)).Append("</td><td class=\"num\">").Append(E(c.Derived))
                 .Append("</td><td class=\"num\">").Append(E(c.Difference)).Append("</td><td>")
                 .Append(c.Holds ? "<span class=\"ok\">✓ holds</span>" : "<span class=\"fail\">✗ fails</span>").Append("</td></tr>\n");
            h.Append("</table>\n");
        }
        if (v is not null) Details(h, v);
        h.Append("</section>\n");
    }

    private static void Details(StringBuilder h, CertificateView v)
    {
        if (v.Witness is { } w)
        {
            h.Append("<h3>Witness</h3>\n<p>").Append(E(w.Evidence)).Append("</p>\n<table class=\"witness\">\n");
            foreach (var (name, value) in w.Items) h.Append("<tr><th>").Append(E(name)).Append("</th><td class=\"num\">").Append(E(value)).Append("</td></tr>\n");
            h.Append("</table>\n");
        }
        if (v.Picture is { } p)
        {
            var shown = string.Join(", ", p.Eigenvalues.Take(EigenvaluePlot.Count).Select(x => x.ToString("G4", CultureInfo.InvariantCulture)));
            h.Append("<figure><img src=\"").Append(p.DataUri).Append("\" width=\"640\" height=\"360\" alt=\"").Append(E(p.Title + ": " + shown)).Append("\">\n")
             .Append("<figcaption>").Append(E(p.Title)).Append(". ").Append(E(PlotNote)).Append("</figcaption></figure>\n");
        }
        else if (v.PictureFailure is not null) h.Append("<p class=\"sub noplot\">").Append(E(v.PictureFailure)).Append("</p>\n");
    }

    // ------------------------------------------------------------------ audit

    public static string ForAudit(string input, ImportResult imported, IReadOnlyList<AuditEntry> entries, string commandLine)
    {
        var h = new StringBuilder();
        Head(h, "ExactCheck report: audit");
        var families = entries.Where(e => e.SameAs is null).ToList();
        h.Append("<h1>ExactCheck: audit of claimed minima</h1>\n<p class=\"sub\"><code>").Append(E(commandLine)).Append("</code> — ")
         .Append(entries.Count).Append(" point(s) in ").Append(families.Count).Append(" famil").Append(families.Count == 1 ? "y" : "ies").Append(": ");
        var counts = entries.GroupBy(e => e.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToUpperInvariant()}");
        h.Append(E(string.Join(", ", counts))).Append("</p>\n");
        foreach (var note in imported.Notes) h.Append("<p class=\"sub\">note: ").Append(E(note)).Append("</p>\n");

        h.Append("<table class=\"summary\">\n<tr><th>#</th><th>family</th><th>origin</th><th>verdict</th><th>λmin ≥</th><th>r ≤</th><th>F</th></tr>\n");
        foreach (var e in entries)
        {
            var verdict = e.Verdict.ToString().ToUpperInvariant();
            h.Append("<tr><td>").Append(e.Index).Append("</td><td><a href=\"#f").Append(e.Family).Append("\">").Append(e.Family).Append("</a>")
             .Append(e.SameAs is { } s ? $" (= #{s})" : "").Append("</td><td><code>").Append(E(e.Origin)).Append("</code></td><td><span class=\"verdict ")
             .Append(verdict).Append("\">").Append(verdict).Append("</span></td><td class=\"num\">").Append(E(e.LambdaMin ?? "—"))
             .Append("</td><td class=\"num\">").Append(E(e.Radius ?? "—")).Append("</td><td class=\"num\">").Append(E(e.Value ?? "—")).Append("</td></tr>\n");
        }
        h.Append("</table>\n");

        var views = families.AsParallel().AsOrdered().Select(f => f.CertificateText is { } t ? CertificateView.FromText(t) : null).ToList();
        for (int i = 0; i < families.Count; i++)
        {
            var f = families[i];
            var verdict = f.Verdict.ToString().ToUpperInvariant();
            var members = entries.Where(e => e.Family == f.Family).ToList();
            h.Append("<section class=\"family\" id=\"f").Append(f.Family).Append("\" data-verdict=\"").Append(verdict).Append("\">\n<h2><span class=\"verdict ")
             .Append(verdict).Append("\">").Append(verdict).Append("</span> family ").Append(f.Family).Append(": ").Append(members.Count).Append(" point(s)</h2>\n")
             .Append("<p>").Append(E(f.Reason)).Append("</p>\n<h3>Members</h3>\n<table class=\"members\">\n<tr><th>#</th><th>origin</th><th>relation to the representative</th></tr>\n");
            foreach (var m in members)
                h.Append("<tr><td>").Append(m.Index).Append("</td><td><code>").Append(E(m.Origin)).Append("</code></td><td>")
                 .Append(E(m.SameAs is null ? "representative (audited)" : m.Symmetry ?? $"symmetric copy of #{m.SameAs}")).Append("</td></tr>\n");
            h.Append("</table>\n<dl>\n<dt>Newton (untrusted)</dt><dd>‖∇F‖ ").Append(G(f.GradientNormBefore)).Append(" → ").Append(G(f.GradientNormAfter))
             .Append(", moved ").Append(G(f.DistanceMoved)).Append("</dd>\n");
            if (f.LambdaMin is not null) h.Append("<dt>λmin ≥</dt><dd><code>").Append(E(f.LambdaMin)).Append("</code></dd>\n");
            if (f.Radius is not null) h.Append("<dt>radius</dt><dd><code>").Append(E(f.Radius)).Append("</code></dd>\n");
            if (f.Value is not null) h.Append("<dt>F</dt><dd><code>").Append(E(f.Value)).Append("</code></dd>\n");
            if (f.CertificateName is not null) h.Append("<dt>certificate</dt><dd><code>").Append(E(f.CertificateName)).Append(".json</code> (with <code>--out</code>)</dd>\n");
            h.Append("</dl>\n");
            if (views[i] is { } v)
            {
                h.Append("<div class=\"statement\"><b>Claim proved</b> (<code>").Append(E(v.Kind)).Append("</code>): ").Append(E(v.Statement)).Append("</div>\n");
                Details(h, v);
            }
            h.Append("</section>\n");
        }
        Foot(h);
        return h.ToString();
    }

    private static string G(double x) => double.IsFinite(x) ? x.ToString("G3", CultureInfo.InvariantCulture) : "—";

    /// <summary>Writes the page (atomically) and returns its size in bytes.</summary>
    public static long Write(string path, string html)
    {
        CertificateProducer.WriteAtomically(path, html);
        return new FileInfo(path).Length;
    }
}
