namespace ExactCheck.Cli.Report;

/// <summary>
/// Eigenvalues of a symmetric matrix in double precision (cyclic Jacobi). UNTRUSTED, for the report's plot only: the
/// verdict's eigenvalue bounds come from the checker's exact LDLᵀ/Gershgorin bounds, never from here.
/// </summary>
public static class Eigenvalues
{
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
