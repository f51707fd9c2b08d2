using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ExactCheck.Arithmetic;

/// <summary>
/// A wall-clock budget for one piece of work (issue #7: a time budget per certificate file). The kernel's hot
/// primitives — every <see cref="BigFloat"/> rounding and every <see cref="Rational"/> operation — call
/// <see cref="Checkpoint"/>; once the budget of the enclosing <see cref="Run{T}"/> is spent, the next checkpoint
/// throws <see cref="BudgetExceededException"/>. The budget flows with the execution context (an
/// <see cref="AsyncLocal{T}"/>), so work split across tasks by <c>Parallel.For</c> is stopped too.
///
/// The budget never changes a result: it only stops work. A caller must report a stopped derivation as "not proven"
/// (INCONCLUSIVE), never as proven or disproven. <see cref="BudgetExceededException"/> deliberately derives from
/// <see cref="Exception"/> and not from <see cref="ArithmeticException"/>, so that no handler for failed enclosures
/// (which read as INVALID) can swallow it.
/// </summary>
public static class Budget
{
    private sealed record Deadline(long Timestamp, double Seconds);

    private static readonly AsyncLocal<Deadline?> Current = new();

    // Checkpoints are counted per thread and the clock is read once every 1 024 of them, so a checkpoint costs an
    // increment and a test (< 1 ns) against ≥ 50 ns for the cheapest BigFloat rounding that calls it.
    [ThreadStatic] private static int _ticks;

    /// <summary>Runs <paramref name="work"/> with a budget of <paramref name="seconds"/> (none when null or ≤ 0).</summary>
    public static T Run<T>(double? seconds, Func<T> work)
    {
        if (seconds is not > 0) return work();
        var previous = Current.Value;
        var ticks = (long)Math.Min(seconds.Value * Stopwatch.Frequency, long.MaxValue / 4.0);
        var until = Stopwatch.GetTimestamp() + ticks;
        // A nested budget never extends the enclosing one.
        if (previous is not null && previous.Timestamp < until) until = previous.Timestamp;
        Current.Value = new Deadline(until, previous is not null && previous.Timestamp == until ? previous.Seconds : seconds.Value);
        try
        {
            return work();
        }
        finally
        {
            Current.Value = previous;
        }
    }

    /// <summary>Throws <see cref="BudgetExceededException"/> when the current budget is spent (cheap; call it often).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Checkpoint()
    {
        if ((++_ticks & 1023) != 0) return;
        CheckClock();
    }

    /// <summary>Reads the clock now (for loops whose iterations are expensive).</summary>
    public static void CheckClock()
    {
        var deadline = Current.Value;
        if (deadline is not null && Stopwatch.GetTimestamp() > deadline.Timestamp)
            throw new BudgetExceededException(deadline.Seconds);
    }
}

/// <summary>The time budget of <see cref="Budget.Run{T}"/> was spent before the work finished.</summary>
public sealed class BudgetExceededException(double seconds)
    : Exception($"the time budget of {seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s was spent before the derivation finished")
{
    /// <summary>The budget that was spent, in seconds.</summary>
    public double Seconds { get; } = seconds;
}
