using System.Text.Json;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>One committed certificate, the seed of the mutants: its bytes, its kind, its flattened scalars.</summary>
public sealed class CorpusEntry
{
    public required string Name { get; init; }          // path relative to certificates/
    public required string Text { get; init; }
    public required string Kind { get; init; }
    public required IReadOnlyDictionary<string, Leaf> Flat { get; init; }

    /// <summary>The canonical re-serialisation of the parsed claim (the producer's byte-stable form).</summary>
    public required string Canonical { get; init; }

    /// <summary>Reference enclosures of the original claim for the oracle (computed on first use; see <see cref="TruthOracle"/>).</summary>
    public Lazy<SafranShamirReferences>? References { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// Every committed certificate under certificates/ (all subfolders, enumerated when the tests run, so certificates
/// added later are fuzzed too). Each must be VERIFIED as committed: the oracle takes the original claim as true.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<IReadOnlyList<CorpusEntry>> Entries = new(Load);

    public static IReadOnlyList<CorpusEntry> All => Entries.Value;

    public static string Folder => Path.Combine(RepoPaths.Root, "certificates");

    /// <summary>Safran–Shamir certificates with k·n above this are not fuzzed (see <see cref="Load"/>).</summary>
    public const int MaxFuzzedParameters = 400;

    private static IReadOnlyList<CorpusEntry> Load()
    {
        var list = new List<CorpusEntry>();
        foreach (var file in CertificateChecker.Expand(Folder))
        {
            var text = File.ReadAllText(file);
            using var doc = JsonDocument.Parse(text);
            var flat = FuzzJson.Flatten(doc.RootElement, out var duplicate);
            if (duplicate is not null) throw new InvalidOperationException($"{file}: duplicate key {duplicate}");
            var kind = flat["$.claim.kind"].Text;
            // The oracle re-derives Safran–Shamir references with the big-float Hessian at twice the precision, cubic in
            // k·n: the k = n = 30 and 50 certificates (minutes each) are left out; they share the format and the code
            // paths with the small ones (docs/performance.md).
            if (kind == SafranShamirLocalMinimum.KindName && int.Parse(flat["$.claim.model.k"].Text) * int.Parse(flat["$.claim.model.n"].Text) > MaxFuzzedParameters) continue;
            var canonical = Canonical(kind, text) ?? throw new InvalidOperationException($"{file}: cannot be parsed as {kind}");
            CorpusEntry? entry = null;
            entry = new CorpusEntry
            {
                Name = Path.GetRelativePath(Folder, file).Replace('\\', '/'),
                Text = text,
                Kind = kind,
                Flat = flat,
                Canonical = canonical,
                References = kind == SafranShamirLocalMinimum.KindName
                    ? new Lazy<SafranShamirReferences>(() => SafranShamirReferences.Compute(entry!))
                    : null,
            };
            list.Add(entry);
        }
        return list;
    }

    /// <summary>
    /// The parsed claim written back canonically by the claim kind's own writer; null when the text does not parse as
    /// that kind. Category (a) of the oracle compares these bytes.
    /// </summary>
    public static string? Canonical(string kind, string text)
    {
        try
        {
            // A leading byte-order mark is ignored, as the checker does (RFC 8259 § 8.1).
            using var doc = JsonDocument.Parse(text.StartsWith('\uFEFF') ? text[1..] : text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            return kind switch
            {
                SafranShamirLocalMinimum.KindName => SafranShamirLocalMinimum.Parse(root).ToCanonicalJson(),
                SafranShamirRefutation.KindName => SafranShamirRefutation.Parse(root).ToCanonicalJson(),
                YunLeakyReluMinimum.KindName => YunLeakyReluMinimum.Parse(root).ToCanonicalJson(),
                YunSmoothMinimum.KindName => YunSmoothMinimum.Parse(root).ToCanonicalJson(),
                YunDeepLinearCriticalPoint.KindName => YunDeepLinearCriticalPoint.Parse(root).ToCanonicalJson(),
                KawaguchiGradientBasisOptimum.KindName => KawaguchiGradientBasisOptimum.Parse(root).ToCanonicalJson(),
                DingLiSunMinimum.KindName => DingLiSunMinimum.Parse(root).ToCanonicalJson(),
                _ => null,
            };
        }
        catch (Exception e) when (e is JsonException or MalformedException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
