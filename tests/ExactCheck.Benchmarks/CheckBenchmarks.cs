using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Models;
using MathNet.Numerics.LinearAlgebra;

namespace ExactCheck.Benchmarks;

/// <summary>
/// The rigor overhead (issue #9): per committed Safran–Shamir local-minimum certificate with k = n = <see cref="K"/>,
/// the non-rigorous baseline — double F, ∇F, ∇²F plus a double symmetric eigendecomposition of the Hessian
/// (MathNet.Numerics) — against the full rigorous check (parse + every bound). The ratio of the two means is the
/// overhead. `exactcheck bench` prints the same comparison with the per-stage times in one run.
/// Sizes whose certificate is missing are skipped (the setup throws).
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class CheckBenchmarks
{
    [Params(6, 10, 20, 30, 50)]
    public int K { get; set; }

    private byte[] _bytes = [];
    private ReluGaussianDouble _model = null!;
    private double[] _w = [];

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(RepoPaths.Root, "certificates");
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            using var doc = JsonDocument.Parse(bytes);
            var claim = doc.RootElement.GetProperty("claim");
            if (claim.GetProperty("kind").GetString() != SafranShamirLocalMinimum.KindName) continue;
            var model = claim.GetProperty("model");
            if (model.GetProperty("k").GetInt32() != K || model.GetProperty("n").GetInt32() != K) continue;
            _bytes = bytes;
            var cert = SafranShamirLocalMinimum.Parse(doc.RootElement);
            _model = new ReluGaussianDouble(K, K);
            _w = cert.Point.SelectMany(v => v).Select(x => BigFloat.FromRational(x, 53, RoundingMode.Nearest).ToDoubleNearest()).ToArray();
            return;
        }
        throw new InvalidOperationException($"no k = n = {K} Safran–Shamir certificate under {folder}");
    }

    [Benchmark(Baseline = true)]
    public double DoubleBaseline()
    {
        double f = _model.Value(_w);
        var g = _model.Gradient(_w);
        var h = _model.Hessian(_w);
        var evd = Matrix<double>.Build.DenseOfArray(h).Evd(Symmetricity.Symmetric);
        return f + g[0] + evd.EigenValues[0].Real;
    }

    [Benchmark]
    public Verdict RigorousCheck() => CertificateChecker.CheckText("bench", System.Text.Encoding.UTF8.GetString(_bytes)).Verdict;
}
