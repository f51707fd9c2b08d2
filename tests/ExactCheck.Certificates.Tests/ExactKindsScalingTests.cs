using System.Diagnostics;
using ExactCheck.Arithmetic;
using Xunit.Abstractions;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Larger instances of the deep-linear and Kawaguchi–Huang–Kaelbling kinds, built and checked (not committed): the
/// sizes and check times quoted in proofs/yun-sra-jadbabaie/theorem1.md and proofs/kawaguchi-huang-kaelbling/theorems1-2.md.
/// Slow (minutes on 2 cores), so they do nothing unless EXACTCHECK_SLOW=1:
/// <c>EXACTCHECK_SLOW=1 dotnet test tests/ExactCheck.Certificates.Tests --filter "FullyQualifiedName~ExactKindsScaling" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Slow")]
public class ExactKindsScalingTests(ITestOutputHelper output)
{
    private void Report(string what, Func<string> build)
    {
        if (Environment.GetEnvironmentVariable("EXACTCHECK_SLOW") != "1")
        {
            output.WriteLine($"{what}: skipped (set EXACTCHECK_SLOW=1)");
            return;
        }
        var clock = Stopwatch.StartNew();
        var text = build();
        double produce = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var r = CertificateChecker.CheckText(what, text);
        var orders = string.Join(", ", System.Text.RegularExpressions.Regex.Matches(text, "\"order\": (\\d+)").Select(m => m.Groups[1].Value));
        output.WriteLine($"{what}: produce {produce:F1} s, check {clock.Elapsed.TotalSeconds:F2} s, {text.Length / 1024} KiB, {Verdicts.Name(r.Verdict)}" +
                         (orders.Length > 0 ? $", line orders {orders}" : ""));
        Assert.True(r.Verdict == Verdict.Verified, r.Message);
    }

    [Fact]
    public void DeepLinearGlobalMinimumDx8Dy8H3M200()
    {
        Report("deep-linear global, d_x = d_y = 8, widths [8, 8, 8], m = 200", () =>
        {
            var rng = new Random(80);
            var x = YunDeepLinearCriticalPointTests.RandomMatrix(rng, 8, 200);
            var y = YunDeepLinearCriticalPointTests.RandomMatrix(rng, 8, 200);
            var rStar = ExactCheck.Linear.RationalMatrix.LeastSquares(x.Transpose(), y.Transpose()).Transpose();
            var w4 = YunDeepLinearCriticalPointTests.RandomMatrix(rng, 8, 8);
            var w3 = YunDeepLinearCriticalPointTests.RandomMatrix(rng, 8, 8);
            var w2 = YunDeepLinearCriticalPointTests.RandomMatrix(rng, 8, 8);
            var a = w4 * w3 * w2;
            var w1 = a.Transpose() * ExactCheck.Linear.RationalMatrix.Solve(a * a.Transpose(), rStar)!;
            return YunDeepLinearCriticalPoint.Build(YunDeepLinearCriticalPointTests.Columns(x), YunDeepLinearCriticalPointTests.Columns(y),
                [8, 8, 8], [w1, w2, w3, w4], new Dictionary<string, string>()).ToCanonicalJson();
        });
    }

    [Fact]
    public void DeepLinearTruncatedSaddleDx6Dy4H2M60()
    {
        Report("deep-linear truncated saddle, d_x = 6, d_y = 4, widths [4, 4], m = 60", () =>
        {
            var (x, y, a) = YunDeepLinearCriticalPointTests.BlockData(61, 6, 4, 2, 60);
            return YunDeepLinearCriticalPoint.Build(YunDeepLinearCriticalPointTests.Columns(x), YunDeepLinearCriticalPointTests.Columns(y), [4, 4],
                [YunDeepLinearCriticalPointTests.Stack(a, YunDeepLinearCriticalPointTests.Zero(2, 6)),
                 YunDeepLinearCriticalPointTests.PartialIdentity(4, 4, 2), YunDeepLinearCriticalPointTests.PartialIdentity(4, 4, 2)],
                new Dictionary<string, string>()).ToCanonicalJson();
        });
    }

    [Fact]
    public void DeepLinearZeroSaddleDx4Dy4H4M50()
    {
        Report("deep-linear zero saddle, d_x = d_y = 4, widths [4, 4, 4, 4], m = 50 (order 5)", () =>
        {
            var rng = new Random(44);
            var x = YunDeepLinearCriticalPointTests.RandomMatrix(rng, 4, 50);
            var y = YunDeepLinearCriticalPointTests.RandomMatrix(rng, 4, 50);
            var zero = Enumerable.Range(0, 5).Select(_ => YunDeepLinearCriticalPointTests.Zero(4, 4)).ToArray();
            return YunDeepLinearCriticalPoint.Build(YunDeepLinearCriticalPointTests.Columns(x), YunDeepLinearCriticalPointTests.Columns(y),
                [4, 4, 4, 4], zero, new Dictionary<string, string>()).ToCanonicalJson();
        });
    }

    [Fact]
    public void KawaguchiFromYunDx8M1000D8()
    {
        Report("Kawaguchi from Yun Theorem 6, d_x = 8, d₁ = 8, m = 1000", () =>
        {
            var (x, y) = YunLeakyReluMinimumTests.RandomDataset(1000, 8, 1000);
            var yun = YunLeakyReluMinimum.Build(x, y, 1, Rational.Parse("1/5"), 8, 1, new Dictionary<string, string>());
            return KawaguchiGradientBasisOptimum.FromYun(yun, new Dictionary<string, string>()).ToCanonicalJson();
        });
    }

    [Fact]
    public void KawaguchiPlantedDx4D4M200()
    {
        Report("Kawaguchi planted mixed pattern, d_x = 4, d₁ = 4, m = 200", () =>
            KawaguchiGradientBasisOptimumTests.Planted(5, 4, 4, 200, 1, Rational.Parse("1/4"), "scaling").ToCanonicalJson());
    }
}
