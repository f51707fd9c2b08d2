namespace ExactCheck.Certificates;

/// <summary>The one-sided verdicts of DESIGN § 6. "Not proven" is never "disproven".</summary>
public enum Verdict
{
    /// <summary>Every claimed bound was re-derived; the claim holds.</summary>
    Verified,

    /// <summary>The file carries a valid disproof of the claim.</summary>
    Refuted,

    /// <summary>Well-formed, but some bound does not follow from the file.</summary>
    Invalid,

    /// <summary>Unreadable, wrong format, bad number or missing field.</summary>
    Malformed,

    /// <summary>
    /// Not decided: the file's time budget (<c>check --timeout</c>) was spent before every bound was derived. Says
    /// nothing about the claim — neither proven nor disproven (issue #7).
    /// </summary>
    Inconclusive,
}

/// <summary>The outcome of checking one file.</summary>
/// <param name="Path">The file as given on the command line.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Message">Why (empty for VERIFIED): for MALFORMED the place in the file and what was expected.</param>
/// <param name="Seconds">Wall-clock time spent on the file.</param>
/// <param name="Checks">Every re-derived statement (claimed vs derived), empty when the file could not be read.</param>
/// <param name="Summary">The claim's key numbers for the verdict table (null when the file could not be read).</param>
public sealed record CheckResult(string Path, Verdict Verdict, string Message, double Seconds,
                                 IReadOnlyList<BoundCheck> Checks, CheckSummary? Summary);

public static class Verdicts
{
    public static string Name(Verdict v) => v switch
    {
        Verdict.Verified => "VERIFIED",
        Verdict.Refuted => "REFUTED",
        Verdict.Invalid => "INVALID",
        Verdict.Inconclusive => "INCONCLUSIVE",
        _ => "MALFORMED",
    };

    /// <summary>
    /// Exit code of <c>check</c> over several files: 0 when all are VERIFIED, 2 when any is MALFORMED,
    /// otherwise 1 (some REFUTED, INVALID or INCONCLUSIVE). DESIGN § 6.
    /// </summary>
    public static int ExitCode(IEnumerable<Verdict> verdicts)
    {
        var list = verdicts.ToList();
        if (list.Contains(Verdict.Malformed)) return 2;
        if (list.Any(v => v != Verdict.Verified)) return 1;
        return 0;
    }
}
