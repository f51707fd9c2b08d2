using System.Diagnostics;

namespace ExactCheck.Certificates;

/// <summary>
/// Seconds spent per stage of a check, in the order first met (for `exactcheck bench`; informational, never part of a
/// verdict). Not thread-safe: one instance per check.
/// </summary>
public sealed class StageTimes
{
    private readonly List<(string Stage, double Seconds)> _entries = [];

    public IReadOnlyList<(string Stage, double Seconds)> Entries => _entries;

    /// <summary>Adds <paramref name="seconds"/> to <paramref name="stage"/>.</summary>
    public void Record(string stage, double seconds)
    {
        int i = _entries.FindIndex(e => e.Stage == stage);
        if (i < 0) _entries.Add((stage, seconds));
        else _entries[i] = (stage, _entries[i].Seconds + seconds);
    }

    /// <summary>Runs <paramref name="work"/> and records its time under <paramref name="stage"/>.</summary>
    public T Time<T>(string stage, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        try { return work(); }
        finally { Record(stage, clock.Elapsed.TotalSeconds); }
    }

    public double this[string stage] => _entries.Where(e => e.Stage == stage).Sum(e => e.Seconds);
}
