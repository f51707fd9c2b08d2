using ExactCheck.Arithmetic;
using ExactCheck.Models;

namespace ExactCheck.Search.Tests;

public class GradientDescentSearchTests
{
    private static long[] Bits(double[] x) => x.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static void AssertSameRun(RunResult a, RunResult b)
    {
        Assert.Equal((a.K, a.N, a.Seed, a.RunIndex), (b.K, b.N, b.Seed, b.RunIndex));
        Assert.Equal(a.Outcome, b.Outcome);
        Assert.Equal(a.Steps, b.Steps);
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Value), BitConverter.DoubleToInt64Bits(b.Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.MaxNeuronGradient), BitConverter.DoubleToInt64Bits(b.MaxNeuronGradient));
        Assert.Equal(a.MinEigenvalue is { } la ? BitConverter.DoubleToInt64Bits(la) : (long?)null,
                     b.MinEigenvalue is { } lb ? BitConverter.DoubleToInt64Bits(lb) : (long?)null);
        Assert.Equal(Bits(a.Point), Bits(b.Point));
    }

    // ------------------------------------------------------------------ random init

    [Fact]
    public void InitialPointStreamIsPinned()
    {
        // SplitMix64 + Marsaglia polar, scaled by 1/√k. Golden values cross-checked with an independent Python
        // implementation; a change here changes every search result (and the `source` lines of committed specs).
        long[] expected =
        [
            0x3FE426D0C93F92DAL, 0x3FD4B283EEC26820L, 0x3FD2010F45F89BDCL,
            unchecked((long)0xBFF335A51619CAA6UL), 0x3FED919DC556EEAEL, unchecked((long)0xBFCB0E44C43A9FBAUL),
        ];
        Assert.Equal(expected, Bits(GradientDescentSearch.InitialPoint(3, 2, 1, 0)));
        long[] other =
        [
            unchecked((long)0xBFC3679E8889DA5FUL), 0x3FE0229B06B98A8FL, unchecked((long)0xBFE540B33588245AUL),
            0x3FE061BF339FDFA5L, 0x3FEAA6D8A99AECEBL, 0x3FE6A09CCB456DF2L,
        ];
        Assert.Equal(other, Bits(GradientDescentSearch.InitialPoint(3, 2, -7, 12345)));
    }

    [Fact]
    public void InitialPointIsXavier()
    {
        // Every coordinate N(0, 1/k): over 4 000 runs × 5 × 8 coordinates the sample mean and variance are close.
        const int k = 5, n = 8;
        double sum = 0, sumSq = 0;
        int count = 0;
        for (int r = 0; r < 4000; r++)
            foreach (var x in GradientDescentSearch.InitialPoint(k, n, 3, r))
            {
                sum += x;
                sumSq += x * x;
                count++;
            }
        double mean = sum / count, variance = sumSq / count - mean * mean;
        Assert.InRange(mean, -0.01, 0.01);                 // sd of the mean ≈ 0.0016
        Assert.InRange(variance, 0.2 * 0.98, 0.2 * 1.02);  // 1/k = 0.2; sd of the estimate ≈ 0.0005
    }

    [Fact]
    public void SeedsAndRunsGiveDifferentStreams()
    {
        var seen = new HashSet<long>();
        foreach (int seed in new[] { 0, 1, -1, 2, int.MaxValue, int.MinValue })
            for (int r = 0; r < 50; r++)
                Assert.True(seen.Add(BitConverter.DoubleToInt64Bits(GradientDescentSearch.InitialPoint(2, 1, seed, r)[0])), $"seed {seed} run {r}");
    }

    // ------------------------------------------------------------------ determinism

    [Fact]
    public void SameSeedAndRunGiveIdenticalBits()
    {
        var a = GradientDescentSearch.Run(6, 6, 3, 5);
        var b = GradientDescentSearch.Run(6, 6, 3, 5);
        AssertSameRun(a, b);
        Assert.NotEqual(Bits(a.Point), Bits(GradientDescentSearch.Run(6, 6, 3, 6).Point));
    }

    [Fact]
    public void ParallelRunsMatchSequentialRuns()
    {
        var options = new SearchOptions { MaxDegreeOfParallelism = 4 }; // more threads than cores: scheduling varies
        var parallel = GradientDescentSearch.Runs(5, 6, 2, 24, options).ToList();
        Assert.Equal(Enumerable.Range(0, 24), parallel.Select(r => r.RunIndex));
        for (int r = 0; r < parallel.Count; r++)
            AssertSameRun(GradientDescentSearch.Run(5, 6, 2, r), parallel[r]);
    }

    [Fact]
    public void CancellationStopsTheSearch()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => GradientDescentSearch.Runs(6, 6, 1, 100, null, cts.Token).ToList());
        Assert.ThrowsAny<OperationCanceledException>(() => GradientDescentSearch.Run(6, 6, 1, 0, null, cts.Token));
    }

    // ------------------------------------------------------------------ the protocol

    [Fact]
    public void SmallArchitectureReachesTheGlobalMinimum()
    {
        // Remark 1 of the paper: for k, n < 6 GD always seemed to reach a global minimum.
        var runs = GradientDescentSearch.Runs(4, 4, 1, 30).ToList();
        Assert.True(runs.Count(r => r.Outcome == RunOutcome.Global) >= 27, string.Join(", ", runs.Select(r => r.Outcome)));
        foreach (var r in runs.Where(r => r.Outcome == RunOutcome.Global))
            Assert.True(r.Value < 1e-3, $"run {r.RunIndex}: F = {r.Value}");
    }

    [Fact]
    public void PaperSevenBySevenFindsTheSpuriousMinimum()
    {
        // Table 1, (k, n) = (7, 7): 5.5% of runs, average λmin 0.014, average F 0.023.
        var runs = GradientDescentSearch.Runs(7, 7, 1, 60).ToList();
        var spurious = runs.Where(r => r.Outcome == RunOutcome.Spurious).ToList();
        Assert.NotEmpty(spurious);
        foreach (var r in spurious)
        {
            Assert.True(r.MaxNeuronGradient <= 1e-9);
            Assert.InRange(r.Value, 0.0225, 0.0235);
            Assert.InRange(r.MinEigenvalue!.Value, 0.0135, 0.0145);
            Assert.Equal(0.023202714914, Math.Round(r.Value, 12));
        }
        // Every copy found is the same minimum up to symmetry.
        Assert.Single(GradientDescentSearch.Families(spurious));
        // The stopping rule holds at the point returned, by the model's own count.
        var g = new ReluGaussianDouble(7, 7).Gradient(spurious[0].Point);
        Assert.Equal(spurious[0].MaxNeuronGradient, ReluGaussianDouble.MaxNeuronNorm(g, 7));
    }

    [Fact]
    public void OutcomesOfTheStoppingRules()
    {
        var cap = GradientDescentSearch.Run(7, 7, 1, 0, new SearchOptions { MaxSteps = 10 });
        Assert.Equal(RunOutcome.Cap, cap.Outcome);
        Assert.Equal(10, cap.Steps);
        Assert.Null(cap.MinEigenvalue);

        // From a zero neuron F is not differentiable: degenerate, not a crash.
        var start = GradientDescentSearch.InitialPoint(3, 3, 1, 0);
        start[3] = start[4] = start[5] = 0;
        var degenerate = GradientDescentSearch.RunFrom(3, 3, start);
        Assert.Equal(RunOutcome.Degenerate, degenerate.Outcome);
        Assert.NotNull(degenerate.Note);

        // A global minimum (a permutation of the targets) is converged at step 0, below the spurious threshold.
        var global = GradientDescentSearch.RunFrom(3, 3, [0, 1, 0, 1, 0, 0, 0, 0, 1]);
        Assert.Equal(RunOutcome.Global, global.Outcome);
        Assert.Equal(0, global.Steps);

        // RunFrom from a spurious run's end point stops at once with the same classification.
        var spurious = GradientDescentSearch.Run(7, 7, 1, 0);
        var again = GradientDescentSearch.RunFrom(7, 7, spurious.Point);
        Assert.Equal(RunOutcome.Spurious, again.Outcome);
        Assert.Equal(0, again.Steps);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientDescentSearch.Run(0, 3, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientDescentSearch.Run(3, 3, 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientDescentSearch.Run(3, 3, 1, 0, new SearchOptions { StepSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientDescentSearch.Runs(3, 3, 1, 1, new SearchOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentException>(() => GradientDescentSearch.RunFrom(3, 3, new double[8]));
    }

    // ------------------------------------------------------------------ families

    /// <summary>Neuron i of the result is neuron perm[i] of w, with coordinates permuted by coords (new p = old coords[p]).</summary>
    private static double[] Permute(double[] w, int k, int[] neurons, int[] coords)
    {
        var r = new double[w.Length];
        for (int i = 0; i < neurons.Length; i++)
            for (int p = 0; p < k; p++)
                r[i * k + p] = w[neurons[i] * k + coords[p]];
        return r;
    }

    private static RunResult Evaluated(RunResult like, double[] point)
    {
        var model = new ReluGaussianDouble(like.K, like.N);
        return like with
        {
            Point = point,
            Value = model.Value(point),
            MinEigenvalue = DenseDouble.MinEigenvalue(model.Hessian(point)),
        };
    }

    [Fact]
    public void FamiliesGroupSymmetricCopies()
    {
        var r = GradientDescentSearch.Run(7, 7, 1, 0);
        Assert.Equal(RunOutcome.Spurious, r.Outcome);
        // Permuting input coordinates and targets together: with identity targets, the same coordinate permutation
        // applied to every neuron (plus any permutation of the neurons) leaves F unchanged.
        var copy = Evaluated(r, Permute(r.Point, 7, [3, 0, 6, 1, 5, 2, 4], [2, 4, 0, 6, 1, 3, 5]));
        // The same F up to the order of the rounded sums: F ≈ 0.023 is a difference of terms of size ≈ k/4 + k²/(4π) ≈ 5.6,
        // so reordering them moves it by ~1e-14 absolute (≈ 5e-13 relative).
        Assert.Equal(r.Value, copy.Value, 1e-12 * r.Value);
        var nearby = Evaluated(r, r.Point.Select((x, i) => i == 3 ? x + 1e-3 : x).ToArray()); // not a symmetric copy
        var families = GradientDescentSearch.Families([r, copy, nearby]);
        Assert.Equal(2, families.Count);
        Assert.Equal(2, families[0].Count);
        Assert.Same(r, families[0].Representative);
        Assert.Same(nearby, families[1].Representative);
        Assert.True(families[0].ValueSpread < 1e-12 * r.Value);
    }

    [Fact]
    public void FamiliesAcceptOnlyConvergedCandidates()
    {
        var cap = GradientDescentSearch.Run(7, 7, 1, 0, new SearchOptions { MaxSteps = 1 });
        Assert.Throws<ArgumentException>(() => GradientDescentSearch.Families([cap]));
        Assert.Empty(GradientDescentSearch.Families([]));
    }

    // ------------------------------------------------------------------ claim specs

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gd-spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>x is the double nearest to r (decided in exact rationals): the spec reads back as the same double.</summary>
    private static void AssertNearestDouble(double x, Rational r)
    {
        var d = Rational.Abs(r - Rational.FromDouble(x));
        foreach (var y in new[] { Math.BitIncrement(x), Math.BitDecrement(x) })
            if (double.IsFinite(y)) Assert.True(d < Rational.Abs(r - Rational.FromDouble(y)), $"{x:R} is not the double nearest to {r}");
    }

    [Fact]
    public void ClaimSpecRoundTripsTheDoublesExactly()
    {
        double[] point = [0.1, -0.0, 1e-5, -2.5e-300, 5e-324, 1.7976931348623157e308, -1.0 / 3, 123456789.125, 0.30000000000000004];
        var r = GradientDescentSearch.Run(7, 7, 1, 0);
        foreach (var (k, n, w) in new[] { (3, 3, point), (7, 7, r.Point) })
        {
            var path = WriteTemp(GradientDescentSearch.ToClaimSpecJson("ss-test", k, n, w, "a test"));
            try
            {
                var spec = ClaimSpec.Load(path);
                Assert.Equal(("ss-test", "safran-shamir/local-minimum", k, n, "a test"), (spec.Name, spec.Kind, spec.K, spec.N, spec.Source));
                Assert.Null(spec.Targets); // "identity"
                for (int i = 0; i < n; i++)
                    for (int p = 0; p < k; p++)
                        AssertNearestDouble(w[i * k + p], spec.Neurons[i][p]);
            }
            finally { File.Delete(path); }
        }
    }

    [Fact]
    public void ClaimSpecHasTheCommittedLayout()
    {
        var json = GradientDescentSearch.ToClaimSpecJson("ss-x", 2, 1, [0.25, -1e-7], "GD & ‖∂F/∂wᵢ‖");
        Assert.Equal(
            "{\n  \"kind\": \"safran-shamir/local-minimum\",\n  \"name\": \"ss-x\",\n  \"k\": 2,\n  \"n\": 1,\n  \"targets\": \"identity\",\n" +
            "  \"neurons\": [\n    [\n      \"0.25\",\n      \"-1E-07\"\n    ]\n  ],\n  \"source\": \"GD & ‖∂F/∂wᵢ‖\"\n}\n", json);
        Assert.Throws<ArgumentException>(() => GradientDescentSearch.ToClaimSpecJson("x", 2, 2, [1, 2, 3], ""));
        Assert.Throws<ArgumentException>(() => GradientDescentSearch.ToClaimSpecJson("x", 1, 1, [double.NaN], ""));
    }

    [Fact]
    public void FamilyClaimSpecsNameAndDescribeTheRepresentatives()
    {
        var runs = GradientDescentSearch.Runs(7, 7, 1, 10).ToList();
        var families = GradientDescentSearch.Families(runs.Where(r => r.IsCandidate));
        var specs = GradientDescentSearch.FamilyClaimSpecs(7, 7, 1, runs.Count, families);
        var first = Assert.Single(specs); // runs 0 and 7 are the same minimum
        Assert.Equal("ss-search-k7-n7-f1", first.Name);
        Assert.Equal("search-k7-n7-f1.json", first.FileName);
        var path = WriteTemp(first.Json);
        try
        {
            var spec = ClaimSpec.Load(path);
            Assert.Equal("exactcheck search --k 7 --n 7 --seed 1: run 0 of 10 (family of 2 runs), GD to max ‖∂F/∂wᵢ‖ ≤ 1e-9", spec.Source);
            AssertNearestDouble(runs[0].Point[0], spec.Neurons[0][0]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SaddleAndCappedRunsGetSpecsToo()
    {
        var runs = GradientDescentSearch.Runs(7, 7, 1, 3).ToList();
        var spurious = runs.First(r => r.Outcome == RunOutcome.Spurious);
        var saddle = spurious with { RunIndex = 10, Outcome = RunOutcome.Saddle, MinEigenvalue = -1e-3 };
        var cap1 = spurious with { RunIndex = 11, Outcome = RunOutcome.Cap, MinEigenvalue = null, MaxNeuronGradient = 5e-9, Steps = 1_000_000 };
        var cap2 = cap1 with { RunIndex = 12, MaxNeuronGradient = 2e-9, Value = spurious.Value * (1 + 1e-12) };
        var cap3 = cap1 with { RunIndex = 13, Value = spurious.Value * 1.5 };
        var capNoPoint = cap1 with { RunIndex = 14, Point = [] }; // run files from before points were kept for capped runs
        var specs = GradientDescentSearch.UnresolvedClaimSpecs(7, 7, 1, 20, [.. runs, saddle, cap1, cap2, cap3, capNoPoint]);
        Assert.Equal(["ss-search-k7-n7-s1", "ss-search-k7-n7-c1", "ss-search-k7-n7-c2"], specs.Select(s => s.Name));
        Assert.Equal(["search-k7-n7-s1.json", "search-k7-n7-c1.json", "search-k7-n7-c2.json"], specs.Select(s => s.FileName));
        Assert.Contains("\"kind\": \"safran-shamir/no-local-minimum\"", specs[0].Json);
        Assert.Contains("\"kind\": \"safran-shamir/local-minimum\"", specs[1].Json);
        Assert.Equal(12, specs[1].Family.Representative.RunIndex); // the smaller gradient of the two with equal F
        Assert.Equal(2, specs[1].Family.Count);
        Assert.Equal(13, specs[2].Family.Representative.RunIndex);
        var path = WriteTemp(specs[1].Json);
        try
        {
            var spec = ClaimSpec.Load(path);
            Assert.StartsWith("exactcheck search --k 7 --n 7 --seed 1: run 12 of 20 (stopped at the 1000000-step cap with max ‖∂F/∂wᵢ‖ = 2E-09; 2 capped runs", spec.Source);
        }
        finally { File.Delete(path); }
        Assert.Empty(GradientDescentSearch.UnresolvedClaimSpecs(7, 7, 1, 3, runs));
        // Seeds other than 1 get their own names (their families are numbered per seed).
        Assert.Equal(["ss-search-k7-n7-seed2-s1", "ss-search-k7-n7-seed2-c1", "ss-search-k7-n7-seed2-c2"],
            GradientDescentSearch.UnresolvedClaimSpecs(7, 7, 2, 20, [.. runs, saddle, cap1, cap2, cap3]).Select(s => s.Name));
        var seed2 = GradientDescentSearch.FamilyClaimSpecs(7, 7, 2, 3, GradientDescentSearch.Families(runs.Where(r => r.IsCandidate)));
        Assert.Equal(("ss-search-k7-n7-seed2-f1", "search-k7-n7-seed2-f1.json"), (seed2[0].Name, seed2[0].FileName));
    }
}
