namespace ExactCheck.Search;

/// <summary>
/// UNTRUSTED λmin of a dense symmetric double matrix for the search's classification (spurious vs saddle) and its
/// statistics: Householder reduction to tridiagonal form (Golub &amp; Van Loan, Alg. 8.3.1; ≈ 4d³/3 flops) and
/// bisection on the Sturm count of the tridiagonal matrix (Alg. 8.4.2; O(d) per step). About 6× cheaper than the
/// cyclic Jacobi of <see cref="Models.DenseDouble"/> at d = 100 and far more at d = 400 (k = n = 20), where Jacobi
/// took ~1 s per point. Backward stable: the result is an eigenvalue of a matrix within ≈ d·ε·‖A‖ of A.
/// Deterministic (fixed operation order).
/// </summary>
public static class SymmetricEigenvalue
{
    /// <summary>λmin of the symmetric matrix <paramref name="a"/> (only the lower triangle is read; a is not modified).</summary>
    public static double Min(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException("matrix must be square", nameof(a));
        if (n == 0) throw new ArgumentException("empty matrix", nameof(a));
        var (diag, off) = Tridiagonalize(a);
        return SmallestTridiagonal(diag, off);
    }

    /// <summary>
    /// The <paramref name="count"/> smallest eigenvalues of the symmetric matrix <paramref name="a"/>, ascending: the
    /// tridiagonal form and, for each j, bisection on the Sturm count for the least x with at least j + 1 eigenvalues
    /// below it, to a relative width of 1e-15 (at most 200 halvings). Used where a few of the lowest eigenvalues of a large
    /// matrix are wanted (the report's plots): O(d³) once, then O(d) per bisection step.
    /// </summary>
    public static double[] Smallest(double[,] a, int count)
    {
        ArgumentNullException.ThrowIfNull(a);
        var (diag, off) = Tridiagonalize(a);
        var (lo, hi) = GershgorinInterval(diag, off);
        var values = new double[Math.Min(count, diag.Length)];
        for (int j = 0; j < values.Length; j++)
        {
            double a0 = lo, b0 = hi;
            for (int it = 0; it < 200 && b0 - a0 > 1e-15 * Math.Max(1, Math.Abs(b0)); it++)
            {
                double mid = 0.5 * (a0 + b0);
                if (CountBelow(diag, off, mid) >= j + 1) b0 = mid; else a0 = mid;
            }
            values[j] = 0.5 * (a0 + b0);
        }
        return values;
    }

    /// <summary>Householder tridiagonalisation: the diagonal and the off-diagonal (off[i] couples i and i+1).</summary>
    public static (double[] Diagonal, double[] OffDiagonal) Tridiagonalize(double[,] input)
    {
        int n = input.GetLength(0);
        var a = new double[n][]; // full symmetric copy, rows as arrays (cache-friendly inner loops)
        for (int i = 0; i < n; i++)
        {
            a[i] = new double[n];
            for (int j = 0; j <= i; j++)
            {
                double x = input[i, j];
                if (!double.IsFinite(x)) throw new ArgumentException("matrix is not finite", nameof(input));
                a[i][j] = x;
                a[j][i] = x;
            }
        }
        var diag = new double[n];
        var off = new double[Math.Max(0, n - 1)];
        var v = new double[n];
        var p = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            // Householder vector for column k below the diagonal: (I − β v vᵀ) x = −sign(x₀)‖x‖ e₀.
            int m = k + 1;
            double scale = 0;
            for (int i = m; i < n; i++) scale = Math.Max(scale, Math.Abs(a[i][k]));
            if (scale == 0)
            {
                off[k] = 0;
                continue;
            }
            double sigma = 0;
            for (int i = m; i < n; i++)
            {
                v[i] = a[i][k] / scale;
                sigma += v[i] * v[i];
            }
            double norm = Math.Sqrt(sigma);
            double alpha = v[m] >= 0 ? -norm : norm;
            off[k] = alpha * scale;
            v[m] -= alpha;
            double vtv = 0;
            for (int i = m; i < n; i++) vtv += v[i] * v[i];
            if (vtv == 0) continue;
            double beta = 2 / vtv;
            // A ← H A H on the trailing block: p = β A v, w = p − (β vᵀp/2) v, A ← A − v wᵀ − w vᵀ.
            for (int i = m; i < n; i++)
            {
                var row = a[i];
                double s = 0;
                for (int j = m; j < n; j++) s += row[j] * v[j];
                p[i] = beta * s;
            }
            double kdot = 0;
            for (int i = m; i < n; i++) kdot += v[i] * p[i];
            double half = 0.5 * beta * kdot;
            for (int i = m; i < n; i++) p[i] -= half * v[i];
            for (int i = m; i < n; i++)
            {
                var row = a[i];
                double vi = v[i], pi = p[i];
                for (int j = m; j < n; j++) row[j] -= vi * p[j] + pi * v[j];
            }
        }
        for (int i = 0; i < n; i++) diag[i] = a[i][i];
        if (n >= 2) off[n - 2] = a[n - 1][n - 2];
        return (diag, off);
    }

    /// <summary>Smallest eigenvalue of the symmetric tridiagonal (d, e) by bisection on Sturm counts, to ≈ 2ε‖T‖.</summary>
    public static double SmallestTridiagonal(double[] d, double[] e)
    {
        var (lo, hi) = GershgorinInterval(d, e);
        double tol = 2 * double.Epsilon + 2.220446049250313e-16 * Math.Max(Math.Abs(lo), Math.Abs(hi));
        while (hi - lo > tol)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (CountBelow(d, e, mid) >= 1) hi = mid; else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Gershgorin interval of the symmetric tridiagonal (d, e): every eigenvalue lies in it.</summary>
    private static (double Lo, double Hi) GershgorinInterval(double[] d, double[] e)
    {
        int n = d.Length;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double r = (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i < n - 1 ? Math.Abs(e[i]) : 0);
            lo = Math.Min(lo, d[i] - r);
            hi = Math.Max(hi, d[i] + r);
        }
        return (lo, hi);
    }

    /// <summary>Number of eigenvalues &lt; x (Sturm sequence of the LDLᵀ pivots of T − xI, zero pivots nudged).</summary>
    public static int CountBelow(double[] d, double[] e, double x)
    {
        int count = 0;
        double q = 1;
        for (int i = 0; i < d.Length; i++)
        {
            double e2 = i > 0 ? e[i - 1] * e[i - 1] : 0;
            q = d[i] - x - (i > 0 ? e2 / q : 0);
            if (q == 0) q = -1e-300;
            if (q < 0) count++;
        }
        return count;
    }
}
