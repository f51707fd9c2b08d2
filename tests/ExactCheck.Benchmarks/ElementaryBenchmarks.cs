using BenchmarkDotNet.Attributes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Benchmarks;

/// <summary>
/// Elementary functions of a point interval [x, x] with a full-precision x (the rounded-to-nearest value of a
/// non-dyadic rational, so every mantissa bit is used). π and ln 2 come from the <see cref="Constants"/> cache, which
/// the first (warm-up) call fills, as in real use.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class ElementaryBenchmarks
{
    [Params(128, 256)]
    public int Precision { get; set; }

    private Interval _acosArg;
    private Interval _acosNearOneArg;
    private Interval _expArg;
    private Interval _logArg;
    private Interval _sinArg;

    [GlobalSetup]
    public void Setup()
    {
        int p = Precision;
        _acosArg = Interval.Point(Inputs.Nearest(new Rational(3, 10), p), p);                      // 0.3…
        _acosNearOneArg = Interval.Point(BigFloat.Sub(BigFloat.One, new BigFloat(1, -40), p, RoundingMode.Nearest), p); // 1 − 2^-40 (exact)
        _expArg = Interval.Point(Inputs.Nearest(new Rational(17, 10), p), p);                      // 1.7…
        _logArg = Interval.Point(Inputs.Nearest(new Rational(37, 10), p), p);                      // 3.7…
        _sinArg = Interval.Point(Inputs.Nearest(new Rational(13, 10), p), p);                      // 1.3…
    }

    /// <summary>arccos(0.3…).</summary>
    [Benchmark]
    public Interval Acos() => Interval.Acos(_acosArg);

    /// <summary>arccos(1 − 2^-40): the reduced argument √((1−x)/(1+x)) ≈ 2^-20.5 is small.</summary>
    [Benchmark]
    public Interval AcosNearOne() => Interval.Acos(_acosNearOneArg);

    /// <summary>exp(1.7…).</summary>
    [Benchmark]
    public Interval Exp() => Interval.Exp(_expArg);

    /// <summary>ln(3.7…).</summary>
    [Benchmark]
    public Interval Log() => Interval.Log(_logArg);

    /// <summary>sin(1.3…).</summary>
    [Benchmark]
    public Interval Sin() => Interval.Sin(_sinArg);
}
