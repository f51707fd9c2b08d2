using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;

namespace ExactCheck.Search.Tests;

/// <summary>
/// The refuter (untrusted producer of "no local minimum here" certificates): a constructed saddle is refuted, a far
/// point is refuted by gradient evidence, a true local minimum is not refuted, and the two committed refutation
/// certificates come from claim specs rebuilt by regen (see RegenTests).
/// </summary>
public class SafranShamirRefuterTests
{
    private static Rational P(string s) => Rational.Parse(s);

    /// <summary>The k = n = 3 critical point wᵢ = cyclic shifts of (a, a, b), a and b printed to 10 digits.</summary>
    public static Rational[][] SaddleStart()
    {
        var a = P("0.6594530930");
        var b = P("-0.3181800696");
        return [[a, a, b], [a, b, a], [b, a, a]];
    }

    /// <summary>A point far from any critical point: the cyclic shifts of (1/4, 1/2, 3/4).</summary>
    public static Rational[][] FarPoint() => [[P("1/4"), P("1/2"), P("3/4")], [P("3/4"), P("1/4"), P("1/2")], [P("1/2"), P("3/4"), P("1/4")]];

    private static Dictionary<string, string> Provenance(string source) => new()
    {
        ["producer"] = $"exactcheck {typeof(SafranShamirRefuter).Assembly.GetName().Version?.ToString(3)}",
        ["command"] = "SafranShamirRefuter.Refute (test)",
        ["source"] = source,
    };

    /// <summary>The committed refutation certificates and how each is produced.</summary>
    public static RefutationAttempt Produce(string name) => name switch
    {
        "ss-refute-saddle-k3-n3.json" => SafranShamirRefuter.Refute(3, 3, null, SaddleStart(), Provenance(
            "k = n = 3 critical point with cyclic symmetry w1 = (a, a, b), w2 = (a, b, a), w3 = (b, a, a), found by Newton from random " +
            "starts; start a = 0.6594530930, b = -0.3181800696 (10 digits); proofs/safran-shamir/refutation.md [ss.refute.example]")),
        "ss-refute-gradient-k3-n3.json" => SafranShamirRefuter.Refute(3, 3, null, FarPoint(), Provenance(
            "a point far from any critical point: the neurons are the cyclic shifts of (1/4, 1/2, 3/4); proofs/safran-shamir/refutation.md [ss.refute.example]")),
        _ => throw new ArgumentException(name),
    };

    // The committed refutation certificates are rebuilt by `exactcheck regen` from proofs/safran-shamir/claims/refute-*.json;
    // RegenTests checks them byte for byte with the other certificates.

    [Fact]
    public void TheConstructedSaddleIsRefutedOnABoxThatContainsTheStart()
    {
        var r = Produce("ss-refute-saddle-k3-n3.json");
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(RefutationEvidence.Saddle, r.Certificate!.Evidence);
        Assert.True(r.CoversStart);
        var start = SaddleStart().SelectMany(v => v).ToArray();
        var centre = r.Certificate.Point.SelectMany(v => v).ToArray();
        Assert.All(start.Zip(centre), pair => Assert.True(Rational.Abs(pair.First - pair.Second) < r.Certificate.BoxRadius));
        // One simple negative eigenvalue ≈ −0.0444822; F ≈ 0.0241236637.
        Assert.Single(r.Eigenvalues!, e => e < 0);
        Assert.Equal(-0.0444822, r.Eigenvalues![0], 6);
        Assert.Equal(0.024123663705, r.Value!.Value, 11);
        Assert.True(r.Refined!.GradientNormAfter < 1e-60);
        Assert.True(r.Certificate.CurvatureUpper < P("-0.0444"));
    }

    [Fact]
    public void WithoutCoveringTheStartTheSaddleIsRefutedOnATinyBoxAndATamperedTwinFails()
    {
        var options = new RefuterOptions { MaxCoverRadius = P("1e-30") };
        var r = SafranShamirRefuter.Refute(3, 3, null, SaddleStart(), new Dictionary<string, string>(), options);
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(P("1e-40"), r.Certificate!.BoxRadius);
        Assert.False(r.CoversStart);
        Assert.True(r.Certificate.KrawczykRadiusUpper < P("1e-50"), r.Certificate.KrawczykRadiusUpper.ToScientificString(3, RoundingMode.Up));

        // One digit changed at the 12th decimal of one coordinate: the critical point is no longer within ρ_K.
        var neurons = r.Certificate.Point.Select(v => v.ToArray()).ToArray();
        neurons[1][2] += P("1e-12");
        var twin = new SafranShamirRefutation
        {
            K = 3, N = 3, Point = neurons, BoxRadius = r.Certificate.BoxRadius, Evidence = RefutationEvidence.Saddle,
            KrawczykRadiusUpper = r.Certificate.KrawczykRadiusUpper, Direction = r.Certificate.Direction, CurvatureUpper = r.Certificate.CurvatureUpper,
        };
        var check = CertificateChecker.CheckText("twin.json", twin.ToCanonicalJson());
        Assert.Equal(Verdict.Invalid, check.Verdict);
        Assert.Contains(check.Checks, c => !c.Holds && c.Label == "ss.refute.krawczyk");
    }

    [Fact]
    public void ATrueLocalMinimumIsNotRefuted()
    {
        var path = Path.Combine(RepoPaths.Root, "certificates", "safran-shamir", "ss-example1-k6-n6.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var minimum = SafranShamirLocalMinimum.Parse(doc.RootElement);
        var r = SafranShamirRefuter.Refute(6, 6, null, minimum.Point, new Dictionary<string, string>());
        Assert.False(r.Succeeded);
        Assert.Null(r.Certificate);
        Assert.Contains("Hessian positive definite", r.Reason);
        Assert.Contains("not a saddle", r.Reason);
        Assert.Contains("minimum radius", r.Reason);      // gradient evidence was not attempted on a meaningless box
        Assert.True(r.Eigenvalues![0] > 0.0047);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomFarPointsAreRefutedByGradientEvidence(int seed)
    {
        // Random two-decimal points for k = n = 4: far from every critical point, ‖∇F‖ of order 0.1.
        var rng = new Random(seed);
        var point = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 4).Select(_ => new Rational(rng.Next(-100, 101), 100)).ToArray()).ToArray();
        var r = SafranShamirRefuter.Refute(4, 4, null, point, new Dictionary<string, string>());
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(RefutationEvidence.Gradient, r.Certificate!.Evidence);
        Assert.True(r.Certificate.BoxRadius >= P("1e-6"));
        Assert.Equal(point.SelectMany(v => v), r.Certificate.Point.SelectMany(v => v));
        Assert.Equal(Verdict.Verified, CertificateChecker.CheckText("far.json", r.Certificate.ToCanonicalJson()).Verdict);
    }

    [Fact]
    public void GradientEvidenceIsNotUsedNearACriticalPoint()
    {
        var r = SafranShamirRefuter.TryGradient(3, 3, null, SaddleStart(), new Dictionary<string, string>());
        Assert.False(r.Succeeded);
        Assert.Contains("minimum radius", r.Reason);
    }

    [Fact]
    public void APointOnTheSingularSetGivesAReason()
    {
        // Neuron 1 parallel to target e₁: F is not differentiable there.
        Rational[][] point = [[P("2"), P("0"), P("0")], [P("0.3"), P("0.5"), P("-0.2")], [P("-0.1"), P("0.4"), P("0.7")]];
        var r = SafranShamirRefuter.Refute(3, 3, null, point, new Dictionary<string, string>());
        Assert.False(r.Succeeded);
        Assert.Contains("smooth", r.Reason);
    }

    [Fact]
    public void TheBigFloatOverloadRoundsThePoint()
    {
        var start = SaddleStart().SelectMany(v => v).Select(x => BigFloat.FromRational(x, 320, RoundingMode.Nearest)).ToArray();
        var r = SafranShamirRefuter.Refute(3, 3, null, start, new Dictionary<string, string>());
        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal(RefutationEvidence.Saddle, r.Certificate!.Evidence);
    }
}
