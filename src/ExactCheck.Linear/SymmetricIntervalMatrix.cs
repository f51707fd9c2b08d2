using ExactCheck.Arithmetic;

namespace ExactCheck.Linear;

/// <summary>
/// A symmetric interval matrix, stored as its lower triangle: it stands for the set of real symmetric matrices H
/// with H[i,j] = H[j,i] ∈ this[i,j] for every i ≥ j. (An enclosure of a true Hessian's lower triangle encloses the
/// Hessian itself, since the Hessian is symmetric.)
/// </summary>
public sealed class SymmetricIntervalMatrix
{
    private readonly Interval[] _lower; // row-major lower triangle: (i, j) with j ≤ i at i(i+1)/2 + j

    public int N { get; }
    public int Precision { get; }

    public SymmetricIntervalMatrix(int n, int precision)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        N = n;
        Precision = precision;
        _lower = new Interval[n * (n + 1) / 2];
        Array.Fill(_lower, Interval.Zero(precision));
    }

    public Interval this[int i, int j]
    {
        get => _lower[Index(i, j)];
        set => _lower[Index(i, j)] = value;
    }

    private int Index(int i, int j)
    {
        if ((uint)i >= (uint)N || (uint)j >= (uint)N) throw new IndexOutOfRangeException($"({i}, {j}) outside {N}×{N}");
        return i >= j ? i * (i + 1) / 2 + j : j * (j + 1) / 2 + i;
    }

    /// <summary>The exact symmetric matrix with the given rational entries (its lower triangle is read; the upper must agree).</summary>
    public static SymmetricIntervalMatrix FromRational(Rational[,] a, int precision)
    {
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException("matrix is not square");
        var m = new SymmetricIntervalMatrix(n, precision);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                if (a[i, j] != a[j, i]) throw new ArgumentException($"matrix is not symmetric at ({i}, {j})");
                m[i, j] = Interval.FromRational(a[i, j], precision);
            }
        return m;
    }

    /// <summary>Midpoints as doubles: for the untrusted producer's factorization hints only.</summary>
    public double[,] MidpointsAsDoubles()
    {
        var a = new double[N, N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j <= i; j++)
                a[i, j] = a[j, i] = this[i, j].Mid.ToDoubleNearest();
        return a;
    }
}
