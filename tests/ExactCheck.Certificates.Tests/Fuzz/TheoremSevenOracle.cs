using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>
/// The oracle for kind "yun-sra-jadbabaie/smooth-local-minimum". The claim is about the exact roots v₂* (of C7.3) and
/// v′₄* (of C7.1), whatever enclosure names them, and the radius of the box. A VERIFIED mutant may only
/// (b) shrink the radius, or (c) move an enclosure so that it still holds the same root, and no other (re-derived
/// here with the oracle's own formulas for h at twice the precision: an own bisection of the root, and strict
/// monotonicity of h on the enclosure), or grow the radius when the oracle's own derivation of ℓ ≥ 1/3 on the
/// larger box succeeds. Everything else is a finding.
/// </summary>
public static partial class TruthOracle
{
    private const string SmoothPoint = "$.point";

    private static (TruthCategory, string) YunSmooth(CorpusEntry original, Dictionary<string, Leaf> m,
                                                     List<string> changed, List<string> missing, List<string> extra)
    {
        if (missing.Count > 0 || extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with fields added or removed: {Describe(changed, missing, extra)}");
        string[] enclosures = ["$.point.v2.lower", "$.point.v2.upper", "$.bounds.perfectFit.v4.lower", "$.bounds.perfectFit.v4.upper"];
        var other = changed.Where(p => !enclosures.Contains(p) && p != "$.bounds.localMinimumRadius").ToList();
        if (other.Count > 0) return (TruthCategory.Finding, $"VERIFIED with the claim changed: {Describe(other, [], [])}");
        var o = original.Flat;
        var h = OracleActivation.From(o);
        const int p = 512;
        Interval I(Rational q) => Interval.FromRational(q, p);
        bool implied = false;

        // v₂: root of u₁h(v₁) + u₂h(v) − 1/3; v′₄: root of h(v′₁)h(v) − h(v′₂)h(v′₃). The original enclosure holds the root.
        if (changed.Any(c => c.StartsWith("$.point.v2.", StringComparison.Ordinal)))
        {
            var c = I(Num(o, "$.point.u1")) * h.Value(I(Num(o, "$.point.v1"))) - I(new Rational(1, 3));
            var u2 = I(Num(o, "$.point.u2"));
            if (!SameRoot(v => c + u2 * h.Value(v), o, m, "$.point.v2", h, p, out var why)) return (TruthCategory.Finding, why);
            implied = true;
        }
        if (changed.Any(c => c.StartsWith("$.bounds.perfectFit.v4.", StringComparison.Ordinal)))
        {
            const string f = "$.bounds.perfectFit";
            var a = h.Value(I(Num(o, f + ".v1")));
            var b = h.Value(I(Num(o, f + ".v2"))) * h.Value(I(Num(o, f + ".v3")));
            if (!SameRoot(v => a * h.Value(v) - b, o, m, f + ".v4", h, p, out var why)) return (TruthCategory.Finding, why);
            implied = true;
        }
        if (changed.Contains("$.bounds.localMinimumRadius"))
        {
            var ro = Num(o, "$.bounds.localMinimumRadius");
            var rm = Num(m, "$.bounds.localMinimumRadius");
            if (rm > ro)
            {
                if (!LocalMinimumOnBox(o, h, rm, p)) return (TruthCategory.Finding, $"radius grown to {Show(rm)} and the oracle cannot re-derive ℓ ≥ 1/3 on that box");
                implied = true;
            }
            else if (!implied) return (TruthCategory.Weakening, $"radius shrunk to {Show(rm)}");
        }
        return (TruthCategory.Implied, $"the same roots and a box the oracle re-derived: {Describe(changed, missing, extra)}");
    }

    /// <summary>The mutant's enclosure holds the original's root (own bisection at p bits) and h is strictly monotone on it.</summary>
    private static bool SameRoot(Func<Interval, Interval> g, IReadOnlyDictionary<string, Leaf> o, IReadOnlyDictionary<string, Leaf> m,
                                 string path, OracleActivation h, int p, out string why)
    {
        var lo = Num(o, path + ".lower");
        var hi = Num(o, path + ".upper");
        int sLo = OracleSign(g(Interval.FromRational(lo, p)));
        for (int i = 0; i < 300; i++)
        {
            var mid = (lo + hi) / 2;
            int s = OracleSign(g(Interval.FromRational(mid, p)));
            if (s == 0) break;
            if (s == sLo) lo = mid; else hi = mid;
        }
        var newLo = Num(m, path + ".lower");
        var newHi = Num(m, path + ".upper");
        if (!(newLo < lo && hi < newHi)) { why = $"{path} = [{Show(newLo)}, {Show(newHi)}] misses the root ∈ [{Show(lo)}, {Show(hi)}]"; return false; }
        if (!h.StrictlyMonotoneOn(newLo, newHi)) { why = $"{path}: the oracle cannot show h monotone on [{Show(newLo)}, {Show(newHi)}]"; return false; }
        why = "";
        return true;
    }

    private static int OracleSign(Interval x) => x.IsPositive ? 1 : x.IsNegative ? -1 : 0;

    /// <summary>ℓ ≥ 1/3 on the box of radius r: the 2×2 form of proofs/yun-sra-jadbabaie/theorem7.md, own formulas.</summary>
    private static bool LocalMinimumOnBox(IReadOnlyDictionary<string, Leaf> o, OracleActivation h, Rational r, int p)
    {
        Interval Box(Rational lo, Rational hi) => new(BigFloat.FromRational(lo, p, RoundingMode.Down), BigFloat.FromRational(hi, p, RoundingMode.Up), p);
        var v1 = Num(o, "$.point.v1");
        var z1 = Box(v1 - 2 * r, v1 + 2 * r);
        var z2 = Box(Num(o, "$.point.v2.lower") - 2 * r, Num(o, "$.point.v2.upper") + 2 * r);
        if (!h.Smooth(z1) || !h.Smooth(z2)) return false;
        var u1 = Num(o, "$.point.u1");
        var u2 = Num(o, "$.point.u2");
        var w1 = Box(u1 - r, u1 + r);
        var w2 = Box(u2 - r, u2 + r);
        var a1 = w1 * h.D2(z1); var a2 = w2 * h.D2(z2);
        var b1 = w1 * h.D1(z1); var b2 = w2 * h.D1(z2);
        Interval I(int k) => Interval.FromRational(k, p);
        return (a1 / I(12) + b1.Square() / I(4)).IsPositive && (a2 / I(12) + b2.Square() / I(4)).IsPositive
            && (a1 * a2 / I(144) + (a1 * b2.Square() + a2 * b1.Square()) / I(48)).IsPositive;
    }

    /// <summary>The activations written again, independently of SmoothActivation (other algebraic forms).</summary>
    private sealed record OracleActivation(string Name, Rational Alpha, Rational Scale)
    {
        public static OracleActivation From(IReadOnlyDictionary<string, Leaf> o)
        {
            const string a = "$.claim.model.activation";
            var name = o[a + ".name"].Text;
            var alpha = o.ContainsKey(a + ".alpha") ? Num(o, a + ".alpha") : Rational.One;
            var scale = o.ContainsKey(a + ".scale") ? Num(o, a + ".scale") : Rational.One;
            return new OracleActivation(name, alpha, scale);
        }

        public bool Smooth(Interval x) => Name is not ("elu" or "selu") || !x.ContainsZero;

        /// <summary>All are strictly increasing on ℝ except swish, which is on (−1.27, ∞) (its minimum is at −1.2785).</summary>
        public bool StrictlyMonotoneOn(Rational lo, Rational hi) => Name != "swish" || lo > Rational.Parse("-1.27");

        private static Interval E(Interval x) => Interval.Exp(x);

        public Interval Value(Interval x)
        {
            int p = x.Precision;
            var one = Interval.One(p);
            return Name switch
            {
                "sigmoid" => E(x) / (one + E(x)),
                "tanh" => (E(x + x) - one) / (E(x + x) + one),
                "arctan" => Interval.Atan(x),
                "softplus" => Interval.Log(one + E(x)),
                "swish" => x * E(x) / (one + E(x)),
                _ => x.Lo.Sign >= 0 ? Interval.FromRational(Scale, p) * x
                    : x.Hi.Sign <= 0 ? Interval.FromRational(Scale * Alpha, p) * (E(x) - one)
                    : throw new ArgumentException("ELU value across 0"),
            };
        }

        public Interval D1(Interval x)
        {
            int p = x.Precision;
            var one = Interval.One(p);
            var en = E(-x);
            return Name switch
            {
                "sigmoid" => en / (one + en).Square(),
                "tanh" => Interval.FromRational(4, p) / (E(x) + en).Square(),
                "arctan" => one / (one + x.Square()),
                "softplus" => one / (one + en),
                "swish" => (one + en + x * en) / (one + en).Square(),
                _ => x.Lo.Sign > 0 ? Interval.FromRational(Scale, p) : Interval.FromRational(Scale * Alpha, p) * E(x),
            };
        }

        public Interval D2(Interval x)
        {
            int p = x.Precision;
            var one = Interval.One(p);
            var two = Interval.FromRational(2, p);
            var en = E(-x);
            return Name switch
            {
                "sigmoid" => en * (en - one) / (one + en).Pow(3),
                "tanh" => -two * (E(x + x) - one) / (E(x + x) + one) * Interval.FromRational(4, p) / (E(x) + en).Square(),
                "arctan" => -two * x / (one + x.Square()).Square(),
                "softplus" => en / (one + en).Square(),
                "swish" => en / (one + en).Square() * (two + x * (en - one) / (one + en)),
                _ => x.Lo.Sign > 0 ? Interval.Zero(p) : Interval.FromRational(Scale * Alpha, p) * E(x),
            };
        }
    }
}
