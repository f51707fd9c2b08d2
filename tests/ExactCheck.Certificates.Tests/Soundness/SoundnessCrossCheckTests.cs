using System.Numerics;
using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;
using ExactCheck.Arithmetic.Tests.Oracle;
using ExactCheck.Linear;
using ExactCheck.Models;
using Xunit.Abstractions;

namespace ExactCheck.Certificates.Tests.Soundness;

/// <summary>
/// Issue #7 item 3: the checker's enclosures and eigenvalue bounds against an independent high-precision oracle
/// (<see cref="IndependentOracle"/>: the closed forms re-implemented with MPFR transcendentals and exact rationals,
/// λmin by exact inertia bisection), on random small instances; and known-false claims — a saddle claimed as a
/// minimum, λ claimed above the true λmin, r claimed below what the bounds give — all rejected.
/// </summary>
public class SoundnessCrossCheckTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "certificates", "safran-shamir");

    /// <summary>A random point with dyadic entries (24-bit numerators), neurons not too short and not nearly collinear.</summary>
    internal static Rational[][] RandomPoint(Random random, int k, int n)
    {
        while (true)
        {
            var w = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, k)
                .Select(_ => new Rational(random.Next(-(1 << 23), 1 << 23), 1 << 23)).ToArray()).ToArray();
            var all = w.Concat(IndependentOracle.Identity(k)).ToArray();
            bool ok = w.All(v => v.Aggregate(Rational.Zero, (s, x) => s + x * x) > new Rational(1, 25));
            for (int i = 0; i < n && ok; i++)
            for (int j = 0; j < all.Length && ok; j++)
            {
                if (i == j) continue;
                var dot = Enumerable.Range(0, k).Aggregate(Rational.Zero, (s, a) => s + w[i][a] * all[j][a]);
                var nn = w[i].Aggregate(Rational.Zero, (s, x) => s + x * x) * all[j].Aggregate(Rational.Zero, (s, x) => s + x * x);
                ok = dot * dot < nn * new Rational(81, 100); // |cos θ| < 0.9
            }
            if (ok) return w;
        }
    }

    private static Interval[] PointBox(Rational[][] w, int precision) =>
        ReluGaussianInterval.Box(w.SelectMany(v => v).ToArray(), Rational.Zero, precision);

    private static bool Contains(Interval x, Rational value) =>
        x.Lo.ToRational() <= value + IndependentOracle.Slack && value - IndependentOracle.Slack <= x.Hi.ToRational();

    [Theory]
    [InlineData(2, 2, 1)]
    [InlineData(2, 3, 2)]
    [InlineData(3, 3, 3)]
    [InlineData(3, 3, 4)]
    [InlineData(3, 4, 5)]
    public void EnclosuresAndTheEigenvalueBoundContainTheHighPrecisionValues(int k, int n, int seed)
    {
        Assert.True(Mpfr.IsAvailable, Mpfr.NotFoundMessage);
        var w = RandomPoint(new Random(seed), k, n);
        var v = IndependentOracle.Identity(k);
        var value = IndependentOracle.Value(w, v);
        var gradient = IndependentOracle.Gradient(w, v);
        var hessian = IndependentOracle.Hessian(w, v);

        foreach (var precision in new[] { 64, 128, 320 })
        {
            var model = new ReluGaussianInterval(k, n, precision);
            var enclosure = model.Evaluate(PointBox(w, precision), gradient: true, hessian: true, out var failure);
            Assert.True(enclosure is not null, failure);
            Assert.True(Contains(enclosure.Value, value), $"F at {precision} bits: {enclosure.Value} misses {value.ToDecimalString(40, RoundingMode.Nearest)}");
            for (int p = 0; p < gradient.Length; p++)
                Assert.True(Contains(enclosure.Gradient![p], gradient[p]), $"∂F/∂w[{p}] at {precision} bits misses the oracle");
            for (int r = 0; r < n * k; r++)
            for (int c = 0; c < n * k; c++)
                Assert.True(Contains(enclosure.Hessian![r, c], hessian[r, c]), $"H[{r},{c}] at {precision} bits misses the oracle");

            // The checker's λ lower bound never exceeds the true λmin (exact inertia bisection to 2^-120).
            var bound = EigenvalueBounds.LambdaMinLowerAuto(enclosure.Hessian!);
            Assert.True(bound.Succeeded, bound.Failure);
            var estimate = EigenvalueBounds.EstimateLambdaMin(ToDouble(hessian));
            var (lo, hi) = IndependentOracle.LambdaMin(hessian, Rational.FromDouble(estimate - 1e-6), Rational.FromDouble(estimate + 1e-6),
                new Rational(BigInteger.One, BigInteger.One << 120));
            var lower = bound.Lower!.Value.ToRational();
            Assert.True(lower <= hi, $"λ lower bound {lower.ToDecimalString(30, RoundingMode.Nearest)} above the true λmin ≤ {hi.ToDecimalString(30, RoundingMode.Nearest)}");
            output.WriteLine($"k={k} n={n} seed={seed} {precision} bits: F = {value.ToDecimalString(20, RoundingMode.Nearest)}, λmin ∈ [{lo.ToDecimalString(25, RoundingMode.Down)}, …], checker λ ≥ {lower.ToDecimalString(12, RoundingMode.Down)} (gap {(lo - lower).ToScientificString(3, RoundingMode.Up)})");
            // Not soundness but usefulness: the bound is close to the truth.
            Assert.True(lo - lower < new Rational(1, 1000), "the λ lower bound is needlessly loose");
        }
    }

    private static double[,] ToDouble(Rational[,] h)
    {
        int d = h.GetLength(0);
        var a = new double[d, d];
        for (int r = 0; r < d; r++)
        for (int c = 0; c < d; c++)
            a[r, c] = BigFloat.FromRational(h[r, c], 53, RoundingMode.Nearest).ToDoubleNearest();
        return a;
    }

    // ------------------------------------------------------------------ known-false claims

    private static string Example1 => File.ReadAllText(Path.Combine(Folder, "ss-example1-k6-n6.json"));

    private static Rational[][] Neurons(JsonNode root) =>
        root["point"]!["neurons"]!.AsArray().Select(v => v!.AsArray().Select(x => Rational.Parse(x!.GetValue<string>())).ToArray()).ToArray();

    private static CheckResult Check(JsonNode root) => CertificateChecker.CheckText("false-claim.json", root.ToJsonString());

    [Fact]
    public void LambdaClaimedAboveTheTrueSmallestEigenvalueIsRejected()
    {
        // Example 1: the oracle brackets λmin(∇²F(w)) at the certificate's point; a claim just above the bracket's upper
        // end is false (on the ball, λmin can only be smaller) and must be INVALID.
        var root = JsonNode.Parse(Example1)!;
        var w = Neurons(root);
        var hessian = IndependentOracle.Hessian(w, IndependentOracle.Identity(6));
        var sigma = Rational.Parse(root["hints"]!["sigma"]!.GetValue<string>());
        var (lo, hi) = IndependentOracle.LambdaMin(hessian, sigma - new Rational(1, 1_000_000_000), sigma + new Rational(1, 1_000_000_000), new Rational(1, 1_000_000_000));
        Assert.True(Rational.Parse("0.00470034") <= lo, "the committed claim is below the true λmin");
        var above = hi.ToDecimalString(15, RoundingMode.Up);
        output.WriteLine($"Example 1: λmin ∈ [{lo.ToDecimalString(15, RoundingMode.Down)}, {above}]");
        // Route B's λ (on the ball) …
        var routeB = root.DeepClone();
        routeB["bounds"]!["hessianLambdaMinLower"] = above;
        var r = Check(routeB);
        Assert.True(r.Verdict == Verdict.Invalid, $"{Verdicts.Name(r.Verdict)}: {r.Message}");
        output.WriteLine(r.Message);
        Assert.Contains("λ ≤ λmin(∇²F) on B(w, ρ)", r.Message);
        // … and route A's λ_A (at the point, every dimension).
        var routeA = root.DeepClone();
        routeA["bounds"]!["allDimensions"]!["hessianLambdaMinLower"] = above;
        r = Check(routeA);
        Assert.True(r.Verdict == Verdict.Invalid, $"{Verdicts.Name(r.Verdict)}: {r.Message}");
        output.WriteLine(r.Message);
        Assert.Contains("λ_A ≤ λmin(∇²F(w))", r.Message);
    }

    [Fact]
    public void ARadiusClaimedBelowWhatTheBoundsGiveIsRejected()
    {
        var root = JsonNode.Parse(Example1)!;
        var r0 = Rational.Parse(root["bounds"]!["distanceUpper"]!.GetValue<string>());
        // ‖∇F‖/λ at the claimed bounds is the smallest radius route B can give; a tenth of the claim is below it.
        root["bounds"]!["distanceUpper"] = (r0 / 10).ToDecimalString(3, RoundingMode.Down);
        var r = Check(root);
        Assert.True(r.Verdict == Verdict.Invalid, $"{Verdicts.Name(r.Verdict)}: {r.Message}");
        Assert.Contains("r ≥ ε/λ", r.Message);
    }

    [Fact]
    public void ASaddleClaimedAsALocalMinimumIsRejected()
    {
        // The committed refutation's point is a saddle (the oracle confirms a negative eigenvalue); dress it up as a
        // local-minimum certificate with plausible bounds: INVALID.
        var saddle = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "ss-refute-saddle-k3-n3.json")))!;
        var w = Neurons(saddle);
        var v = IndependentOracle.Identity(3);
        var hessian = IndependentOracle.Hessian(w, v);
        Assert.Equal(1, IndependentOracle.EigenvaluesBelow(hessian, Rational.Zero));
        var value = IndependentOracle.Value(w, v);

        var claim = JsonNode.Parse(Example1)!;
        claim["claim"]!["model"]!["k"] = 3;
        claim["claim"]!["model"]!["n"] = 3;
        claim["point"] = saddle["point"]!.DeepClone();
        var bounds = claim["bounds"]!.AsObject();
        bounds.Remove("allDimensions");
        bounds["gradientNormUpper"] = "1e-70";
        bounds["ballRadius"] = "1e-60";
        bounds["hessianLambdaMinLower"] = "0.001";
        bounds["distanceUpper"] = "1e-67";
        bounds["valueLower"] = (value - new Rational(1, 1_000_000_000)).ToDecimalString(20, RoundingMode.Down);
        bounds["valueUpper"] = (value + new Rational(1, 1_000_000_000)).ToDecimalString(20, RoundingMode.Up);
        claim["hints"]!["sigma"] = "0.001";
        var r = Check(claim);
        Assert.True(r.Verdict == Verdict.Invalid, $"{Verdicts.Name(r.Verdict)}: {r.Message}");
        Assert.Contains("λ ≤ λmin(∇²F) on B(w, ρ)", r.Message);
    }
}
