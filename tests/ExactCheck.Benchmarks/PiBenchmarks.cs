using BenchmarkDotNet.Attributes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Benchmarks;

/// <summary>
/// π computed afresh by Machin's formula in fixed-point integer arithmetic (<see cref="Constants.PiUncached"/>;
/// <see cref="Constants.Pi"/> caches, so it would measure only the cache hit after the first call).
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class PiBenchmarks
{
    [Params(1_024, 10_000)]
    public int Bits { get; set; }

    [Benchmark]
    public Interval PiUncached() => Constants.PiUncached(Bits);
}
