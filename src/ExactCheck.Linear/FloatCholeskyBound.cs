using System.Numerics;
using ExactCheck.Arithmetic;

namespace ExactCheck.Linear;

/// <summary>
/// A symmetric interval matrix with <c>double</c> ends, stored as its lower triangle row by row (row i has i + 1
/// entries): it stands for every real symmetric H with Lo[i][j] ≤ H_ij = H_ji ≤ Hi[i][j] for j ≤ i. The fast
/// counterpart of <see cref="SymmetricIntervalMatrix"/> for large matrices (k·n = 2 500 has 3.1 million entries).
/// </summary>
public sealed class DoubleSymmetricIntervalMatrix
{
    public int N { get; }
    public double[][] Lo { get; }
    public double[][] Hi { get; }

    public DoubleSymmetricIntervalMatrix(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        N = n;
        Lo = new double[n][];
        Hi = new double[n][];
        for (int i = 0; i < n; i++) { Lo[i] = new double[i + 1]; Hi[i] = new double[i + 1]; }
    }

    public DoubleInterval this[int i, int j]
    {
        get => i >= j ? new DoubleInterval(Lo[i][j], Hi[i][j]) : new DoubleInterval(Lo[j][i], Hi[j][i]);
        set
        {
            if (i < j) (i, j) = (j, i);
            Lo[i][j] = value.Lo;
            Hi[i][j] = value.Hi;
        }
    }

    /// <summary>The same matrix as big-float intervals (exact conversion).</summary>
    public SymmetricIntervalMatrix ToSymmetricIntervalMatrix(int precision)
    {
        var m = new SymmetricIntervalMatrix(N, precision);
        for (int i = 0; i < N; i++)
            for (int j = 0; j <= i; j++) m[i, j] = this[i, j].ToInterval(precision);
        return m;
    }

    /// <summary>Upper bound of maxᵢ Σⱼ mag(Hᵢⱼ) ≥ ‖H‖₂ for every member H (Gershgorin), each addition rounded up. [linalg.gershgorin]</summary>
    public double RowSumMagUpper()
    {
        var rows = new double[N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j <= i; j++)
            {
                double mag = Math.Max(Math.Abs(Lo[i][j]), Math.Abs(Hi[i][j]));
                rows[i] = Math.BitIncrement(rows[i] + mag);
                if (j < i) rows[j] = Math.BitIncrement(rows[j] + mag);
            }
        return rows.Max();
    }

    /// <summary>Midpoints (any double inside each interval) as a full matrix: for the untrusted producer only.</summary>
    public double[,] MidpointsAsDoubles()
    {
        var a = new double[N, N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j <= i; j++) a[i, j] = a[j, i] = Mid(Lo[i][j], Hi[i][j]);
        return a;
    }

    internal static double Mid(double lo, double hi)
    {
        double m = 0.5 * lo + 0.5 * hi;
        return m < lo || m > hi ? lo : m;
    }
}

/// <summary>
/// TRUSTED. λmin(H) ≥ σ − g·tr(A′) − ρ for every symmetric H in a <see cref="DoubleSymmetricIntervalMatrix"/>, from one
/// floating-point Cholesky factorization of A′ = fl(mid H − σI) that runs to completion, with the a-priori rounding
/// error bound of Demmel/Higham (Theorem 10.3) in the form Rump uses to verify positive definiteness:
/// g = γ₂ₙ/(1 − γ₂ₙ) = 2nu/(1 − 4nu), u = 2⁻⁵³, and ρ ≥ max_i Σ_j |H_ij − σδ_ij − A′_ij| computed rounding up.
/// No residual product is formed: the work is the factorization itself (n³/6 multiply–adds).
/// Guards keep the IEEE error model valid (no underflow or overflow in a product or quotient, see the proof).
/// Derivation: proofs/linear-algebra.md [linalg.float-cholesky].
/// </summary>
public static class FloatCholeskyBound
{
    /// <summary>Entries of the factor must be 0 or within [2^-MinExponent, 2^MaxExponent] in magnitude. [linalg.float-cholesky]</summary>
    private const int GuardExponent = 500;

    /// <param name="record">Optional: receives the seconds of the two stages ("deviation row sums", "Cholesky").</param>
    // Optimized at first JIT: the loops run once per check, too few calls for tiered compilation to promote them.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static EigenvalueLowerBound LambdaMinLower(DoubleSymmetricIntervalMatrix h, double sigma, Action<string, double>? record = null)
    {
        int n = h.N;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sigmaBig = BigFloat.FromDouble(double.IsFinite(sigma) ? sigma : 0);
        if (!double.IsFinite(sigma)) return new(null, sigmaBig, null, "σ is not finite");
        if (4.0 * n * Math.ScaleB(1.0, -53) >= 0.5) return new(null, sigmaBig, null, "matrix too large for the γ₂ₙ bound");
        double tiny = Math.ScaleB(1.0, -GuardExponent), huge = Math.ScaleB(1.0, GuardExponent);

        // A′ (lower rows) and ρ ≥ max_i Σ_j |H_ij − σδ_ij − A′_ij| over every H in the box. [linalg.float-cholesky]
        var a = new double[n][];
        var rowSum = new double[n];
        for (int i = 0; i < n; i++)
        {
            Budget.CheckClock(); // a spent time budget stops here within one row (these double loops call no kernel primitive)
            var lo = h.Lo[i];
            var hi = h.Hi[i];
            var row = a[i] = new double[i + 1];
            for (int j = 0; j <= i; j++)
            {
                double mid = DoubleSymmetricIntervalMatrix.Mid(lo[j], hi[j]);
                double dev;
                if (j < i)
                {
                    row[j] = mid;
                    // |H_ij − A′_ij| ≤ max(Hi − A′, A′ − Lo) for every H_ij ∈ [Lo, Hi]; each difference rounded up.
                    dev = Math.Max(Math.BitIncrement(hi[j] - mid), Math.BitIncrement(mid - lo[j]));
                }
                else
                {
                    row[j] = mid - sigma; // A′_ii = fl(mid − σ): its rounding error is part of the deviation below
                    // H_ii − σ ∈ [Lo − σ, Hi − σ]: upper end rounded up, lower end rounded down, then distances rounded up.
                    double upperEnd = Math.BitIncrement(hi[j] - sigma), lowerEnd = Math.BitDecrement(lo[j] - sigma);
                    dev = Math.Max(Math.BitIncrement(upperEnd - row[j]), Math.BitIncrement(row[j] - lowerEnd));
                }
                if (!double.IsFinite(row[j]) || !double.IsFinite(dev) || Math.Abs(row[j]) > huge)
                    return new(null, sigmaBig, null, $"entry ({i}, {j}) is outside the guarded range ±2^{GuardExponent}");
                // Row sums of a symmetric matrix: the entry counts in rows i and j; each addition rounded up.
                rowSum[i] = Math.BitIncrement(rowSum[i] + dev);
                if (j < i) rowSum[j] = Math.BitIncrement(rowSum[j] + dev);
            }
        }
        double rho = 0;
        foreach (var r in rowSum) rho = Math.Max(rho, r);
        // Radii that pass the entry guard can still sum to +∞: no bound then (a failure, not an exception).
        if (!double.IsFinite(rho)) return new(null, sigmaBig, null, "the deviation row sum ρ is not finite");
        // tr(A′) rounded up (needed before the factorization overwrites A′). Every A′_ii must be > 0 for a Cholesky.
        double trace = 0;
        for (int i = 0; i < n; i++) trace = Math.BitIncrement(trace + Math.Abs(a[i][i]));
        if (!double.IsFinite(trace)) return new(null, sigmaBig, null, "the trace is not finite");
        record?.Invoke("deviation row sums (Gershgorin on H − σI − A′)", clock.Elapsed.TotalSeconds);
        clock.Restart();

        // Cholesky–Banachiewicz in place, row by row: L_ij = (A′_ij − Σ_{k<j} L_ik L_jk)/L_jj, L_ii = √(A′_ii − Σ_{k<i} L_ik²).
        for (int i = 0; i < n; i++)
        {
            Budget.CheckClock();
            var li = a[i];
            for (int j = 0; j <= i; j++)
            {
                var lj = a[j];
                double s = li[j] - Dot(li, lj, j);
                double v;
                if (j < i)
                {
                    v = s / lj[j];
                    // Guards of [linalg.float-cholesky]: a nonzero quotient must be normal and far from both ends of the
                    // double range (then the exact quotient was normal too and fl(s/b) = (s/b)(1 + δ)); a zero quotient
                    // must come from s = 0 exactly.
                    if (v == 0 ? s != 0 : !(Math.Abs(v) >= tiny && Math.Abs(v) <= huge))
                        return new(null, sigmaBig, null, $"L[{i},{j}] = {v:G3} is outside the guarded range [2^-{GuardExponent}, 2^{GuardExponent}]");
                }
                else
                {
                    if (!(s > 0)) return new(null, sigmaBig, null, $"pivot {i} = {s:G6} ≤ 0: the float Cholesky of mid H − σI does not run to completion (lower σ)");
                    v = Math.Sqrt(s);
                    if (!(v >= tiny && v <= huge)) return new(null, sigmaBig, null, $"L[{i},{i}] = {v:G3} is outside the guarded range");
                }
                li[j] = v;
            }
        }

        record?.Invoke("Cholesky", clock.Elapsed.TotalSeconds);
        // g = γ₂ₙ/(1 − γ₂ₙ) = 2nu/(1 − 4nu) exactly, then λ ≥ σ − g·tr − ρ rounded down (64-bit big floats).
        const int p = 64;
        var u = new Rational(BigInteger.One, BigInteger.One << 53);
        var g = new Rational(2 * n) * u / (Rational.One - new Rational(4 * n) * u);
        var error = BigFloat.Mul(BigFloat.FromRational(g, p, RoundingMode.Up), BigFloat.FromDouble(trace), p, RoundingMode.Up);
        var radius = BigFloat.Add(error, BigFloat.FromDouble(rho), p, RoundingMode.Up);
        var lower = BigFloat.Sub(sigmaBig, radius, p, RoundingMode.Down);
        return new(lower, sigmaBig, radius, null);
    }

    /// <summary>Σ_{k&lt;m} x_k y_k in floating point (vectorised: any summation order is covered by the proof).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double Dot(double[] x, double[] y, int m)
    {
        int k = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && m >= 2 * Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            int w = Vector<double>.Count;
            var xs = new ReadOnlySpan<double>(x, 0, m);
            var ys = new ReadOnlySpan<double>(y, 0, m);
            for (; k <= m - w; k += w)
                acc += new Vector<double>(xs.Slice(k, w)) * new Vector<double>(ys.Slice(k, w));
            for (int q = 0; q < w; q++) sum += acc[q];
        }
        for (; k < m; k++) sum += x[k] * y[k];
        return sum;
    }
}
