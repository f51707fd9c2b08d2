using ExactCheck.Arithmetic;

namespace ExactCheck.Models.Tests;

/// <summary>
/// The fast double-interval Hessian ([arith.double-interval], same formulas as [ss.hessian]) against the big-float one:
/// both enclose the true Hessian, so they must overlap, the tight 256-bit enclosure must lie inside the double one, and
/// the double one must be narrow. Plus the fast ball-smoothness test against the exact one.
/// </summary>
public class ReluGaussianHessianDoubleTests
{
    [Theory]
    [InlineData(3, 3, 1)]
    [InlineData(4, 5, 2)]
    [InlineData(6, 6, 3)]
    public void DoubleHessianContainsTheBigFloatHessian(int k, int n, int seed)
    {
        var rng = new Random(seed);
        var dbl = new ReluGaussianDouble(k, n);
        var itv = new ReluGaussianInterval(k, n, 256);
        for (int trial = 0; trial < 3; trial++)
        {
            var w = ModelTestSupport.WellConditionedPoint(rng, dbl);
            var box = w.Select(x => Interval.FromDouble(x, 256)).ToArray();
            var exact = itv.Evaluate(box, gradient: false, hessian: true, out var failure)!.Hessian!;
            Assert.Null(failure);
            var fast = itv.HessianDouble(box, out failure);
            Assert.Null(failure);
            for (int i = 0; i < k * n; i++)
                for (int j = 0; j <= i; j++)
                {
                    var e = exact[i, j];
                    var f = fast![i, j];
                    Assert.True(BigFloat.FromDouble(f.Lo) <= e.Lo && e.Hi <= BigFloat.FromDouble(f.Hi), $"({i}, {j}): {e.ToDecimalString(20)} not inside {f}");
                    Assert.True(f.Hi - f.Lo < 1e-12, $"({i}, {j}): {f} too wide");
                }
        }
    }

    [Theory]
    [InlineData(4, 5, 7)]
    [InlineData(6, 6, 8)]
    public void FastBallSmoothnessImpliesTheExactTest(int k, int n, int seed)
    {
        var rng = new Random(seed);
        var dbl = new ReluGaussianDouble(k, n);
        var itv = new ReluGaussianInterval(k, n, 128);
        foreach (var radius in new[] { new Rational(1, 1_000_000_000), new Rational(1, 100), new Rational(1, 2), new Rational(3) })
        {
            var w = ModelTestSupport.WellConditionedPoint(rng, dbl).Select(Rational.FromDouble).ToArray();
            var fast = itv.BallSmoothnessFailureFast(w, radius);
            var exact = itv.BallSmoothnessFailure(w, radius);
            // The fast test is only sufficient: whenever it passes, the exact test must pass too.
            if (fast is null) Assert.Null(exact);
        }
        var w0 = ModelTestSupport.WellConditionedPoint(rng, dbl).Select(Rational.FromDouble).ToArray();
        Assert.Null(itv.BallSmoothnessFailureFast(w0, new Rational(1, 1_000_000_000)));
        Assert.NotNull(itv.BallSmoothnessFailureFast(w0, new Rational(100)));
    }
}
