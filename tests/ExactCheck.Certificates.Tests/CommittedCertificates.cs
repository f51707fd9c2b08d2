using System.Text.Json.Nodes;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// The committed certificates of the exact kinds are written by <c>exactcheck regen</c> from their claim specs in
/// proofs/&lt;paper&gt;/claims/ (one source of truth; RegenTests checks byte identity). The kinds' tests keep the recipe
/// each spec's data came from (seeded random data, planted points) and check here that the recipe still yields the same
/// certificate — everything but the informational provenance — and that the committed file verifies.
/// </summary>
public static class CommittedCertificates
{
    /// <summary>The certificate without its provenance, as compact JSON.</summary>
    public static string WithoutProvenance(string text)
    {
        var node = JsonNode.Parse(text)!.AsObject();
        node.Remove("provenance");
        return node.ToJsonString();
    }

    /// <summary>
    /// Asserts that the committed file <paramref name="path"/> equals <paramref name="produced"/> up to provenance, that
    /// regen wrote it (its provenance names the spec) and that it checks VERIFIED with every bound holding.
    /// </summary>
    public static CheckResult AssertAgreesWithRecipeAndVerifies(string path, string produced)
    {
        var specName = Path.GetFileNameWithoutExtension(path);
        Assert.True(File.Exists(path), $"{path} missing: run exactcheck regen --only {specName}");
        var committed = File.ReadAllText(path);
        Assert.Equal(WithoutProvenance(committed), WithoutProvenance(produced));
        var provenance = JsonNode.Parse(committed)!["provenance"]!;
        Assert.Equal("exactcheck regen", (string?)provenance["command"]);
        Assert.EndsWith($"/claims/{specName}.json", (string?)provenance["spec"]);
        var r = CertificateChecker.CheckFile(path);
        Assert.True(r.Verdict == Verdict.Verified, r.Message);
        Assert.All(r.Checks, c => Assert.True(c.Holds, c.Name));
        return r;
    }
}
