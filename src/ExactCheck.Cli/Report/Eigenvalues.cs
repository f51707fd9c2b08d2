namespace ExactCheck.Cli.Report;

/// <summary>
/// Eigenvalues of a symmetric matrix in double precision (cyclic Jacobi). UNTRUSTED, for the report's plot only: the
/// verdict's eigenvalue bounds come from the checker's exact LDLᵀ/Gershgorin bounds, never from here.
/// </summary>
public static class Eigenvalues
{
    /// <summary>Largest Hessian the report plots; beyond it the picture is omitted (O(d³) even for the fast path).</summary>
    public const int MaxPlottedDimension = 1000;

    /// <summary>
    /// The <paramref name="count"/> smallest eigenvalues, ascending: cyclic Jacobi up to 200 rows, above that Householder
    /// tridiagonalization (O(d³), about 30× faster than Jacobi's sweeps) and Sturm bisection for each of them.
    /// </summary>
    public static double[] Smallest(double[,] a, int count)
    {
        int d = a.GetLength(0);
        if (d <= 200) return Symmetric(a).Take(count).ToArray();
        var (diag, off) = ExactCheck.Search.SymmetricEigenvalue.Tridiagonalize(a);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < d; i++)
        {
            double r = (i > 0 ? Math.Abs(off[i - 1]) : 0) + (i < d - 1 ? Math.Abs(off[i]) : 0);
            lo = Math.Min(lo, diag[i] - r);
            hi = Math.Max(hi, diag[i] + r);
        }
        var values = new double[Math.Min(count, d)];
        for (int j = 0; j < values.Length; j++)
        {
            // the (j+1)-th smallest: the least x with at least j + 1 eigenvalues below it
            double a0 = lo, b0 = hi;
            for (int it = 0; it < 200 && b0 - a0 > 1e-15 * Math.Max(1, Math.Abs(b0)); it++)
            {
                double mid = 0.5 * (a0 + b0);
                if (ExactCheck.Search.SymmetricEigenvalue.CountBelow(diag, off, mid) >= j + 1) b0 = mid; else a0 = mid;
            }
            values[j] = 0.5 * (a0 + b0);
        }
        return values;
    }

    /// <summary>All eigenvalues of the symmetric matrix <paramref name="a"/>, ascending.</summary>
    public static double[] Symmetric(double[,] a)
    {
        int d = a.GetLength(0);
        var m = (double[,])a.Clone();
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int p = 0; p < d; p++)
            {
                diag += m[p, p] * m[p, p];
                for (int q = p + 1; q < d; q++) off += m[p, q] * m[p, q];
            }
            if (off <= 1e-30 * diag || off == 0) break;
            for (int p = 0; p < d; p++)
                for (int q = p + 1; q < d; q++)
                {
                    if (m[p, q] == 0) continue;
                    double theta = (m[q, q] - m[p, p]) / (2 * m[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int r = 0; r < d; r++)
                    {
                        double mrp = m[r, p], mrq = m[r, q];
                        m[r, p] = c * mrp - s * mrq;
                        m[r, q] = s * mrp + c * mrq;
                    }
                    for (int r = 0; r < d; r++)
                    {
                        double mpr = m[p, r], mqr = m[q, r];
                        m[p, r] = c * mpr - s * mqr;
                        m[q, r] = s * mpr + c * mqr;
                    }
                }
        }
        var values = new double[d];
        for (int i = 0; i < d; i++) values[i] = m[i, i];
        Array.Sort(values);
        return values;
    }
}
