using ExactCheck.Arithmetic;
using ExactCheck.Certificates;
using ExactCheck.Models;
using ExactCheck.Search.Import;

namespace ExactCheck.Search;

/// <summary>What an audit concluded about one claimed spurious minimum.</summary>
public enum AuditVerdict
{
    /// <summary>A true strict local minimum lies within r of the (refined) point; its certificate checks VERIFIED.</summary>
    Certified,

    /// <summary>A refutation certificate checks VERIFIED: there is no local minimum in a box around the point.</summary>
    Refuted,

    /// <summary>Neither: the reason says why and what would help.</summary>
    Inconclusive,
}

/// <summary>One row of the audit report.</summary>
public sealed record AuditEntry(
    int Index, string Origin, int Family, int? SameAs, string? Symmetry, AuditVerdict Verdict,
    double GradientNormBefore, double GradientNormAfter, double DistanceMoved,
    string? LambdaMin, string? Radius, string? Value, string Reason,
    string? CertificateName, string? CertificateText);

/// <summary>
/// The audit pipeline (UNTRUSTED producer, TRUSTED verdicts): for each family of symmetric copies, refine the
/// representative by Newton's method, try to certify a local minimum (routes A and B), else try to refute it
/// (no critical point, or a unique critical point that is a saddle), else INCONCLUSIVE. Every CERTIFIED or REFUTED
/// verdict rests on a certificate that <see cref="CertificateChecker"/> has just re-checked.
/// </summary>
public static class Auditor
{
    /// <summary>Newton may move a point this far (Euclidean) and still count as "near" the claimed one.</summary>
    public const double MaxMove = 1e-2;

    public static IReadOnlyList<AuditEntry> Audit(IReadOnlyList<ImportedPoint> points, Action<int, int>? progress = null)
    {
        var families = Symmetry.Group(points);
        var entries = new AuditEntry?[points.Count];
        int done = 0;
        // Families are independent: audit them in parallel; every row lands in its own slot, so the report's order and
        // content do not depend on scheduling.
        Parallel.ForEach(families, family =>
        {
            var rep = points[family.Representative];
            var entry = AuditOne(rep, family.Number);
            entries[family.Representative] = entry;
            foreach (var (member, symmetry) in family.Members)
            {
                // A symmetric copy has the same F up to the permutation, hence the same verdict; report it as such.
                entries[member] = entry with
                {
                    Index = points[member].Index, Origin = points[member].Origin, SameAs = rep.Index, Symmetry = symmetry,
                    CertificateName = null, CertificateText = null,
                    Reason = $"same as #{rep.Index} ({symmetry}): " + entry.Reason,
                };
            }
            int now = Interlocked.Add(ref done, 1 + family.Members.Count);
            progress?.Invoke(now, points.Count);
        });
        return entries.Select(e => e!).ToList();
    }

    private static AuditEntry AuditOne(ImportedPoint point, int family)
    {
        int k = point.K, n = point.N;
        var start = point.Neurons.SelectMany(v => v).Select(x => BigFloat.FromRational(x, SafranShamirProducer.RefinePrecision, RoundingMode.Nearest)).ToArray();
        var stem = new string(Path.GetFileNameWithoutExtension(point.Origin.Split(':')[0]).Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
        var name = $"audit-{stem}-{point.Index}";
        AuditEntry Row(AuditVerdict v, RefinedPoint? r, string reason, string? lambda = null, string? radius = null, string? value = null, string? text = null) =>
            new(point.Index, point.Origin, family, null, null, v, r?.GradientNormBefore ?? double.NaN, r?.GradientNormAfter ?? double.NaN,
                r?.DistanceMoved ?? 0, lambda, radius, value, reason, text is null ? null : name, text);

        RefinedPoint? refined = null;
        string? refineFailure = null;
        try
        {
            refined = SafranShamirProducer.Refine(k, n, point.Targets, start);
            if (!(refined.DistanceMoved <= MaxMove) || !double.IsFinite(refined.GradientNormAfter))
                refineFailure = $"Newton moved {refined.DistanceMoved:G3} (more than {MaxMove}): no critical point close to the claimed one was found";
            else if (refined.GradientNormAfter > 1e-30)
                refineFailure = $"Newton stalled at ‖∇F‖ = {refined.GradientNormAfter:G3}";
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or ArithmeticException)
        {
            refineFailure = $"Newton failed: {e.Message}";
        }

        var reasons = new List<string>();
        if (refineFailure is null)
        {
            try
            {
                var provenance = new Dictionary<string, string>
                {
                    ["command"] = "exactcheck audit",
                    ["source"] = point.Origin,
                    ["refinement"] = $"Newton, {refined!.Steps} steps: ‖∇F‖ {refined.GradientNormBefore:G3} → {refined.GradientNormAfter:G3}, moved {refined.DistanceMoved:G3}",
                };
                var (cert, verdict, checks) = SafranShamirProducer.Certify(k, n, point.Targets, refined.Point, provenance);
                if (verdict == Verdict.Verified) // Certify checked exactly these bytes with CertificateChecker
                    return Row(AuditVerdict.Certified, refined, "strict local minimum certified (routes " + (cert.RouteA is null ? "B" : "A and B") + ")",
                        cert.HessianLambdaMinLower.ToScientificString(6, RoundingMode.Down), cert.DistanceUpper.ToScientificString(3, RoundingMode.Up),
                        $"[{cert.ValueLower.ToScientificString(32, RoundingMode.Down)}, {cert.ValueUpper.ToScientificString(32, RoundingMode.Up)}]", cert.ToCanonicalJson());
                reasons.Add("certification failed: " + string.Join("; ", checks.Where(c => !c.Holds).Select(c => $"{c.Name}: {c.Describe()}")));
            }
            catch (InvalidOperationException e)
            {
                reasons.Add("not certified: " + e.Message);
            }
        }
        else reasons.Add(refineFailure);

        // Refutation around the claimed point: no critical point there, or the only one nearby is a saddle.
        var attempt = SafranShamirRefuter.Refute(k, n, point.Targets, point.Neurons, new Dictionary<string, string>
        {
            ["command"] = "exactcheck audit",
            ["source"] = point.Origin,
        });
        if (attempt.Succeeded)
        {
            var refuteText = attempt.Certificate!.ToCanonicalJson();
            var recheck = CertificateChecker.CheckText(name, refuteText); // the verdict rests on a fresh check of the written bytes
            // Exact test that the refuted open box contains the claimed point (the producer's own flag is not trusted).
            var cert0 = attempt.Certificate!;
            bool covers = Enumerable.Range(0, n).All(i => Enumerable.Range(0, k).All(a =>
                Rational.Abs(point.Neurons[i][a] - cert0.Point[i][a]) < cert0.BoxRadius));
            if (recheck.Verdict == Verdict.Verified && !covers)
            {
                // The certificate is true but about a box around where Newton went, not around the claimed point.
                reasons.Add($"the critical point Newton reached (moved {attempt.Refined?.DistanceMoved:G3}) is a verified saddle, " +
                            "but its box does not contain the claimed point, so nothing is proved about the claimed point's neighbourhood");
            }
            else if (recheck.Verdict == Verdict.Verified)
            {
                var c = attempt.Certificate;
                var why = c.Evidence == RefutationEvidence.Saddle
                    ? $"the only critical point within {c.BoxRadius.ToScientificString(3, RoundingMode.Up)} (box) of the refined point is a saddle (uᵀ∇²F u ≤ {c.CurvatureUpper.ToScientificString(3, RoundingMode.Up)} < 0)"
                    : $"no critical point in the box of radius {c.BoxRadius.ToScientificString(3, RoundingMode.Up)}: ∂F/∂w[{c.GradientNeuron + 1},{c.GradientCoordinate + 1}] keeps its sign";
                return Row(AuditVerdict.Refuted, refined ?? attempt.Refined, why, text: refuteText);
            }
            else reasons.Add($"refutation did not check: {recheck.Message}");
        }
        else reasons.Add("not refuted: " + attempt.Reason);
        reasons.Add("what would help: a point closer to a critical point, more precision (--precision), or a smaller ball");
        return Row(AuditVerdict.Inconclusive, refined, string.Join("; ", reasons));
    }
}
