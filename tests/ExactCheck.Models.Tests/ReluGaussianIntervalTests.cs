using ExactCheck.Arithmetic;

namespace ExactCheck.Models.Tests;

/// <summary>
/// The trusted interval model against the independently written double model (which is validated against finite
/// differences, quadrature and Monte Carlo): at points, the enclosures must be narrow and contain the double values
/// up to the double model's own rounding error.
/// </summary>
public class ReluGaussianIntervalTests
{
    private static Interval[] PointBox(double[] w, int p) => w.Select(x => Interval.FromDouble(x, p)).ToArray();

    private static void AssertEncloses(Interval enclosure, double value, double slack, string what)
    {
        var lo = enclosure.Lo.ToDoubleNearest();
        var hi = enclosure.Hi.ToDoubleNearest();
        Assert.True(lo - slack <= value && value <= hi + slack, $"{what}: double {value:R} outside [{lo:R}, {hi:R}] ± {slack:G3}");
        Assert.True(BigFloat.Sub(enclosure.Hi, enclosure.Lo, 64, RoundingMode.Up) < BigFloat.FromDouble(1e-25), $"{what}: enclosure too wide {enclosure.ToDecimalString(5)}");
    }

    [Theory]
    [InlineData(3, 3, 1)]
    [InlineData(4, 5, 2)]
    [InlineData(6, 6, 3)]
    [InlineData(5, 3, 4)]
    public void AgreesWithTheDoubleModelAtRandomPoints(int k, int n, int seed)
    {
        var rng = new Random(seed);
        var dbl = new ReluGaussianDouble(k, n);
        var itv = new ReluGaussianInterval(k, n, 128);
        for (int trial = 0; trial < 3; trial++)
        {
            var w = ModelTestSupport.WellConditionedPoint(rng, dbl);
            var e = itv.Evaluate(PointBox(w, 128), gradient: true, hessian: true, out var failure);
            Assert.Null(failure);
            AssertEncloses(e!.Value, dbl.Value(w), 1e-13, "F");
            var g = dbl.Gradient(w);
            for (int q = 0; q < g.Length; q++) AssertEncloses(e.Gradient![q], g[q], 1e-13, $"∇F[{q}]");
            var h = dbl.Hessian(w);
            for (int a = 0; a < k * n; a++)
                for (int b = 0; b <= a; b++) AssertEncloses(e.Hessian![a, b], h[a, b], 1e-12, $"∇²F[{a},{b}]");
        }
    }

    [Fact]
    public void TheGlobalMinimumHasValueZeroInsideTheEnclosure()
    {
        // w = V is the global minimum (F = 0, ∇F = 0) but neuron i is parallel to target i: not smooth there.
        var itv = new ReluGaussianInterval(3, 3, 128);
        var w = new[] { 1.0, 0, 0, 0, 1, 0, 0, 0, 1 };
        Assert.Contains("parallel", itv.SmoothnessFailure(PointBox(w, 128)));
        // Slightly permuted-and-perturbed neurons avoid the singular set; F is then small and positive.
        var w2 = new[] { 1.0, 1e-3, 0, 0, 1, 2e-3, 3e-3, 0, 1 };
        var e = itv.Evaluate(PointBox(w2, 128), gradient: false, hessian: false, out var failure);
        Assert.Null(failure);
        Assert.True(e!.Value.Lo.Sign > 0);
    }

    [Fact]
    public void AZeroNeuronOrAParallelPairIsNotSmooth()
    {
        var itv = new ReluGaussianInterval(2, 2, 64);
        Assert.Contains("neuron 2 may be 0", itv.SmoothnessFailure(PointBox([1, 0.5, 0, 0], 64)));
        Assert.Contains("neurons 1 and 2", itv.SmoothnessFailure(PointBox([1, 0.5, -2, -1], 64)));
        // A box around a smooth point that is wide enough to reach the singular set is rejected too.
        var box = ReluGaussianInterval.Box([Rational.Parse("0.3"), Rational.Parse("0.1"), Rational.Parse("0.1"), Rational.Parse("0.5")], Rational.Parse("0.2"), 64);
        Assert.NotNull(itv.SmoothnessFailure(box));
    }

    [Fact]
    public void BoxEnclosuresContainThePointEnclosures()
    {
        var rng = new Random(9);
        var dbl = new ReluGaussianDouble(4, 4);
        var itv = new ReluGaussianInterval(4, 4, 128);
        var w = ModelTestSupport.WellConditionedPoint(rng, dbl);
        var rational = w.Select(Rational.FromDouble).ToArray();
        var box = itv.Evaluate(ReluGaussianInterval.Box(rational, new Rational(1, 1_000_000), 128), true, true, out _)!;
        var point = itv.Evaluate(PointBox(w, 128), true, true, out _)!;
        Assert.True(box.Value.Contains(point.Value));
        for (int q = 0; q < w.Length; q++) Assert.True(box.Gradient![q].Contains(point.Gradient![q]));
        for (int a = 0; a < w.Length; a++)
            for (int b = 0; b <= a; b++) Assert.True(box.Hessian![a, b].Contains(point.Hessian![a, b]));
    }
}
