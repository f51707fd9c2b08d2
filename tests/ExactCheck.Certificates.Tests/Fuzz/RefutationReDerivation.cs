using ExactCheck.Arithmetic;
using ExactCheck.Models;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>
/// The oracle's own proof of a refutation claim "F has no local minimum in the open box ∏(wₐ − R, wₐ + R)", for
/// mutants whose box is not inside the original's (the point moved, or R grew). It reads the claim with the oracle's
/// reader and proves it straight from the model layer (<see cref="ReluGaussianInterval"/>) at 640 bits, with its own
/// code, not the checker's: F smooth on the closed box X, and either some ∂F/∂wₐ keeps a sign on X (no critical
/// point), or its own Krawczyk test (K(X) inside the interior of X: exactly one critical point) plus uᵀ∇²F(x)u &lt; 0 on X
/// for the file's direction u (that critical point is a saddle). Trust: the model and the kernel, which are tested
/// against MPFR and exact rationals; the certificate layer under attack is not used.
/// </summary>
public static class RefutationReDerivation
{
    public const int Precision = 640;

    /// <summary>Null when the claim is proved; otherwise why not.</summary>
    public static string? Failure(IReadOnlyDictionary<string, Leaf> m)
    {
        int k = int.Parse(m["$.claim.model.k"].Text), n = int.Parse(m["$.claim.model.n"].Text);
        Rational[][] targets = m.TryGetValue("$.claim.model.targets", out var t) && t.Text == "identity"
            ? ReluGaussianInterval.Identity(k)
            : Rows(m, "$.claim.model.targets");
        var w = Rows(m, "$.point.neurons").SelectMany(r => r).ToArray();
        var radius = FuzzJson.Number(m["$.bounds.boxRadius"]) ?? throw new InvalidOperationException("boxRadius");
        if (radius.Sign <= 0 || w.Length != k * n) return "no box";
        int p = Precision;
        var model = new ReluGaussianInterval(n, targets, p);
        var box = ReluGaussianInterval.Box(w, radius, p);
        var onBox = model.Evaluate(box, gradient: true, hessian: true, out var failure);
        if (onBox is null) return $"not smooth on the box: {failure}";
        if (onBox.Gradient!.Any(g => g.IsPositive || g.IsNegative)) return null;   // no critical point in X

        // Krawczyk: K(X) = w − Y·∇F(w) + (I − Y·H(X))(X − w), with Y ≈ mid(H)⁻¹ (any Y is sound).
        int d = w.Length;
        var h = onBox.Hessian!;
        var y = Inverse(h.MidpointsAsDoubles());
        if (y is null) return "singular midpoint Hessian";
        var atPoint = model.Evaluate(w.Select(x => Interval.FromRational(x, p)).ToArray(), gradient: true, hessian: false, out failure);
        if (atPoint is null) return $"not smooth at the point: {failure}";
        var offset = new Interval(BigFloat.FromRational(-radius, p, RoundingMode.Down), BigFloat.FromRational(radius, p, RoundingMode.Up), p);
        for (int a = 0; a < d; a++)
        {
            var ka = Interval.FromRational(w[a], p);
            for (int b = 0; b < d; b++)
            {
                var yab = Interval.FromDouble(y[a, b], p);
                ka -= yab * atPoint.Gradient![b];
                var c = Interval.Point(a == b ? BigFloat.One : BigFloat.Zero, p);
                for (int e = 0; e < d; e++) c -= Interval.FromDouble(y[a, e], p) * h[e, b];
                ka += c * offset;
            }
            if (!(ka.Lo.ToRational() > w[a] - radius && ka.Hi.ToRational() < w[a] + radius))
                return $"Krawczyk image not inside the box in coordinate {a}";
        }
        // Saddle: uᵀ H u < 0 for every H in the enclosure, u = the file's direction.
        if (!m.ContainsKey("$.bounds.direction[0][0]")) return "one critical point in X, but no direction to show it is a saddle";
        var u = Rows(m, "$.bounds.direction").SelectMany(r => r).Select(x => Interval.FromRational(x, p)).ToArray();
        if (u.Length != d) return "direction of the wrong length";
        var curvature = Interval.Zero(p);
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
                curvature += u[a] * h[a, b] * u[b];
        return curvature.IsNegative ? null : "uᵀHu not shown negative on the box";
    }

    /// <summary>The rows path[0][…], path[1][…], … read with the oracle's number grammar.</summary>
    public static Rational[][] Rows(IReadOnlyDictionary<string, Leaf> m, string path)
    {
        var rows = new List<Rational[]>();
        for (int i = 0; m.ContainsKey($"{path}[{i}][0]"); i++)
        {
            var row = new List<Rational>();
            for (int a = 0; m.TryGetValue($"{path}[{i}][{a}]", out var leaf); a++)
                row.Add(FuzzJson.Number(leaf) ?? throw new InvalidOperationException($"{path}[{i}][{a}]"));
            rows.Add(row.ToArray());
        }
        return rows.ToArray();
    }

    /// <summary>A⁻¹ in double by Gauss–Jordan with partial pivoting (only picks the preconditioner; never trusted).</summary>
    private static double[,]? Inverse(double[,] a)
    {
        int n = a.GetLength(0);
        var m = (double[,])a.Clone();
        var inv = new double[n, n];
        for (int i = 0; i < n; i++) inv[i, i] = 1;
        for (int col = 0; col < n; col++)
        {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[piv, col])) piv = r;
            if (m[piv, col] == 0) return null;
            for (int c = 0; c < n; c++)
            {
                (m[col, c], m[piv, c]) = (m[piv, c], m[col, c]);
                (inv[col, c], inv[piv, c]) = (inv[piv, c], inv[col, c]);
            }
            double pivot = m[col, col];
            for (int c = 0; c < n; c++) { m[col, c] /= pivot; inv[col, c] /= pivot; }
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = m[r, col];
                for (int c = 0; c < n; c++) { m[r, c] -= f * m[col, c]; inv[r, c] -= f * inv[col, c]; }
            }
        }
        foreach (var x in inv) if (!double.IsFinite(x)) return null;
        return inv;
    }
}
