using ExactCheck.Arithmetic;

namespace ExactCheck.Linear;

/// <summary>
/// A dense matrix of exact rationals (immutable). Products, transposes, exact Gaussian elimination (rank, solutions of
/// consistent systems) and linear least squares via the normal equations — every operation exact, no rounding anywhere.
/// Used by the Yun–Sra–Jadbabaie Theorem 6 construction (proofs/yun-sra-jadbabaie/theorem6.md).
/// </summary>
public sealed class RationalMatrix : IEquatable<RationalMatrix>
{
    private readonly Rational[,] _a;

    public int Rows { get; }
    public int Cols { get; }

    public RationalMatrix(int rows, int cols)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(rows), "dimensions must be ≥ 0");
        Rows = rows;
        Cols = cols;
        _a = new Rational[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) _a[i, j] = Rational.Zero;
    }

    /// <summary>From rows (all of the same length).</summary>
    public static RationalMatrix FromRows(IReadOnlyList<Rational[]> rows)
    {
        int cols = rows.Count == 0 ? 0 : rows[0].Length;
        var m = new RationalMatrix(rows.Count, cols);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != cols) throw new ArgumentException($"row {i} has {rows[i].Length} entries, expected {cols}");
            for (int j = 0; j < cols; j++) m._a[i, j] = rows[i][j];
        }
        return m;
    }

    /// <summary>A column vector.</summary>
    public static RationalMatrix Column(IReadOnlyList<Rational> v) => FromRows(v.Select(x => new[] { x }).ToList());

    /// <summary>A row vector.</summary>
    public static RationalMatrix Row(IReadOnlyList<Rational> v) => FromRows([v.ToArray()]);

    public static RationalMatrix Identity(int n)
    {
        var m = new RationalMatrix(n, n);
        for (int i = 0; i < n; i++) m._a[i, i] = Rational.One;
        return m;
    }

    public Rational this[int i, int j] => _a[i, j];

    public Rational[] GetRow(int i) => Enumerable.Range(0, Cols).Select(j => _a[i, j]).ToArray();
    public Rational[] GetColumn(int j) => Enumerable.Range(0, Rows).Select(i => _a[i, j]).ToArray();

    public RationalMatrix Transpose()
    {
        var t = new RationalMatrix(Cols, Rows);
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++) t._a[j, i] = _a[i, j];
        return t;
    }

    public static RationalMatrix operator *(RationalMatrix a, RationalMatrix b)
    {
        if (a.Cols != b.Rows) throw new ArgumentException($"cannot multiply {a.Rows}×{a.Cols} by {b.Rows}×{b.Cols}");
        var c = new RationalMatrix(a.Rows, b.Cols);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Cols; j++)
            {
                var s = Rational.Zero;
                for (int k = 0; k < a.Cols; k++) s += a._a[i, k] * b._a[k, j];
                c._a[i, j] = s;
            }
        return c;
    }

    public static RationalMatrix operator +(RationalMatrix a, RationalMatrix b) => Combine(a, b, (x, y) => x + y);
    public static RationalMatrix operator -(RationalMatrix a, RationalMatrix b) => Combine(a, b, (x, y) => x - y);

    public static RationalMatrix operator *(Rational s, RationalMatrix a)
    {
        var c = new RationalMatrix(a.Rows, a.Cols);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Cols; j++) c._a[i, j] = s * a._a[i, j];
        return c;
    }

    private static RationalMatrix Combine(RationalMatrix a, RationalMatrix b, Func<Rational, Rational, Rational> f)
    {
        if (a.Rows != b.Rows || a.Cols != b.Cols) throw new ArgumentException($"shapes differ: {a.Rows}×{a.Cols} vs {b.Rows}×{b.Cols}");
        var c = new RationalMatrix(a.Rows, a.Cols);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Cols; j++) c._a[i, j] = f(a._a[i, j], b._a[i, j]);
        return c;
    }

    /// <summary>‖A‖_F², exact.</summary>
    public Rational FrobeniusNormSquared()
    {
        var s = Rational.Zero;
        foreach (var x in _a) s += x * x;
        return s;
    }

    public bool IsZero()
    {
        foreach (var x in _a) if (!x.IsZero) return false;
        return true;
    }

    /// <summary>Rank by exact Gaussian elimination.</summary>
    public int Rank() => Eliminate(this, new RationalMatrix(Rows, 0)).Pivots.Count;

    /// <summary>
    /// A solution X of A X = B (exact), or null when the system is inconsistent. When A is rank deficient the free
    /// variables are set to 0 (one particular solution).
    /// </summary>
    public static RationalMatrix? Solve(RationalMatrix a, RationalMatrix b)
    {
        if (a.Rows != b.Rows) throw new ArgumentException($"A has {a.Rows} rows, B has {b.Rows}");
        var (r, pivots) = Eliminate(a, b);
        int n = a.Cols;
        // Rows below the pivots have zero coefficients: the right side must vanish there.
        for (int i = pivots.Count; i < a.Rows; i++)
            for (int j = 0; j < b.Cols; j++)
                if (!r[i, n + j].IsZero) return null;
        var x = new RationalMatrix(n, b.Cols);
        for (int p = 0; p < pivots.Count; p++)          // reduced row echelon form: pivot p has coefficient 1, column pivots[p]
            for (int j = 0; j < b.Cols; j++) x._a[pivots[p], j] = r[p, n + j];
        return x;
    }

    /// <summary>
    /// A minimiser X of ‖A X − B‖_F² (exact): a solution of the normal equations AᵀA X = AᵀB, which are always
    /// consistent (range(AᵀA) = range(Aᵀ)). Unique when A has full column rank.
    /// </summary>
    public static RationalMatrix LeastSquares(RationalMatrix a, RationalMatrix b)
    {
        var at = a.Transpose();
        return Solve(at * a, at * b) ?? throw new InvalidOperationException("normal equations inconsistent (impossible in exact arithmetic)");
    }

    /// <summary>Reduced row echelon form of [A | B] (exact); returns the augmented rows and the pivot columns of A.</summary>
    private static (Rational[,] R, List<int> Pivots) Eliminate(RationalMatrix a, RationalMatrix b)
    {
        int rows = a.Rows, n = a.Cols, w = a.Cols + b.Cols;
        var r = new Rational[rows, w];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < n; j++) r[i, j] = a._a[i, j];
            for (int j = 0; j < b.Cols; j++) r[i, n + j] = b._a[i, j];
        }
        var pivots = new List<int>();
        int row = 0;
        for (int col = 0; col < n && row < rows; col++)
        {
            int p = -1;
            for (int i = row; i < rows; i++) if (!r[i, col].IsZero) { p = i; break; }
            if (p < 0) continue;
            if (p != row)
                for (int j = 0; j < w; j++) (r[p, j], r[row, j]) = (r[row, j], r[p, j]);
            var inv = Rational.One / r[row, col];
            for (int j = 0; j < w; j++) r[row, j] *= inv;
            for (int i = 0; i < rows; i++)
            {
                if (i == row || r[i, col].IsZero) continue;
                var f = r[i, col];
                for (int j = 0; j < w; j++) r[i, j] -= f * r[row, j];
            }
            pivots.Add(col);
            row++;
        }
        return (r, pivots);
    }

    public bool Equals(RationalMatrix? other)
    {
        if (other is null || other.Rows != Rows || other.Cols != Cols) return false;
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++)
                if (_a[i, j] != other._a[i, j]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is RationalMatrix m && Equals(m);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Rows);
        h.Add(Cols);
        foreach (var x in _a) h.Add(x);
        return h.ToHashCode();
    }

    public override string ToString() =>
        "[" + string.Join("; ", Enumerable.Range(0, Rows).Select(i => string.Join(", ", GetRow(i).Select(x => x.ToString())))) + "]";
}
