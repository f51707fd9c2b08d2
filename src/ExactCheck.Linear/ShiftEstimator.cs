using System.Numerics;

namespace ExactCheck.Linear;

/// <summary>
/// UNTRUSTED. Estimates λmin of a symmetric positive definite double matrix (the Hessian's midpoints) for choosing the
/// shift σ of the float Cholesky bound: one Cholesky of A, then Lanczos with full reorthogonalisation on A⁻¹ (applied by
/// two triangular solves), whose largest Ritz value converges fast to 1/λmin. Cost: n³/6 + steps·2n² multiply–adds.
/// Nothing here is trusted: the checker verifies whatever σ comes out.
/// </summary>
public static class ShiftEstimator
{
    /// <summary>An estimate of λmin(A) (≥ λmin up to rounding), or null if A is not positive definite in doubles.</summary>
    public static double? LambdaMin(double[,] a, int steps = 40)
    {
        int n = a.GetLength(0);
        var l = Cholesky(a);
        if (l is null) return null;
        steps = Math.Min(steps, n);
        var q = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var v = new double[n];
        ulong state = 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < n; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            v[i] = ((state >> 11) * (1.0 / (1UL << 53))) - 0.5;
        }
        Normalize(v);
        q.Add(v);
        for (int j = 0; j < steps; j++)
        {
            var w = Solve(l, q[j]);
            double aj = DotProduct(w, q[j]);
            alpha.Add(aj);
            // Full reorthogonalisation (twice is enough).
            for (int pass = 0; pass < 2; pass++)
                foreach (var qi in q)
                {
                    double c = DotProduct(w, qi);
                    for (int t = 0; t < n; t++) w[t] -= c * qi[t];
                }
            double bj = Math.Sqrt(DotProduct(w, w));
            if (bj < 1e-14 * Math.Abs(aj) || j == steps - 1) break;
            beta.Add(bj);
            for (int t = 0; t < n; t++) w[t] /= bj;
            q.Add(w);
        }
        double largest = LargestTridiagonalEigenvalue(alpha, beta);
        return largest > 0 ? 1 / largest : null;
    }

    private static void Normalize(double[] v)
    {
        double s = Math.Sqrt(DotProduct(v, v));
        for (int i = 0; i < v.Length; i++) v[i] /= s;
    }

    private static double DotProduct(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    /// <summary>UNTRUSTED. Lower Cholesky factor as rows (row i has i + 1 entries), or null if a pivot is ≤ 0.</summary>
    public static double[][]? Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n][];
        for (int i = 0; i < n; i++)
        {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j] - Dot(l[i], l[j], j);
                if (j < i) l[i][j] = s / l[j][j];
                else
                {
                    if (!(s > 0)) return null;
                    l[i][i] = Math.Sqrt(s);
                }
            }
        }
        return l;
    }

    /// <summary>UNTRUSTED. x = (LLᵀ)⁻¹b for a factor from <see cref="Cholesky"/>.</summary>
    public static double[] Solve(double[][] l, double[] b)
    {
        int n = b.Length;
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = (b[i] - Dot(l[i], y, i)) / l[i][i];
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double Dot(double[] x, double[] y, int m)
    {
        int k = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && m >= 2 * Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            int w = Vector<double>.Count;
            for (; k <= m - w; k += w)
                acc += new Vector<double>(x, k) * new Vector<double>(y, k);
            for (int q = 0; q < w; q++) sum += acc[q];
        }
        for (; k < m; k++) sum += x[k] * y[k];
        return sum;
    }

    /// <summary>Largest eigenvalue of the symmetric tridiagonal matrix (diagonal α, off-diagonal β) by Sturm bisection.</summary>
    private static double LargestTridiagonalEigenvalue(List<double> alpha, List<double> beta)
    {
        int m = alpha.Count;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < m; i++)
        {
            double r = (i > 0 ? Math.Abs(beta[i - 1]) : 0) + (i < m - 1 && i < beta.Count ? Math.Abs(beta[i]) : 0);
            lo = Math.Min(lo, alpha[i] - r);
            hi = Math.Max(hi, alpha[i] + r);
        }
        // count(x) = number of eigenvalues < x (Sturm sequence of T − xI).
        int Count(double x)
        {
            int c = 0;
            double d = 1;
            for (int i = 0; i < m; i++)
            {
                double b2 = i > 0 ? beta[i - 1] * beta[i - 1] : 0;
                d = alpha[i] - x - (i > 0 ? b2 / d : 0);
                if (d == 0) d = -1e-300;
                if (d < 0) c++;
            }
            return c;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.Max(Math.Abs(lo), Math.Abs(hi)); it++)
        {
            double mid = 0.5 * (lo + hi);
            if (Count(mid) < m) lo = mid; else hi = mid;
        }
        return hi;
    }
}
