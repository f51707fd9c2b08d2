namespace ExactCheck.Models;

/// <summary>
/// Small dense linear algebra in plain <c>double</c> for the UNTRUSTED producer (Newton refinement, eigenvalue
/// estimates used to pick hints and to validate the float model). Never used by the checker: every number it returns
/// is re-derived rigorously (ExactCheck.Linear) before it can matter.
/// </summary>
public static class DenseDouble
{
    /// <summary>
    /// Solves A x = b by Gaussian elimination with partial pivoting (A is not modified). Throws
    /// <see cref="InvalidOperationException"/> if a pivot is exactly zero.
    /// </summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n = a.GetLength(0);
        if (a.GetLength(1) != n || b.Length != n) throw new ArgumentException("A must be n × n and b of length n");
        var lu = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int piv = col;
            double best = Math.Abs(lu[col, col]);
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(lu[r, col]) > best) { best = Math.Abs(lu[r, col]); piv = r; }
            if (best == 0) throw new InvalidOperationException($"matrix is singular (column {col})");
            if (piv != col)
            {
                for (int c = 0; c < n; c++) (lu[col, c], lu[piv, c]) = (lu[piv, c], lu[col, c]);
                (x[col], x[piv]) = (x[piv], x[col]);
            }
            double d = lu[col, col];
            for (int r = col + 1; r < n; r++)
            {
                double f = lu[r, col] / d;
                if (f == 0) continue;
                lu[r, col] = 0;
                for (int c = col + 1; c < n; c++) lu[r, c] -= f * lu[col, c];
                x[r] -= f * x[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int c = r + 1; c < n; c++) s -= lu[r, c] * x[c];
            x[r] = s / lu[r, r];
        }
        return x;
    }

    /// <summary>Eigenvalues of the symmetric matrix A, ascending (cyclic Jacobi; see <see cref="SymmetricEigen"/>).</summary>
    public static double[] SymmetricEigenvalues(double[,] a) => Jacobi(a, wantVectors: false).Values;

    /// <summary>λmin of the symmetric matrix A (cyclic Jacobi).</summary>
    public static double MinEigenvalue(double[,] a) => SymmetricEigenvalues(a)[0];

    /// <summary>
    /// Eigen-decomposition of the symmetric matrix A by the cyclic Jacobi method: A = V diag(λ) Vᵀ, λ ascending,
    /// column j of V the eigenvector of λⱼ. Only A's upper triangle is read (A is not modified). Each sweep costs
    /// O(d³); Jacobi converges quadratically, so a handful of sweeps suffice — fine up to a few hundred rows,
    /// too slow for the 2 500 × 2 500 Hessians of k = n = 50 (use a shifted LDLᵀ there).
    /// </summary>
    public static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] a)
    {
        var (values, vectors) = Jacobi(a, wantVectors: true);
        return (values, vectors!);
    }

    private static (double[] Values, double[,]? Vectors) Jacobi(double[,] input, bool wantVectors)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.GetLength(0);
        if (input.GetLength(1) != n) throw new ArgumentException("matrix must be square", nameof(input));
        var a = new double[n, n];
        for (int p = 0; p < n; p++)
            for (int q = p; q < n; q++)
            {
                if (!double.IsFinite(input[p, q])) throw new ArgumentException("matrix is not finite", nameof(input));
                a[p, q] = a[q, p] = input[p, q];
            }
        double[,]? v = null;
        if (wantVectors)
        {
            v = new double[n, n];
            for (int p = 0; p < n; p++) v[p, p] = 1;
        }
        double frob = 0;
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++) frob += a[p, q] * a[p, q];
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            if (off == 0 || off <= 1e-40 * frob) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p, q];
                    if (apq == 0) continue;
                    // After a few sweeps, an entry below the rounding level of both diagonal entries is set to zero
                    // (Numerical Recipes' rule): it moves the eigenvalues by at most ~ulp.
                    double g = 100 * Math.Abs(apq);
                    if (sweep > 3 && Math.Abs(a[p, p]) + g == Math.Abs(a[p, p]) && Math.Abs(a[q, q]) + g == Math.Abs(a[q, q]))
                    {
                        a[p, q] = a[q, p] = 0;
                        continue;
                    }
                    // Rotation P (P_pp = P_qq = c, P_pq = s, P_qp = −s) with A' = PᵀAP and A'_pq = 0:
                    // cot 2φ = (a_qq − a_pp)/(2 a_pq), t = tan φ the smaller root of t² + 2t·cot2φ − 1 = 0.
                    double theta = (a[q, q] - a[p, p]) / (2 * apq);
                    double t = (theta >= 0 ? 1.0 : -1.0) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (double.IsInfinity(theta * theta)) t = 1 / (2 * theta);
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int r = 0; r < n; r++)
                    {
                        double arp = a[r, p], arq = a[r, q];
                        a[r, p] = c * arp - s * arq;
                        a[r, q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < n; r++)
                    {
                        double apr = a[p, r], aqr = a[q, r];
                        a[p, r] = c * apr - s * aqr;
                        a[q, r] = s * apr + c * aqr;
                    }
                    a[p, q] = a[q, p] = 0;
                    if (v is not null)
                        for (int r = 0; r < n; r++)
                        {
                            double vrp = v[r, p], vrq = v[r, q];
                            v[r, p] = c * vrp - s * vrq;
                            v[r, q] = s * vrp + c * vrq;
                        }
                }
        }
        var order = Enumerable.Range(0, n).OrderBy(i => a[i, i]).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        double[,]? vectors = null;
        if (v is not null)
        {
            vectors = new double[n, n];
            for (int j = 0; j < n; j++)
                for (int r = 0; r < n; r++) vectors[r, j] = v[r, order[j]];
        }
        return (values, vectors);
    }
}
