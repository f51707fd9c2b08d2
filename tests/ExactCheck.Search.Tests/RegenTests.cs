using ExactCheck.Certificates;

namespace ExactCheck.Search.Tests;

/// <summary>`regen` on unchanged code reproduces the committed certificates byte for byte (CI checks this).</summary>
public class RegenTests
{
    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExactCheck.sln"))) dir = dir.Parent;
            return dir!.FullName;
        }
    }

    [Fact]
    public void EverySpecHasItsCommittedCertificate()
    {
        var specs = ClaimSpec.Find(Path.Combine(Root, "proofs"));
        Assert.NotEmpty(specs);
        foreach (var s in specs)
        {
            var spec = ClaimSpec.Load(s);
            Assert.True(File.Exists(spec.CertificatePath(Path.Combine(Root, "certificates"))), $"{spec.Name}: no committed certificate; run exactcheck regen");
        }
    }

    [Fact]
    public void EveryCommittedCertificateOfAKindRegenBuildsHasItsSpec()
    {
        // One source of truth: a certificate of a kind with claim specs is written by regen, never by hand or a test.
        var kinds = new[] { SafranShamirLocalMinimum.KindName, SafranShamirRefutation.KindName }.Concat(ExactClaimSpecs.Kinds).ToHashSet();
        var built = ClaimSpec.Find(Path.Combine(Root, "proofs")).Select(s => Path.GetFullPath(ClaimSpec.Load(s).CertificatePath(Path.Combine(Root, "certificates")))).ToHashSet();
        foreach (var file in CertificateChecker.Expand(Path.Combine(Root, "certificates")))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file));
            var kind = doc.RootElement.GetProperty("claim").GetProperty("kind").GetString()!;
            if (kinds.Contains(kind))
                Assert.True(built.Contains(Path.GetFullPath(file)), $"{Path.GetRelativePath(Root, file)} ({kind}) has no claim spec in proofs/*/claims/: add one so that regen rebuilds it");
        }
    }

    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var s in ClaimSpec.Find(Path.Combine(Root, "proofs"))) data.Add(Path.GetRelativePath(Root, s));
        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void RegenReproducesEveryCommittedCertificateByteForByte(string specPath)
    {
        // provenance records the spec path relative to the repository, as regen run from the root does
        var spec = ClaimSpec.Load(Path.Combine(Root, specPath)) with { Path = specPath };
        var produced = CertificateProducer.Produce(spec, "exactcheck regen");
        Assert.Equal(Verdict.Verified, produced.Verdict);
        Assert.Equal(File.ReadAllText(spec.CertificatePath(Path.Combine(Root, "certificates"))), produced.Text);
        if (spec.Kind == SafranShamirLocalMinimum.KindName)
            Assert.True(produced.Refined!.GradientNormAfter < 1e-60, $"refined only to {produced.Refined.GradientNormAfter:G3}");
    }

    [Fact]
    public void AtomicWritesLeaveNoTemporaryFiles()
    {
        var dir = Directory.CreateTempSubdirectory("exactcheck-write-").FullName;
        try
        {
            var path = Path.Combine(dir, "c.json");
            CertificateProducer.WriteAtomically(path, "one");
            CertificateProducer.WriteAtomically(path, "two");
            Assert.Equal("two", File.ReadAllText(path));
            Assert.Equal(["c.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, true); }
    }
}
