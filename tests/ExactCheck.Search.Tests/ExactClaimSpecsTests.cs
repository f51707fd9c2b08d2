using ExactCheck.Arithmetic;
using ExactCheck.Certificates;

namespace ExactCheck.Search.Tests;

/// <summary>Claim specs of the exact kinds (docs/certificate-format.md, § Claim specs): read exactly, errors say where.</summary>
public class ExactClaimSpecsTests
{
    private static string Write(string json, string? dir = null)
    {
        var path = Path.Combine(dir ?? Path.GetTempPath(), $"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Theorem6 =
        "{\"kind\":\"yun-sra-jadbabaie/leaky-relu-local-minimum\",\"name\":\"t6\",\"slopePositive\":1,\"slopeNegative\":0.1," +
        "\"hiddenWidth\":2,\"inputs\":[[0],[1],[2],[3],[4],[5]],\"targets\":[0,1,4,9,16,25]}";

    [Fact]
    public void ATheorem6SpecReadsJsonNumbersExactlyAndCertifies()
    {
        var path = Write(Theorem6);
        try
        {
            var spec = ClaimSpec.Load(path);
            var t6 = Assert.IsType<ExactClaimSpecs.Theorem6>(spec.Exact);
            Assert.Equal(new Rational(1, 10), t6.SlopeNegative);   // 0.1 is read from its text: exactly 1/10
            Assert.Equal(Rational.One, t6.Alpha);                  // default α
            Assert.Equal(Path.Combine("certificates", "yun-sra-jadbabaie", "t6.json"), spec.CertificatePath("certificates"));
            var produced = CertificateProducer.Produce(spec, "test");
            Assert.Equal(Verdict.Verified, produced.Verdict);
            Assert.Contains("\"risk\": \"56/3\"", produced.Text);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AKawaguchiSpecCanTakeItsPointsFromATheorem6Spec()
    {
        var dir = Directory.CreateTempSubdirectory("exactcheck-spec-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "t6.json"), Theorem6);
            var path = Write("{\"kind\":\"kawaguchi-huang-kaelbling/gradient-basis-optimum\",\"name\":\"k\",\"theorem6\":\"t6.json\"}", dir);
            var produced = CertificateProducer.Produce(ClaimSpec.Load(path), "test");
            Assert.Equal(Verdict.Verified, produced.Verdict);
            Assert.Contains("\"risk\": \"56/3\"", produced.Text);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ADeepLinearSpecCertifiesTheZeroSaddle()
    {
        var path = Write("{\"kind\":\"yun-sra-jadbabaie/deep-linear-critical-point\",\"name\":\"d\",\"hiddenWidths\":[1]," +
                         "\"inputs\":[[1],[2],[3]],\"targets\":[[1],[1],[2]],\"weights\":[[[0]],[[0]]]}");
        try
        {
            var produced = CertificateProducer.Produce(ClaimSpec.Load(path), "test");
            Assert.Equal(Verdict.Verified, produced.Verdict);
            Assert.StartsWith("saddle", produced.Summary);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ADingLiSunSpecConstructsTheTargets()
    {
        var path = Write("{\"kind\":\"ding-li-sun/bad-local-minimum\",\"name\":\"q\",\"activation\":{\"name\":\"polynomial\",\"coefficients\":[\"1\",\"1\",\"1/2\"]}," +
                         "\"inputs\":[-1,0,2],\"neurons\":3}");
        try
        {
            var produced = CertificateProducer.Produce(ClaimSpec.Load(path), "test");
            Assert.Equal(Verdict.Verified, produced.Verdict);
            Assert.Contains("\"targets\": [", produced.Text);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ATheorem7SpecSolvesBothRoots()
    {
        var path = Write("{\"kind\":\"yun-sra-jadbabaie/smooth-local-minimum\",\"name\":\"s\",\"activation\":{\"name\":\"swish\"},\"v1\":1,\"u1\":0.25,\"u2\":0.25," +
                         "\"v2Bracket\":[0.7,1],\"perfectFit\":[1,0.5,0.5],\"v4Bracket\":[0.1,0.4]}");
        try
        {
            var produced = CertificateProducer.Produce(ClaimSpec.Load(path), "test");
            Assert.Equal(Verdict.Verified, produced.Verdict);
            Assert.StartsWith("swish", produced.Summary);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnExactlyFittableDatasetIsReportedNotWritten()
    {
        // C6.1 fails: y = 2x + 1 is fitted exactly by a linear model; the producer refuses (regen prints FAILED).
        var path = Write("{\"kind\":\"yun-sra-jadbabaie/leaky-relu-local-minimum\",\"name\":\"f\",\"slopePositive\":1,\"slopeNegative\":\"1/2\"," +
                         "\"hiddenWidth\":2,\"inputs\":[[0],[1],[2]],\"targets\":[1,3,5]}");
        try { Assert.Throws<InvalidOperationException>(() => CertificateProducer.Produce(ClaimSpec.Load(path), "test")); }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/leaky-relu-local-minimum\",\"name\":\"a\",\"slopePositive\":1,\"slopeNegative\":0,\"hiddenWidth\":2,\"inputs\":[[0],[1]],\"targets\":[0]}", "$.targets")]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/leaky-relu-local-minimum\",\"name\":\"a\",\"slopePositive\":1,\"slopeNegative\":0,\"hiddenWidth\":2,\"inputs\":[[0],[1,2]],\"targets\":[0,1]}", "$.inputs[1]")]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/leaky-relu-local-minimum\",\"name\":\"a\",\"slopePositive\":\"1/0\",\"slopeNegative\":0,\"hiddenWidth\":2,\"inputs\":[[0]],\"targets\":[0]}", "$.slopePositive")]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/leaky-relu-local-minimum\",\"name\":\"a\",\"k\":1}", "$.k")]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/deep-linear-critical-point\",\"name\":\"a\",\"hiddenWidths\":[1],\"inputs\":[[1]],\"targets\":[[1]],\"weights\":[[[0]],[[0,0]]]}", "$.weights[1][0]")]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/deep-linear-critical-point\",\"name\":\"a\",\"hiddenWidths\":[2],\"inputs\":[[1]],\"targets\":[[1]],\"weights\":[[[0]],[[0,0]]]}", "$.weights[0]")]
    [InlineData("{\"kind\":\"kawaguchi-huang-kaelbling/gradient-basis-optimum\",\"name\":\"a\",\"theorem6\":\"no-such-file.json\"}", "$.theorem6")]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/smooth-local-minimum\",\"name\":\"a\",\"activation\":{\"name\":\"tanh\"},\"v1\":1,\"u1\":1,\"u2\":1,\"v2Bracket\":[1,0],\"perfectFit\":[1,1,1],\"v4Bracket\":[0,1]}", "$.v2Bracket")]
    [InlineData("{\"kind\":\"yun-sra-jadbabaie/smooth-local-minimum\",\"name\":\"a\",\"activation\":{\"name\":\"relu\"}}", "$.activation.name")]
    [InlineData("{\"kind\":\"ding-li-sun/bad-local-minimum\",\"name\":\"a\",\"activation\":{\"name\":\"exp\"},\"inputs\":[1,2,3],\"neurons\":0}", "$.neurons")]
    public void BadExactSpecsSayWhere(string json, string where)
    {
        var path = Write(json);
        try
        {
            var e = Assert.Throws<MalformedException>(() => ClaimSpec.Load(path));
            Assert.Equal(where, e.JsonPath);
        }
        finally { File.Delete(path); }
    }
}
