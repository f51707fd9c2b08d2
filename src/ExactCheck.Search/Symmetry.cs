using System.Globalization;
using ExactCheck.Arithmetic;
using ExactCheck.Search.Import;

namespace ExactCheck.Search;

/// <summary>A family of imported points that are copies of one another under the objective's symmetries.</summary>
/// <param name="Number">1-based family number.</param>
/// <param name="Representative">Index into the point list of the member that is audited.</param>
/// <param name="Members">The other members (index into the list) and the explicit symmetry mapping them onto it.</param>
public sealed record PointFamily(int Number, int Representative, IReadOnlyList<(int Index, string Symmetry)> Members);

/// <summary>
/// UNTRUSTED grouping of points under the symmetries of the Safran–Shamir objective with targets eⱼ: permuting the
/// neurons, and permuting the input coordinates (which permutes the targets among themselves). Two points join a
/// family only when an explicit pair of permutations is found that maps one onto the other entry by entry within
/// <see cref="Tolerance"/>; the permutations are reported. A point that cannot be matched (or whose search exceeds the
/// budget) starts its own family and is audited on its own, so grouping can cost work but never attach a verdict to a
/// point that is not a symmetric copy of the audited one.
/// </summary>
public static class Symmetry
{
    public const double Tolerance = 1e-6;
    private const int SearchBudget = 200_000;

    public static IReadOnlyList<PointFamily> Group(IReadOnlyList<ImportedPoint> points)
    {
        var matrices = points.Select(ToMatrix).ToList();
        var families = new List<(int Rep, List<(int, string)> Members)>();
        for (int i = 0; i < points.Count; i++)
        {
            bool placed = false;
            foreach (var f in families)
            {
                var rep = points[f.Rep];
                if (rep.K != points[i].K || rep.N != points[i].N) continue;
                if (rep.Targets is not null || points[i].Targets is not null) continue; // coordinate permutations are symmetries only for eⱼ targets
                if (FindSymmetry(matrices[f.Rep], matrices[i]) is { } s)
                {
                    f.Members.Add((i, s));
                    placed = true;
                    break;
                }
            }
            if (!placed) families.Add((i, []));
        }
        return families.Select((f, j) => new PointFamily(j + 1, f.Rep, f.Members)).ToList();
    }

    private static double[,] ToMatrix(ImportedPoint p)
    {
        var m = new double[p.K, p.N]; // row a = coordinate, column i = neuron
        for (int i = 0; i < p.N; i++)
            for (int a = 0; a < p.K; a++) m[a, i] = BigFloat.FromRational(p.Neurons[i][a], 64, RoundingMode.Nearest).ToDoubleNearest();
        return m;
    }

    private static long Q(double x) => (long)Math.Round(x / (10 * Tolerance));

    /// <summary>
    /// Neuron permutation σ and coordinate permutation π with Q[π(a), σ(i)] ≈ P[a, i], or null. Backtracking over σ
    /// within classes of equal column multisets, pruned by requiring the rows restricted to the columns assigned so far
    /// to agree as multisets (a necessary condition for some π to exist).
    /// </summary>
    public static string? FindSymmetry(double[,] p, double[,] q)
    {
        int k = p.GetLength(0), n = p.GetLength(1);
        string ColumnKey(double[,] m, int i) => string.Join(",", Enumerable.Range(0, k).Select(a => Q(m[a, i])).Order());
        var pKeys = Enumerable.Range(0, n).Select(i => ColumnKey(p, i)).ToArray();
        var qKeys = Enumerable.Range(0, n).Select(i => ColumnKey(q, i)).ToArray();
        if (!pKeys.Order(StringComparer.Ordinal).SequenceEqual(qKeys.Order(StringComparer.Ordinal), StringComparer.Ordinal)) return null;
        // Assign P's columns from the rarest class first.
        var order = Enumerable.Range(0, n).OrderBy(i => pKeys.Count(x => x == pKeys[i])).ThenBy(i => i).ToArray();
        var sigma = new int[n];
        var used = new bool[n];
        int nodes = 0;

        bool PrefixRowsAgree(int t)
        {
            var pr = new List<string>(k);
            var qr = new List<string>(k);
            for (int a = 0; a < k; a++)
            {
                pr.Add(string.Join(",", Enumerable.Range(0, t).Select(s => Q(p[a, order[s]]))));
                qr.Add(string.Join(",", Enumerable.Range(0, t).Select(s => Q(q[a, sigma[order[s]]]))));
            }
            pr.Sort(StringComparer.Ordinal);
            qr.Sort(StringComparer.Ordinal);
            return pr.SequenceEqual(qr, StringComparer.Ordinal);
        }

        bool Search(int t)
        {
            if (t == n) return true;
            int col = order[t];
            for (int j = 0; j < n; j++)
            {
                if (used[j] || qKeys[j] != pKeys[col]) continue;
                if (++nodes > SearchBudget) return false;
                sigma[col] = j;
                used[j] = true;
                if (PrefixRowsAgree(t + 1) && Search(t + 1)) return true;
                used[j] = false;
            }
            return false;
        }

        if (!Search(0)) return null;
        // With σ fixed, match rows as whole vectors to get π, then verify with the actual numbers.
        var pi = new int[k];
        var rowTaken = new bool[k];
        for (int a = 0; a < k; a++)
        {
            int match = -1;
            for (int b = 0; b < k && match < 0; b++)
            {
                if (rowTaken[b]) continue;
                bool same = true;
                for (int i = 0; i < n && same; i++) same = Math.Abs(p[a, i] - q[b, sigma[i]]) <= Tolerance;
                if (same) match = b;
            }
            if (match < 0) return null;
            pi[a] = match;
            rowTaken[match] = true;
        }
        double max = 0;
        for (int a = 0; a < k; a++)
            for (int i = 0; i < n; i++) max = Math.Max(max, Math.Abs(p[a, i] - q[pi[a], sigma[i]]));
        return $"neuron i ↦ ({string.Join(" ", sigma.Select(s => s + 1))}), coordinate a ↦ ({string.Join(" ", pi.Select(s => s + 1))}), " +
               $"max entry difference {max.ToString("G2", CultureInfo.InvariantCulture)}";
    }
}
