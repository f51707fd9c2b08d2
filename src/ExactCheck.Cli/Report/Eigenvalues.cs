using ExactCheck.Models;
using ExactCheck.Search;

namespace ExactCheck.Cli.Report;

/// <summary>
/// Eigenvalues of a symmetric matrix in double precision for the report's plots. UNTRUSTED, for the picture only: the
/// verdict's eigenvalue bounds come from the checker's exact LDLᵀ/Gershgorin bounds, never from here. The solvers are
/// the producer's: <see cref="DenseDouble.SymmetricEigenvalues"/> (cyclic Jacobi) and <see cref="SymmetricEigenvalue"/>
/// (Householder + Sturm bisection).
/// </summary>
public static class Eigenvalues
{
    /// <summary>Largest Hessian the report plots; beyond it the picture is omitted (O(d³) even for the fast path).</summary>
    public const int MaxPlottedDimension = 1000;

    /// <summary>
    /// The <paramref name="count"/> smallest eigenvalues, ascending: cyclic Jacobi up to 200 rows, above that Householder
    /// tridiagonalization (O(d³), about 30× faster than Jacobi's sweeps) and Sturm bisection for each of them.
    /// </summary>
    public static double[] Smallest(double[,] a, int count) =>
        a.GetLength(0) <= 200 ? DenseDouble.SymmetricEigenvalues(a).Take(count).ToArray() : SymmetricEigenvalue.Smallest(a, count);
}
