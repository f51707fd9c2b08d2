using System.Numerics;
using System.Text.Json;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;
using ExactCheck.Models;

namespace ExactCheck.Certificates;

/// <summary>The two kinds of evidence a <see cref="SafranShamirRefutation"/> may carry.</summary>
public enum RefutationEvidence
{
    /// <summary>One partial derivative keeps a sign on the whole box: no critical point there. [ss.refute.gradient]</summary>
    Gradient,

    /// <summary>Krawczyk proves exactly one critical point in the box, and a direction of negative curvature on the whole box makes it a saddle. [ss.refute.krawczyk], [ss.refute.saddle]</summary>
    Saddle,
}

/// <summary>
/// Claim kind "safran-shamir/no-local-minimum": the Safran–Shamir objective with k inputs, n neurons and the given
/// targets has NO local minimum in the open box ∏(wₐ − R, wₐ + R) around the stated point w (which contains the open
/// ball B(w, R)). Two kinds of evidence: a partial derivative bounded away from 0 on the box (no critical point), or
/// a Krawczyk test (exactly one critical point in the box) plus a rational direction u with uᵀ∇²F(x)u ≤ c &lt; 0 for
/// every x in the box (that critical point is a saddle). A refutation of "there is a local minimum near w".
/// Format: docs/certificate-format.md. Derivations: proofs/safran-shamir/refutation.md [ss.refute].
/// </summary>
public sealed class SafranShamirRefutation
{
    public const string KindName = "safran-shamir/no-local-minimum";
    public const string GradientName = "gradient";
    public const string SaddleName = "saddle";

    public required int K { get; init; }
    public required int N { get; init; }
    /// <summary>Null for the paper's targets vⱼ = eⱼ (j = 1..k); otherwise m explicit target vectors.</summary>
    public Rational[][]? Targets { get; init; }
    /// <summary>n neurons of k coordinates each: the centre w of the box.</summary>
    public required Rational[][] Point { get; init; }

    /// <summary>R: the claim is about the open box ∏(wₐ − R, wₐ + R); the checks run on the closed box.</summary>
    public required Rational BoxRadius { get; init; }
    public required RefutationEvidence Evidence { get; init; }

    // gradient evidence
    /// <summary>The component ∂F/∂w[neuron][coordinate] (0-based) that keeps its sign on the box.</summary>
    public int GradientNeuron { get; init; }
    public int GradientCoordinate { get; init; }
    /// <summary>b ≠ 0: b &gt; 0 claims ∂F/∂w ≥ b on the box, b &lt; 0 claims ∂F/∂w ≤ b.</summary>
    public Rational PartialDerivativeBound { get; init; }

    // saddle evidence
    /// <summary>ρ_K &lt; R: the Krawczyk image K(X) lies in ∏[wₐ − ρ_K, wₐ + ρ_K]; the unique critical point is within ρ_K of w in every coordinate.</summary>
    public Rational KrawczykRadiusUpper { get; init; }
    /// <summary>u: n arrays of k numbers (same layout as the point).</summary>
    public Rational[][]? Direction { get; init; }
    /// <summary>c &lt; 0 with uᵀ∇²F(x)u ≤ c for every x in the box.</summary>
    public Rational CurvatureUpper { get; init; }

    // hints (never trusted)
    public int Precision { get; init; } = SafranShamirLocalMinimum.DefaultPrecision;

    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    private Rational[][] TargetVectors => Targets ?? ReluGaussianInterval.Identity(K);

    // ------------------------------------------------------------------ parsing

    public static SafranShamirRefutation Parse(JsonElement root)
    {
        var (k, n, targets, point) = SafranShamirLocalMinimum.ParseClaimAndPoint(root, nonZeroTargets: true);

        var (precision, _) = Json.Hints(root, SafranShamirLocalMinimum.DefaultPrecision, SafranShamirLocalMinimum.MinPrecision,
                                        SafranShamirLocalMinimum.MaxPrecision);
        var provenance = Json.Provenance(root);

        var bounds = Json.Required(root, "bounds", "$");
        Json.Object(bounds, "$.bounds");
        var evidence = Json.String(Json.Required(bounds, "evidence", "$.bounds"), "$.bounds.evidence");
        Rational B(string name) => Json.Number(Json.Required(bounds, name, "$.bounds"), $"$.bounds.{name}");
        switch (evidence)
        {
            case GradientName:
            {
                Json.Object(bounds, "$.bounds", "boxRadius", "evidence", "gradientComponent", "partialDerivativeBound");
                const string cp = "$.bounds.gradientComponent";
                var component = Json.Object(Json.Required(bounds, "gradientComponent", "$.bounds"), cp, "neuron", "coordinate");
                return new SafranShamirRefutation
                {
                    K = k, N = n, Targets = targets, Point = point, BoxRadius = B("boxRadius"), Evidence = RefutationEvidence.Gradient,
                    GradientNeuron = Json.Integer(Json.Required(component, "neuron", cp), $"{cp}.neuron", 0, n - 1),
                    GradientCoordinate = Json.Integer(Json.Required(component, "coordinate", cp), $"{cp}.coordinate", 0, k - 1),
                    PartialDerivativeBound = B("partialDerivativeBound"),
                    Precision = precision, Provenance = provenance,
                };
            }
            case SaddleName:
                Json.Object(bounds, "$.bounds", "boxRadius", "evidence", "krawczykRadiusUpper", "direction", "curvatureUpper");
                return new SafranShamirRefutation
                {
                    K = k, N = n, Targets = targets, Point = point, BoxRadius = B("boxRadius"), Evidence = RefutationEvidence.Saddle,
                    KrawczykRadiusUpper = B("krawczykRadiusUpper"),
                    Direction = Json.Vectors(Json.Required(bounds, "direction", "$.bounds"), "$.bounds.direction", n, k),
                    CurvatureUpper = B("curvatureUpper"),
                    Precision = precision, Provenance = provenance,
                };
            default:
                throw new MalformedException("$.bounds.evidence", $"unknown evidence \"{evidence}\"; expected \"{GradientName}\" or \"{SaddleName}\"");
        }
    }

    // ------------------------------------------------------------------ checking

    /// <summary>
    /// Re-derives every statement. VERIFIED only if every check holds: then F has no local minimum in the open box
    /// (indeed in the closed box). [ss.refute]
    /// </summary>
    public (Verdict Verdict, IReadOnlyList<BoundCheck> Checks, CheckSummary? Summary) Check()
    {
        var checks = new List<BoundCheck>();
        var model = new ReluGaussianInterval(N, TargetVectors, Precision);
        var flat = Point.SelectMany(v => v).ToArray();
        checks.Add(BoundCheck.Exact("R > 0", "ss.refute", "0 < R", Rational.Zero, BoxRadius, strict: true));
        if (Evidence == RefutationEvidence.Gradient) CheckGradient(model, flat, checks);
        else CheckSaddle(model, flat, checks);
        // The verdict table's summary lines are those of the local-minimum kind (route B, λ, r): none is printed here.
        return (checks.All(c => c.Holds) ? Verdict.Verified : Verdict.Invalid, checks, null);
    }

    /// <summary>Gradient evidence: ∂F/∂w_q keeps the sign of b on the closed box. [ss.refute.gradient]</summary>
    private void CheckGradient(ReluGaussianInterval model, Rational[] flat, List<BoundCheck> checks)
    {
        var b = PartialDerivativeBound;
        checks.Add(BoundCheck.Exact("b ≠ 0 (partial derivative bounded away from 0)", "ss.refute.gradient", "0 < |b|", Rational.Zero, Rational.Abs(b), strict: true));
        if (checks.Any(c => !c.Holds)) return;
        var box = ReluGaussianInterval.Box(flat, BoxRadius, Precision);
        var onBox = model.Evaluate(box, gradient: true, hessian: false, out var failure);
        checks.Add(BoundCheck.Condition("F smooth on the box X", "ss.smoothness.box", "no zero neuron, no parallel pair", failure));
        if (onBox is null) return;
        var g = onBox.Gradient![GradientNeuron * K + GradientCoordinate];
        var name = $"∂F/∂w[{GradientNeuron}][{GradientCoordinate}] {(b.Sign > 0 ? "≥" : "≤")} b on X";
        checks.Add(b.Sign > 0
            ? BoundCheck.Lower(name, "ss.refute.gradient", b, g.Lo)
            : BoundCheck.Upper(name, "ss.refute.gradient", b, g.Hi));
    }

    /// <summary>Saddle evidence: Krawczyk (exactly one critical point in X) and negative curvature on X. [ss.refute.krawczyk], [ss.refute.saddle]</summary>
    private void CheckSaddle(ReluGaussianInterval model, Rational[] flat, List<BoundCheck> checks)
    {
        var u = Direction!.SelectMany(v => v).ToArray();
        checks.Add(BoundCheck.Exact("ρ_K < R (Krawczyk image inside the box)", "ss.refute.krawczyk", "ρ_K < R", KrawczykRadiusUpper, BoxRadius, strict: true));
        checks.Add(BoundCheck.Exact("c < 0 (negative curvature)", "ss.refute.saddle", "c < 0", CurvatureUpper, Rational.Zero, strict: true));
        checks.Add(BoundCheck.Condition("u ≠ 0", "ss.refute.saddle", "a non-zero direction", u.Any(x => !x.IsZero) ? null : "the direction is the zero vector"));
        if (checks.Any(c => !c.Holds)) return;

        var box = ReluGaussianInterval.Box(flat, BoxRadius, Precision);
        var onBox = model.Evaluate(box, gradient: false, hessian: true, out var failure);
        checks.Add(BoundCheck.Condition("F smooth on the box X", "ss.smoothness.box", "no zero neuron, no parallel pair", failure));
        if (onBox is null) return;

        var krawczyk = Krawczyk(model, flat, BoxRadius, onBox.Hessian!, out failure);
        checks.Add(krawczyk is { } kb
            ? BoundCheck.Upper("K(X) ⊂ ∏[wₐ − ρ_K, wₐ + ρ_K] (one critical point in X)", "ss.refute.krawczyk", KrawczykRadiusUpper, kb.RadiusUpper)
            : BoundCheck.Condition("K(X) ⊂ ∏[wₐ − ρ_K, wₐ + ρ_K] (one critical point in X)", "ss.refute.krawczyk", BoundCheck.Show(KrawczykRadiusUpper, RoundingMode.Up), failure));
        checks.Add(BoundCheck.Upper("uᵀ∇²F(x)u ≤ c for every x in X", "ss.refute.saddle", CurvatureUpper, CurvatureUpperOver(onBox.Hessian!, u, Precision)));
    }

    /// <summary>What the Krawczyk test derived: max over coordinates of the bound on |K(X)ₐ − wₐ|, and q = ‖I − Y·H(X)‖∞ (upper bounds).</summary>
    public sealed record KrawczykBound(BigFloat RadiusUpper, BigFloat ContractionUpper);

    /// <summary>Largest dimension for the exact Int128 product of the Krawczyk test (its overflow bound assumes d ≤ 2¹²).</summary>
    public const int MaxKrawczykDimension = 4096;

    /// <summary>
    /// The Krawczyk test around x̃ = w on X = ∏[wₐ − R, wₐ + R] with f = ∇F and the interval Hessian H over X:
    /// returns an upper bound of maxₐ (|Y∇F(w)|ₐ + R·Σ_b mag(I − Y·H)ₐ_b) ≥ maxₐ |K(X)ₐ − wₐ|, and of q = maxₐ Σ_b mag(I − Y·H)ₐ_b.
    /// Y is the inverse of the midpoint of H computed in double and rounded to a dyadic grid; it is never
    /// trusted (any Y gives a sound bound), so it is recomputed here rather than read from the file. I − Y·H is formed
    /// exactly in Int128 after rounding H outward to a grid. Null with a reason when it cannot be formed.
    /// [ss.refute.krawczyk], [ss.refute.krawczyk.exact]
    /// </summary>
    public static KrawczykBound? Krawczyk(ReluGaussianInterval model, Rational[] w, Rational radius, SymmetricIntervalMatrix boxHessian, out string? failure)
    {
        int p = model.Precision, d = w.Length;
        if (d > MaxKrawczykDimension) { failure = $"dimension {d} exceeds {MaxKrawczykDimension}"; return null; }
        var atPoint = model.Evaluate(w.Select(x => Interval.FromRational(x, p)).ToArray(), gradient: true, hessian: false, out failure);
        if (atPoint is null) return null;
        var yDouble = InverseDouble(boxHessian.MidpointsAsDoubles());
        if (yDouble is null)
        {
            failure = "the midpoint of the Hessian over X is singular in double: no preconditioner";
            return null;
        }

        // Y on the grid 2^-gy: Y = yInt·2^-gy exactly, |yInt| ≤ 2^56 (max|Y| < 2^(e+1), e = ILogB, so max|Y|·2^gy < 2^56;
        // rounding to the nearest integer keeps |yInt| ≤ 2^56). Rounding Y is harmless: Y is any matrix, used consistently.
        double maxY = 0;
        foreach (var x in yDouble) maxY = Math.Max(maxY, Math.Abs(x));
        if (!(maxY > 0)) { failure = "the preconditioner is zero"; return null; }
        int gy = 55 - Math.ILogB(maxY);
        var yInt = new long[d][];
        for (int a = 0; a < d; a++)
        {
            yInt[a] = new long[d];
            for (int b = 0; b < d; b++) yInt[a][b] = (long)Math.Round(Math.ScaleB(yDouble[a, b], gy)); // exact: a scaled double rounded to an integer < 2^57
        }

        // H on the grid 2^-gh, rounded OUTWARD (floor of the lower end, ceiling of the upper end): the integer interval
        // matrix [hLo, hHi]·2^-gh contains H entry by entry. |hLo|, |hHi| ≤ 2^56. H is symmetric, so row b holds column b.
        var hMax = BigFloat.Zero;
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++) hMax = BigFloat.Max(hMax, boxHessian[a, b].Mag);
        long gh = hMax.IsZero ? 0 : 55 - hMax.Msb;
        if (gy + gh < 0 || gy + gh > 125)
        {
            failure = $"the scales of Y and H are out of range for the exact product (2^{gy}, 2^{gh})";
            return null;
        }
        var hLo = new long[d][];
        var hHi = new long[d][];
        for (int b = 0; b < d; b++)
        {
            hLo[b] = new long[d];
            hHi[b] = new long[d];
            for (int e = 0; e < d; e++)
            {
                var entry = boxHessian[b, e];
                hLo[b][e] = (long)BigFloat.ScaleB(entry.Lo, gh).ToRational().Floor();
                hHi[b][e] = (long)BigFloat.ScaleB(entry.Hi, gh).ToRational().Ceiling();
            }
        }

        // C = I − Y·H, exactly, in units of 2^-(gy+gh): for each (a, b), the exact range of δₐ_b·2^(gy+gh) − Σₑ yInt[a][e]·h[e][b]
        // over h in [hLo, hHi]. Bound: |terms| ≤ 2^112, d ≤ 2^12 of them, plus 2^125: < 2^127 (checked arithmetic guards it too).
        var unit = (Int128)1 << (int)(gy + gh);
        var rowSums = new BigInteger[d];
        for (int a = 0; a < d; a++)
        {
            var ya = yInt[a];
            var sum = BigInteger.Zero;
            for (int b = 0; b < d; b++)
            {
                Int128 lo = a == b ? unit : 0, hi = lo;
                long[] lob = hLo[b], hib = hHi[b];
                for (int e = 0; e < d; e++)
                {
                    long y = ya[e];
                    if (y == 0) continue;
                    Int128 atLo = checked((Int128)y * lob[e]), atHi = checked((Int128)y * hib[e]);
                    if (y > 0) { lo = checked(lo - atHi); hi = checked(hi - atLo); }
                    else { lo = checked(lo - atLo); hi = checked(hi - atHi); }
                }
                sum += BigInteger.Max(BigInteger.Abs((BigInteger)lo), BigInteger.Abs((BigInteger)hi));
            }
            rowSums[a] = sum;
        }

        var gradient = atPoint.Gradient!;
        // R rounded up: |xₐ − wₐ| ≤ R ≤ rUp for x in X.
        var rUp = BigFloat.FromRational(radius, p, RoundingMode.Up);
        var radiusMax = BigFloat.Zero;
        var contraction = BigFloat.Zero;
        for (int a = 0; a < d; a++)
        {
            // (Y∇F(w))ₐ, enclosed: ∇F(w) lies in the gradient enclosure over the 1-ulp box around w; Y's entries are exact.
            var yf = Interval.Zero(p);
            for (int b = 0; b < d; b++)
                if (yInt[a][b] != 0) yf += Interval.Point(new BigFloat(yInt[a][b], -gy), p) * gradient[b];
            var s = new BigFloat(rowSums[a], -(gy + gh));                      // Σ_b mag(Cₐ_b), exact
            var r = BigFloat.Add(yf.Mag, BigFloat.Mul(rUp, s, p, RoundingMode.Up), p, RoundingMode.Up);
            radiusMax = BigFloat.Max(radiusMax, r);
            contraction = BigFloat.Max(contraction, s);
        }
        failure = null;
        return new KrawczykBound(radiusMax, contraction);
    }

    /// <summary>
    /// Upper end of the interval evaluation of uᵀHu = Σₐ uₐ²Hₐₐ + 2Σ_{a&lt;b} uₐu_b Hₐ_b over a symmetric interval
    /// matrix: ≥ uᵀH u for every symmetric H in it. [ss.refute.saddle]
    /// </summary>
    public static BigFloat CurvatureUpperOver(SymmetricIntervalMatrix h, Rational[] u, int precision)
    {
        if (u.Length != h.N) throw new ArgumentException($"direction has {u.Length} entries, the Hessian {h.N} rows");
        var ui = u.Select(x => Interval.FromRational(x, precision)).ToArray();
        var sum = Interval.Zero(precision);
        for (int a = 0; a < h.N; a++)
        {
            if (u[a].IsZero) continue;
            sum += ui[a].Square() * h[a, a];
            for (int b = 0; b < a; b++)
                if (!u[b].IsZero) sum += Interval.ScaleB(ui[a] * ui[b] * h[a, b], 1);
        }
        return sum.Hi;
    }

    /// <summary>
    /// A⁻¹ by Gauss–Jordan elimination with partial pivoting, in double; null if a pivot is 0 or the result is not
    /// finite. UNTRUSTED: it only picks the Krawczyk preconditioner Y, and every Y gives a sound test.
    /// </summary>
    private static double[,]? InverseDouble(double[,] a)
    {
        int n = a.GetLength(0);
        var m = (double[,])a.Clone();
        var inv = new double[n, n];
        for (int i = 0; i < n; i++) inv[i, i] = 1;
        for (int col = 0; col < n; col++)
        {
            int piv = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(m[r, col]) > Math.Abs(m[piv, col])) piv = r;
            if (m[piv, col] == 0 || !double.IsFinite(m[piv, col])) return null;
            if (piv != col)
                for (int c = 0; c < n; c++)
                {
                    (m[col, c], m[piv, c]) = (m[piv, c], m[col, c]);
                    (inv[col, c], inv[piv, c]) = (inv[piv, c], inv[col, c]);
                }
            double pivot = m[col, col];
            for (int c = 0; c < n; c++) { m[col, c] /= pivot; inv[col, c] /= pivot; }
            for (int r = 0; r < n; r++)
            {
                if (r == col || m[r, col] == 0) continue;
                double f = m[r, col];
                for (int c = 0; c < n; c++) { m[r, c] -= f * m[col, c]; inv[r, c] -= f * inv[col, c]; }
            }
        }
        foreach (var x in inv)
            if (!double.IsFinite(x)) return null;
        return inv;
    }

    // ------------------------------------------------------------------ writing (canonical)

    public string ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        CanonicalJson.WriteClaimHeader(w, KindName);
        const string objective = "The Safran–Shamir objective F(w) = ½E[(Σᵢ relu(wᵢ·x) − Σⱼ relu(vⱼ·x))²], x ~ N(0, I_k), has no local minimum " +
                                 "in the open box ∏(wₐ − boxRadius, wₐ + boxRadius) around the point (a box that contains the open ball of radius " +
                                 "boxRadius), so the point is not near a local minimum at that scale.";
        w.WriteString("statement", objective + (Evidence == RefutationEvidence.Gradient
            ? " Evidence: F is smooth on the closed box and the partial derivative gradientComponent keeps the sign of " +
              "partialDerivativeBound there, so F has no critical point in it."
            : " Evidence: F is smooth on the closed box, has exactly one critical point in it (Krawczyk test), within " +
              "krawczykRadiusUpper of the point in every coordinate, and that critical point is a saddle: uᵀ∇²F(x)u ≤ curvatureUpper < 0 " +
              "for u = direction and every x in the box."));
        w.WriteStartObject("model");
        w.WriteString("objective", "relu-gaussian");
        w.WriteNumber("k", K);
        w.WriteNumber("n", N);
        if (Targets is null) w.WriteString("targets", "identity");
        else CanonicalJson.WriteVectors(w, "targets", Targets);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("point");
        CanonicalJson.WriteVectors(w, "neurons", Point);
        w.WriteEndObject();
        w.WriteStartObject("bounds");
        w.WriteString("boxRadius", BoxRadius.ToCanonicalString());
        if (Evidence == RefutationEvidence.Gradient)
        {
            w.WriteString("evidence", GradientName);
            w.WriteStartObject("gradientComponent");
            w.WriteNumber("neuron", GradientNeuron);
            w.WriteNumber("coordinate", GradientCoordinate);
            w.WriteEndObject();
            w.WriteString("partialDerivativeBound", PartialDerivativeBound.ToCanonicalString());
        }
        else
        {
            w.WriteString("evidence", SaddleName);
            w.WriteString("krawczykRadiusUpper", KrawczykRadiusUpper.ToCanonicalString());
            CanonicalJson.WriteVectors(w, "direction", Direction!);
            w.WriteString("curvatureUpper", CurvatureUpper.ToCanonicalString());
        }
        w.WriteEndObject();
        w.WriteStartObject("hints");
        w.WriteNumber("precision", Precision);
        w.WriteEndObject();
        CanonicalJson.WriteProvenance(w, Provenance);
    });
}
