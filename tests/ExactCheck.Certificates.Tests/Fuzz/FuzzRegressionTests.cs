using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>Mutants the long fuzz run found slow, kept as regressions.</summary>
public class FuzzRegressionTests
{
    /// <summary>
    /// Long fuzz run, 2026-11-23: a k = n = 20 certificate with one neuron entry × 1e10 took 14 s (the big-float LDLᵀ
    /// fallback ran although the gradient check had already failed). It is INVALID, and the fallback is now skipped.
    /// </summary>
    [Fact]
    public void AHugeNeuronEntryAtKEquals20IsRejectedWithoutTheBigFloatFallback()
    {
        var path = Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-search-k20-n20-f1.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var entry = root["point"]!["neurons"]![19]![2]!;
        root["point"]!["neurons"]![19]![2] = entry.GetValue<string>() + "E10";
        var clock = Stopwatch.StartNew();
        var r = CertificateChecker.CheckText("huge-entry.json", root.ToJsonString());
        Assert.Equal(Verdict.Invalid, r.Verdict);
        Assert.Contains("ε ≥ ‖∇F(w)‖", r.Message);
        Assert.DoesNotContain(r.Checks, c => c.Name.Contains("fallback", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}"); // a hang guard, not a performance goal
    }
}
