using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates;

/// <summary>
/// Producer side of the deep-linear kind (UNTRUSTED: never called by <see cref="Check"/>; whatever it builds is
/// re-checked in exact arithmetic). Doubles are used only to choose candidate directions (Hessian eigenvectors).
/// </summary>
public sealed partial class YunDeepLinearCriticalPoint
{
    /// <summary>
    /// Builds the certificate for a stated critical point: the least-squares solution by exact normal equations; for a
    /// global minimum the first j satisfying Theorem 1 Part 3 (if any); for a saddle a descent and an ascent line found
    /// among rounded Hessian eigenvectors and rank-one chains through one hidden coordinate and seeded random integer directions [yun.thm1.producer]. Throws when the point
    /// is not critical or no line is found.
    /// </summary>
    public static YunDeepLinearCriticalPoint Build(Rational[][] inputs, Rational[][] targets, int[] hiddenWidths, RationalMatrix[] weights,
                                                   IReadOnlyDictionary<string, string> provenance, int seed = 1)
    {
        int dx = inputs[0].Length, dy = targets[0].Length;
        int[] all = [dx, .. hiddenWidths, dy];
        var x = DataMatrix(inputs);
        var y = DataMatrix(targets);
        if (Gradient(weights, x, y, all).Any(g => !g.IsZero())) throw new InvalidOperationException("the point is not a critical point of ℓ");
        var product = Product(weights, weights.Length, 1, all);
        var ls = RationalMatrix.LeastSquares(x.Transpose(), y.Transpose()).Transpose();
        var cert = new YunDeepLinearCriticalPoint
        {
            Type = GlobalMinimumType, Inputs = inputs, Targets = targets, HiddenWidths = hiddenWidths, Weights = weights,
            Risk = LinearRisk(product, x, y), LeastSquaresSolution = ls, LeastSquaresRisk = LinearRisk(ls, x, y), Provenance = provenance,
        };
        if (LinearGradient(product, x, y).IsZero())
        {
            int? part3 = Enumerable.Range(1, weights.Length).Select(j => (int?)j).FirstOrDefault(j => cert.Part3Failure(j!.Value, all) is null);
            return new YunDeepLinearCriticalPoint
            {
                Type = cert.Type, Inputs = inputs, Targets = targets, HiddenWidths = hiddenWidths, Weights = weights, Risk = cert.Risk,
                LeastSquaresSolution = ls, LeastSquaresRisk = cert.LeastSquaresRisk, Part3Index = part3, Provenance = provenance,
            };
        }
        var candidates = CandidateDirections(weights, x, y, all, seed).ToList();
        DeepLinearDirection Find(bool descending) =>
            candidates.Select(d => TryDirection(weights, d, x, y, all, descending)).FirstOrDefault(r => r is not null)
            ?? throw new InvalidOperationException($"no {(descending ? "descent" : "ascent")} line found among {candidates.Count} candidates");
        return new YunDeepLinearCriticalPoint
        {
            Type = SaddleType, Inputs = inputs, Targets = targets, HiddenWidths = hiddenWidths, Weights = weights, Risk = cert.Risk,
            LeastSquaresSolution = ls, LeastSquaresRisk = cert.LeastSquaresRisk, Descent = Find(true), Ascent = Find(false), Provenance = provenance,
        };
    }

    /// <summary>The line's certificate when its lowest-order coefficient has the needed sign (or odd order), else null.</summary>
    private static DeepLinearDirection? TryDirection(RationalMatrix[] w, RationalMatrix[] d, RationalMatrix x, RationalMatrix y, int[] all, bool descending)
    {
        var c = LineRiskPolynomial(w, d, x, y);
        int k = Array.FindIndex(c, 1, v => !v.IsZero);
        if (k < 0 || (k % 2 == 0 && (descending ? c[k].Sign >= 0 : c[k].Sign <= 0))) return null;
        var tail = Rational.Zero;
        for (int j = k + 1; j < c.Length; j++) tail += Rational.Abs(c[j]);
        var t0 = tail.IsZero ? Rational.One : Rational.Min(1, Rational.Abs(c[k]) / tail);
        var step = SimpleBelow(t0 / 2);
        if (k % 2 == 1 && (c[k].Sign < 0) != descending) step = -step;
        var witness = LinearRisk(Product(Move(w, d, step), w.Length, 1, all), x, y);
        return new DeepLinearDirection(d, k, c[k], step, witness);
    }

    /// <summary>A positive dyadic 2^−e ≤ t (short to print); t &gt; 0.</summary>
    private static Rational SimpleBelow(Rational t)
    {
        var s = Rational.One;
        while (s > t) s /= 2;
        return s;
    }

    private static IEnumerable<RationalMatrix[]> CandidateDirections(RationalMatrix[] w, RationalMatrix x, RationalMatrix y, int[] all, int seed)
    {
        int n = w.Length;
        var sizes = Enumerable.Range(0, n).Select(i => (Rows: all[i + 1], Cols: all[i])).ToArray();
        int p = sizes.Sum(s => s.Rows * s.Cols);
        RationalMatrix[] Unflatten(Func<int, Rational> entry)
        {
            var result = new RationalMatrix[n];
            int o = 0;
            for (int i = 0; i < n; i++)
            {
                var rows = new Rational[sizes[i].Rows][];
                for (int r = 0; r < sizes[i].Rows; r++)
                {
                    rows[r] = new Rational[sizes[i].Cols];
                    for (int cidx = 0; cidx < sizes[i].Cols; cidx++) rows[r][cidx] = entry(o++);
                }
                result[i] = RationalMatrix.FromRows(rows);
            }
            return result;
        }
        // Hessian of ℓ at Ŵ from the exact second-order coefficient: q(D) = c₂(D) = ½DᵀHD, H_pq = q(e_p + e_q) − q(e_p) − q(e_q).
        if (p <= 200)
        {
            Rational Q(int a, int b) => LineRiskPolynomial(w, Unflatten(o => o == a || o == b ? Rational.One : Rational.Zero), x, y)[2];
            var diag = Enumerable.Range(0, p).Select(a => Q(a, a)).ToArray();
            var h = new double[p, p];
            for (int a = 0; a < p; a++)
            {
                h[a, a] = ToDouble(2 * diag[a]);
                for (int b = a + 1; b < p; b++) h[a, b] = h[b, a] = ToDouble(Q(a, b) - diag[a] - diag[b]);
            }
            var (values, vectors) = ExactCheck.Models.DenseDouble.SymmetricEigen(h); // producer only: candidate directions, re-verified exactly
            var order = Enumerable.Range(0, p).OrderBy(i => values[i]).ToList();
            foreach (int i in order.Take(3).Concat(order.AsEnumerable().Reverse().Take(3)))
            {
                double max = Enumerable.Range(0, p).Max(a => Math.Abs(vectors[a, i]));
                if (max == 0) continue;
                yield return Unflatten(a => new Rational((long)Math.Round(64 * vectors[a, i] / max), 64));
            }
        }
        // Rank-one chains through one hidden coordinate s (the paper's A1/A2 perturbations, simplified): D₁ = e_s gᵀ,
        // Dᵢ = e_s e_sᵀ, D_{H+1} = e_j e_sᵀ with g = ±(row j of ∇ℓ₀(Ŵ_{H+1:1})), so D_{H+1:1} = ±e_j gᵀ and the order-(H+1)
        // term contains ±‖g‖². Where coordinate s is unused by Ŵ, every lower-order term vanishes.
        var g0 = LinearGradient(Product(w, n, 1, all), x, y);
        int narrowest = all[1..^1].Min();
        for (int j = 0; j < g0.Rows; j++)
        {
            var row = g0.GetRow(j);
            if (row.All(v => v.IsZero)) continue;
            for (int sc = 0; sc < narrowest; sc++)
                foreach (var sign in new[] { -1, 1 })
                    yield return Enumerable.Range(0, n).Select(i => RationalMatrix.FromRows(Enumerable.Range(0, sizes[i].Rows).Select(r =>
                        Enumerable.Range(0, sizes[i].Cols).Select(c =>
                            i == 0 ? (r == sc ? sign * row[c] : Rational.Zero)
                            : i == n - 1 ? (r == j && c == sc ? Rational.One : Rational.Zero)
                            : (r == sc && c == sc ? Rational.One : Rational.Zero)).ToArray()).ToList())).ToArray();
        }
        var rng = new Random(seed);
        for (int t = 0; t < 200; t++)
        {
            var d = Unflatten(_ => new Rational(rng.Next(-2, 3)));
            yield return d;
            yield return d.Select((di, i) => i == 0 ? -1 * di : di).ToArray();
        }
    }

    private static double ToDouble(Rational r) =>
        double.Parse(r.ToScientificString(17, RoundingMode.Nearest), System.Globalization.CultureInfo.InvariantCulture);
}
