using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Search.Import;

namespace ExactCheck.Search.Tests.Import;

public sealed class JsonImportTests : IClassFixture<ImportTestFiles>
{
    private readonly ImportTestFiles _files;
    public JsonImportTests(ImportTestFiles files) => _files = files;

    private static Rational R(string s) => Rational.Parse(s);

    [Fact]
    public void SinglePointReadsNumbersExactly()
    {
        var path = _files.Write("point.json", """
            {
              "name": "my-claim", "kind": "safran-shamir/local-minimum", "source": "Table 2 of somewhere",
              "k": 3, "n": 2,
              "neurons": [[0.1, "1e-3", -2.5E+1], ["-7/3", 0.30000000000000004, 1]]
            }
            """);
        var result = PointImporter.Load(path);
        var p = Assert.Single(result.Points);
        Assert.Equal((1, 3, 2), (p.Index, p.K, p.N));
        Assert.Equal([R("1/10"), R("1/1000"), R("-25")], p.Neurons[0]);
        Assert.Equal([R("-7/3"), R("30000000000000004/100000000000000000"), R("1")], p.Neurons[1]);
        Assert.Equal(new Rational(1) / 10, p.Neurons[0][0]); // "0.1" stays 1/10, not the double nearest to it
        Assert.Equal(("my-claim", "Table 2 of somewhere", (Rational[][]?)null), (p.Name, p.Source, p.Targets));
        Assert.Equal("point.json: $", p.Origin);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void ExplicitTargetsAreKept()
    {
        var path = _files.Write("targets.json", """{"k": 2, "n": 1, "targets": [[1, 0], ["0", "2"]], "neurons": [[0.5, 0.5]]}""");
        var p = Assert.Single(PointImporter.Load(path).Points);
        Assert.Equal([[R("1"), R("0")], [R("0"), R("2")]], p.Targets!);
        var identity = _files.Write("identity.json", """{"k": 2, "n": 1, "targets": "identity", "neurons": [[0.5, 0.5]]}""");
        Assert.Null(Assert.Single(PointImporter.Load(identity).Points).Targets);
    }

    [Fact]
    public void ListOfPoints()
    {
        var path = _files.Write("list.json", """
            { "points": [
                { "k": 1, "n": 2, "neurons": [[1], [2]] },
                { "k": 2, "n": 1, "neurons": [["0.25", 4]], "name": "second" }
            ] }
            """);
        var points = PointImporter.Load(path).Points;
        Assert.Equal(2, points.Count);
        Assert.Equal((1, 1, 2, "list.json: $.points[0]"), (points[0].Index, points[0].K, points[0].N, points[0].Origin));
        Assert.Equal((2, 2, 1, "list.json: $.points[1]", "second"), (points[1].Index, points[1].K, points[1].N, points[1].Origin, points[1].Name));
        Assert.Equal([R("1/4"), R("4")], points[1].Neurons[0]);
        // --k must hold for every point
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path, k: 1));
        Assert.Equal("$.points[1]", e.Position);
        Assert.Contains("expected k = 1 (from --k), but this point has k = 2", e.Message);
    }

    [Theory]
    [InlineData("ss-example1-k6-n6.json", 6, 6)]
    [InlineData("ss-example2-k8-n9.json", 8, 9)]
    public void CertificateLoadsAsAPoint(string name, int k, int n)
    {
        var path = Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", name);
        var result = PointImporter.Load(path, k, n);
        var p = Assert.Single(result.Points);
        Assert.Equal((k, n, $"{name}: $.point.neurons"), (p.K, p.N, p.Origin));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var cert = SafranShamirLocalMinimum.Parse(doc.RootElement);
        Assert.Equal(cert.Point, p.Neurons);
        Assert.Equal(cert.Targets, p.Targets);
        Assert.Contains(result.Notes, x => x.Contains("bounds are not checked on import"));
    }

    [Fact]
    public void RefutationCertificateLoadsAsAPoint()
    {
        var path = _files.Write("refutation.json", """
            {
              "format": "exactcheck-certificate/1",
              "claim": { "kind": "safran-shamir/no-local-minimum", "statement": "…",
                         "model": { "objective": "relu-gaussian", "k": 2, "n": 1, "targets": "identity" } },
              "point": { "neurons": [["0.5", "-1/3"]] },
              "bounds": { "boxRadius": "1e-3" },
              "provenance": { "source": "somewhere" }
            }
            """);
        var result = PointImporter.Load(path);
        var p = Assert.Single(result.Points);
        Assert.Equal([R("1/2"), R("-1/3")], p.Neurons[0]);
        Assert.Equal("somewhere", p.Source);
        Assert.Contains(result.Notes, x => x.Contains("safran-shamir/no-local-minimum certificate"));
    }

    [Theory]
    // syntax
    [InlineData("""{"k": 1, "n": 1, "neurons": [[1]] """, "1:35", "not valid JSON: Expected depth to be zero at the end of the JSON payload")]
    [InlineData("{\n  \"k\": 1,\n  \"n\": x }", "3:8", "not valid JSON")]
    [InlineData("[1, 2]", "$", "expected an object: a point {\"k\", \"n\", \"neurons\"}")]
    // point keys
    [InlineData("""{"k": 1, "n": 1, "neurons": [[1]], "neuron": 2}""", "$.neuron", "unknown key; expected one of kind, name, k, n, targets, neurons, source")]
    [InlineData("""{"k": 1, "k": 1, "n": 1, "neurons": [[1]]}""", "$.k", "duplicate key")]
    [InlineData("""{"n": 1, "neurons": [[1]]}""", "$.k", "missing")]
    [InlineData("""{"k": 1.5, "n": 1, "neurons": [[1]]}""", "$.k", "expected an integer in [1, 64], found 1.5")]
    [InlineData("""{"k": 1, "n": 65, "neurons": [[1]]}""", "$.n", "65 outside the allowed range [1, 64]")]
    [InlineData("""{"k": 1, "n": 1, "neurons": [[1]], "kind": "other/kind"}""", "$.kind", "expected \"safran-shamir/local-minimum\" (or no \"kind\"), found \"other/kind\"")]
    [InlineData("""{"k": 1, "n": 1, "neurons": [[1]], "name": 3}""", "$.name", "expected a string, found a number")]
    [InlineData("""{"k": 2, "n": 1, "neurons": [[1, 2]], "targets": "eye"}""", "$.targets", "expected \"identity\" or an array of target vectors")]
    [InlineData("""{"k": 2, "n": 1, "neurons": [[1, 2]], "targets": [[1]]}""", "$.targets[0]", "expected k = 2 numbers, found 1")]
    // neurons
    [InlineData("""{"k": 2, "n": 2, "neurons": [[1, 2]]}""", "$.neurons", "expected 2 neurons (n = 2), found 1")]
    [InlineData("""{"k": 2, "n": 2, "neurons": {"a": 1}}""", "$.neurons", "expected an array of 2 neurons (n = 2), each an array of k = 2 numbers")]
    [InlineData("""{"k": 2, "n": 2, "neurons": [[1, 2], [1, 2, 3]]}""", "$.neurons[1]", "expected k = 2 numbers, found 3")]
    [InlineData("""{"k": 2, "n": 1, "neurons": [3]}""", "$.neurons[0]", "expected an array of k = 2 numbers")]
    [InlineData("""{"k": 2, "n": 1, "neurons": [[1, "abc"]]}""", "$.neurons[0][1]", "expected a decimal number or p/q, got \"abc\"")]
    [InlineData("""{"k": 2, "n": 1, "neurons": [[1, "1/0"]]}""", "$.neurons[0][1]", "fraction \"1/0\" has a zero denominator")]
    [InlineData("""{"k": 2, "n": 1, "neurons": [[true, 1]]}""", "$.neurons[0][0]", "expected a number (a JSON number or an exact string such as \"0.1\" or \"-7/3\"), found a boolean")]
    [InlineData("""{"k": 2, "n": 1, "neurons": [[null, 1]]}""", "$.neurons[0][0]", "found null")]
    [InlineData("""{"k": 1, "n": 1, "neurons": [[1e999999]]}""", "$.neurons[0][0]", "exponent of \"1e999999\" exceeds the limit ±100000")]
    // lists
    [InlineData("""{"points": []}""", "$.points", "expected a non-empty array of points")]
    [InlineData("""{"points": [{"k": 1, "n": 1, "neurons": [[1]]}], "extra": 1}""", "$.extra", "unknown key; expected one of points")]
    [InlineData("""{"points": [{"k": 1, "n": 1, "neurons": [[1]]}, {"k": 1, "n": 1, "neurons": [["x"]]}]}""", "$.points[1].neurons[0][0]", "expected a decimal number or p/q, got \"x\"")]
    // certificates
    [InlineData("""{"format": "exactcheck-certificate/2"}""", "$.format", "expected \"exactcheck-certificate/1\", found \"exactcheck-certificate/2\"")]
    [InlineData("""{"format": "exactcheck-certificate/1", "claim": {"kind": "other", "model": {}}}""", "$.claim.kind", "expected a certificate of kind \"safran-shamir/local-minimum\"")]
    [InlineData("""{"format": "exactcheck-certificate/1", "claim": {"kind": "safran-shamir/local-minimum", "model": {"objective": "relu-gaussian", "k": 1, "n": 1, "targets": "identity"}}, "point": {"neurons": [[0.5]]}}""", "$.point.neurons[0][0]", "found a JSON number: JSON numbers are not exact")]
    [InlineData("""{"format": "exactcheck-certificate/1", "claim": {"kind": "safran-shamir/local-minimum", "model": {"objective": "relu-gaussian", "k": 1, "n": 1, "targets": "identity"}}}""", "$.point", "missing")]
    [InlineData("""{"format": "exactcheck-certificate/1", "claims": {}}""", "$.claims", "unknown key")]
    public void BadJsonSaysWhereAndWhatWasExpected(string json, string position, string expected)
    {
        var path = _files.Write("bad.json", json);
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path));
        Assert.Equal(path, e.File);
        Assert.Equal(position, e.Position);
        Assert.Contains(expected, e.Detail);
        var separator = char.IsAsciiDigit(position[0]) ? ":" : ": ";
        Assert.Equal($"{path}{separator}{position}: {e.Detail}", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
        Assert.DoesNotContain("   at ", e.Message);
    }

    [Fact]
    public void FormatIsRecognisedFromTheContent()
    {
        var noExtension = _files.Write("claim", """{"k": 1, "n": 1, "neurons": [[0.5]]}""");
        Assert.Equal(new Rational(1) / 2, Assert.Single(PointImporter.Load(noExtension).Points).Neurons[0][0]);
        var bom = _files.Write("bom.json", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("""{"k": 1, "n": 1, "neurons": [[2]]}""")]);
        Assert.Single(PointImporter.Load(bom).Points);
        var empty = _files.Write("empty.json", "");
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(empty));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void MissingFileAndBadArguments()
    {
        var missing = Path.Combine(_files.Directory, "nope.json");
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(missing));
        Assert.Equal($"{missing}: no such file", e.Message);
        e = Assert.Throws<ImportException>(() => PointImporter.Load(_files.Directory));
        Assert.Equal($"{_files.Directory}: is a directory: expected a .json, .csv or .mat file", e.Message);
        var path = _files.Write("ok.json", """{"k": 1, "n": 1, "neurons": [[2]]}""");
        e = Assert.Throws<ImportException>(() => PointImporter.Load(path, k: 0));
        Assert.Equal($"{path}: --k 0: expected an integer in [1, 64]", e.Message);
        e = Assert.Throws<ImportException>(() => PointImporter.Load(path, n: 2));
        Assert.Equal($"{path}: $: expected n = 2 (from --n), but this point has n = 1", e.Message);
    }
}
