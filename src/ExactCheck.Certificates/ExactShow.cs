using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates;

/// <summary>
/// Display of exact rationals in the reports of the exact kinds (deep linear, Kawaguchi–Huang–Kaelbling). Display
/// only: no verdict depends on these strings. Rationals with more than <see cref="MaxBits"/> bits in numerator or
/// denominator are shown by their size and decimal order of magnitude instead of 12 correctly rounded digits, because
/// rounding a 10⁵-digit rational to 12 digits costs seconds (`Rational.ToScientificString` forms 10^E exactly), and a
/// certificate with huge data would otherwise spend its time formatting.
/// </summary>
public static class ExactShow
{
    public const int MaxBits = 4096;

    public static string Show(Rational x)
    {
        long nb = (long)x.Numerator.GetBitLength(), db = (long)x.Denominator.GetBitLength();
        if (nb <= MaxBits && db <= MaxBits) return BoundCheck.Show(x, RoundingMode.Nearest);
        long order = (long)Math.Floor((nb - db) * 0.30102999566398120);
        return $"{(x.Sign < 0 ? "-" : "")}~1e{order} (a {nb}-bit / {db}-bit rational, not rounded for display)";
    }

    /// <summary>Like <see cref="BoundCheck.Exact"/>, with <see cref="Show"/> for the three numbers.</summary>
    public static BoundCheck Exact(string name, string label, string relation, Rational left, Rational right, bool strict) =>
        new(name, label, relation, Show(left), Show(right), Show(right - left), strict ? left < right : left <= right, BoundKind.Exact);

    /// <summary>An exact equality between a claimed and a derived number.</summary>
    public static BoundCheck Equal(string name, string label, Rational claimed, Rational derived) =>
        Exact(name, label, "claimed = derived", claimed, derived, strict: false) with { Holds = claimed == derived };
}

/// <summary>
/// Numbers that enter exact arithmetic in the deep-linear and Kawaguchi–Huang–Kaelbling kinds (data, weights,
/// directions, steps, radii) are limited to <see cref="MaxBits"/> bits in numerator and denominator: a product of two
/// such numbers, summed with others, needs gcds of that size, and one 10⁵-digit entry (allowed by the global number
/// limits) makes those gcds cost seconds each. Claimed results (risks, coefficients) are only compared, never
/// combined, and keep the global limits. docs/limits.md.
/// </summary>
public static class ExactInput
{
    public const int MaxBits = 4096;

    public static Rational Number(System.Text.Json.JsonElement e, string path)
    {
        var r = Json.Number(e, path);
        long nb = (long)r.Numerator.GetBitLength(), db = (long)r.Denominator.GetBitLength();
        if (nb > MaxBits || db > MaxBits)
            throw new MalformedException(path, $"number has a {Math.Max(nb, db)}-bit {(nb >= db ? "numerator" : "denominator")}, limit {MaxBits} bits for data, weights and directions of this kind");
        return r;
    }
}
