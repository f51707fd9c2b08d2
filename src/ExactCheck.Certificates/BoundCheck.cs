using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates;

/// <summary>
/// One re-derived statement of a certificate: what the file claims, what the checker derived, and whether the claim
/// follows. <see cref="Relation"/> says which way it must go (e.g. "derived ≤ claimed" for an upper bound).
/// </summary>
/// For <see cref="BoundKind.Exact"/> rows, Claimed and Derived are the left and right sides of an exact relation
/// between claimed numbers, and Difference is right − left.
public sealed record BoundCheck(string Name, string Label, string Relation, string Claimed, string Derived, string Difference, bool Holds,
                                BoundKind Kind = BoundKind.Upper)
{
    public const int Digits = 12;

    /// <summary>An upper bound: the claim holds when the derived upper bound is ≤ the claimed value.</summary>
    public static BoundCheck Upper(string name, string label, Rational claimed, BigFloat derivedUpper) =>
        new(name, label, "derived ≤ claimed", Show(claimed, RoundingMode.Nearest), Show(derivedUpper.ToRational(), RoundingMode.Up),
            Show(claimed - derivedUpper.ToRational(), RoundingMode.Nearest), derivedUpper.ToRational() <= claimed, BoundKind.Upper);

    /// <summary>A lower bound: the claim holds when the derived lower bound is ≥ the claimed value.</summary>
    public static BoundCheck Lower(string name, string label, Rational claimed, BigFloat derivedLower) =>
        new(name, label, "derived ≥ claimed", Show(claimed, RoundingMode.Nearest), Show(derivedLower.ToRational(), RoundingMode.Down),
            Show(derivedLower.ToRational() - claimed, RoundingMode.Nearest), derivedLower.ToRational() >= claimed, BoundKind.Lower);

    /// <summary>An exact inequality between claimed quantities: left &lt; right (strict) or left ≤ right.</summary>
    public static BoundCheck Exact(string name, string label, string relation, Rational left, Rational right, bool strict) =>
        new(name, label, relation, Show(left, RoundingMode.Nearest), Show(right, RoundingMode.Nearest),
            Show(right - left, RoundingMode.Nearest), strict ? left < right : left <= right, BoundKind.Exact);

    /// <summary>A condition that is proved or not (no numbers), e.g. smoothness on a ball.</summary>
    public static BoundCheck Condition(string name, string label, string claimed, string? failure) =>
        new(name, label, "proved", claimed, failure ?? "proved", "", failure is null, BoundKind.Condition);

    /// <summary>One line for people: claimed vs derived vs difference (or the failure of a condition).</summary>
    public string Describe() => Kind switch
    {
        BoundKind.Exact => $"{Claimed} vs {Derived} (needs {Relation}; margin {Difference})",
        BoundKind.Condition => Holds ? "proved" : $"not proved: {Derived}",
        _ => $"claimed {Claimed}, derived {Derived} ({Relation}), difference {Difference}",
    };

    public static string Show(Rational x, RoundingMode mode) => x.ToScientificString(Digits, mode);
}

public enum BoundKind { Upper, Lower, Exact, Condition }
