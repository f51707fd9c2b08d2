using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Models;
using MathNet.Numerics.LinearAlgebra;

namespace ExactCheck.Cli;

/// <summary>
/// `exactcheck bench`: per Safran–Shamir local-minimum certificate, the non-rigorous baseline (double F, ∇F, ∇²F and a
/// double symmetric eigendecomposition of the Hessian, MathNet.Numerics) against the rigorous check, their ratio, and
/// the rigorous check's time per stage. Timings are measurements, never assertions (docs/performance.md).
/// </summary>
public static class Bench
{
    /// <summary>One measured certificate.</summary>
    public sealed record Row(string File, int K, int N, double BaselineSeconds, double BaselineEvalSeconds, double BaselineEigenSeconds,
                             double BaselineLambda, double CheckSeconds, double CheckCpuSeconds, string Verdict, IReadOnlyList<(string Stage, double Seconds)> Stages)
    {
        public double Ratio => CheckSeconds / BaselineSeconds;
    }

    /// <summary>The certificates the bench uses by default: one per k = n ∈ sizes, the first such file under the folder.</summary>
    public static IReadOnlyList<string> DefaultFiles(string folder, IReadOnlyList<int> sizes)
    {
        var byK = new SortedDictionary<int, string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var (kind, k, n) = Shape(file);
            if (kind == SafranShamirLocalMinimum.KindName && k == n && sizes.Contains(k) && !byK.ContainsKey(k)) byK[k] = file;
        }
        return byK.Values.ToList();
    }

    private static (string? Kind, int K, int N) Shape(string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var claim = doc.RootElement.GetProperty("claim");
            var model = claim.GetProperty("model");
            return (claim.GetProperty("kind").GetString(), model.GetProperty("k").GetInt32(), model.GetProperty("n").GetInt32());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return (null, 0, 0); }
    }

    /// <summary>Measures one certificate: best of <paramref name="repeats"/> runs for each side (after one warm-up).</summary>
    public static Row Measure(string file, int repeats)
    {
        var bytes = File.ReadAllBytes(file);
        using var doc = JsonDocument.Parse(bytes);
        var cert = SafranShamirLocalMinimum.Parse(doc.RootElement);
        var targets = (cert.Targets ?? ReluGaussianInterval.Identity(cert.K))
            .Select(v => v.Select(x => BigFloat.FromRational(x, 53, RoundingMode.Nearest).ToDoubleNearest()).ToArray()).ToList();
        var model = new ReluGaussianDouble(cert.N, targets);
        var w = cert.Point.SelectMany(v => v).Select(x => BigFloat.FromRational(x, 53, RoundingMode.Nearest).ToDoubleNearest()).ToArray();

        double bestEval = double.MaxValue, bestEigen = double.MaxValue, lambda = double.NaN;
        for (int r = 0; r <= repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            double f = model.Value(w);
            var g = model.Gradient(w);
            var h = model.Hessian(w);
            double eval = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var evd = Matrix<double>.Build.DenseOfArray(h).Evd(Symmetricity.Symmetric);
            lambda = evd.EigenValues.Real().Minimum();
            double eigen = clock.Elapsed.TotalSeconds;
            GC.KeepAlive(f);
            GC.KeepAlive(g);
            if (r == 0) continue; // warm-up
            bestEval = Math.Min(bestEval, eval);
            bestEigen = Math.Min(bestEigen, eigen);
        }

        double bestCheck = double.MaxValue, bestCpu = double.MaxValue;
        StageTimes? bestStages = null;
        var process = Process.GetCurrentProcess();
        string verdict = "";
        for (int r = 0; r <= repeats; r++)
        {
            var times = new StageTimes();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var d = JsonDocument.Parse(bytes);
            var parsed = times.Time("parse", () => SafranShamirLocalMinimum.Parse(d.RootElement));
            var (v, _, _) = parsed.Check(times);
            double seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            verdict = Verdicts.Name(v);
            if (r == 0) continue;
            bestCpu = Math.Min(bestCpu, cpu);
            if (seconds < bestCheck) { bestCheck = seconds; bestStages = times; }
        }
        return new Row(file, cert.K, cert.N, bestEval + bestEigen, bestEval, bestEigen, lambda, bestCheck, bestCpu, verdict, bestStages!.Entries);
    }

    public static void Write(TextWriter output, IReadOnlyList<Row> rows)
    {
        static string S(double s) => s.ToString(s < 0.01 ? "F4" : "F3", CultureInfo.InvariantCulture);
        output.WriteLine("| k = n | parameters | baseline (double F, ∇F, ∇²F + eig) | of which eig | rigorous check (wall) | check (process CPU) | ratio (wall) | verdict | certificate |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in rows)
            output.WriteLine($"| {r.K} | {r.K * r.N} | {S(r.BaselineSeconds)} s | {S(r.BaselineEigenSeconds)} s | {S(r.CheckSeconds)} s | {S(r.CheckCpuSeconds)} s | {r.Ratio.ToString("F1", CultureInfo.InvariantCulture)}× | {r.Verdict} | {Path.GetFileName(r.File)} |");
        output.WriteLine();
        var stages = rows.SelectMany(r => r.Stages.Select(s => s.Stage)).Distinct().ToList();
        output.WriteLine("Rigorous check, seconds per stage:");
        output.WriteLine();
        output.WriteLine("| stage | " + string.Join(" | ", rows.Select(r => $"k = n = {r.K}")) + " |");
        output.WriteLine("|---|" + string.Concat(rows.Select(_ => "---:|")));
        foreach (var stage in stages)
            output.WriteLine($"| {stage} | " + string.Join(" | ", rows.Select(r => r.Stages.Where(s => s.Stage == stage).Sum(s => s.Seconds) is var t && t > 0 ? S(t) : "—")) + " |");
        if (rows.Count >= 2)
        {
            var (a, b) = Fit(rows.Select(r => (double)(r.K * r.N)).ToList(), rows.Select(r => r.CheckSeconds).ToList());
            var (a0, b0) = Fit(rows.Select(r => (double)(r.K * r.N)).ToList(), rows.Select(r => r.BaselineSeconds).ToList());
            output.WriteLine();
            output.WriteLine($"Least-squares fit of log(time) on log(k·n): rigorous check ≈ {a.ToString("G3", CultureInfo.InvariantCulture)}·(kn)^{b.ToString("F2", CultureInfo.InvariantCulture)} s, " +
                             $"baseline ≈ {a0.ToString("G3", CultureInfo.InvariantCulture)}·(kn)^{b0.ToString("F2", CultureInfo.InvariantCulture)} s.");
        }
    }

    /// <summary>Least squares y ≈ a·x^b on log–log.</summary>
    public static (double A, double B) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var lx = x.Select(v => Math.Log(v)).ToArray();
        var ly = y.Select(v => Math.Log(v)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double sxy = 0, sxx = 0;
        for (int i = 0; i < lx.Length; i++) { sxy += (lx[i] - mx) * (ly[i] - my); sxx += (lx[i] - mx) * (lx[i] - mx); }
        double b = sxy / sxx;
        return (Math.Exp(my - b * mx), b);
    }
}

/// <summary>The `bench` command (kept out of Commands.cs apart from one registration line).</summary>
public static class BenchCommand
{
    public static System.CommandLine.Command Build(TextWriter? stdout)
    {
        var files = new System.CommandLine.Argument<string[]>("files")
        {
            Description = "Safran–Shamir local-minimum certificates to measure (default: one per k = n in --sizes from certificates/).",
            Arity = System.CommandLine.ArgumentArity.ZeroOrMore,
        };
        var sizes = new System.CommandLine.Option<string>("--sizes") { Description = "k = n values for the default files.", DefaultValueFactory = _ => "6,10,20,30,50" };
        var repeats = new System.CommandLine.Option<int>("--repeats") { Description = "Measured runs per side after one warm-up (best is reported).", DefaultValueFactory = _ => 3 };
        var command = new System.CommandLine.Command("bench",
            "Measure the rigor overhead: per certificate the double baseline (F, ∇F, ∇²F + a double symmetric eigendecomposition, " +
            "MathNet.Numerics) vs the rigorous check, their ratio, the check's time per stage, and a fitted growth exponent in k·n. " +
            "Prints Markdown (docs/performance.md).\nExample: exactcheck bench --sizes 6,10,20")
        {
            files, sizes, repeats,
        };
        command.SetAction(parse =>
        {
            var output = stdout ?? Console.Out;
            var list = parse.GetValue(files) is { Length: > 0 } given ? given.ToList()
                : Bench.DefaultFiles("certificates", parse.GetValue(sizes)!.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList()).ToList();
            if (list.Count == 0) { output.WriteLine("no Safran–Shamir local-minimum certificates to measure"); return 2; }
            output.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
            var rows = new List<Bench.Row>();
            foreach (var f in list)
            {
                if (!Console.IsErrorRedirected) Console.Error.WriteLine($"  measuring {f} …");
                rows.Add(Bench.Measure(f, parse.GetValue(repeats)));
            }
            Bench.Write(output, rows);
            return rows.All(r => r.Verdict == "VERIFIED") ? 0 : 1;
        });
        return command;
    }
}
