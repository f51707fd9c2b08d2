namespace ExactCheck.Models.Tests;

/// <summary>Shared helpers: seeded Gaussians, random well-conditioned points, finite differences, quadrature, Newton.</summary>
internal static class ModelTestSupport
{
    /// <summary>Standard normal by Box–Muller (deterministic given the Random).</summary>
    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(); // (0, 1]
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The paper's Xavier initialization: each wᵢ ~ N(0, I/k).</summary>
    public static double[] Xavier(Random rng, int k, int n)
    {
        var w = new double[k * n];
        double sd = 1.0 / Math.Sqrt(k);
        for (int q = 0; q < w.Length; q++) w[q] = sd * Gaussian(rng);
        return w;
    }

    /// <summary>
    /// A Xavier point whose neurons have norm ≥ minNorm and pairwise sin θ ≥ minSin, both among the neurons and
    /// against the targets: away from the non-smooth set, so third derivatives (hence FD truncation error) stay moderate.
    /// </summary>
    public static double[] WellConditionedPoint(Random rng, ReluGaussianDouble model, double minNorm = 0.2, double minSin = 0.1)
    {
        int k = model.K, n = model.N;
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            var w = Xavier(rng, k, n);
            if (MinNorm(w, k) < minNorm) continue;
            if (MinSin(w, model) < minSin) continue;
            return w;
        }
        throw new InvalidOperationException("no well-conditioned point found");
    }

    public static double MinNorm(double[] w, int k)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < w.Length; i += k) best = Math.Min(best, Norm(w.AsSpan(i, k)));
        return best;
    }

    /// <summary>min sin θ over neuron–neuron and neuron–target pairs.</summary>
    public static double MinSin(double[] w, ReluGaussianDouble model)
    {
        int k = model.K, n = model.N;
        double best = 1;
        for (int i = 0; i < n; i++)
        {
            var wi = w.AsSpan(i * k, k);
            for (int j = i + 1; j < n; j++)
                best = Math.Min(best, ReluGaussianDouble.Angle(wi, w.AsSpan(j * k, k)).Sin);
            for (int j = 0; j < model.M; j++)
            {
                var v = model.Target(j);
                if (Norm(v) > 0) best = Math.Min(best, ReluGaussianDouble.Angle(wi, v).Sin);
            }
        }
        return best;
    }

    public static double Norm(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var t in x) s += t * t;
        return Math.Sqrt(s);
    }

    /// <summary>Central difference (F(w + h eⱼ) − F(w − h eⱼ))/(2h) for every coordinate j.</summary>
    public static double[] FiniteDifferenceGradient(ReluGaussianDouble model, double[] w, double h)
    {
        var g = new double[w.Length];
        var x = (double[])w.Clone();
        for (int q = 0; q < w.Length; q++)
        {
            x[q] = w[q] + h;
            double fp = model.Value(x);
            x[q] = w[q] - h;
            double fm = model.Value(x);
            x[q] = w[q];
            g[q] = (fp - fm) / (2 * h);
        }
        return g;
    }

    /// <summary>Column j of the central difference of ∇F: (∇F(w + h eⱼ) − ∇F(w − h eⱼ))/(2h).</summary>
    public static double[] FiniteDifferenceHessianColumn(ReluGaussianDouble model, double[] w, int column, double h)
    {
        var x = (double[])w.Clone();
        x[column] = w[column] + h;
        var gp = model.Gradient(x);
        x[column] = w[column] - h;
        var gm = model.Gradient(x);
        var col = new double[w.Length];
        for (int q = 0; q < w.Length; q++) col[q] = (gp[q] - gm[q]) / (2 * h);
        return col;
    }

    /// <summary>Newton steps w ← w − H⁻¹∇F; returns the refined point.</summary>
    public static double[] Newton(ReluGaussianDouble model, double[] w, int steps)
    {
        var x = (double[])w.Clone();
        for (int s = 0; s < steps; s++)
        {
            var g = model.Gradient(x);
            var step = DenseDouble.Solve(model.Hessian(x), g);
            for (int q = 0; q < x.Length; q++) x[q] -= step[q];
        }
        return x;
    }

    // ------------------------------------------------------------------ Gauss–Legendre quadrature

    private static readonly (double[] Nodes, double[] Weights) Gl20 = GaussLegendre(20);

    /// <summary>Nodes and weights on [−1, 1] by Newton's method on the Legendre recurrence.</summary>
    public static (double[] Nodes, double[] Weights) GaussLegendre(int m)
    {
        var x = new double[m];
        var wt = new double[m];
        for (int i = 0; i < m; i++)
        {
            double z = Math.Cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++)
            {
                double p0 = 1, p1 = z;
                for (int j = 2; j <= m; j++)
                {
                    double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                dp = m * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.Abs(dz) < 1e-16) break;
            }
            x[i] = z;
            wt[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return (x, wt);
    }

    /// <summary>
    /// ∫₀^{2π} q(φ) dφ for a function smooth between the given kink angles: 20-point Gauss–Legendre on each of 4
    /// sub-intervals of every piece between consecutive kinks.
    /// </summary>
    public static double IntegrateCircle(Func<double, double> q, IEnumerable<double> kinks)
    {
        var cuts = kinks.Select(a => ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI))
            .Append(0.0).Append(2 * Math.PI).Distinct().OrderBy(a => a).ToArray();
        double total = 0;
        var (nodes, weights) = Gl20;
        for (int c = 0; c + 1 < cuts.Length; c++)
        {
            double lo = cuts[c], hi = cuts[c + 1];
            const int sub = 4;
            for (int s = 0; s < sub; s++)
            {
                double a = lo + (hi - lo) * s / sub, b = lo + (hi - lo) * (s + 1) / sub;
                double mid = 0.5 * (a + b), half = 0.5 * (b - a);
                for (int t = 0; t < nodes.Length; t++) total += weights[t] * half * q(mid + half * nodes[t]);
            }
        }
        return total;
    }

    /// <summary>Angles φ where the line u·(cos φ, sin φ) = 0 crosses zero (2-D u ≠ 0).</summary>
    public static IEnumerable<double> Kinks(double ux, double uy)
    {
        double a = Math.Atan2(-ux, uy); // u·(cos a, sin a) = 0
        return [a, a + Math.PI];
    }

    public static double Relu(double t) => t > 0 ? t : 0;
}
