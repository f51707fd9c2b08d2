using ExactCheck.Arithmetic;
using ExactCheck.Linear;

namespace ExactCheck.Certificates;

/// <summary>
/// Producer side of the Kawaguchi–Huang–Kaelbling kind (UNTRUSTED: never called by <see cref="Check"/>; whatever it
/// builds is re-checked exactly). Doubles are used only to search for a better point.
/// </summary>
public sealed partial class KawaguchiGradientBasisOptimum
{
    /// <summary>The certificate for a stated point and better point: ρ, the two ranks and the two losses [khk.producer].</summary>
    public static KawaguchiGradientBasisOptimum Build(Rational[][] inputs, Rational[] targets, Rational sPlus, Rational sMinus,
                                                      LeakyReluNetwork point, LeakyReluNetwork better, IReadOnlyDictionary<string, string> provenance)
    {
        return new KawaguchiGradientBasisOptimum
        {
            SlopePositive = sPlus, SlopeNegative = sMinus, Inputs = inputs, Targets = targets, Point = point,
            Risk = Loss(point, inputs, targets, sPlus, sMinus), PatternRadius = PatternRadiusFor(point, inputs),
            GradientBasisRank = Jacobian(point, inputs, sPlus, sMinus).Rank(),
            PatternSpaceRank = PatternGenerators(point, inputs, sPlus, sMinus).Rank(),
            BetterPoint = better, BetterRisk = Loss(better, inputs, targets, sPlus, sMinus), Provenance = provenance,
        };
    }

    /// <summary>From a Yun–Sra–Jadbabaie Theorem 6 certificate: its local minimum and its better point.</summary>
    public static KawaguchiGradientBasisOptimum FromYun(YunLeakyReluMinimum yun, IReadOnlyDictionary<string, string> provenance) =>
        Build(yun.Inputs, yun.Targets, yun.SlopePositive, yun.SlopeNegative, yun.Point, yun.BetterPoint, provenance);

    /// <summary>The largest 2^−e with ρ²(‖xᵢ‖² + 1) &lt; z_ik² for every i, k (throws when some z_ik = 0).</summary>
    public static Rational PatternRadiusFor(LeakyReluNetwork point, Rational[][] inputs)
    {
        Rational? bound = null;   // min_{i,k} z_ik² / (‖xᵢ‖² + 1)
        foreach (var x in inputs)
        {
            var norm2 = Rational.One;
            foreach (var v in x) norm2 += v * v;
            for (int k = 0; k < point.HiddenWidth; k++)
            {
                var z = YunLeakyReluMinimum.PreActivation(point, k, x);
                if (z.IsZero) throw new InvalidOperationException("a pre-activation vanishes: θ is not a differentiable point");
                var q = z * z / norm2;
                if (bound is null || q < bound) bound = q;
            }
        }
        var rho = Rational.One;
        while (rho * rho >= bound!.Value) rho /= 2;
        while (rho * rho * 4 < bound.Value) rho *= 2;
        return rho;
    }

    /// <summary>
    /// A planted local minimum with a mixed activation pattern [khk.producer]: targets y = f_X(θ) + r with r the exact
    /// projection of a seeded random vector onto U⊥, so that f_X(θ) is the projection of y onto U.
    /// </summary>
    public static Rational[] PlantTargets(LeakyReluNetwork point, Rational[][] inputs, Rational sPlus, Rational sMinus, int seed, Rational scale)
    {
        var rng = new Random(seed);
        var f = Outputs(point, inputs, sPlus, sMinus);
        var gen = PatternGenerators(point, inputs, sPlus, sMinus);
        var z = RationalMatrix.Column(inputs.Select(_ => new Rational(rng.Next(-8, 9), 4)).ToArray());
        var coeff = RationalMatrix.LeastSquares(gen, z);
        var r = z - gen * coeff;
        return f.Select((v, i) => v + scale * r[i, 0]).ToArray();
    }

    /// <summary>Best point of seeded full-batch gradient descent restarts in doubles, rounded to multiples of 2^−16.</summary>
    public static LeakyReluNetwork SearchBetterPoint(Rational[][] inputs, Rational[] targets, Rational sPlus, Rational sMinus, int hiddenWidth,
                                                     int seed, int restarts = 20, int steps = 4000)
    {
        double D(Rational r) => double.Parse(r.ToScientificString(17, RoundingMode.Nearest), System.Globalization.CultureInfo.InvariantCulture);
        var xs = inputs.Select(x => x.Select(D).ToArray()).ToArray();
        var ys = targets.Select(D).ToArray();
        double sp = D(sPlus), sm = D(sMinus);
        int m = xs.Length, dx = xs[0].Length, d1 = hiddenWidth;
        var rng = new Random(seed);
        double bestLoss = double.PositiveInfinity;
        LeakyReluNetwork? best = null;
        for (int run = 0; run < restarts; run++)
        {
            var w1 = new double[d1, dx];
            var b1 = new double[d1];
            var w2 = new double[d1];
            double b2 = 0;
            for (int k = 0; k < d1; k++)
            {
                for (int a = 0; a < dx; a++) w1[k, a] = rng.NextDouble() * 2 - 1;
                b1[k] = rng.NextDouble() * 2 - 1;
                w2[k] = rng.NextDouble() * 2 - 1;
            }
            double lr = 0.01 / Math.Max(1, m / 10.0);
            for (int s = 0; s < steps; s++)
            {
                var gw1 = new double[d1, dx];
                var gb1 = new double[d1];
                var gw2 = new double[d1];
                double gb2 = 0;
                for (int i = 0; i < m; i++)
                {
                    var z = new double[d1];
                    double out_ = b2;
                    for (int k = 0; k < d1; k++)
                    {
                        z[k] = b1[k];
                        for (int a = 0; a < dx; a++) z[k] += w1[k, a] * xs[i][a];
                        out_ += w2[k] * (z[k] >= 0 ? sp : sm) * z[k];
                    }
                    double r = out_ - ys[i];
                    gb2 += r;
                    for (int k = 0; k < d1; k++)
                    {
                        double slope = z[k] >= 0 ? sp : sm;
                        gw2[k] += r * slope * z[k];
                        gb1[k] += r * w2[k] * slope;
                        for (int a = 0; a < dx; a++) gw1[k, a] += r * w2[k] * slope * xs[i][a];
                    }
                }
                b2 -= lr * gb2;
                for (int k = 0; k < d1; k++)
                {
                    w2[k] -= lr * gw2[k];
                    b1[k] -= lr * gb1[k];
                    for (int a = 0; a < dx; a++) w1[k, a] -= lr * gw1[k, a];
                }
            }
            Rational Q(double v) => double.IsFinite(v) ? new Rational((long)Math.Round(v * 65536), 65536) : Rational.Zero;
            var net = new LeakyReluNetwork(
                Enumerable.Range(0, d1).Select(k => Enumerable.Range(0, dx).Select(a => Q(w1[k, a])).ToArray()).ToArray(),
                b1.Select(Q).ToArray(), w2.Select(Q).ToArray(), Q(b2));
            var loss = D(Loss(net, inputs, targets, sPlus, sMinus));
            if (loss < bestLoss) { bestLoss = loss; best = net; }
        }
        return best!;
    }
}
