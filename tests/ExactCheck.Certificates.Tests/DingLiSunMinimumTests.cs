using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Ding–Li–Sun Theorem 3 certificates (kind "ding-li-sun/bad-local-minimum"): the committed examples (written by
/// exactcheck regen from proofs/ding-li-sun/claims/) agree with their recipes and verify; tampered twins are INVALID or MALFORMED; a
/// floating-point probe of E around the point finds no descent; the paper's Step 1 identity holds exactly.
/// </summary>
public class DingLiSunMinimumTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "certificates", "ding-li-sun");

    private static Rational P(string s) => Rational.Parse(s);
    private static Rational[] V(params string[] s) => s.Select(P).ToArray();

    private static Dictionary<string, string> Provenance(string source) => new()
    {
        ["command"] = "test recipe (the committed file is written by exactcheck regen from its claim spec)",
        ["producer"] = "exactcheck 0.1.0",
        ["source"] = source,
    };

    public static DingLiSunMinimum Produce(string name) => name switch
    {
        "dls-thm3-quadratic-n3-d3.json" => DingLiSunMinimum.Build(DingActivation.Polynomial(1, 1, P("1/2")), V("-1", "0", "2"), 3, 1,
            Provenance("σ(t) = 1 + t + t²/2 (the degree-2 Taylor polynomial of exp), x = (−1, 0, 2), d = N = 3")),
        "dls-thm3-cubic-n5-d6.json" => DingLiSunMinimum.Build(DingActivation.Polynomial(P("1/2"), -1, P("3/4"), P("1/5")), V("-1", "-1/2", "0", "1/2", "3/2"), 6, P("1/2"),
            Provenance("σ(t) = 1/2 − t + 3t²/4 + t³/5 (σ″ not constant: the radius is limited), x = (−1, −1/2, 0, 1/2, 3/2), d = 6 > N = 5")),
        "dls-thm3-exp-n4-d4.json" => DingLiSunMinimum.Build(DingActivation.Exp, V("-1", "-1/3", "1/2", "1"), 4, 1,
            Provenance("σ = exp, x = (−1, −1/3, 1/2, 1), d = N = 4")),
        "dls-thm3-exp-n8-d10.json" => DingLiSunMinimum.Build(DingActivation.Exp, V("-3/2", "-1", "-1/2", "-1/4", "1/4", "1/2", "1", "2"), 10, P("1/4"),
            Provenance("σ = exp, N = 8 inputs in [−3/2, 2], d = 10 > N")),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Names() => new()
    {
        "dls-thm3-quadratic-n3-d3.json", "dls-thm3-cubic-n5-d6.json", "dls-thm3-exp-n4-d4.json", "dls-thm3-exp-n8-d10.json",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCommittedCertificatesAgreeWithTheirRecipeAndVerify(string name)
    {
        var r = CommittedCertificates.AssertAgreesWithRecipeAndVerifies(Path.Combine(Folder, name), Produce(name).ToCanonicalJson());
        Assert.Contains(r.Checks, c => c.Label == "dls.thm3.local-min");
    }

    private static string Committed(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static TheoryData<string, string> Tamperings()
    {
        var data = new TheoryData<string, string>();
        foreach (var n in new[] { "dls-thm3-quadratic-n3-d3.json", "dls-thm3-cubic-n5-d6.json", "dls-thm3-exp-n4-d4.json" })
            foreach (var t in new[] { "target-digit", "input-moved", "w-moved", "v-sign", "v-moved", "radius-huge", "risk", "better-upper", "better-v", "c2-zero", "c0", "samples-2" })
                data.Add(n, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void TamperedTwinsAreRejected(string name, string tampering)
    {
        var root = JsonNode.Parse(Committed(name))!.AsObject();
        var model = root["claim"]!["model"]!.AsObject();
        var point = root["point"]!.AsObject();
        var bounds = root["bounds"]!.AsObject();
        string Add(JsonNode? n, string delta) => (Rational.Parse((string)n!) + P(delta)).ToCanonicalString();
        switch (tampering)
        {
            case "target-digit": model["targets"]![0] = Add(model["targets"]![0], "1/1000"); break;
            case "input-moved": model["inputs"]![1] = Add(model["inputs"]![1], "1/1000"); break;
            case "w-moved": point["w"]![0] = "1/1000"; break;
            case "v-sign": point["v"]![0] = (-Rational.Parse((string)point["v"]![0]!)).ToCanonicalString(); break;
            case "v-moved": point["v"]![0] = Add(point["v"]![0], "1/1000"); break;
            case "radius-huge": bounds["localMinimumRadius"] = "2"; break;
            case "risk": bounds["risk"] = Add(bounds["risk"], "1/1000"); break;
            case "better-upper": bounds["betterRiskUpper"] = "-1/1000"; break;
            case "better-v": bounds["betterPoint"]!["v"]![1] = Add(bounds["betterPoint"]!["v"]![1], "1/10"); bounds["betterRiskUpper"] = "1e-30"; break;
            case "c2-zero":
                if (model["activation"]!["coefficients"] is JsonArray c) c[2] = "0";
                else model["activation"] = new JsonObject { ["name"] = "polynomial", ["coefficients"] = new JsonArray("1", "1", "0") };
                break;
            case "c0":
                if (model["activation"]!["coefficients"] is JsonArray c0) c0[0] = Add(c0[0], "1/2");
                else model["activation"] = new JsonObject { ["name"] = "polynomial", ["coefficients"] = new JsonArray("1", "1", "1/2") };
                break;
            case "samples-2":
                model["samples"] = 2;
                model["inputs"]!.AsArray().RemoveAt(2);
                model["targets"]!.AsArray().RemoveAt(2);
                break;
        }
        var r = CertificateChecker.CheckText(name, root.ToJsonString());
        Assert.True(r.Verdict != Verdict.Verified, $"{tampering}: VERIFIED");
    }

    [Fact]
    public void MalformedFilesNameThePath()
    {
        var r = CertificateChecker.CheckText("x", Committed("dls-thm3-exp-n4-d4.json").Replace("\"exp\"", "\"sigmoid\""));
        Assert.Equal(Verdict.Malformed, r.Verdict);
        Assert.Contains("$.claim.model.activation.name", r.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AFloatingPointProbeFindsNoDescentWithinTheRadius(string name)
    {
        var cert = Produce(name);
        double D(Rational r) => double.Parse(r.ToScientificString(17, RoundingMode.Nearest), System.Globalization.CultureInfo.InvariantCulture);
        var c = cert.Activation.Coefficients.Select(D).ToArray();
        Func<double, double> sigma = cert.Activation.IsPolynomial ? t => c.Reverse().Aggregate(0.0, (s, k) => s * t + k) : Math.Exp;
        var x = cert.Inputs.Select(D).ToArray();
        var y = cert.Targets.Select(D).ToArray();
        double E(double[] w, double[] v) => x.Select((xn, n) => { double o = 0; for (int k = 0; k < w.Length; k++) o += v[k] * sigma(w[k] * xn); return (y[n] - o) * (y[n] - o); }).Sum();
        var w0 = cert.W.Select(D).ToArray();
        var v0 = cert.V.Select(D).ToArray();
        double e0 = E(w0, v0), rho = D(cert.Radius);
        Assert.True(Math.Abs(e0 - D(cert.Risk)) < 1e-9 * Math.Max(1, e0));
        var rng = new Random(11);
        foreach (var scale in new[] { 1.0, 0.1, 0.001 })
            for (int t = 0; t < 300; t++)
            {
                var w = w0.Select(a => a + scale * rho * (2 * rng.NextDouble() - 1)).ToArray();
                var v = v0.Select(a => a + scale * rho * (2 * rng.NextDouble() - 1)).ToArray();
                Assert.True(E(w, v) >= e0 - 1e-9 * Math.Max(1, e0), $"{name}: E = {E(w, v)} < {e0} at scale {scale}");
            }
        // the paper's Step 1 identity E′ − E = −2⟨y − ŷ, ŷ′ − ŷ⟩ + ‖ŷ′ − ŷ‖², in exact rationals for a polynomial σ
        if (cert.Activation.IsPolynomial)
        {
            var w1 = cert.W.Select((_, k) => new Rational(k + 1, 7)).ToArray();
            var v1 = cert.V.Select((a, k) => a + new Rational(k - 1, 5)).ToArray();
            Rational[] Out(Rational[] w, Rational[] v) => cert.Inputs.Select(xn => w.Select((wk, k) => v[k] * cert.Activation.ValueExact(wk * xn)).Aggregate(Rational.Zero, (s, q) => s + q)).ToArray();
            var o0 = Out(cert.W, cert.V);
            var o1 = Out(w1, v1);
            Rational Sq(Rational q) => q * q;
            var lhs = cert.Targets.Select((yn, n) => Sq(yn - o1[n]) - Sq(yn - o0[n])).Aggregate(Rational.Zero, (s, q) => s + q);
            var rhs = cert.Targets.Select((yn, n) => -2 * (yn - o0[n]) * (o1[n] - o0[n]) + Sq(o1[n] - o0[n])).Aggregate(Rational.Zero, (s, q) => s + q);
            Assert.Equal(lhs, rhs);
        }
    }
}

/// <summary>Regression (found by the fuzz suite): a huge better-point weight is evaluated by intervals, not exact powers.</summary>
public class DingLiSunHugeNumberTests
{
    [Fact]
    public void AHugeBetterPointWeightGetsAVerdictWithoutExactPowers()
    {
        var path = Path.Combine(RepoPaths.Root, "certificates", "ding-li-sun", "dls-thm3-cubic-n5-d6.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        node["bounds"]!["betterPoint"]!["w"]![2] = "-1e100000";
        var r = CertificateChecker.CheckText("huge", node.ToJsonString());
        Assert.Equal(Verdict.Invalid, r.Verdict);
    }
}
