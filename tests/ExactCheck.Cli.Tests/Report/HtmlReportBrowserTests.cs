using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExactCheck.Certificates;
using Xunit.Abstractions;

namespace ExactCheck.Cli.Tests.Report;

/// <summary>
/// `check --html` and `audit --html` in a real browser (Debian's Chromium, headless): the page for certificates/ is
/// self-contained (no script, nothing fetched), loads with no console error, exception or failed load, shows a section
/// for every certificate with its verdict and a decoded plot, and a screenshot is taken (left in the test's output
/// folder, report-certificates.png, for a person to look at). Skipped only where no Chromium is installed.
/// </summary>
public class HtmlReportBrowserTests(ITestOutputHelper log)
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(120);

    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = Commands.Build(output).Parse(args).Invoke();
        return (exit, output.ToString());
    }

    private static string Url(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>Nothing in the page can reach outside it: no script, every src a data: URI, no external link or font.</summary>
    private static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        foreach (Match m in Regex.Matches(html, "\\b(?:src|href)=\"([^\"]*)\""))
        {
            var target = m.Groups[1].Value;
            Assert.True(target.StartsWith("data:", StringComparison.Ordinal) || target.StartsWith('#'), $"the page refers to {target}");
        }
    }

    [BrowserFact]
    public async Task TheCheckReportForCertificatesRendersInChromium()
    {
        var files = TestRepo.SampleCertificates();
        var dir = Directory.CreateTempSubdirectory("exactcheck-report-").FullName;
        try
        {
            var page = Path.Combine(dir, "report.html");
            var clock = Stopwatch.StartNew();
            var (exit, output) = Run(["check", .. files, "--html", page]);
            log.WriteLine($"check --html: {clock.Elapsed.TotalSeconds:F1} s, {new FileInfo(page).Length} bytes, {files.Count} certificates");
            Assert.Equal(0, exit);
            Assert.Contains("report: ", output);
            var html = File.ReadAllText(page);
            AssertSelfContained(html);

            // 1. Screenshot (--screenshot), kept next to the test assembly for a person to look at.
            var png = Path.Combine(AppContext.BaseDirectory, "report-certificates.png");
            File.Delete(png);
            clock.Restart();
            HeadlessChromium.Run(BrowserTimeout, "--window-size=1280,2400", $"--screenshot={png}", Url(page));
            log.WriteLine($"screenshot: {clock.Elapsed.TotalSeconds:F1} s, {new FileInfo(png).Length} bytes, {png}");
            var bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 20_000, $"screenshot has only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);

            // 2. The DOM after rendering (--dump-dom) shows every certificate, with its verdict and a plot.
            var dom = HeadlessChromium.Run(BrowserTimeout, "--dump-dom", Url(page));
            var sections = Regex.Matches(dom, "<section class=\"certificate\" id=\"c\\d+\" data-path=\"([^\"]*)\" data-verdict=\"([A-Z]+)\">");
            Assert.Equal(files.Count, sections.Count);
            Assert.Equal(files, sections.Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList());
            Assert.All(sections, m => Assert.Equal("VERIFIED", m.Groups[2].Value));
            // Every certificate has a plot, or says why not (kinds without a picture; Hessians above the report's size limit).
            Assert.Equal(files.Count, Regex.Matches(dom, "<img src=\"data:image/svg\\+xml;base64,").Count + Regex.Matches(dom, "<p class=\"sub noplot\">").Count);
            Assert.True(Regex.Matches(dom, "<img src=\"data:image/svg\\+xml;base64,").Count >= 20, "most certificates have a plot");
            Assert.Contains("Every bound: claimed vs derived", dom);
            Assert.Contains("Witness", dom); // the refutations

            // 3. Under the DevTools protocol: no console error, exception or failed load; every section laid out, every plot decoded.
            clock.Restart();
            var load = await HeadlessChromium.LoadAsync(Url(page),
                "JSON.stringify([...document.querySelectorAll('section.certificate')].map(s => ({ path: s.dataset.path, " +
                "height: s.getBoundingClientRect().height, images: [...s.querySelectorAll('img')].map(i => i.complete && i.naturalWidth > 0) })))",
                BrowserTimeout);
            log.WriteLine($"DevTools load: {clock.Elapsed.TotalSeconds:F1} s, problems: {load.Problems.Count}");
            Assert.True(load.Problems.Count == 0, "the page reported problems:\n" + string.Join("\n", load.Problems));
            using var shown = JsonDocument.Parse(JsonSerializer.Deserialize<string>(load.Evaluated!)!);
            Assert.Equal(files.Count, shown.RootElement.GetArrayLength());
            foreach (var s in shown.RootElement.EnumerateArray())
            {
                Assert.True(s.GetProperty("height").GetDouble() > 100, $"{s.GetProperty("path")} is not laid out");
                Assert.All(s.GetProperty("images").EnumerateArray(), i => Assert.True(i.GetBoolean(), $"a plot of {s.GetProperty("path")} did not decode"));
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [BrowserFact]
    public async Task TheProblemDetectorSeesConsoleErrorsExceptionsAndFailedLoads()
    {
        // Negative control: the DevTools client must report what a broken page does, or test 3 above proves nothing.
        var dir = Directory.CreateTempSubdirectory("exactcheck-bad-page-").FullName;
        try
        {
            var page = Path.Combine(dir, "bad.html");
            File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bad</title></head><body><p>bad</p>" +
                                    "<img src=\"missing.png\"><script>console.error('deliberate'); undefinedFunction();</script></body></html>");
            var load = await HeadlessChromium.LoadAsync(Url(page), "document.title", BrowserTimeout);
            Assert.Contains(load.Problems, p => p.StartsWith("console.error", StringComparison.Ordinal) && p.Contains("deliberate"));
            Assert.Contains(load.Problems, p => p.StartsWith("exception", StringComparison.Ordinal) && p.Contains("undefinedFunction"));
            Assert.Contains(load.Problems, p => p.StartsWith("load failed", StringComparison.Ordinal) || p.Contains("missing.png"));
            Assert.Equal("\"bad\"", load.Evaluated);
        }
        finally { Directory.Delete(dir, true); }
    }

    [BrowserFact]
    public async Task TheAuditReportShowsEveryFamilyMembersAndWitness()
    {
        var dir = Directory.CreateTempSubdirectory("exactcheck-audit-report-").FullName;
        try
        {
            // Two symmetric copies of a point far from any critical point (one family, refuted by the gradient) and the
            // committed saddle's centre read from its certificate (refuted: a saddle).
            var points = Path.Combine(dir, "points.json");
            File.WriteAllText(points, """
                { "points": [
                  { "k": 3, "n": 3, "neurons": [["0.25", "0.5", "0.75"], ["0.75", "0.25", "0.5"], ["0.5", "0.75", "0.25"]] },
                  { "k": 3, "n": 3, "neurons": [["0.75", "0.25", "0.5"], ["0.25", "0.5", "0.75"], ["0.5", "0.75", "0.25"]] } ] }
                """);
            var page = Path.Combine(dir, "audit.html");
            var (exit, _) = Run("audit", points, Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-refute-saddle-k3-n3.json"), "--html", page);
            Assert.Equal(1, exit); // refuted points
            var html = File.ReadAllText(page);
            AssertSelfContained(html);
            var load = await HeadlessChromium.LoadAsync(Url(page),
                "JSON.stringify([...document.querySelectorAll('section.family')].map(s => ({ verdict: s.dataset.verdict, " +
                "members: s.querySelectorAll('table.members tr').length - 1, witness: s.querySelector('table.witness') !== null, " +
                "height: s.getBoundingClientRect().height })))", BrowserTimeout);
            Assert.True(load.Problems.Count == 0, "the page reported problems:\n" + string.Join("\n", load.Problems));
            using var shown = JsonDocument.Parse(JsonSerializer.Deserialize<string>(load.Evaluated!)!);
            var families = shown.RootElement.EnumerateArray().ToList();
            Assert.Equal(2, families.Count);
            Assert.Equal([2, 1], families.Select(f => f.GetProperty("members").GetInt32()));
            Assert.All(families, f => Assert.Equal("REFUTED", f.GetProperty("verdict").GetString()));
            Assert.All(families, f => Assert.True(f.GetProperty("witness").GetBoolean()));
            Assert.All(families, f => Assert.True(f.GetProperty("height").GetDouble() > 100));
            Assert.Contains("gradient: a partial derivative keeps its sign", html);
            Assert.Contains("saddle: exactly one critical point", html);
        }
        finally { Directory.Delete(dir, true); }
    }
}
