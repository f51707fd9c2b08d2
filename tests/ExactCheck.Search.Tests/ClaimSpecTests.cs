using ExactCheck.Certificates;

namespace ExactCheck.Search.Tests;

public class ClaimSpecTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Theory]
    [InlineData("{\"kind\":\"x\",\"name\":\"a\",\"k\":1,\"n\":1,\"targets\":\"identity\",\"neurons\":[[1]],\"source\":\"\"}", "$.kind")]
    [InlineData("{\"kind\":\"safran-shamir/local-minimum\",\"name\":\"a b\",\"k\":1,\"n\":1,\"targets\":\"identity\",\"neurons\":[[1]],\"source\":\"\"}", "$.name")]
    [InlineData("{\"kind\":\"safran-shamir/local-minimum\",\"name\":\"a\",\"k\":2,\"n\":2,\"targets\":\"identity\",\"neurons\":[[1,2]],\"source\":\"\"}", "$.neurons")]
    [InlineData("{\"kind\":\"safran-shamir/local-minimum\",\"name\":\"a\",\"k\":2,\"n\":1,\"targets\":\"identity\",\"neurons\":[[1]],\"source\":\"\"}", "$.neurons[0]")]
    public void BadSpecsSayWhere(string json, string where)
    {
        var path = Write(json);
        try
        {
            var e = Assert.Throws<MalformedException>(() => ClaimSpec.Load(path));
            Assert.Equal(where, e.JsonPath);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void RefinementFromThePrintedExampleConverges()
    {
        var spec = ClaimSpec.Load(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "proofs", "safran-shamir", "claims", "example2-k8-n9.json"));
        var start = spec.Neurons.SelectMany(v => v).Select(x => Arithmetic.BigFloat.FromRational(x, 320, Arithmetic.RoundingMode.Nearest)).ToArray();
        var r = SafranShamirProducer.Refine(spec.K, spec.N, spec.Targets, start);
        Assert.True(r.GradientNormBefore > 1e-2);
        Assert.True(r.GradientNormAfter < 1e-60);
        // ERRATA: the refined diagonal is 0.9841
        Assert.Equal(0.9841, Math.Round(r.Point[0].ToDoubleNearest(), 4));
    }
}
