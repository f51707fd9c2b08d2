using System.Numerics;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Models;

namespace ExactCheck.Search;

/// <summary>The knobs of <see cref="SafranShamirRefuter"/>.</summary>
public sealed record RefuterOptions
{
    /// <summary>Working precision (bits) of refinement and of the certificate's checks.</summary>
    public int Precision { get; init; } = SafranShamirProducer.RefinePrecision;

    /// <summary>
    /// Gradient evidence is produced only on a box at least this large. On a tiny box it would "refute" even a true
    /// local minimum (every point but the minimum itself has a non-zero gradient), which says nothing useful.
    /// </summary>
    public Rational MinGradientRadius { get; init; } = new(1, BigInteger.Pow(10, 6));

    /// <summary>Box radius for saddle evidence around the refined point when the start cannot be covered.</summary>
    public Rational SaddleRadius { get; init; } = new(1, BigInteger.Pow(10, 40));

    /// <summary>Largest box tried to cover the start point with saddle evidence (beyond it, only <see cref="SaddleRadius"/>).</summary>
    public Rational MaxCoverRadius { get; init; } = new(1, 100);

    /// <summary>Significant digits of the refined point written to the certificate.</summary>
    public int PointDigits { get; init; } = SafranShamirProducer.PointDigits;

    /// <summary>Significant digits of each entry of the direction u.</summary>
    public int DirectionDigits { get; init; } = 20;

    /// <summary>Newton is considered converged (a critical point to refute as a saddle) below this ‖∇F‖.</summary>
    public double ConvergedGradientNorm { get; init; } = 1e-60;

    /// <summary>λmin(∇²F) at the refined point must be below −this (relative to the largest |λ|) to try saddle evidence.</summary>
    public double NegativeEigenvalueTolerance { get; init; } = 1e-10;
}

/// <summary>
/// What <see cref="SafranShamirRefuter.Refute(int, int, Rational[][], Rational[][], IReadOnlyDictionary{string, string}, RefuterOptions)"/> produced:
/// a checked certificate (VERIFIED) or, when no refutation was found, the reason. The numbers describing the point
/// (refinement, eigenvalues, F) are for reports only.
/// </summary>
public sealed record RefutationAttempt(
    SafranShamirRefutation? Certificate,
    Verdict? Verdict,
    IReadOnlyList<BoundCheck> Checks,
    string? Reason,
    RefinedPoint? Refined = null,
    double[]? Eigenvalues = null,
    double? Value = null,
    bool CoversStart = false)
{
    public bool Succeeded => Certificate is not null && Verdict == Certificates.Verdict.Verified;
}

/// <summary>
/// UNTRUSTED producer of <see cref="SafranShamirRefutation"/> certificates ("no local minimum near w"). It tries
/// (a) gradient evidence on a box around the given point, then (b) Newton refinement to a critical point and, if the
/// Hessian there has a negative eigenvalue, saddle evidence: Krawczyk at the refined point and the eigenvector of
/// the most negative eigenvalue as the direction u ([ss.refute.producer]). Every certificate is checked by the trusted checker before it is
/// returned; whatever this class gets wrong makes the check fail, never a false VERIFIED.
/// </summary>
public static class SafranShamirRefuter
{
    /// <summary>Refutes around a point given exactly (n neurons of k coordinates).</summary>
    public static RefutationAttempt Refute(int k, int n, Rational[][]? targets, Rational[][] point,
                                           IReadOnlyDictionary<string, string> provenance, RefuterOptions? options = null)
    {
        options ??= new RefuterOptions();
        var gradient = TryGradient(k, n, targets, point, provenance, options);
        if (gradient.Succeeded) return gradient;
        var saddle = TrySaddle(k, n, targets, point, provenance, options);
        if (saddle.Succeeded) return saddle;
        return saddle with { Reason = $"{saddle.Reason}; gradient evidence: {gradient.Reason}" };
    }

    /// <summary>Refutes around a point given as big floats (stacked neuron by neuron); it is rounded to <see cref="RefuterOptions.PointDigits"/> digits.</summary>
    public static RefutationAttempt Refute(int k, int n, Rational[][]? targets, BigFloat[] point,
                                           IReadOnlyDictionary<string, string> provenance, RefuterOptions? options = null)
    {
        options ??= new RefuterOptions();
        return Refute(k, n, targets, RoundPoint(k, n, point, options.PointDigits), provenance, options);
    }

    // ------------------------------------------------------------------ (a) gradient evidence

    /// <summary>
    /// Gradient evidence: picks the largest partial derivative at w and boxes of radius around |∂F|/(2·Σ|∂²F|) (its
    /// row of the Hessian), larger first; keeps the first box on which the checker proves the sign of some component.
    /// Boxes smaller than <see cref="RefuterOptions.MinGradientRadius"/> are not tried.
    /// </summary>
    public static RefutationAttempt TryGradient(int k, int n, Rational[][]? targets, Rational[][] point,
                                                IReadOnlyDictionary<string, string> provenance, RefuterOptions? options = null)
    {
        options ??= new RefuterOptions();
        int p = options.Precision;
        var model = new ReluGaussianInterval(n, targets ?? ReluGaussianInterval.Identity(k), p);
        var flat = point.SelectMany(v => v).ToArray();
        var at = model.Evaluate(flat.Select(x => Interval.FromRational(x, p)).ToArray(), gradient: true, hessian: true, out var failure);
        if (at is null) return Fail($"F is not smooth at the point: {failure}");
        var g = at.Gradient!.Select(x => x.Mid.ToDoubleNearest()).ToArray();
        var h = at.Hessian!.MidpointsAsDoubles();
        int q = 0;
        for (int a = 1; a < g.Length; a++)
            if (Math.Abs(g[a]) > Math.Abs(g[q])) q = a;
        double row = 0;
        for (int b = 0; b < g.Length; b++) row += Math.Abs(h[q, b]);
        double guess = row > 0 ? Math.Abs(g[q]) / (2 * row) : 1;
        if (!(guess > 0)) return Fail("the gradient is 0 at the point");
        var minRadius = options.MinGradientRadius;
        string reason = $"|∂F| ≤ {Math.Abs(g[q]):G3} at the point: boxes where it keeps its sign are smaller than the minimum radius {minRadius.ToScientificString(2, RoundingMode.Nearest)}";
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var radius = SafranShamirProducer.Round(Rational.FromDouble(guess * Math.Pow(4, 2 - attempt)), 1, RoundingMode.Down);
            if (radius < minRadius) break;
            var onBox = model.Evaluate(ReluGaussianInterval.Box(flat, radius, p), gradient: true, hessian: false, out failure);
            if (onBox is null)
            {
                reason = $"the box of radius {radius.ToScientificString(2, RoundingMode.Nearest)} leaves the smooth region: {failure}";
                continue;
            }
            // The component whose enclosure stays farthest from 0.
            int best = -1;
            for (int a = 0; a < onBox.Gradient!.Length; a++)
                if (!onBox.Gradient[a].ContainsZero && (best < 0 || onBox.Gradient[a].Mig > onBox.Gradient[best].Mig)) best = a;
            if (best < 0)
            {
                reason = $"every component of the gradient enclosure contains 0 on boxes down to radius {radius.ToScientificString(2, RoundingMode.Nearest)}";
                continue;
            }
            var enclosure = onBox.Gradient[best];
            // Rounded toward 0, so the claim is weaker than what was derived.
            var bound = enclosure.Lo.Sign > 0
                ? SafranShamirProducer.Round(enclosure.Lo.ToRational(), 6, RoundingMode.Down)
                : SafranShamirProducer.Round(enclosure.Hi.ToRational(), 6, RoundingMode.Up);
            var certificate = new SafranShamirRefutation
            {
                K = k, N = n, Targets = targets, Point = point, BoxRadius = radius, Evidence = RefutationEvidence.Gradient,
                GradientNeuron = best / k, GradientCoordinate = best % k, PartialDerivativeBound = bound,
                Precision = p, Provenance = provenance,
            };
            var (verdict, checks) = CheckBytes(certificate);
            if (verdict == Verdict.Verified)
                return new RefutationAttempt(certificate, verdict, checks, null, Value: at.Value.Mid.ToDoubleNearest(), CoversStart: true);
            reason = "the checker rejected the gradient certificate: " + string.Join("; ", checks.Where(c => !c.Holds).Select(c => $"{c.Name}: {c.Describe()}"));
        }
        return Fail(reason);
    }

    // ------------------------------------------------------------------ (b) saddle evidence

    /// <summary>
    /// Saddle evidence: Newton from the point (<see cref="SafranShamirProducer.Refine"/>), the double Hessian's
    /// eigen-decomposition at the refined point, u = the eigenvector of λmin rounded to
    /// <see cref="RefuterOptions.DirectionDigits"/> digits. The box is centred at the refined point; its radius is
    /// first chosen to contain the start point (4 × the distance moved, ≤ <see cref="RefuterOptions.MaxCoverRadius"/>),
    /// else <see cref="RefuterOptions.SaddleRadius"/>.
    /// </summary>
    public static RefutationAttempt TrySaddle(int k, int n, Rational[][]? targets, Rational[][] point,
                                              IReadOnlyDictionary<string, string> provenance, RefuterOptions? options = null)
    {
        options ??= new RefuterOptions();
        int p = options.Precision;
        var start = point.SelectMany(v => v).ToArray();
        RefinedPoint refined;
        try
        {
            refined = SafranShamirProducer.Refine(k, n, targets, start.Select(x => BigFloat.FromRational(x, p, RoundingMode.Nearest)).ToArray(), p);
        }
        catch (InvalidOperationException e)
        {
            return Fail($"Newton refinement failed: {e.Message}");
        }
        if (!(refined.GradientNormAfter <= options.ConvergedGradientNorm))
            return Fail($"Newton did not reach a critical point: ‖∇F‖ = {refined.GradientNormAfter:G3} after {refined.Steps} steps", refined);

        var exact = RoundPoint(k, n, refined.Point, options.PointDigits);
        var flat = exact.SelectMany(v => v).ToArray();
        var model = new ReluGaussianInterval(n, targets ?? ReluGaussianInterval.Identity(k), p);
        var at = model.Evaluate(flat.Select(x => Interval.FromRational(x, p)).ToArray(), gradient: false, hessian: true, out var failure);
        if (at is null) return Fail($"F is not smooth at the refined point: {failure}", refined);
        var (values, vectors) = DenseDouble.SymmetricEigen(at.Hessian!.MidpointsAsDoubles());
        double value = at.Value.Mid.ToDoubleNearest();
        double scale = values.Max(Math.Abs);
        if (values[0] > 0)
            return Fail($"Hessian positive definite at the refined critical point (λmin ≈ {values[0]:G6}): a local minimum, not a saddle", refined, values, value);
        if (values[0] >= -options.NegativeEigenvalueTolerance * scale)
            return Fail($"Hessian singular to working accuracy at the refined critical point (λmin ≈ {values[0]:G3}): a degenerate critical point, no negative direction", refined, values, value);

        // u: the eigenvector of λmin, sign fixed (largest entry positive), rounded; entries at rounding noise set to 0.
        int d = flat.Length;
        var v = Enumerable.Range(0, d).Select(a => vectors[a, 0]).ToArray();
        double largest = v.MaxBy(Math.Abs);
        var u = v.Select(x => Math.Abs(x) < 1e-14 * Math.Abs(largest) ? Rational.Zero
            : SafranShamirProducer.Round(Rational.FromDouble(Math.Sign(largest) * x), options.DirectionDigits, RoundingMode.Nearest)).ToArray();
        var direction = Enumerable.Range(0, n).Select(i => u.Skip(i * k).Take(k).ToArray()).ToArray();

        var moved = Enumerable.Range(0, d).Select(a => Rational.Abs(start[a] - flat[a])).Aggregate(Rational.Zero, Rational.Max);
        var radii = new List<Rational>();
        if (moved.Sign > 0)
        {
            var cover = SafranShamirProducer.Round(4 * moved, 1, RoundingMode.Up);
            if (cover > options.SaddleRadius && cover <= options.MaxCoverRadius) radii.Add(cover);
        }
        radii.Add(options.SaddleRadius);
        string reason = "";
        foreach (var radius in radii)
        {
            var onBox = model.Evaluate(ReluGaussianInterval.Box(flat, radius, p), gradient: false, hessian: true, out failure);
            if (onBox is null)
            {
                reason = $"the box of radius {Show(radius)} leaves the smooth region: {failure}";
                continue;
            }
            var krawczyk = SafranShamirRefutation.Krawczyk(model, flat, radius, onBox.Hessian!, out failure);
            if (krawczyk is null)
            {
                reason = $"Krawczyk failed on the box of radius {Show(radius)}: {failure}";
                continue;
            }
            var rho = SafranShamirProducer.Round(krawczyk.RadiusUpper.ToRational(), 3, RoundingMode.Up);
            if (!(rho < radius))
            {
                reason = $"Krawczyk failed on the box of radius {Show(radius)}: K(X) reaches {Show(rho)} from the centre (contraction ‖I − YH‖∞ ≤ {krawczyk.ContractionUpper.ToDoubleNearest():G3})";
                continue;
            }
            var curvature = SafranShamirProducer.Round(SafranShamirRefutation.CurvatureUpperOver(onBox.Hessian!, u, p).ToRational(), 6, RoundingMode.Up);
            if (curvature.Sign >= 0)
            {
                reason = $"the curvature uᵀ∇²F u is not negative on the whole box of radius {Show(radius)} (upper end {Show(curvature)})";
                continue;
            }
            var certificate = new SafranShamirRefutation
            {
                K = k, N = n, Targets = targets, Point = exact, BoxRadius = radius, Evidence = RefutationEvidence.Saddle,
                KrawczykRadiusUpper = rho, Direction = direction, CurvatureUpper = curvature,
                Precision = p, Provenance = WithRefinement(provenance, refined, values, p),
            };
            var (verdict, checks) = CheckBytes(certificate);
            if (verdict == Verdict.Verified)
                return new RefutationAttempt(certificate, verdict, checks, null, refined, values, value, CoversStart: moved < radius);
            reason = "the checker rejected the saddle certificate: " + string.Join("; ", checks.Where(c => !c.Holds).Select(c => $"{c.Name}: {c.Describe()}"));
        }
        return Fail(reason, refined, values, value);
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Checks the bytes that will be written, through the same entry point as <c>exactcheck check</c>.</summary>
    private static (Verdict Verdict, IReadOnlyList<BoundCheck> Checks) CheckBytes(SafranShamirRefutation certificate)
    {
        var result = CertificateChecker.CheckText("(produced)", certificate.ToCanonicalJson());
        return (result.Verdict, result.Checks);
    }

    private static RefutationAttempt Fail(string reason, RefinedPoint? refined = null, double[]? eigenvalues = null, double? value = null) =>
        new(null, null, [], reason, refined, eigenvalues, value);

    /// <summary>The caller's provenance plus how the point was refined and the Hessian's eigenvalues there (informational).</summary>
    private static Dictionary<string, string> WithRefinement(IReadOnlyDictionary<string, string> provenance, RefinedPoint refined, double[] eigenvalues, int precision)
    {
        var result = provenance.ToDictionary(kv => kv.Key, kv => kv.Value);
        result.TryAdd("refinement", $"Newton, {refined.Steps} steps at {precision} bits: ‖∇F‖ {refined.GradientNormBefore:G3} → {refined.GradientNormAfter:G3}, moved {refined.DistanceMoved:G3}");
        result.TryAdd("eigenvalues", "Hessian eigenvalues at the refined point (double): " + string.Join(", ", eigenvalues.Select(e => e.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))));
        return result;
    }

    private static string Show(Rational x) => x.ToScientificString(3, RoundingMode.Nearest);

    private static Rational[][] RoundPoint(int k, int n, BigFloat[] point, int digits) =>
        Enumerable.Range(0, n)
            .Select(i => Enumerable.Range(0, k).Select(a => SafranShamirProducer.Round(point[i * k + a].ToRational(), digits, RoundingMode.Nearest)).ToArray())
            .ToArray();
}
