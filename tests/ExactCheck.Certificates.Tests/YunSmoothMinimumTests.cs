using System.Text.Json.Nodes;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests;

/// <summary>
/// Yun–Sra–Jadbabaie Theorem 7 / Corollary 8 certificates (kind "yun-sra-jadbabaie/smooth-local-minimum"): the
/// committed examples (written by exactcheck regen from proofs/yun-sra-jadbabaie/claims/) agree with their recipes and verify; tampered twins
/// are INVALID or MALFORMED; the activation derivatives agree with finite differences; the paper's own Appendix A7
/// values satisfy C7.1–C7.7 once its typo is read correctly; a floating-point probe finds no descent.
/// </summary>
public class YunSmoothMinimumTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "certificates", "yun-sra-jadbabaie");

    private static Rational P(string s) => Rational.Parse(s);
    private static RootEnclosure B(string lo, string hi) => new(P(lo), P(hi));

    /// <summary>SELU's constants as printed by Klambauer et al. (2017), read as exact decimals.</summary>
    public static readonly Rational SeluAlpha = P("1.6732632423543772848170981664357");
    public static readonly Rational SeluScale = P("1.0507009873554804934193349852946");

    private static Dictionary<string, string> Provenance(string source) => new()
    {
        ["command"] = "test recipe (the committed file is written by exactcheck regen from its claim spec)",
        ["producer"] = "exactcheck 0.1.0",
        ["source"] = source,
    };

    /// <summary>The committed certificates and how each is produced (rational choices near the paper's Appendix A7 values).</summary>
    public static YunSmoothMinimum Produce(string name) => name switch
    {
        "yun-thm7-sigmoid.json" => YunSmoothMinimum.Build(SmoothActivation.Simple("sigmoid"), P("-11/10"), P("2/3"), P("2/3"), B("-1.2", "-1"),
            [0, P("-11/10"), P("-11/10")], B("-2.5", "-1.5"), Provenance("A7.1 with v₁ = −1.1 ≈ h⁻¹(1/4), u₁ = u₂ = 2/3; Part 1 with v′ = (0, −1.1, −1.1) ≈ h⁻¹(1/2, 1/4, 1/4)")),
        "yun-thm7-tanh.json" => YunSmoothMinimum.Build(SmoothActivation.Simple("tanh"), P("11/20"), 1, P("-1/3"), B("0.5", "0.6"),
            [P("11/20"), P("1/4"), P("1/4")], B("0.05", "0.2"), Provenance("A7.2 with v₁ = 0.55 ≈ tanh⁻¹(1/2), u₁ = 1, u₂ = −1/3; Part 1 with v′ = (0.55, 0.25, 0.25)")),
        "yun-thm7-arctan.json" => YunSmoothMinimum.Build(SmoothActivation.Simple("arctan"), P("11/20"), 1, P("-1/3"), B("0.5", "0.6"),
            [P("11/20"), P("1/4"), P("1/4")], B("0.05", "0.2"), Provenance("A7.3 with v₁ = 0.55 ≈ tan(1/2), u₁ = 1, u₂ = −1/3; Part 1 with v′ = (0.55, 0.25, 0.25)")),
        "yun-thm7-elu.json" => YunSmoothMinimum.Build(SmoothActivation.Elu(1), P("1/3"), 2, 1, B("-0.5", "-0.3"),
            [P("-7/10"), P("-29/100"), P("-29/100")], B("-0.2", "-0.05"), Provenance("A7.4, ELU α = 1: v₁ = 1/3, u₁ = 2/λ, u₂ = 1/(λα), v₂ = log(2/3) enclosed; Part 1 with v′ = (−0.7, −0.29, −0.29)")),
        "yun-thm7-selu.json" => YunSmoothMinimum.Build(SmoothActivation.Selu(SeluAlpha, SeluScale), P("1/3"), 2 / SeluScale, 1 / (SeluScale * SeluAlpha), B("-0.5", "-0.3"),
            [P("-7/10"), P("-29/100"), P("-29/100")], B("-0.2", "-0.05"), Provenance("A7.4, SELU (α, λ of Klambauer et al.): v₁ = 1/3, u₁ = 2/λ, u₂ = 1/(λα), v₂ = log(2/3) enclosed; Part 1 with v′ = (−0.7, −0.29, −0.29)")),
        "yun-thm7-softplus.json" => YunSmoothMinimum.Build(SmoothActivation.Simple("softplus"), 0, P("1/4"), P("1/4"), B("-0.3", "0"),
            [0, -1, -1], B("-2.5", "-1.5"), Provenance("not in the paper: softplus, v₁ = 0, u₁ = u₂ = 1/4 (h″ > 0 everywhere); Part 1 with v′ = (0, −1, −1)")),
        "yun-thm7-swish.json" => YunSmoothMinimum.Build(SmoothActivation.Simple("swish"), 1, P("1/4"), P("1/4"), B("0.7", "1"),
            [1, P("1/2"), P("1/2")], B("0.1", "0.4"), Provenance("not in the paper: swish x·σ(x), v₁ = 1, u₁ = u₂ = 1/4 (h″ > 0 near 1); Part 1 with v′ = (1, 0.5, 0.5)")),
        "yun-thm7-gelu.json" => YunSmoothMinimum.Build(SmoothActivation.Simple("gelu"), P("1/2"), P("1/2"), P("1/2"), B("0.3", "0.6"),
            [1, P("1/2"), P("1/2")], B("0.1", "0.4"), Provenance("not in the paper: GELU x·Φ(x), v₁ = 1/2, u₁ = u₂ = 1/2 (h″ = φ(2 − x²) > 0 near 1/2); Part 1 with v′ = (1, 0.5, 0.5)")),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Names() => new()
    {
        "yun-thm7-sigmoid.json", "yun-thm7-tanh.json", "yun-thm7-arctan.json", "yun-thm7-elu.json", "yun-thm7-selu.json",
        "yun-thm7-softplus.json", "yun-thm7-swish.json", "yun-thm7-gelu.json",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCommittedCertificatesAgreeWithTheirRecipeAndVerify(string name)
    {
        var r = CommittedCertificates.AssertAgreesWithRecipeAndVerifies(Path.Combine(Folder, name), Produce(name).ToCanonicalJson());
        Assert.Contains(r.Checks, c => c.Label == "yun.thm7.local-min");
    }

    // ------------------------------------------------------------------ tampered twins

    private static string Committed(string name) => File.ReadAllText(Path.Combine(Folder, name));

    private static Verdict CheckMutated(string name, Action<JsonObject> mutate)
    {
        var node = JsonNode.Parse(Committed(name))!.AsObject();
        mutate(node);
        return CertificateChecker.CheckText(name, node.ToJsonString()).Verdict;
    }

    public static TheoryData<string, string> Tamperings()
    {
        var data = new TheoryData<string, string>();
        foreach (var n in new[] { "yun-thm7-sigmoid.json", "yun-thm7-tanh.json", "yun-thm7-elu.json" })
            foreach (var t in new[] { "v1", "u1", "u2", "v2-shift", "v2-flip", "v4-shift", "fit-v1", "radius-huge", "risk", "target", "input", "sign-u2", "alpha" })
                data.Add(n, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void TamperedTwinsAreRejected(string name, string tampering)
    {
        static string Digit(string s)
        {
            // change the last digit (a "digit changed" twin)
            int i = s.LastIndexOfAny("0123456789".ToCharArray());
            return s[..i] + (s[i] == '9' ? '8' : (char)(s[i] + 1)) + s[(i + 1)..];
        }
        var v = CheckMutated(name, root =>
        {
            var point = root["point"]!.AsObject();
            var bounds = root["bounds"]!.AsObject();
            switch (tampering)
            {
                case "v1": point["v1"] = (Rational.Parse((string)point["v1"]!) + P("1/1000")).ToCanonicalString(); break;
                case "u1": point["u1"] = (Rational.Parse((string)point["u1"]!) + P("1/1000")).ToCanonicalString(); break;
                case "u2": point["u2"] = (Rational.Parse((string)point["u2"]!) - P("1/1000")).ToCanonicalString(); break;
                case "sign-u2": point["u2"] = (-Rational.Parse((string)point["u2"]!)).ToCanonicalString(); break;
                case "v2-shift":
                {
                    // the enclosure moved off the root by 1e-30 (digit-level move; width is ~1e-39)
                    var e = point["v2"]!.AsObject();
                    e["lower"] = (Rational.Parse((string)e["lower"]!) + P("1e-30")).ToCanonicalString();
                    e["upper"] = (Rational.Parse((string)e["upper"]!) + P("1e-30")).ToCanonicalString();
                    break;
                }
                case "v2-flip":
                {
                    var e = point["v2"]!.AsObject();
                    (e["lower"], e["upper"]) = ((string)e["upper"]!, (string)e["lower"]!);
                    break;
                }
                case "v4-shift":
                {
                    var e = bounds["perfectFit"]!["v4"]!.AsObject();
                    e["lower"] = Digit((string)e["upper"]!);
                    e["upper"] = Digit((string)e["lower"]!);
                    e["upper"] = (Rational.Parse((string)e["lower"]!) + P("1e-39")).ToCanonicalString();
                    break;
                }
                case "fit-v1": bounds["perfectFit"]!["v1"] = (Rational.Parse((string)bounds["perfectFit"]!["v1"]!) + P("1/100")).ToCanonicalString(); break;
                case "radius-huge": bounds["localMinimumRadius"] = "10"; break;
                case "risk": bounds["risk"] = "1/4"; break;
                case "target": root["claim"]!["model"]!["targets"]![2] = "2"; break;
                case "input": root["claim"]!["model"]!["inputs"]![2]![0] = "1/3"; break;
                case "alpha":
                    var act = root["claim"]!["model"]!["activation"]!.AsObject();
                    if (act.ContainsKey("alpha")) act["alpha"] = "-1"; else act["alpha"] = "1";
                    break;
            }
        });
        Assert.NotEqual(Verdict.Verified, v);
    }

    [Fact]
    public void MalformedFilesNameThePath()
    {
        var r = CertificateChecker.CheckText("x", Committed("yun-thm7-sigmoid.json").Replace("\"sigmoid\"", "\"relu\""));
        Assert.Equal(Verdict.Malformed, r.Verdict);
        Assert.Contains("$.claim.model.activation.name", r.Message);
        r = CertificateChecker.CheckText("x", Committed("yun-thm7-sigmoid.json").Replace("\"localMinimumRadius\"", "\"radius\""));
        Assert.Equal(Verdict.Malformed, r.Verdict);
    }

    [Fact]
    public void ADeepDigitOfSelusU2StaysTrueAndTheOracleReDerivesIt()
    {
        // Found by the long fuzz run: u₂ = 5·10⁶¹/8.79…·10⁶¹ with one numerator digit changed moves v₂* by ~1e-50, inside
        // the 1e-40 enclosure: the checker rightly says VERIFIED, and the oracle must re-derive it (category c).
        var original = Committed("yun-thm7-selu.json");
        var node = JsonNode.Parse(original)!.AsObject();
        var u2 = (string)node["point"]!["u2"]!;
        node["point"]!["u2"] = "5000000000000000000000000000000000000000000000000009" + u2[52..];
        var text = node.ToJsonString();
        Assert.Equal(Verdict.Verified, CertificateChecker.CheckText("selu", text).Verdict);
        var entry = Fuzz.Corpus.All.Single(e => e.Name == "yun-sra-jadbabaie/yun-thm7-selu.json");
        Assert.Equal(Fuzz.TruthCategory.Implied, Fuzz.TruthOracle.Classify(entry, text).Category);
        // …while a digit that moves the root out of the enclosure is INVALID.
        node["point"]!["u2"] = "5000000000000000000000000000009" + u2[31..];
        Assert.Equal(Verdict.Invalid, CertificateChecker.CheckText("selu", node.ToJsonString()).Verdict);
    }

    [Fact]
    public void AWidenedSeluEnclosureStaysTrueAndTheOracleReDerivesIt()
    {
        // Found by the full test run's fuzz draw: v₂'s lower end −0.405… → −7.405… still holds the one root (SELU is
        // increasing) and C7.7 = a²d + b²c + cd > 0 on the whole of it (c = 0, d > 0); the oracle used the wider
        // product form and called it a finding.
        var node = JsonNode.Parse(Committed("yun-thm7-selu.json"))!.AsObject();
        var e = node["point"]!["v2"]!.AsObject();
        e["lower"] = "-7" + ((string)e["lower"]!)[2..];
        var text = node.ToJsonString();
        Assert.Equal(Verdict.Verified, CertificateChecker.CheckText("selu", text).Verdict);
        var entry = Fuzz.Corpus.All.Single(c => c.Name == "yun-sra-jadbabaie/yun-thm7-selu.json");
        Assert.Equal(Fuzz.TruthCategory.Implied, Fuzz.TruthOracle.Classify(entry, text).Category);
    }

    [Fact]
    public void AWidenedSigmoidPerfectFitEnclosureStaysTrueAndTheOracleReDerivesIt()
    {
        // Found by a fuzz draw: perfectFit.v4's lower end −1.948… → −5.948… (sigmoid is increasing: still one root).
        var node = JsonNode.Parse(Committed("yun-thm7-sigmoid.json"))!.AsObject();
        var e = node["bounds"]!["perfectFit"]!["v4"]!.AsObject();
        e["lower"] = "-5" + ((string)e["lower"]!)[2..];
        var text = node.ToJsonString();
        Assert.Equal(Verdict.Verified, CertificateChecker.CheckText("sigmoid", text).Verdict);
        var entry = Fuzz.Corpus.All.Single(c => c.Name == "yun-sra-jadbabaie/yun-thm7-sigmoid.json");
        var (category, why) = Fuzz.TruthOracle.Classify(entry, text);
        Assert.True(category == Fuzz.TruthCategory.Implied, why);
    }

    // ------------------------------------------------------------------ the activation formulas

    public static TheoryData<string> Activations() => new() { "sigmoid", "tanh", "arctan", "elu", "selu", "softplus", "swish", "gelu" };

    private static SmoothActivation Make(string name) => name switch
    {
        "elu" => SmoothActivation.Elu(P("13/10")),
        "selu" => SmoothActivation.Selu(SeluAlpha, SeluScale),
        _ => SmoothActivation.Simple(name),
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void DerivativeEnclosuresAgreeWithFiniteDifferences(string name)
    {
        // h′(x) ≈ (h(x + e) − h(x − e))/2e and h″(x) ≈ (h(x + e) − 2h(x) + h(x − e))/e², errors O(e²) ≈ 1e-40 and
        // O(e²) ≈ 1e-20 with e = 1e-20 at 400 bits; checks the formulas of [yun.thm7.activations], not their rigor.
        const int p = 400;
        var h = Make(name);
        var e = Interval.FromRational(P("1e-20"), p);
        foreach (var xs in new[] { "-2.3", "-0.7", "-0.05", "0.1", "0.55", "1.7" })
        {
            var x = Interval.FromRational(P(xs), p);
            var hp = h.Value(x + e);
            var hm = h.Value(x - e);
            var h0 = h.Value(x);
            var d1 = (hp - hm) / (e + e);
            var d2 = (hp - h0 - h0 + hm) / e.Square();
            var f1 = h.FirstDerivative(x);
            var f2 = h.SecondDerivative(x);
            Assert.True(Math.Abs((d1 - f1).Mid.ToDoubleNearest()) < 1e-30, $"{name} h′({xs}): {f1.ToDecimalString()} vs {d1.ToDecimalString()}");
            Assert.True(Math.Abs((d2 - f2).Mid.ToDoubleNearest()) < 1e-15, $"{name} h″({xs}): {f2.ToDecimalString()} vs {d2.ToDecimalString()}");
            // the enclosure over an interval contains the enclosures at its points
            var wide = new Interval(BigFloat.FromRational(P(xs) - P("1/100"), p, RoundingMode.Down), BigFloat.FromRational(P(xs) + P("1/100"), p, RoundingMode.Up), p);
            if (name is "elu" or "selu" && wide.ContainsZero) continue;
            Assert.True(h.Value(wide).Contains(h0) && h.FirstDerivative(wide).Contains(f1) && h.SecondDerivative(wide).Contains(f2), $"{name} at {xs}");
        }
    }

    [Fact]
    public void KnownValuesAreEnclosed()
    {
        const int p = 128;
        var zero = Interval.Zero(p);
        Assert.True(SmoothActivation.Simple("sigmoid").Value(zero).Contains(P("1/2")));
        Assert.True(SmoothActivation.Simple("sigmoid").FirstDerivative(zero).Contains(P("1/4")));
        Assert.True(SmoothActivation.Simple("sigmoid").SecondDerivative(zero).Contains(Rational.Zero));
        Assert.True(SmoothActivation.Simple("softplus").SecondDerivative(zero).Contains(P("1/4")));
        Assert.True(SmoothActivation.Simple("swish").FirstDerivative(zero).Contains(P("1/2")));
        Assert.True(SmoothActivation.Simple("swish").SecondDerivative(zero).Contains(P("1/2")));
        Assert.True(SmoothActivation.Simple("arctan").SecondDerivative(Interval.One(p)).Contains(P("-1/2")));
        Assert.True(SmoothActivation.Simple("gelu").FirstDerivative(zero).Contains(P("1/2")));
        Assert.True(SmoothActivation.Simple("gelu").Value(zero).Contains(Rational.Zero));
        Assert.True(SmoothActivation.Elu(2).Value(Interval.FromRational(P("3/2"), p)).Contains(P("3/2")));
        Assert.Throws<ArgumentException>(() => SmoothActivation.Elu(2).SecondDerivative(new Interval(-1, 1, p)));
    }

    // ------------------------------------------------------------------ the paper's own values (Appendix A7)

    [Fact]
    public void ThePapersAppendixValuesSatisfyTheConditionsWithU2ForTheRepeatedU1()
    {
        // A7.1–A7.3 print "(v₁, v₂, u₁, u₁) = …": read as (v₁, v₂, u₁, u₂), every condition holds (C7.1 and C7.3 as
        // enclosures of 0, the others strictly); read literally (u₂ missing, or u₁ given twice) C7.3 has no meaning.
        const int p = 256;
        Interval I(Rational q) => Interval.FromRational(q, p);
        var third = I(P("1/3"));
        var cases = new List<(SmoothActivation H, Interval[] Fit, Interval V1, Interval V2, Interval U1, Interval U2)>();
        Interval SigInv(Rational y) => Interval.Log(I(y) / (I(1) - I(y)));
        Interval Atanh(Rational y) => Interval.ScaleB(Interval.Log((I(1) + I(y)) / (I(1) - I(y))), -1);
        Interval Tan(Rational y) => Interval.Sin(I(y)) / Interval.Cos(I(y));
        cases.Add((SmoothActivation.Simple("sigmoid"), [SigInv(P("1/2")), SigInv(P("1/4")), SigInv(P("1/4")), SigInv(P("1/8"))],
            SigInv(P("1/4")), SigInv(P("1/4")), I(P("2/3")), I(P("2/3"))));
        cases.Add((SmoothActivation.Simple("tanh"), [Atanh(P("1/2")), Atanh(P("1/4")), Atanh(P("1/4")), Atanh(P("1/8"))],
            Atanh(P("1/2")), Atanh(P("1/2")), I(1), I(P("-1/3"))));
        cases.Add((SmoothActivation.Simple("arctan"), [Tan(P("1/2")), Tan(P("1/4")), Tan(P("1/4")), Tan(P("1/8"))],
            Tan(P("1/2")), Tan(P("1/2")), I(1), I(P("-1/3"))));
        foreach (var (alpha, lambda) in new[] { (Rational.One, Rational.One), (SeluAlpha, SeluScale) })
        {
            var h = alpha == 1 ? SmoothActivation.Elu(1) : SmoothActivation.Selu(alpha, lambda);
            Interval EluInv(Rational y) => Interval.Log(I(y / (lambda * alpha) + 1));   // y < 0
            var la = lambda * alpha;
            cases.Add((h, [EluInv(-la / 2), EluInv(-la / 4), EluInv(-la / 4), EluInv(-la / 8)],
                I(P("1/3")), Interval.Log(I(P("2/3"))), I(2 / lambda), I(1 / la)));
        }
        foreach (var (h, f, v1, v2, u1, u2) in cases)
        {
            var c71 = h.Value(f[0]) * h.Value(f[3]) - h.Value(f[1]) * h.Value(f[2]);
            var c72 = h.Value(f[0]) * h.Value((f[2] + f[3]) / I(2)) - h.Value(f[2]) * h.Value((f[0] + f[1]) / I(2));
            var c73 = u1 * h.Value(v1) + u2 * h.Value(v2) - third;
            var a = u1 * h.FirstDerivative(v1); var c = u1 * h.SecondDerivative(v1) / I(3);
            var b = u2 * h.FirstDerivative(v2); var d = u2 * h.SecondDerivative(v2) / I(3);
            Assert.True(c71.ContainsZero && c71.WidthUpper < BigFloat.ScaleB(BigFloat.One, -200), $"{h}: C7.1 {c71.ToDecimalString()}");
            Assert.False(c72.ContainsZero, $"{h}: C7.2");
            Assert.True(c73.ContainsZero && c73.WidthUpper < BigFloat.ScaleB(BigFloat.One, -200), $"{h}: C7.3 {c73.ToDecimalString()}");
            Assert.True((a.Square() + c).IsPositive, $"{h}: C7.6");
            Assert.True((a.Square() * d + b.Square() * c + c * d).IsPositive, $"{h}: C7.7");
            // the literal reading u₂ = u₁ breaks C7.3 for tanh and arctan (u₁ = 1: 1/2 + 1/2 ≠ 1/3)
            if (h.Name is "tanh" or "arctan") Assert.False((u1 * h.Value(v1) + u1 * h.Value(v2) - third).ContainsZero);
        }
    }

    // ------------------------------------------------------------------ a floating-point probe (not a proof)

    /// <summary>erf in double for the probe (the midpoint of the kernel's enclosure).</summary>
    private static double Erf(double x) => Interval.Erf(Interval.FromDouble(x, 60)).Mid.ToDoubleNearest();

    [Theory]
    [MemberData(nameof(Names))]
    public void AFloatingPointProbeFindsNoDescentWithinTheRadius(string name)
    {
        var cert = Produce(name);
        double D(Rational r) => double.Parse(r.ToScientificString(17, RoundingMode.Nearest), System.Globalization.CultureInfo.InvariantCulture);
        Func<double, double> h = cert.Activation.Name switch
        {
            "sigmoid" => x => 1 / (1 + Math.Exp(-x)),
            "tanh" => Math.Tanh,
            "arctan" => Math.Atan,
            "softplus" => x => Math.Log(1 + Math.Exp(x)),
            "swish" => x => x / (1 + Math.Exp(-x)),
            "gelu" => x => x * 0.5 * (1 + Erf(x / Math.Sqrt(2))),
            _ => x => x >= 0 ? D(cert.Activation.Scale) * x : D(cert.Activation.Scale * cert.Activation.Alpha) * (Math.Exp(x) - 1),
        };
        double v1 = D(cert.V1), v2 = D((cert.V2.Lower + cert.V2.Upper) / 2), u1 = D(cert.U1), u2 = D(cert.U2), rho = D(cert.Radius);
        double Risk(double[] t)   // t = (W11, W12, W21, W22, b1, b2, U1, U2, c)
        {
            double s = 0;
            double[][] x = [[1, 0], [0, 1], [0.5, 0.5]];
            double[] y = [0, 0, 1];
            for (int i = 0; i < 3; i++)
            {
                double o = t[6] * h(t[0] * x[i][0] + t[1] * x[i][1] + t[4]) + t[7] * h(t[2] * x[i][0] + t[3] * x[i][1] + t[5]) + t[8];
                s += (o - y[i]) * (o - y[i]);
            }
            return s / 2;
        }
        double[] c0 = [v1, v1, v2, v2, 0, 0, u1, u2, 0];
        Assert.True(Math.Abs(Risk(c0) - 1.0 / 3) < 1e-14);
        var rng = new Random(7);
        foreach (var scale in new[] { 1.0, 0.1, 0.01 })
            for (int k = 0; k < 400; k++)
            {
                var t = c0.Select(c => c + scale * rho * (2 * rng.NextDouble() - 1)).ToArray();
                Assert.True(Risk(t) >= 1.0 / 3 - 1e-12, $"{name}: risk {Risk(t)} at scale {scale}");
            }
    }
}

/// <summary>The paper's Lemmas A.3 and A.4 (Appendix A8), with their printed polynomials, in exact rationals.</summary>
public class YunLemmaA3A4Tests
{
    private static Rational Binomial(int n, int k)
    {
        var r = Rational.One;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    private static Rational Pow(Rational a, int n) => Rational.Pow(a, n);

    private static Rational Coefficient(int n, int k)   // k + 1 − 2^{−n+1} Σ_{l ≤ k} (k + 1 − l) C(n, l)
    {
        var s = Rational.Zero;
        for (int l = 0; l <= k; l++) s += (k + 1 - l) * Binomial(n, l);
        return k + 1 - s / Rational.Pow(2, n - 1);
    }

    private static Rational Pn(int n, Rational a, Rational b)
    {
        var s = Rational.Zero;
        for (int k = 0; k <= n - 2; k++) s += Coefficient(n, k) * Pow(a, n - k - 2) * Pow(b, k);
        return s;
    }

    [Fact]
    public void LemmasA3AndA4HoldExactly()
    {
        var rng = new Random(3);
        Rational R() => new Rational(rng.Next(-9, 10), rng.Next(1, 8));
        for (int n = 2; n <= 11; n++)
            for (int t = 0; t < 4; t++)
            {
                var (a, b) = (R(), R());
                Assert.Equal(Pow(a, n) + Pow(b, n) - 2 * Pow((a + b) / 2, n), (a - b) * (a - b) * Pn(n, a, b));
            }
        Assert.Equal(new Rational(1, 2), Pn(2, 3, 5));
        for (int n1 = 1; n1 <= 5; n1++)
            for (int n2 = 1; n2 <= 5; n2++)
                for (int t = 0; t < 3; t++)
                {
                    var (a, b, c, d) = (R(), R(), R(), R());
                    var q1 = Rational.Zero;
                    for (int k = 0; k <= n1 - 2; k++) q1 += Coefficient(n1, k) * Pow(a, n1 - k - 2) * Pow(b, k) * Pow(d, n2);
                    var q2 = Rational.Zero;
                    for (int k = 0; k <= n2 - 2; k++) q2 += Coefficient(n2, k) * Pow(b, n1) * Pow(c, n2 - k - 2) * Pow(d, k);
                    var r = Rational.Zero;
                    for (int k1 = 0; k1 < n1; k1++)
                        for (int k2 = 0; k2 < n2; k2++)
                        {
                            var s = Rational.Zero;
                            for (int l1 = 0; l1 <= k1; l1++)
                                for (int l2 = 0; l2 <= k2; l2++) s += Binomial(n1, l1) * Binomial(n2, l2);
                            r += (1 - s / Rational.Pow(2, n1 + n2 - 1)) * Pow(a, n1 - k1 - 1) * Pow(b, k1) * Pow(c, n2 - k2 - 1) * Pow(d, k2);
                        }
                    var lhs = Pow(a, n1) * Pow(c, n2) + Pow(b, n1) * Pow(d, n2) - 2 * Pow((a + b) / 2, n1) * Pow((c + d) / 2, n2);
                    Assert.Equal(lhs, (a - b) * (a - b) * q1 + (c - d) * (c - d) * q2 + (a - b) * (c - d) * r);
                    if (n1 == 1 && n2 == 1) { Assert.True(q1.IsZero); Assert.Equal(new Rational(1, 2), r); }
                }
    }
}
