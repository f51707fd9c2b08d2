using System.Text.Json;
using NJsonSchema;

namespace ExactCheck.Cli.Tests;

/// <summary>`check --json` and `audit --json` match their schemas in docs/schema/ (every verdict and field shape that
/// the committed certificates, a malformed file, a certified and a refuted point produce).</summary>
public class JsonReportSchemaTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = Commands.Build(output).Parse(args).Invoke();
        return (exit, output.ToString());
    }

    private static JsonSchema Schema(string name) =>
        JsonSchema.FromFileAsync(Path.Combine(RepoPaths.Root, "docs", "schema", name)).GetAwaiter().GetResult();

    private static void AssertValid(string schema, string json)
    {
        var errors = Schema(schema).Validate(json);
        Assert.True(errors.Count == 0, $"not valid against {schema}:\n" + string.Join("\n", errors.Select(e => $"  {e.Path}: {e.Kind} {e.Property}")) + "\n" + json);
    }

    [Fact]
    public void CheckJsonMatchesItsSchema()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"exactcheck-{Guid.NewGuid():N}.json");
        File.WriteAllText(bad, "{\"format\":\"exactcheck-certificate/1\"}");
        try
        {
            var (exit, output) = Run(["check", "--json", .. TestRepo.SampleCertificates(), bad]);
            Assert.Equal(2, exit);
            AssertValid("check-report.schema.json", output);
            using var doc = JsonDocument.Parse(output);
            var kinds = doc.RootElement.GetProperty("files").EnumerateArray()
                .SelectMany(f => f.GetProperty("checks").EnumerateArray()).Select(c => c.GetProperty("kind").GetString()).Distinct().ToList();
            Assert.Contains("upper", kinds); // enum names, not numbers
            Assert.Contains("exact", kinds);
        }
        finally { File.Delete(bad); }
        // The schema is not vacuous: a verdict outside the four is rejected.
        Assert.NotEmpty(Schema("check-report.schema.json").Validate("{\"files\":[{\"path\":\"x\",\"verdict\":\"OK\",\"message\":\"\",\"seconds\":0,\"summary\":null,\"checks\":[]}],\"exitCode\":0}"));
    }

    [Fact]
    public void AuditJsonMatchesItsSchema()
    {
        // Two points: the committed gradient refutation's centre (REFUTED) and Example 1 read from its certificate (CERTIFIED).
        var path = Path.Combine(Path.GetTempPath(), $"points-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            points = new object[]
            {
                new { k = 3, n = 3, neurons = new[] { new[] { "0.25", "0.5", "0.75" }, new[] { "0.75", "0.25", "0.5" }, new[] { "0.5", "0.75", "0.25" } } },
            },
        }));
        try
        {
            var (_, output) = Run("audit", "--json", path, Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-example1-k6-n6.json"));
            AssertValid("audit-report.schema.json", output);
            Assert.Contains("\"CERTIFIED\"", output);
            Assert.True(output.Contains("\"REFUTED\"") || output.Contains("\"INCONCLUSIVE\""), output);
        }
        finally { File.Delete(path); }
    }
}

internal static class TestRepo
{
    /// <summary>The committed certificates less the extra search ones (<see cref="RepoPaths.IsExtraSearchCertificate"/>).</summary>
    public static IReadOnlyList<string> SampleCertificates() =>
        ExactCheck.Certificates.CertificateChecker.Expand(Path.Combine(RepoPaths.Root, "certificates"))
            .Where(f => !RepoPaths.IsExtraSearchCertificate(f)).ToList();
}
