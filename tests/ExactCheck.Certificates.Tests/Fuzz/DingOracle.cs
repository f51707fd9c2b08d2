using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>
/// The oracle for kind "ding-li-sun/bad-local-minimum": a VERIFIED mutant whose claim differs from the original's is
/// accepted only when the oracle's own re-derivation (below: exact rationals, written from
/// proofs/ding-li-sun/theorem3.md, not from DingLiSunMinimum) proves the mutant's whole claim; a smaller radius or a
/// larger betterRiskUpper alone is an honest weakening.
/// </summary>
public static partial class TruthOracle
{
    private static (TruthCategory, string) Ding(CorpusEntry original, Dictionary<string, Leaf> m,
                                                List<string> changed, List<string> missing, List<string> extra)
    {
        if (missing.Count > 0 || extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with fields added or removed: {Describe(changed, missing, extra)}");
        var o = original.Flat;
        if (changed.All(p => p is "$.bounds.localMinimumRadius" or "$.bounds.betterRiskUpper")
            && Num(m, "$.bounds.localMinimumRadius") <= Num(o, "$.bounds.localMinimumRadius")
            && Num(m, "$.bounds.betterRiskUpper") >= Num(o, "$.bounds.betterRiskUpper"))
            return (TruthCategory.Weakening, $"radius shrunk or betterRiskUpper raised: {Describe(changed, missing, extra)}");
        var why = DingReDerive(m);
        return why is null
            ? (TruthCategory.Implied, $"re-derived by the oracle: {Describe(changed, missing, extra)}")
            : (TruthCategory.Finding, $"VERIFIED, but the oracle's own derivation fails: {why}");
    }

    /// <summary>Null when the flattened certificate's claim holds by the oracle's own derivation.</summary>
    private static string? DingReDerive(IReadOnlyDictionary<string, Leaf> c)
    {
        const string a = "$.claim.model.activation";
        bool exp = c[a + ".name"].Text == "exp";
        var coef = exp ? [] : Vector(c, a + ".coefficients");
        var x = Vector(c, "$.claim.model.inputs");
        var y = Vector(c, "$.claim.model.targets");
        var w = Vector(c, "$.point.w");
        var v = Vector(c, "$.point.v");
        int n = x.Count, d = v.Count;
        if (n < 3 || d < n || x.Distinct().Count() != n) return "setting";
        Rational C(int k) => k < coef.Count ? coef[k] : Rational.Zero;
        var (s0, s1, s2) = exp ? (Rational.One, Rational.One, Rational.One) : (C(0), C(1), 2 * C(2));
        if (s0.IsZero || s1.IsZero || s2.IsZero) return "A2";
        if (w.Any(t => !t.IsZero)) return "w ≠ 0";
        var sum = v.Aggregate(Rational.Zero, (p, q) => p + q);
        var yp = y.Select(t => t - s0 * sum).ToList();
        Rational Inner(Func<int, Rational> f) => Enumerable.Range(0, n).Aggregate(Rational.Zero, (p, i) => p + yp[i] * f(i));
        if (!Inner(_ => 1).IsZero || !Inner(i => x[i]).IsZero) return "orthogonality";
        var kappa = Inner(i => x[i] * x[i]);
        int want = (s2 * kappa).Sign;
        if (want == 0 || v.Any(t => t.Sign != -want)) return "signs";
        var r = Num(c, "$.bounds.localMinimumRadius");
        if (r.Sign <= 0 || r >= v.Min(Rational.Abs)) return "radius vs v";
        Rational lo = 0, hi = 0;
        for (int i = 0; i < n; i++)
        {
            var t = r * Rational.Abs(x[i]);
            Rational l, h;
            if (exp) { if (t >= 1) return "exp bound"; (l, h) = (1 - t, 1 / (1 - t)); }
            else
            {
                var tail = Rational.Zero;
                for (int k = 3; k < coef.Count; k++) tail += k * (k - 1) * Rational.Abs(coef[k]) * Rational.Pow(t, k - 2);
                (l, h) = (s2 - tail, s2 + tail);
            }
            var q = yp[i] * x[i] * x[i];
            lo += q.Sign >= 0 ? q * l : q * h;
            hi += q.Sign >= 0 ? q * h : q * l;
        }
        if (want > 0 ? lo.Sign <= 0 : hi.Sign >= 0) return "sign of G";
        var risk = yp.Aggregate(Rational.Zero, (p, q) => p + q * q);
        if (risk != Num(c, "$.bounds.risk") || risk.Sign <= 0) return "risk";
        var bw = Vector(c, "$.bounds.betterPoint.w");
        var bv = Vector(c, "$.bounds.betterPoint.v");
        var upper = Num(c, "$.bounds.betterRiskUpper");
        if (!exp && bw.Concat(bv).Concat(x).Concat(y).All(q => q.Numerator.GetBitLength() < 2000 && q.Denominator.GetBitLength() < 2000))
        {
            var exact = Rational.Zero;   // exact for a polynomial (small numbers)
            for (int i = 0; i < n; i++)
            {
                var res = y[i];
                for (int k = 0; k < d; k++) res -= bv[k] * coef.Select((ck, j) => ck * Rational.Pow(bw[k] * x[i], j)).Aggregate(Rational.Zero, (u, t) => u + t);
                exact += res * res;
            }
            return exact <= upper && upper < risk ? null : "better point";
        }
        const int p = 512;
        var e = Interval.Zero(p);
        for (int i = 0; i < n; i++)
        {
            var res = Interval.FromRational(y[i], p);
            for (int k = 0; k < d; k++)
            {
                var z = bw[k] * x[i];
                var s = exp ? Interval.Exp(Interval.FromRational(z, p))
                            : Interval.FromRational(coef.Select((ck, j) => ck * Rational.Pow(z, j)).Aggregate(Rational.Zero, (u, t) => u + t), p);
                res -= Interval.FromRational(bv[k], p) * s;
            }
            e += res.Square();
        }
        if (!(e.Hi.ToRational() <= upper && upper < risk)) return "better point";
        return null;
    }
}
