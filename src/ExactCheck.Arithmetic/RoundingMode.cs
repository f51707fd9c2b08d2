namespace ExactCheck.Arithmetic;

/// <summary>
/// Rounding direction of an inexact operation, as in IEEE 754 / MPFR.
/// </summary>
public enum RoundingMode
{
    /// <summary>Toward −∞: the result is ≤ the exact value (a lower bound).</summary>
    Down,

    /// <summary>Toward +∞: the result is ≥ the exact value (an upper bound).</summary>
    Up,

    /// <summary>To nearest, ties to even. Never used where a bound is needed.</summary>
    Nearest,
}
