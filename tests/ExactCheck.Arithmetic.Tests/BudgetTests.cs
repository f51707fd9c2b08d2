using System.Diagnostics;
using System.Numerics;

namespace ExactCheck.Arithmetic.Tests;

/// <summary>Issue #7: the per-file time budget is honoured by the kernel's hot primitives and changes no result.</summary>
public class BudgetTests
{
    private static BigFloat SpinBigFloat(int iterations)
    {
        var x = BigFloat.One;
        var third = BigFloat.Div(BigFloat.One, (BigFloat)3, 200, RoundingMode.Down);
        for (int i = 0; i < iterations; i++) x = BigFloat.Add(BigFloat.Mul(x, third, 200, RoundingMode.Down), BigFloat.One, 200, RoundingMode.Down);
        return x;
    }

    private static Rational SpinRational(int iterations)
    {
        Rational x = 0;
        for (int i = 1; i <= iterations; i++) x += new Rational(BigInteger.One, i % 97 + 1);
        return x;
    }

    [Fact]
    public void WithoutABudgetWorkRunsToTheEnd() =>
        Assert.Equal(SpinBigFloat(5_000), Budget.Run(null, () => SpinBigFloat(5_000)));

    [Fact]
    public void ABudgetThatSufficesGivesTheSameResult()
    {
        Assert.Equal(SpinBigFloat(5_000), Budget.Run(600, () => SpinBigFloat(5_000)));
        Assert.Equal(SpinRational(5_000), Budget.Run(600, () => SpinRational(5_000)));
    }

    [Fact]
    public void RoundedArithmeticStopsWhenTheBudgetIsSpent()
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<BudgetExceededException>(() => Budget.Run(0.02, () => SpinBigFloat(int.MaxValue)));
        Assert.Equal(0.02, e.Seconds);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ExactArithmeticStopsWhenTheBudgetIsSpent()
    {
        var clock = Stopwatch.StartNew();
        Assert.Throws<BudgetExceededException>(() => Budget.Run(0.02, () => SpinRational(int.MaxValue)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void TheBudgetReachesParallelWorkers()
    {
        Assert.Throws<AggregateException>(() => Budget.Run(0.02, () =>
        {
            Parallel.For(0, 2, _ => SpinBigFloat(int.MaxValue));
            return 0;
        }));
    }

    [Fact]
    public void ANestedBudgetNeverExtendsTheEnclosingOne()
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<BudgetExceededException>(() => Budget.Run(0.02, () => Budget.Run(600, () => SpinBigFloat(int.MaxValue))));
        Assert.Equal(0.02, e.Seconds);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void TheBudgetEndsWithItsRun()
    {
        Assert.Throws<BudgetExceededException>(() => Budget.Run(0.01, () => SpinBigFloat(int.MaxValue)));
        Thread.Sleep(30);
        Assert.Equal(SpinBigFloat(5_000), SpinBigFloat(5_000)); // no budget left over on this thread
    }

    [Fact]
    public void TheBudgetIsNotAnArithmeticFailure() =>
        // Handlers that turn failed enclosures into INVALID catch ArithmeticException; a spent budget must pass them.
        Assert.False(typeof(ArithmeticException).IsAssignableFrom(typeof(BudgetExceededException)));
}
