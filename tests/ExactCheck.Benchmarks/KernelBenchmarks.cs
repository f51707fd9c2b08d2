using BenchmarkDotNet.Attributes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Benchmarks;

/// <summary>
/// The cheapest kernel operations: interval ×, interval √ and rounded <see cref="BigFloat.Mul"/>. Each benchmark runs
/// over <see cref="N"/> different random inputs (so every sign branch of interval multiplication is exercised), and
/// the reported time is per operation (<c>OperationsPerInvoke</c>).
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class KernelBenchmarks
{
    private const int N = 64;

    [Params(128, 256)]
    public int Precision { get; set; }

    private Interval[] _a = [];
    private Interval[] _b = [];
    private Interval[] _positive = [];
    private BigFloat[] _x = [];
    private BigFloat[] _y = [];
    private readonly Interval[] _intervalOut = new Interval[N];
    private readonly BigFloat[] _floatOut = new BigFloat[N];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(Inputs.Seed + Precision);
        int p = Precision;
        _a = new Interval[N];
        _b = new Interval[N];
        _positive = new Interval[N];
        _x = new BigFloat[N];
        _y = new BigFloat[N];
        for (int i = 0; i < N; i++)
        {
            // Mixed signs: the four sign combinations of (a, b) in turn, magnitudes in [2^-5, 2^4).
            var a = Inputs.FullPrecision(rng, p, -4, 4, negative: (i & 1) != 0);
            var b = Inputs.FullPrecision(rng, p, -4, 4, negative: (i & 2) != 0);
            _a[i] = Inputs.NarrowAround(rng, a, p);
            _b[i] = Inputs.NarrowAround(rng, b, p);
            var s = Inputs.FullPrecision(rng, p, -8, 8, negative: false);
            _positive[i] = Inputs.NarrowAround(rng, s, p);
            _x[i] = Inputs.FullPrecision(rng, p, -4, 4, negative: (i & 1) != 0);
            _y[i] = Inputs.FullPrecision(rng, p, -4, 4, negative: (i & 2) != 0);
        }
    }

    /// <summary>Interval × Interval, both narrow intervals around random full-precision values of mixed signs.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public Interval IntervalMul()
    {
        var a = _a;
        var b = _b;
        var o = _intervalOut;
        for (int i = 0; i < o.Length; i++) o[i] = a[i] * b[i];
        return o[^1];
    }

    /// <summary>Interval.Sqrt() of a narrow positive interval around a random full-precision value.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public Interval IntervalSqrt()
    {
        var a = _positive;
        var o = _intervalOut;
        for (int i = 0; i < o.Length; i++) o[i] = a[i].Sqrt();
        return o[^1];
    }

    /// <summary>BigFloat.Mul of two full-precision values, rounded (alternately down and up) to the precision.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public BigFloat BigFloatMul()
    {
        var x = _x;
        var y = _y;
        var o = _floatOut;
        int p = Precision;
        for (int i = 0; i < o.Length; i++)
            o[i] = BigFloat.Mul(x[i], y[i], p, (i & 1) == 0 ? RoundingMode.Down : RoundingMode.Up);
        return o[^1];
    }
}
