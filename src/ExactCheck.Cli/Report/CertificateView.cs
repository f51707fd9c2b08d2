using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Models;

namespace ExactCheck.Cli.Report;

/// <summary>A witness of a refutation, for people: what the evidence is and its numbers.</summary>
public sealed record Witness(string Evidence, IReadOnlyList<(string Name, string Value)> Items);

/// <summary>The Hessian picture of one certificate: eigenvalues (double, ascending), the certified bound if any.</summary>
public sealed record HessianPicture(string Title, double[] Eigenvalues, double? CertifiedLower, string DataUri);

/// <summary>
/// What the report shows about one certificate file beyond the checker's verdict and checks: the claim in words,
/// the model, the radius and F as claimed (re-derived when the verdict is VERIFIED), the witness of a refutation,
/// and the Hessian's smallest eigenvalues. Read with the checker's own strict parsers; the eigenvalues are computed
/// in double precision (UNTRUSTED, illustration only).
/// </summary>
public sealed record CertificateView(string Kind, string Statement, string Model, string? Radius, string? Value,
                                     Witness? Witness, HessianPicture? Picture, string? PictureFailure)
{
    /// <summary>Radius and F in a few digits, for the summary table.</summary>
    public string? RadiusShort { get; init; }
    public string? ValueShort { get; init; }

    /// <summary>x to <paramref name="digits"/> significant digits, trailing zeros of the mantissa dropped.</summary>
    public static string Show(Rational x, int digits = 8)
    {
        var s = x.ToScientificString(digits, RoundingMode.Nearest);
        int e = s.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? s : s[..e], exponent = e < 0 ? "" : s[e..];
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        return mantissa + exponent;
    }

    private static double D(Rational x) => BigFloat.FromRational(x, 53, RoundingMode.Nearest).ToDoubleNearest();

    /// <summary>The view of certificate text, or null when it cannot be read as a known kind.</summary>
    public static CertificateView? FromText(string text, bool plot = true)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            var claim = root.GetProperty("claim");
            var kind = claim.GetProperty("kind").GetString() ?? "";
            var statement = claim.TryGetProperty("statement", out var st) && st.ValueKind == JsonValueKind.String ? st.GetString()! : "";
            return kind switch
            {
                SafranShamirLocalMinimum.KindName => LocalMinimum(SafranShamirLocalMinimum.Parse(root), statement, plot),
                SafranShamirRefutation.KindName => Refutation(SafranShamirRefutation.Parse(root), statement, plot),
                YunLeakyReluMinimum.KindName => Yun(YunLeakyReluMinimum.Parse(root), statement, plot),
                _ => new CertificateView(kind, statement, "", null, null, null, null, $"no picture for kind \"{kind}\""),
            };
        }
        catch (Exception e) when (e is JsonException or MalformedException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Targets(Rational[][]? targets) => targets is null ? "targets vⱼ = eⱼ" : $"{targets.Length} explicit targets";

    private static CertificateView LocalMinimum(SafranShamirLocalMinimum c, string statement, bool plot)
    {
        var model = $"Safran–Shamir ReLU network, Gaussian inputs: k = {c.K} inputs, n = {c.N} neurons, {Targets(c.Targets)}";
        var radius = $"r ≤ {Show(c.DistanceUpper)} (route B, d = k)" +
                     (c.RouteA is { } a ? $"; r_A ≤ {Show(a.DistanceUpper)} (route A, every d ≥ {c.K})" : "");
        var value = $"F ∈ [{Show(c.ValueLower, 16)}, {Show(c.ValueUpper, 16)}]";
        var (picture, failure) = plot ? SafranShamirPicture(c.K, c.N, c.Targets, c.Point, D(c.HessianLambdaMinLower), "∇²F at the point") : (null, null);
        return new CertificateView(SafranShamirLocalMinimum.KindName, statement, model, radius, value, null, picture, failure)
        {
            RadiusShort = $"r ≤ {Show(c.DistanceUpper, 3)}", ValueShort = $"F ∈ [{Show(c.ValueLower, 12)}, {Show(c.ValueUpper, 12)}]",
        };
    }

    private static CertificateView Refutation(SafranShamirRefutation c, string statement, bool plot)
    {
        var model = $"Safran–Shamir ReLU network, Gaussian inputs: k = {c.K} inputs, n = {c.N} neurons, {Targets(c.Targets)}";
        Witness witness = c.Evidence == RefutationEvidence.Gradient
            ? new Witness("gradient: a partial derivative keeps its sign on the whole box, so there is no critical point in it",
                [("component ∂F/∂w[neuron][coordinate] (0-based)", $"neuron {c.GradientNeuron}, coordinate {c.GradientCoordinate}"),
                 ("bound b on the box", (c.PartialDerivativeBound.Sign > 0 ? "∂F ≥ " : "∂F ≤ ") + Show(c.PartialDerivativeBound))])
            : new Witness("saddle: exactly one critical point in the box (Krawczyk test), and negative curvature along u there",
                [("Krawczyk radius ρ_K (critical point within ρ_K of w per coordinate)", Show(c.KrawczykRadiusUpper)),
                 ("curvature uᵀ∇²F(x)u ≤ c on the box", Show(c.CurvatureUpper)),
                 ("direction u (one neuron per row)", string.Join("; ", c.Direction!.Select(v => "(" + string.Join(", ", v.Select(x => Show(x, 4))) + ")")))]);
        var (picture, failure) = plot ? SafranShamirPicture(c.K, c.N, c.Targets, c.Point, null, "∇²F at the centre of the box") : (null, null);
        return new CertificateView(SafranShamirRefutation.KindName, statement, model, $"box radius R = {Show(c.BoxRadius)}",
            picture is null ? null : $"F(w) ≈ {FValue(c.K, c.N, c.Targets, c.Point):G10} (double, at the centre)", witness, picture, failure)
        {
            RadiusShort = $"box R = {Show(c.BoxRadius, 3)}", ValueShort = $"no local minimum ({c.Evidence.ToString().ToLowerInvariant()} evidence)",
        };
    }

    private static CertificateView Yun(YunLeakyReluMinimum c, string statement, bool plot)
    {
        var model = $"one-hidden-layer leaky-ReLU network (s₊ = {Show(c.SlopePositive, 6)}, s₋ = {Show(c.SlopeNegative, 6)}), squared loss: " +
                    $"d_x = {c.InputDimension}, d₁ = {c.HiddenWidth}, m = {c.Samples} samples";
        var value = $"ℓ(point) = {c.Risk} (exact) > ℓ(betterPoint) = {c.BetterRisk}";
        (HessianPicture?, string?) pic = (null, null);
        if (plot)
        {
            try { pic = (YunPicture(c), null); }
            catch (Exception e) when (e is ArgumentException or ArithmeticException) { pic = (null, e.Message); }
        }
        return new CertificateView(YunLeakyReluMinimum.KindName, statement, model,
            "a neighbourhood on which every hidden pre-activation keeps its sign (exact; no numeric radius)", value, null, pic.Item1, pic.Item2)
        {
            RadiusShort = "—", ValueShort = $"ℓ = {Show(c.Risk, 8)} > ℓ(better) = {Show(c.BetterRisk, 8)}",
        };
    }

    private static double FValue(int k, int n, Rational[][]? targets, Rational[][] point) =>
        SsModel(k, n, targets).Value(point.SelectMany(v => v).Select(D).ToArray());

    private static ReluGaussianDouble SsModel(int k, int n, Rational[][]? targets) =>
        targets is null ? new ReluGaussianDouble(k, n) : new ReluGaussianDouble(n, targets.Select(v => v.Select(D).ToArray()).ToList());

    private static (HessianPicture?, string?) SafranShamirPicture(int k, int n, Rational[][]? targets, Rational[][] point, double? lower, string what)
    {
        try
        {
            if (k * n > Eigenvalues.MaxPlottedDimension)
                return (null, $"no plot: the Hessian has {k * n} rows, above the report's limit of {Eigenvalues.MaxPlottedDimension} for its double-precision eigen-solver");
            var h = SsModel(k, n, targets).Hessian(point.SelectMany(v => v).Select(D).ToArray());
            var values = Eigenvalues.Smallest(h, EigenvaluePlot.Count);
            var title = $"Smallest eigenvalues of {what} ({k * n} in all)";
            return (new HessianPicture(title, values, lower, EigenvaluePlot.SvgDataUri(values, lower, title)), null);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            return (null, $"no picture: {e.Message}");
        }
    }

    /// <summary>Hessian of the risk in the parameters (W1, b1, W2, b2) by central differences in double; the risk is a
    /// polynomial near the point (every pre-activation keeps its sign), so this is accurate enough for a picture.</summary>
    private static HessianPicture YunPicture(YunLeakyReluMinimum c)
    {
        int dx = c.InputDimension, d1 = c.HiddenWidth;
        double sp = D(c.SlopePositive), sm = D(c.SlopeNegative);
        var xs = c.Inputs.Select(x => x.Select(D).ToArray()).ToArray();
        var ys = c.Targets.Select(D).ToArray();
        var p0 = c.Point.W1.SelectMany(r => r).Concat(c.Point.B1).Concat(c.Point.W2).Append(c.Point.B2).Select(D).ToArray();
        double Risk(double[] p)
        {
            double s = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double y = p[^1];
                for (int j = 0; j < d1; j++)
                {
                    double z = p[d1 * dx + j];
                    for (int a = 0; a < dx; a++) z += p[j * dx + a] * xs[i][a];
                    y += p[d1 * dx + d1 + j] * (z >= 0 ? sp * z : sm * z);
                }
                s += (y - ys[i]) * (y - ys[i]);
            }
            return s / 2;
        }
        int d = p0.Length;
        var h = new double[d, d];
        double step = 1e-4 * Math.Max(1, p0.Max(Math.Abs));
        var p = (double[])p0.Clone();
        double F(int i, double si, int j, double sj)
        {
            p[i] += si; p[j] += sj;
            double v = Risk(p);
            p[i] -= si; p[j] -= sj;
            return v;
        }
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
            {
                double v = (F(i, step, j, step) - F(i, step, j, -step) - F(i, -step, j, step) + F(i, -step, j, -step)) / (4 * step * step);
                h[i, j] = h[j, i] = v;
            }
        var values = DenseDouble.SymmetricEigenvalues(h);
        var title = $"Smallest eigenvalues of ∇²ℓ at the point ({values.Length} in all; central differences)";
        return new HessianPicture(title, values, null, EigenvaluePlot.SvgDataUri(values, null, title));
    }
}
