using System.Text.Json;
using System.Text.RegularExpressions;
using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>Why a VERIFIED mutant is allowed to be VERIFIED (or that it is not).</summary>
public enum TruthCategory
{
    /// <summary>(a) The parsed claim re-serialises canonically to the original's bytes (key order, whitespace, escapes, number spelling).</summary>
    Canonical,

    /// <summary>(b) An honest weakening: only hints, provenance or the statement text changed, or bounds moved in their weak direction.</summary>
    Weakening,

    /// <summary>
    /// (c) Extension: the claim follows from what the ORIGINAL proves — the original claim or its enclosures re-derived
    /// from the model (<see cref="SafranShamirReferences"/>) — by exact comparison, the triangle inequality for a moved
    /// point, a box inside the original box, or the symmetry of F under permuting neurons; or, for the Yun kind, a
    /// different non-globality witness whose risk the oracle re-evaluates exactly on its own; or, failing those,
    /// re-proved by the oracle's own code from the model layer (<see cref="LocalMinimumReDerivation"/>,
    /// <see cref="RefutationReDerivation"/>).
    /// </summary>
    Implied,

    /// <summary>Not shown true: a false VERIFIED unless a person shows otherwise.</summary>
    Finding,
}

/// <summary>
/// Decides, conservatively, whether a VERIFIED mutant still states a true claim. It reads the mutant with its own JSON
/// flattening and number grammar (<see cref="FuzzJson"/>), compares it with the committed original field by field, and
/// accepts only the categories of <see cref="TruthCategory"/>. Everything else is a finding.
/// </summary>
public static partial class TruthOracle
{
    /// <summary>Parts of a certificate that state no claim: untrusted hints, informational provenance and statement text.</summary>
    public static bool IsFree(string path) =>
        Under(path, "$.hints") || Under(path, "$.provenance") || Under(path, "$.claim.statement") || Under(path, "$.$schema");

    /// <summary>The path is <paramref name="prefix"/> itself or inside it (an object member or an array entry).</summary>
    private static bool Under(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) &&
        (path.Length == prefix.Length || path[prefix.Length] is '.' or '[');

    [GeneratedRegex(@"\A\$\.point\.neurons\[(\d+)\]\[(\d+)\]\z")]
    private static partial Regex NeuronPath();

    public static (TruthCategory Category, string Why) Classify(CorpusEntry original, string mutant)
    {
        Dictionary<string, Leaf> m;
        try
        {
            // A leading byte-order mark is allowed (RFC 8259 § 8.1; the checker ignores it since issue #7's second slice).
            using var doc = JsonDocument.Parse(mutant.StartsWith('\uFEFF') ? mutant[1..] : mutant, new JsonDocumentOptions { MaxDepth = 64 });
            m = FuzzJson.Flatten(doc.RootElement, out var duplicate);
            if (duplicate is not null) return (TruthCategory.Finding, $"VERIFIED with a repeated key {duplicate}");
        }
        catch (JsonException e)
        {
            return (TruthCategory.Finding, $"VERIFIED but not JSON to the oracle: {e.Message}");
        }
        var o = original.Flat;
        if (!m.TryGetValue("$.claim.kind", out var kind) || kind.Text != original.Kind)
            return (TruthCategory.Finding, $"VERIFIED with claim kind {(m.TryGetValue("$.claim.kind", out var k) ? k.Text : "(none)")}");

        bool freeChanged = false;
        var changed = new List<string>();
        var missing = new List<string>();
        var extra = new List<string>();
        foreach (var (path, leaf) in o)
        {
            if (IsFree(path)) { freeChanged |= !m.TryGetValue(path, out var fm) || fm != leaf; continue; }
            if (!m.TryGetValue(path, out var ml)) missing.Add(path);
            else if (!Same(leaf, ml)) changed.Add(path);
        }
        foreach (var path in m.Keys)
        {
            if (o.ContainsKey(path)) continue;
            if (IsFree(path)) freeChanged = true; else extra.Add(path);
        }

        bool canonicalEqual = Corpus.Canonical(original.Kind, mutant) == original.Canonical;
        if (changed.Count == 0 && missing.Count == 0 && extra.Count == 0)
        {
            if (canonicalEqual) return (TruthCategory.Canonical, "canonical bytes equal");
            if (freeChanged) return (TruthCategory.Weakening, "only hints, provenance or statement changed");
            return (TruthCategory.Finding, "the oracle sees no change but the canonical form differs (the checker read something else)");
        }
        if (canonicalEqual)
            return (TruthCategory.Finding, $"canonical bytes equal although the claim changed at {Describe(changed, missing, extra)}: the checker ignores a change");

        try
        {
            return original.Kind switch
            {
                SafranShamirLocalMinimum.KindName => LocalMinimum(original, m, changed, missing, extra),
                SafranShamirRefutation.KindName => Refutation(original, m, changed, missing, extra),
                YunLeakyReluMinimum.KindName => Yun(original, m, changed, missing, extra),
                YunSmoothMinimum.KindName => YunSmooth(original, m, changed, missing, extra),
                YunDeepLinearCriticalPoint.KindName => DeepLinear(original, mutant, changed, missing, extra),
                KawaguchiGradientBasisOptimum.KindName => Kawaguchi(original, m, changed, missing, extra),
                DingLiSunMinimum.KindName => Ding(original, m, changed, missing, extra),
                _ => (TruthCategory.Finding, $"no oracle for kind {original.Kind}"),
            };
        }
        catch (OracleUnreadableException e)
        {
            return (TruthCategory.Finding, $"VERIFIED, but the oracle cannot read {e.Message} as a number of the format");
        }
    }

    /// <summary>
    /// Equal scalars: the same kind and text, or two number strings of equal value ("0.50" = "1/2"), or two JSON
    /// numbers of equal value ("-0" = "0", "3" = "3", the counts and indices).
    /// </summary>
    private static bool Same(Leaf a, Leaf b)
    {
        if (a == b) return true;
        if (a.Kind == JsonValueKind.Number && b.Kind == JsonValueKind.Number)
            return FuzzJson.OracleNumber(a.Text) is { } u && FuzzJson.OracleNumber(b.Text) is { } v && u == v;
        return FuzzJson.Number(a) is { } x && FuzzJson.Number(b) is { } y && x == y;
    }

    private sealed class OracleUnreadableException(string path) : Exception(path);

    private static Rational Num(IReadOnlyDictionary<string, Leaf> flat, string path) =>
        flat.TryGetValue(path, out var leaf) && FuzzJson.Number(leaf) is { } r ? r : throw new OracleUnreadableException(path);

    private static string Describe(List<string> changed, List<string> missing, List<string> extra) =>
        string.Join(", ", changed.Select(p => "changed " + p).Concat(missing.Select(p => "removed " + p)).Concat(extra.Select(p => "added " + p)).Take(6));

    // ------------------------------------------------------------------ the point

    /// <summary>
    /// How far the mutant's point is from the original's: 0 when the neuron rows are a permutation of the original
    /// rows (F is symmetric under permuting neurons, so the claim is the same), else the exact squared Euclidean
    /// distance and the max-norm distance.
    /// </summary>
    private static (Rational Squared, Rational Max, bool Permuted) PointShift(IReadOnlyDictionary<string, Leaf> o, IReadOnlyDictionary<string, Leaf> m, List<string> changedPoint)
    {
        if (changedPoint.Count == 0) return (Rational.Zero, Rational.Zero, false);
        var rowsO = Rows(o);
        var rowsM = Rows(m);
        var key = (Rational[] row) => string.Join(",", row.Select(x => x.ToString()));
        if (rowsO.Select(key).Order(StringComparer.Ordinal).SequenceEqual(rowsM.Select(key).Order(StringComparer.Ordinal)))
            return (Rational.Zero, Rational.Zero, true);
        var squared = Rational.Zero;
        var max = Rational.Zero;
        foreach (var path in changedPoint)
        {
            var d = Rational.Abs(Num(m, path) - Num(o, path));
            squared += d * d;
            max = Rational.Max(max, d);
        }
        return (squared, max, false);
    }

    private static List<Rational[]> Rows(IReadOnlyDictionary<string, Leaf> flat)
    {
        var rows = new List<Rational[]>();
        for (int i = 0; flat.ContainsKey($"$.point.neurons[{i}][0]"); i++)
        {
            var row = new List<Rational>();
            for (int a = 0; flat.ContainsKey($"$.point.neurons[{i}][{a}]"); a++) row.Add(Num(flat, $"$.point.neurons[{i}][{a}]"));
            rows.Add(row.ToArray());
        }
        return rows;
    }

    /// <summary>r ≥ reference + δ, with δ² given exactly: r − reference ≥ 0 and (r − reference)² ≥ δ².</summary>
    private static bool AtLeastPlusShift(Rational r, Rational reference, Rational shiftSquared)
    {
        var slack = r - reference;
        return slack.Sign >= 0 && slack * slack >= shiftSquared;
    }

    // ------------------------------------------------------------------ safran-shamir/local-minimum

    private static readonly string[] UpWeaker =
        ["$.bounds.gradientNormUpper", "$.bounds.distanceUpper", "$.bounds.valueUpper",
         "$.bounds.allDimensions.thirdDerivativeUpper", "$.bounds.allDimensions.distanceUpper"];

    private static readonly string[] DownWeaker =
        ["$.bounds.ballRadius", "$.bounds.hessianLambdaMinLower", "$.bounds.valueLower",
         "$.bounds.allDimensions.hessianLambdaMinLower", "$.bounds.allDimensions.valueLower"];

    private static (TruthCategory, string) LocalMinimum(CorpusEntry original, Dictionary<string, Leaf> m,
                                                        List<string> changed, List<string> missing, List<string> extra)
    {
        var o = original.Flat;
        const string routeA = "$.bounds.allDimensions.";
        if (extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with added fields: {Describe(changed, missing, extra)}");
        // Dropping the whole route-A section drops the claim about other dimensions: weaker. Any other removal is a finding.
        bool routeADropped = missing.Count > 0 && missing.All(p => p.StartsWith(routeA, StringComparison.Ordinal))
                             && !m.Keys.Any(p => p.StartsWith(routeA, StringComparison.Ordinal));
        if (missing.Count > 0 && !routeADropped) return (TruthCategory.Finding, $"VERIFIED with fields removed: {Describe(changed, missing, extra)}");
        var changedPoint = changed.Where(p => NeuronPath().IsMatch(p)).ToList();
        var other = changed.Where(p => !NeuronPath().IsMatch(p) && !UpWeaker.Contains(p) && !DownWeaker.Contains(p)).ToList();
        if (other.Count > 0) return (TruthCategory.Finding, $"VERIFIED with the model or claim changed: {Describe(other, [], [])}");

        var (shift, _, permuted) = PointShift(o, m, changedPoint);
        bool hasRouteA = m.ContainsKey(routeA + "distanceUpper");
        var r = Num(m, "$.bounds.distanceUpper");
        var lo = Num(m, "$.bounds.valueLower");
        var hi = Num(m, "$.bounds.valueUpper");
        Rational? rA = hasRouteA ? Num(m, routeA + "distanceUpper") : null;
        Rational? loA = hasRouteA ? Num(m, routeA + "valueLower") : null;

        string? Fails(Rational distance, Rational valueLower, Rational valueUpper, Rational? routeADistance, Rational? routeAValue)
        {
            if (!AtLeastPlusShift(r, distance, shift)) return $"r = {Show(r)} < reference {Show(distance)} + point shift";
            if (lo.Sign <= 0) return $"valueLower = {Show(lo)} ≤ 0 (the claim says not global)";
            if (lo > valueLower) return $"valueLower = {Show(lo)} above the reference {Show(valueLower)}";
            if (hi < valueUpper) return $"valueUpper = {Show(hi)} below the reference {Show(valueUpper)}";
            if (hasRouteA)
            {
                if (routeADistance is null || routeAValue is null) return "route A claimed but not in the original";
                if (!AtLeastPlusShift(rA!.Value, routeADistance.Value, shift)) return $"r_A = {Show(rA.Value)} < reference {Show(routeADistance.Value)} + point shift";
                if (loA!.Value.Sign <= 0 || loA.Value > routeAValue.Value) return $"route-A valueLower = {Show(loA.Value)} not in (0, {Show(routeAValue.Value)}]";
            }
            return null;
        }

        bool hadRouteA = o.ContainsKey(routeA + "distanceUpper");
        var byClaim = Fails(Num(o, "$.bounds.distanceUpper"), Num(o, "$.bounds.valueLower"), Num(o, "$.bounds.valueUpper"),
            hadRouteA ? Num(o, routeA + "distanceUpper") : null, hadRouteA ? Num(o, routeA + "valueLower") : null);
        bool weakening = changedPoint.Count == 0 && changed.All(p =>
            UpWeaker.Contains(p) ? Num(m, p) >= Num(o, p) : DownWeaker.Contains(p) && Num(m, p) <= Num(o, p));
        if (byClaim is null)
            return weakening
                ? (TruthCategory.Weakening, $"bounds weakened: {Describe(changed, missing, extra)}")
                : (TruthCategory.Implied, $"implied by the original claim{(permuted ? " (neurons permuted)" : "")}: {Describe(changed, missing, extra)}");
        var refs = original.References!.Value;
        var byReference = Fails(refs.Distance, refs.ValueLower, refs.ValueUpper, refs.RouteADistance, refs.RouteAValueLower);
        if (byReference is null)
            return (TruthCategory.Implied, $"implied by the original's enclosures{(permuted ? " (neurons permuted)" : "")}: {Describe(changed, missing, extra)}");
        // Not implied by the original (e.g. the point moved by more than the slack in r): the oracle proves it itself.
        var failure = LocalMinimumReDerivation.Failure(m);
        if (failure is null)
            return (TruthCategory.Implied, $"re-derived by the oracle ({byReference}): {Describe(changed, missing, extra)}");
        return (TruthCategory.Finding, $"not implied by the original ({byReference}) and the oracle's own proof fails ({failure}); {Describe(changed, missing, extra)}");
    }

    // ------------------------------------------------------------------ safran-shamir/no-local-minimum

    private static (TruthCategory, string) Refutation(CorpusEntry original, Dictionary<string, Leaf> m,
                                                      List<string> changed, List<string> missing, List<string> extra)
    {
        var o = original.Flat;
        if (missing.Count > 0 || extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with fields added or removed: {Describe(changed, missing, extra)}");
        var changedPoint = changed.Where(p => NeuronPath().IsMatch(p)).ToList();
        // Everything under $.bounds except boxRadius and evidence is evidence: the claim is "no local minimum in the
        // open box of radius R around the point", true in every sub-box of the original box whatever the evidence says.
        var other = changed.Where(p => !NeuronPath().IsMatch(p) &&
            (!p.StartsWith("$.bounds.", StringComparison.Ordinal) || p == "$.bounds.evidence")).ToList();
        if (other.Count > 0) return (TruthCategory.Finding, $"VERIFIED with the model or claim changed: {Describe(other, [], [])}");
        var (_, shiftMax, permuted) = PointShift(o, m, changedPoint);
        var radius = Num(m, "$.bounds.boxRadius");
        var radiusO = Num(o, "$.bounds.boxRadius");
        if (radius.Sign <= 0 || radius + shiftMax > radiusO)
        {
            // Not inside the original box: the oracle proves the claim itself, from the model layer.
            var failure = RefutationReDerivation.Failure(m);
            return failure is null
                ? (TruthCategory.Implied, $"re-derived by the oracle (box of radius {Show(radius)}, point moved by {Show(shiftMax)}): {Describe(changed, missing, extra)}")
                : (TruthCategory.Finding, $"box of radius {Show(radius)} around a point moved by {Show(shiftMax)} (max norm) is not inside the original box of radius {Show(radiusO)}, and the oracle's own proof fails: {failure}; {Describe(changed, missing, extra)}");
        }
        bool weakening = changedPoint.Count == 0 && changed.All(p => p switch
        {
            "$.bounds.boxRadius" => true,                                        // checked above: 0 < R ≤ R_o
            "$.bounds.partialDerivativeBound" => Num(m, p).Sign == Num(o, p).Sign && Rational.Abs(Num(m, p)) <= Rational.Abs(Num(o, p)),
            "$.bounds.krawczykRadiusUpper" => Num(m, p) >= Num(o, p),
            "$.bounds.curvatureUpper" => Num(m, p) >= Num(o, p) && Num(m, p).Sign < 0,
            _ => false,
        });
        return weakening
            ? (TruthCategory.Weakening, $"box shrunk or evidence weakened: {Describe(changed, missing, extra)}")
            : (TruthCategory.Implied, $"box inside the original box{(permuted ? " (neurons permuted)" : "")}: {Describe(changed, missing, extra)}");
    }

    // ------------------------------------------------------------------ yun-sra-jadbabaie/leaky-relu-local-minimum

    private static (TruthCategory, string) Yun(CorpusEntry original, Dictionary<string, Leaf> m,
                                               List<string> changed, List<string> missing, List<string> extra)
    {
        if (missing.Count > 0 || extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with fields added or removed: {Describe(changed, missing, extra)}");
        // The claim is the model, the point, W̄, α, η and the risk (all exact); betterPoint and betterRisk are the
        // witness of non-globality. Another witness is fine if it really is one: re-evaluated here, exactly.
        var other = changed.Where(p => !p.StartsWith("$.bounds.betterPoint.", StringComparison.Ordinal) && p != "$.bounds.betterRisk").ToList();
        if (other.Count > 0) return (TruthCategory.Finding, $"VERIFIED with the claim changed: {Describe(other, [], [])}");
        var sPlus = Num(m, "$.claim.model.slopePositive");
        var sMinus = Num(m, "$.claim.model.slopeNegative");
        var inputs = Matrix(m, "$.claim.model.inputs");
        var targets = Vector(m, "$.claim.model.targets");
        const string bp = "$.bounds.betterPoint";
        var w1 = Matrix(m, bp + ".W1");
        var b1 = Vector(m, bp + ".b1");
        var w2 = Vector(m, bp + ".W2");
        var b2 = Num(m, bp + ".b2");
        var risk = Rational.Zero;
        for (int i = 0; i < inputs.Count; i++)
        {
            var y = b2;
            for (int k = 0; k < b1.Count; k++)
            {
                var z = b1[k];
                for (int a = 0; a < inputs[i].Length; a++) z += w1[k][a] * inputs[i][a];
                y += w2[k] * (z.Sign >= 0 ? sPlus * z : sMinus * z);
            }
            risk += (y - targets[i]) * (y - targets[i]);
        }
        risk /= 2;
        var claimedBetter = Num(m, "$.bounds.betterRisk");
        var claimedRisk = Num(m, "$.bounds.risk");
        if (risk != claimedBetter || !(claimedBetter < claimedRisk))
            return (TruthCategory.Finding, $"betterRisk {Show(claimedBetter)} but the oracle evaluates ℓ(betterPoint) = {Show(risk)} (risk {Show(claimedRisk)})");
        return (TruthCategory.Implied, $"another non-globality witness, re-evaluated exactly: {Describe(changed, missing, extra)}");
    }

    // ------------------------------------------------------------------ yun-sra-jadbabaie/deep-linear-critical-point

    /// <summary>
    /// Any VERIFIED mutant (same fields) is re-derived here from its own numbers, independently of the kind's code
    /// except the trusted `RationalMatrix` products and ranks: every partial derivative by an exact central difference
    /// (ℓ is quadratic in each single weight, so (ℓ(W + E) − ℓ(W − E))/2 is exact), ∇ℓ₀ the same way, and each line's
    /// coefficients by exact interpolation of ℓ(Ŵ + tD) at t = 0 … 2(H+1).
    /// </summary>
    private static (TruthCategory, string) DeepLinear(CorpusEntry original, string mutant, List<string> changed, List<string> missing, List<string> extra)
    {
        if (missing.Count > 0 || extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with fields added or removed: {Describe(changed, missing, extra)}");
        using var doc = System.Text.Json.JsonDocument.Parse(mutant, new System.Text.Json.JsonDocumentOptions { MaxDepth = 16 });
        var c = YunDeepLinearCriticalPoint.Parse(doc.RootElement);
        int dx = c.Inputs[0].Length, dy = c.Targets[0].Length;
        var x = RationalMatrix.FromRows(c.Inputs).Transpose();
        var y = RationalMatrix.FromRows(c.Targets).Transpose();
        RationalMatrix Prod(IReadOnlyList<RationalMatrix> w) { var p = w[0]; for (int i = 1; i < w.Count; i++) p = w[i] * p; return p; }
        Rational L0(RationalMatrix r) => (r * x - y).FrobeniusNormSquared() / 2;
        Rational L(IReadOnlyList<RationalMatrix> w) => L0(Prod(w));
        RationalMatrix Unit(int rows, int cols, int a, int b, Rational v) =>
            RationalMatrix.FromRows(Enumerable.Range(0, rows).Select(i => Enumerable.Range(0, cols).Select(j => i == a && j == b ? v : Rational.Zero).ToArray()).ToList());
        if (c.HiddenWidths.Any(d => d < Math.Min(dx, dy))) return (TruthCategory.Finding, "VERIFIED with a hidden width below min(d_x, d_y)");
        var w = c.Weights;
        var risk = L(w);
        if (risk != c.Risk) return (TruthCategory.Finding, $"risk {Show(c.Risk)}, oracle {Show(risk)}");
        for (int i = 0; i < w.Length; i++)
            for (int a = 0; a < w[i].Rows; a++)
                for (int b = 0; b < w[i].Cols; b++)
                {
                    var e = Unit(w[i].Rows, w[i].Cols, a, b, Rational.One);
                    var plus = w.Select((m, k) => k == i ? m + e : m).ToList();
                    var minus = w.Select((m, k) => k == i ? m - e : m).ToList();
                    if (L(plus) != L(minus)) return (TruthCategory.Finding, $"VERIFIED but ∂ℓ/∂W{i + 1}[{a},{b}] ≠ 0 (central difference)");
                }
        if (!((c.LeastSquaresSolution * x - y) * x.Transpose()).IsZero() || L0(c.LeastSquaresSolution) != c.LeastSquaresRisk)
            return (TruthCategory.Finding, "VERIFIED but the least-squares solution or risk does not re-derive");
        var r = Prod(w);
        bool g0Zero = true;
        for (int a = 0; a < dy; a++)
            for (int b = 0; b < dx; b++)
            {
                var e = Unit(dy, dx, a, b, Rational.One);
                if (L0(r + e) != L0(r - e)) g0Zero = false;
            }
        if (c.Type == YunDeepLinearCriticalPoint.GlobalMinimumType)
        {
            if (!g0Zero || risk != c.LeastSquaresRisk) return (TruthCategory.Finding, "VERIFIED global minimum but ∇ℓ₀ ≠ 0 or risk ≠ least-squares risk");
            if (c.Part3Index is int j)
            {
                var left = Enumerable.Range(j, w.Length - j).Select(k => w[k]).ToList();
                var right = Enumerable.Range(0, j - 1).Select(k => w[k]).ToList();
                int ra = left.Count == 0 ? dy : Prod(left).Rank(), rb = right.Count == 0 ? dx : Prod(right).Rank();
                if (ra != dy || rb != dx) return (TruthCategory.Finding, $"VERIFIED with a Part 3 index {j} whose ranks fail");
            }
            return (TruthCategory.Implied, $"global minimum re-derived by the oracle: {Describe(changed, missing, extra)}");
        }
        if (g0Zero || !(c.LeastSquaresRisk < risk)) return (TruthCategory.Finding, "VERIFIED saddle but ∇ℓ₀ = 0");
        int n = 2 * w.Length;
        foreach (var (line, down) in new[] { (c.Descent!, true), (c.Ascent!, false) })
        {
            // φ(t) at t = 0 … n, Newton divided differences, then monomial coefficients (exact).
            var ts = Enumerable.Range(0, n + 1).Select(t => new Rational(t)).ToArray();
            var dd = ts.Select(t => L(w.Select((m, k) => m + t * line.D[k]).ToList())).ToArray();
            for (int level = 1; level <= n; level++)
                for (int i = n; i >= level; i--) dd[i] = (dd[i] - dd[i - 1]) / (ts[i] - ts[i - level]);
            var coeff = new Rational[n + 1];
            for (int i = 0; i <= n; i++) coeff[i] = Rational.Zero;
            for (int i = n; i >= 0; i--)
            {
                // coeff ← coeff·(t − ts[i]) + dd[i]
                for (int k = n; k >= 1; k--) coeff[k] = coeff[k - 1] - ts[i] * coeff[k];
                coeff[0] = dd[i] - ts[i] * coeff[0];
            }
            int order = Array.FindIndex(coeff, 1, v => !v.IsZero);
            if (order != line.Order || coeff[order] != line.Leading || (order % 2 == 0 && (down ? coeff[order].Sign >= 0 : coeff[order].Sign <= 0)))
                return (TruthCategory.Finding, $"VERIFIED line does not re-derive by interpolation (order {order})");
            var witness = L(w.Select((m, k) => m + line.WitnessStep * line.D[k]).ToList());
            if (witness != line.WitnessRisk || (down ? !(witness < risk) : !(witness > risk)))
                return (TruthCategory.Finding, $"witness risk {Show(line.WitnessRisk)}, oracle {Show(witness)}, risk {Show(risk)}");
        }
        return (TruthCategory.Implied, $"saddle re-derived by the oracle: {Describe(changed, missing, extra)}");
    }

    // ------------------------------------------------------------------ kawaguchi-huang-kaelbling/gradient-basis-optimum

    /// <summary>
    /// Any VERIFIED mutant (same fields) is re-derived here from its own numbers, independently of the kind's code except
    /// `RationalMatrix.Rank`: the pattern ball, the loss, ∂L/∂θ_p and the gradient basis by exact central differences
    /// with step ρ/2 (f is affine in each single parameter while no pre-activation changes sign), r ⊥ U by sums, the
    /// ranks, and the better point's loss. A smaller ρ with nothing else changed is a weakening.
    /// </summary>
    private static (TruthCategory, string) Kawaguchi(CorpusEntry original, Dictionary<string, Leaf> m,
                                                     List<string> changed, List<string> missing, List<string> extra)
    {
        if (missing.Count > 0 || extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with fields added or removed: {Describe(changed, missing, extra)}");
        var sp = Num(m, "$.claim.model.slopePositive");
        var sm = Num(m, "$.claim.model.slopeNegative");
        var xs = Matrix(m, "$.claim.model.inputs");
        var ys = Vector(m, "$.claim.model.targets");
        var rho = Num(m, "$.bounds.patternRadius");
        var theta = Vector(m, "$.point.W1[0]").Count;   // d_x
        int dx = theta, d1 = Vector(m, "$.point.b1").Count;
        var flat = new List<Rational>();
        foreach (var row in Matrix(m, "$.point.W1")) flat.AddRange(row);
        flat.AddRange(Vector(m, "$.point.b1"));
        flat.AddRange(Vector(m, "$.point.W2"));
        flat.Add(Num(m, "$.point.b2"));
        Rational F(IReadOnlyList<Rational> p, Rational[] x)
        {
            var o = p[^1];
            for (int k = 0; k < d1; k++)
            {
                var z = p[d1 * dx + k];
                for (int a = 0; a < dx; a++) z += p[k * dx + a] * x[a];
                o += p[d1 * dx + d1 + k] * (z.Sign >= 0 ? sp * z : sm * z);
            }
            return o;
        }
        Rational Loss(IReadOnlyList<Rational> p) => xs.Select((x, i) => F(p, x) - ys[i]).Aggregate(Rational.Zero, (s, v) => s + v * v) / 2;
        if (rho.Sign <= 0) return (TruthCategory.Finding, "VERIFIED with ρ ≤ 0");
        var slopes = new Rational[xs.Count, d1];
        for (int i = 0; i < xs.Count; i++)
        {
            var norm2 = Rational.One + xs[i].Aggregate(Rational.Zero, (s, v) => s + v * v);
            for (int k = 0; k < d1; k++)
            {
                var z = flat[d1 * dx + k];
                for (int a = 0; a < dx; a++) z += flat[k * dx + a] * xs[i][a];
                if (rho * rho * norm2 >= z * z) return (TruthCategory.Finding, $"VERIFIED with ρ = {Show(rho)} too large for the pattern ball");
                slopes[i, k] = z.Sign > 0 ? sp : sm;
            }
        }
        var risk = Loss(flat);
        if (risk != Num(m, "$.bounds.risk")) return (TruthCategory.Finding, "VERIFIED with a risk the oracle does not re-derive");
        var h = rho / 2;
        var jacRows = xs.Select(_ => new Rational[flat.Count]).ToArray();
        for (int p = 0; p < flat.Count; p++)
        {
            var plus = flat.ToArray(); plus[p] += h;
            var minus = flat.ToArray(); minus[p] -= h;
            if (Loss(plus) != Loss(minus)) return (TruthCategory.Finding, $"VERIFIED but ∂L/∂θ_{p} ≠ 0 (central difference)");
            for (int i = 0; i < xs.Count; i++) jacRows[i][p] = (F(plus, xs[i]) - F(minus, xs[i])) / (2 * h);
        }
        var r = xs.Select((x, i) => F(flat, x) - ys[i]).ToArray();
        var genRows = xs.Select((x, i) => Enumerable.Range(0, d1).SelectMany(k => x.Select(v => slopes[i, k] * v).Append(slopes[i, k])).Append(Rational.One).ToArray()).ToArray();
        for (int c = 0; c < genRows[0].Length; c++)
            if (!Enumerable.Range(0, xs.Count).Aggregate(Rational.Zero, (s, i) => s + r[i] * genRows[i][c]).IsZero)
                return (TruthCategory.Finding, "VERIFIED but the residual is not orthogonal to the pattern space");
        int rankJ = RationalMatrix.FromRows(jacRows).Rank(), rankU = RationalMatrix.FromRows(genRows).Rank();
        if (FuzzJson.OracleNumber(m["$.bounds.gradientBasisRank"].Text) != rankJ || FuzzJson.OracleNumber(m["$.bounds.patternSpaceRank"].Text) != rankU || rankU >= xs.Count)
            return (TruthCategory.Finding, $"VERIFIED with ranks the oracle does not re-derive ({rankJ}, {rankU})");
        var better = Yun(original, m, changed.Where(p => p.StartsWith("$.bounds.better", StringComparison.Ordinal)).ToList(), [], []);
        if (better.Item1 == TruthCategory.Finding) return better;
        var rho0 = Num(original.Flat, "$.bounds.patternRadius");
        return changed.SequenceEqual(["$.bounds.patternRadius"]) && rho <= rho0
            ? (TruthCategory.Weakening, $"pattern radius shrunk: {Show(rho)} ≤ {Show(rho0)}")
            : (TruthCategory.Implied, $"re-derived by the oracle: {Describe(changed, missing, extra)}");
    }

    private static List<Rational> Vector(IReadOnlyDictionary<string, Leaf> flat, string path)
    {
        var v = new List<Rational>();
        for (int i = 0; flat.ContainsKey($"{path}[{i}]"); i++) v.Add(Num(flat, $"{path}[{i}]"));
        return v;
    }

    private static List<Rational[]> Matrix(IReadOnlyDictionary<string, Leaf> flat, string path)
    {
        var rows = new List<Rational[]>();
        for (int i = 0; flat.ContainsKey($"{path}[{i}][0]"); i++) rows.Add(Vector(flat, $"{path}[{i}]").ToArray());
        return rows;
    }

    private static string Show(Rational x) => x.ToScientificString(15, RoundingMode.Nearest);
}
