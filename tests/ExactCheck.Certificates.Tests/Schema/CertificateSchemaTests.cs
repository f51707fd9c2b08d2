using System.Text.Json;
using NJsonSchema;

namespace ExactCheck.Certificates.Tests.Schema;

/// <summary>
/// The JSON Schemas in docs/schema/ (docs/decisions.md, "JSON Schema"): every committed certificate names the schema
/// of its kind in "$schema" and is valid against it; every claim kind the checker knows has a schema; the schemas
/// reject what the strict checker rejects structurally (a misspelt bound, a JSON number for a real, a wrong kind).
/// Adding a kind: add docs/schema/certificate-1/&lt;kind&gt;.schema.json (copy a sibling) — nothing else to register.
/// </summary>
public class CertificateSchemaTests
{
    private static readonly string SchemaRoot = Path.Combine(RepoPaths.Root, "docs", "schema");

    /// <summary>The local file a schema URI stands for: https://exactcheck.invalid/schema/X ↦ docs/schema/X.</summary>
    public static string LocalPath(string uri)
    {
        var relative = CertificateSchema.RelativePath(uri)
            ?? throw new InvalidOperationException($"\"{uri}\" does not start with {CertificateSchema.BaseUri}");
        return Path.Combine(SchemaRoot, relative.Replace('/', Path.DirectorySeparatorChar));
    }

    private static readonly Dictionary<string, JsonSchema> Cache = new(StringComparer.Ordinal);

    public static JsonSchema Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var schema))
                Cache[file] = schema = JsonSchema.FromFileAsync(file).GetAwaiter().GetResult();
            return schema;
        }
    }

    public static TheoryData<string> CommittedCertificates()
    {
        var data = new TheoryData<string>();
        foreach (var f in CertificateChecker.Expand(Path.Combine(RepoPaths.Root, "certificates")))
            data.Add(Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'));
        return data;
    }

    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in CertificateChecker.Kinds) data.Add(kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryClaimKindHasASchema(string kind)
    {
        var file = LocalPath(CertificateSchema.For(kind));
        Assert.True(File.Exists(file),
            $"claim kind \"{kind}\" has no JSON Schema: add {Path.GetRelativePath(RepoPaths.Root, file)} (copy a sibling; docs/schema/README.md)");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(CertificateSchema.For(kind), doc.RootElement.GetProperty("$id").GetString());
        var kindEnum = doc.RootElement.GetProperty("properties").GetProperty("claim").GetProperty("properties").GetProperty("kind").GetProperty("enum");
        Assert.Equal([kind], kindEnum.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Theory]
    [MemberData(nameof(CommittedCertificates))]
    public void EveryCommittedCertificateIsValidAgainstItsKindsSchema(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, relativePath));
        using var doc = JsonDocument.Parse(text);
        var kind = doc.RootElement.GetProperty("claim").GetProperty("kind").GetString()!;
        var expected = CertificateSchema.For(kind);
        var file = LocalPath(expected);
        Assert.True(File.Exists(file),
            $"{relativePath}: claim kind \"{kind}\" has no JSON Schema: add {Path.GetRelativePath(RepoPaths.Root, file)} (docs/schema/README.md)");
        Assert.True(doc.RootElement.TryGetProperty("$schema", out var schemaKey), $"{relativePath} has no \"$schema\" key: regenerate it");
        Assert.Equal(expected, schemaKey.GetString());
        var errors = Load(file).Validate(text);
        Assert.True(errors.Count == 0, $"{relativePath} is not valid against {expected}:\n" + string.Join("\n", errors.Select(e => $"  {e.Path}: {e.Kind} {e.Property}")));
    }

    private static string Committed(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "certificates", name));

    [Theory]
    [InlineData("safran-shamir/ss-example1-k6-n6.json", "\"ballRadius\":", "\"ballRadios\":")]                  // misspelt bound
    [InlineData("safran-shamir/ss-example1-k6-n6.json", "\"ballRadius\": \"1e-32\"", "\"ballRadius\": 1e-32")]   // JSON number for a real
    [InlineData("safran-shamir/ss-example1-k6-n6.json", "\"precision\": 128", "\"precision\": 32")]              // hint out of range
    [InlineData("safran-shamir/ss-example1-k6-n6.json", "\"k\": 6", "\"k\": \"6\"")]                              // count as a string
    [InlineData("safran-shamir/ss-example1-k6-n6.json", "\"kind\": \"safran-shamir/local-minimum\"", "\"kind\": \"safran-shamir/no-local-minimum\"")]
    [InlineData("safran-shamir/ss-refute-gradient-k3-n3.json", "\"evidence\": \"gradient\"", "\"evidence\": \"saddle\"")] // keys of the other evidence
    [InlineData("safran-shamir/ss-refute-saddle-k3-n3.json", "\"boxRadius\": \"2e-10\"", "\"boxRadius\": \"2e-10 \"")]   // not a number string
    [InlineData("yun-sra-jadbabaie/yun-thm6-squares-dx1-m6.json", "\"risk\": \"56/3\"", "\"risk\": \"56/3/1\"")]
    [InlineData("yun-sra-jadbabaie/yun-thm6-squares-dx1-m6.json", "\"format\": \"exactcheck-certificate/1\"", "\"format\": \"exactcheck-certificate/2\"")]
    public void TheSchemaRejectsWhatTheCheckerRejectsStructurally(string name, string from, string to)
    {
        var original = Committed(name);
        Assert.Contains(from, original);
        var tampered = original.Replace(from, to);
        var kind = JsonDocument.Parse(original).RootElement.GetProperty("claim").GetProperty("kind").GetString()!;
        Assert.NotEmpty(Load(LocalPath(CertificateSchema.For(kind))).Validate(tampered));
        Assert.Equal(Verdict.Malformed, CertificateChecker.CheckText(name, tampered).Verdict);
    }

    [Theory]
    [InlineData("\"$schema\": 1", Verdict.Malformed)]
    [InlineData("\"$schema\": \"../../docs/schema/certificate-1/safran-shamir/local-minimum.schema.json\"", Verdict.Verified)]
    public void TheCheckerReadsSchemaAsAnInformationalString(string replacement, Verdict expected)
    {
        var original = Committed("safran-shamir/ss-refute-gradient-k3-n3.json");
        var line = original.Split('\n')[1].Trim().TrimEnd(',');
        Assert.StartsWith("\"$schema\":", line);
        Assert.Equal(expected, CertificateChecker.CheckText("x", original.Replace(line, replacement)).Verdict);
        // Without the key the file still checks: "$schema" is optional.
        Assert.Equal(Verdict.Verified, CertificateChecker.CheckText("x", original.Replace(line + ",\n", "")).Verdict);
    }

    [Fact]
    public void TheNumberPatternAcceptsEveryFormOfTheFormatDocument()
    {
        var number = Load(Path.Combine(SchemaRoot, "certificate-1", "common.schema.json")).Definitions["number"];
        foreach (var ok in new[] { "-12", "0.00470034", "-12.5", ".5", "3.", "1.81e-79", "1E+7", "7/3", "-1/80", "+2" })
        {
            Assert.Empty(number.Validate(JsonSerializer.Serialize(ok)));
            Assert.True(ExactCheck.Arithmetic.Rational.TryParse(ok, out _), ok);
        }
        foreach (var bad in new[] { "", " 1", "1 ", "NaN", "Infinity", "0x10", "1,000", "1e", "e5", "1/2/3", "--1", "." })
        {
            Assert.NotEmpty(number.Validate(JsonSerializer.Serialize(bad)));
            Assert.False(ExactCheck.Arithmetic.Rational.TryParse(bad, out _), bad);
        }
    }
}
