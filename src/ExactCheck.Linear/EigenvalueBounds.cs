using System.Numerics;
using ExactCheck.Arithmetic;

namespace ExactCheck.Linear;

/// <summary>The outcome of a verified eigenvalue lower bound: either a bound, or why none was obtained.</summary>
/// <param name="Lower">A number ≤ λmin(H) for every symmetric H in the interval matrix (null if the method failed).</param>
/// <param name="Sigma">The shift used.</param>
/// <param name="ResidualRowSumUpper">Upper bound of max_i Σ_j |E_ij| for the residual E (null if failed).</param>
/// <param name="Failure">Why no bound was obtained (null on success).</param>
public sealed record EigenvalueLowerBound(BigFloat? Lower, BigFloat Sigma, BigFloat? ResidualRowSumUpper, string? Failure)
{
    public bool Succeeded => Lower is not null;
}

/// <summary>
/// Verified lower bounds on the smallest eigenvalue of a symmetric interval matrix (DESIGN § 3).
/// Trusted part: <see cref="LambdaMinLower"/> and <see cref="GershgorinLower"/>. Untrusted helpers (double
/// arithmetic, only ever used to choose a shift or factors that are then verified): <see cref="FloatLdlt"/>,
/// <see cref="SuggestShift"/>. Derivation: proofs/linear-algebra.md [linalg.ldlt-gershgorin].
/// </summary>
public static class EigenvalueBounds
{
    /// <summary>Default fixed-point grid 2^-GridBits for the factors L and D.</summary>
    public const int DefaultGridBits = 30;

    /// <summary>
    /// Plain Gershgorin: λmin(H) ≥ min_i (lo(H_ii) − Σ_{j≠i} mag(H_ij)), rounded down. [linalg.gershgorin]
    /// </summary>
    public static BigFloat GershgorinLower(SymmetricIntervalMatrix h)
    {
        int p = h.Precision;
        BigFloat? best = null;
        for (int i = 0; i < h.N; i++)
        {
            var offDiagonal = BigFloat.Zero;
            for (int j = 0; j < h.N; j++)
                if (j != i) offDiagonal = BigFloat.Add(offDiagonal, h[i, j].Mag, p, RoundingMode.Up); // upper bound of the radius
            var lower = BigFloat.Sub(h[i, i].Lo, offDiagonal, p, RoundingMode.Down);       // lower bound of the disc's left end
            if (best is null || lower < best.Value) best = lower;
        }
        return best!.Value;
    }

    /// <summary>
    /// λmin(H) ≥ σ − max_i Σ_j |E_ij| for every symmetric H in <paramref name="h"/>, where E = L̃D̃L̃ᵀ − (H − σI) and
    /// L̃, D̃ are the given factors rounded to the grid 2^-gridBits (D̃ &gt; 0 required, so L̃D̃L̃ᵀ ⪰ 0).
    /// The factors are untrusted: whatever they are, the residual is enclosed exactly for the L̃, D̃ actually used.
    /// [linalg.ldlt-gershgorin]
    /// </summary>
    public static EigenvalueLowerBound LambdaMinLower(SymmetricIntervalMatrix h, BigFloat sigma, double[,] l, double[] d, int gridBits = DefaultGridBits)
    {
        int n = h.N;
        if (l.GetLength(0) != n || l.GetLength(1) != n || d.Length != n)
            return new(null, sigma, null, $"factor sizes do not match the {n}×{n} matrix");
        if (gridBits < 1 || gridBits > 60) throw new ArgumentOutOfRangeException(nameof(gridBits));
        // Round the factors to integers on the grid: L̃_ik = round(L_ik·2^g) (unit diagonal exactly), D̃_k = round(D_k·2^g).
        var lg = new BigInteger[n, n];
        var dg = new BigInteger[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(d[i])) return new(null, sigma, null, $"D[{i}] is not finite");
            dg[i] = new BigInteger(Math.Round(Math.ScaleB(d[i], gridBits)));
            if (dg[i].Sign <= 0) return new(null, sigma, null, $"D[{i}] = {d[i]:G6} is not positive on the 2^-{gridBits} grid: H − σI is not shown positive semidefinite (lower σ)");
            lg[i, i] = BigInteger.One << gridBits;
            for (int k = 0; k < i; k++)
            {
                if (!double.IsFinite(l[i, k])) return new(null, sigma, null, $"L[{i},{k}] is not finite");
                lg[i, k] = new BigInteger(Math.Round(Math.ScaleB(l[i, k], gridBits)));
            }
        }
        // S_ij = Σ_{k ≤ j} L̃_ik D̃_k L̃_jk, an exact integer; (L̃D̃L̃ᵀ)_ij = S_ij · 2^(−3g). [linalg.ldlt-gershgorin]
        var s = ExactProducts(lg, dg, n);
        int p = Math.Max(h.Precision, 64);
        var rowSums = new BigFloat[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                var product = Interval.Point(new BigFloat(s[i * (i + 1) / 2 + j], -3L * gridBits), p);
                var target = i == j ? h[i, i] - sigma : h[i, j];     // (H − σI)_ij as an interval
                var e = (product - target).Mag;                       // ≥ |E_ij| for every admissible H
                rowSums[i] = BigFloat.Add(rowSums[i], e, p, RoundingMode.Up);
                if (i != j) rowSums[j] = BigFloat.Add(rowSums[j], e, p, RoundingMode.Up);
            }
        var radius = rowSums.Max();
        var lower = BigFloat.Sub(sigma, radius, p, RoundingMode.Down); // σ − ρ(E) rounded down
        return new(lower, sigma, radius, null);
    }

    /// <summary>Exact S_ij for i ≥ j (lower-triangle order), with a 128-bit fast path when the sizes prove it cannot overflow.</summary>
    private static BigInteger[] ExactProducts(BigInteger[,] lg, BigInteger[] dg, int n)
    {
        var s = new BigInteger[n * (n + 1) / 2];
        long maxL = 0, maxD = 0;
        for (int i = 0; i < n; i++)
        {
            maxD = Math.Max(maxD, dg[i].GetBitLength());
            for (int k = 0; k <= i; k++) maxL = Math.Max(maxL, BigInteger.Abs(lg[i, k]).GetBitLength());
        }
        long bound = 2 * maxL + maxD + (long)Math.Ceiling(Math.Log2(n + 1)) + 1; // bits of |Σ_k L̃ D̃ L̃| (+ sign)
        if (bound <= 126)
        {
            var l128 = new Int128[n, n];
            var m128 = new Int128[n, n]; // L̃_ik·D̃_k
            for (int i = 0; i < n; i++)
                for (int k = 0; k <= i; k++)
                {
                    l128[i, k] = (Int128)lg[i, k];
                    m128[i, k] = l128[i, k] * (Int128)dg[k];
                }
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    Int128 acc = 0;
                    for (int k = 0; k <= j; k++) acc += m128[i, k] * l128[j, k];
                    s[i * (i + 1) / 2 + j] = (BigInteger)acc;
                }
            return s;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                var acc = BigInteger.Zero;
                for (int k = 0; k <= j; k++) acc += lg[i, k] * dg[k] * lg[j, k];
                s[i * (i + 1) / 2 + j] = acc;
            }
        return s;
    }

    // ------------------------------------------------------------------ untrusted helpers (double)

    /// <summary>
    /// UNTRUSTED. LDLᵀ of the symmetric double matrix a − σI without pivoting; null if a pivot is ≤ 0 (then a − σI
    /// is not positive definite, up to rounding). Used only to produce factors that <see cref="LambdaMinLower"/> verifies.
    /// </summary>
    public static (double[,] L, double[] D)? FloatLdlt(double[,] a, double sigma)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        var d = new double[n];
        for (int j = 0; j < n; j++)
        {
            double dj = a[j, j] - sigma;
            for (int k = 0; k < j; k++) dj -= l[j, k] * l[j, k] * d[k];
            if (!(dj > 0)) return null;
            d[j] = dj;
            l[j, j] = 1;
            for (int i = j + 1; i < n; i++)
            {
                double v = a[i, j];
                for (int k = 0; k < j; k++) v -= l[i, k] * l[j, k] * d[k];
                l[i, j] = v / dj;
            }
        }
        return (l, d);
    }

    /// <summary>
    /// UNTRUSTED. An estimate of λmin of a symmetric double matrix by bisection on the success of
    /// <see cref="FloatLdlt"/> (Sylvester's law of inertia: a − σI = LDLᵀ with D &gt; 0 iff σ &lt; λmin).
    /// </summary>
    public static double EstimateLambdaMin(double[,] a)
    {
        int n = a.GetLength(0);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double r = 0;
            for (int j = 0; j < n; j++) if (j != i) r += Math.Abs(a[i, j]);
            lo = Math.Min(lo, a[i, i] - r);
            hi = Math.Max(hi, a[i, i] + r);
        }
        lo -= 1e-300 + Math.Abs(lo) * 1e-12;
        for (int it = 0; it < 200 && hi - lo > Math.Max(Math.Abs(lo), Math.Abs(hi)) * 1e-15; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (FloatLdlt(a, mid) is null) hi = mid; else lo = mid;
        }
        return lo;
    }

    /// <summary>
    /// UNTRUSTED choice of shifts, TRUSTED result: tries σ slightly below the float estimate of λmin(mid H) for a
    /// few margins and returns the best verified bound (or the last failure).
    /// </summary>
    public static EigenvalueLowerBound LambdaMinLowerAuto(SymmetricIntervalMatrix h, int gridBits = DefaultGridBits)
    {
        var mid = h.MidpointsAsDoubles();
        double estimate = EstimateLambdaMin(mid);
        double scale = 0;
        foreach (var v in mid) scale = Math.Max(scale, Math.Abs(v));
        EigenvalueLowerBound? best = null, lastFailure = null;
        foreach (double margin in new[] { 1e-2, 1e-3, 1e-4, 1e-6, 1e-8 })
        {
            double sigma = estimate - margin * Math.Max(Math.Abs(estimate), 1e-12 * scale);
            var factors = FloatLdlt(mid, sigma);
            if (factors is null) continue;
            var result = LambdaMinLower(h, BigFloat.FromDouble(sigma), factors.Value.L, factors.Value.D, gridBits);
            if (!result.Succeeded) { lastFailure = result; continue; }
            if (best is null || result.Lower!.Value > best.Lower!.Value) best = result;
        }
        return best ?? lastFailure ?? new(null, BigFloat.FromDouble(estimate), null, "no shift admitted a float LDLᵀ factorization");
    }
}
