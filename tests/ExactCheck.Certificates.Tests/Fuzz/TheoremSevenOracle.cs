using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates.Tests.Fuzz;

/// <summary>
/// The oracle for kind "yun-sra-jadbabaie/smooth-local-minimum". A VERIFIED mutant may (b) shrink the radius, or
/// (c) change anything else only if the oracle re-derives the mutant's whole claim with its own formulas for h, h′, h″
/// (other algebraic forms than SmoothActivation) at 512 bits: the data, the root enclosures (sign change, and strict
/// monotonicity of h from the activation's known shape), C7.6–C7.7, the local-minimum box and C7.2. Everything else
/// is a finding.
/// </summary>
public static partial class TruthOracle
{
    private static (TruthCategory, string) YunSmooth(CorpusEntry original, Dictionary<string, Leaf> m,
                                                     List<string> changed, List<string> missing, List<string> extra)
    {
        if (missing.Count > 0 || extra.Count > 0) return (TruthCategory.Finding, $"VERIFIED with fields added or removed: {Describe(changed, missing, extra)}");
        var o = original.Flat;
        if (changed.All(p => p == "$.bounds.localMinimumRadius") && Num(m, "$.bounds.localMinimumRadius") < Num(o, "$.bounds.localMinimumRadius"))
            return (TruthCategory.Weakening, $"radius shrunk to {Show(Num(m, "$.bounds.localMinimumRadius"))}");
        // Anything else (an enclosure moved, a parameter changed — e.g. a digit deep inside SELU's u₂ = 5·10⁶¹/8.79…·10⁶¹
        // moves the root by ~1e-50, inside the 1e-40 enclosure, so the changed claim is true): re-derive the mutant's
        // whole claim with the oracle's own formulas at twice the precision.
        string? why;
        try { why = ReDeriveSmooth(m); }
        catch (Exception e) when (e is ArgumentException or ArithmeticException or InvalidOperationException) { why = e.Message; }
        return why is null
            ? (TruthCategory.Implied, $"re-derived by the oracle: {Describe(changed, missing, extra)}")
            : (TruthCategory.Finding, $"VERIFIED, but the oracle's own derivation fails ({why}): {Describe(changed, missing, extra)}");
    }

    /// <summary>Null when the mutant's claim holds by the oracle's own derivation (proofs/yun-sra-jadbabaie/theorem7.md).</summary>
    private static string? ReDeriveSmooth(IReadOnlyDictionary<string, Leaf> m)
    {
        const int p = 512;
        var h = OracleActivation.From(m);
        if (h.Name is "elu" or "selu" && (h.Alpha.Sign <= 0 || h.Scale.Sign <= 0)) return "activation parameters";
        Rational[] xs = [1, 0, 0, 1, new Rational(1, 2), new Rational(1, 2)];
        Rational[] ys = [0, 0, 1];
        for (int i = 0; i < 3; i++)
            if (Num(m, $"$.claim.model.inputs[{i}][0]") != xs[2 * i] || Num(m, $"$.claim.model.inputs[{i}][1]") != xs[2 * i + 1] || Num(m, $"$.claim.model.targets[{i}]") != ys[i])
                return "data";
        if (Num(m, "$.bounds.risk") != new Rational(1, 3)) return "risk";
        Interval I(Rational q) => Interval.FromRational(q, p);
        Interval Box(Rational lo, Rational hi) => new(BigFloat.FromRational(lo, p, RoundingMode.Down), BigFloat.FromRational(hi, p, RoundingMode.Up), p);
        var v1 = Num(m, "$.point.v1");
        var u1 = Num(m, "$.point.u1");
        var u2 = Num(m, "$.point.u2");
        var (l2, r2) = (Num(m, "$.point.v2.lower"), Num(m, "$.point.v2.upper"));
        if (!(l2 < r2) || !h.Smooth(I(v1)) || !h.Smooth(Box(l2, r2))) return "v₂ enclosure";
        var c3 = I(u1) * h.Value(I(v1)) - I(new Rational(1, 3));
        if (OracleSign(c3 + I(u2) * h.Value(I(l2))) * OracleSign(c3 + I(u2) * h.Value(I(r2))) >= 0 || u2.IsZero || !h.StrictlyMonotoneOn(l2, r2)) return "C7.3 root";
        // The claim is about the root itself: evaluate the conditions on the oracle's own tight enclosure of it.
        (l2, r2) = Tighten(v => c3 + I(u2) * h.Value(v), l2, r2, p);
        var v2 = Box(l2, r2);
        var a = I(u1) * h.D1(I(v1)); var c = I(u1) * h.D2(I(v1)) / I(3);
        var b = I(u2) * h.D1(v2); var d = I(u2) * h.D2(v2) / I(3);
        // (a² + c)(b² + d) − (ab)² = a²d + b²c + cd: the product form repeats a and b and is too wide on a widened enclosure.
        if (!(a.Square() + c).IsPositive || !(a.Square() * d + b.Square() * c + c * d).IsPositive) return "C7.6/C7.7";
        var r = Num(m, "$.bounds.localMinimumRadius");
        if (r.Sign <= 0 || !LocalMinimumOnBox(m, h, r, p, (l2, r2))) return "local-minimum box";
        const string f = "$.bounds.perfectFit";
        var (f1, f2, f3) = (Num(m, f + ".v1"), Num(m, f + ".v2"), Num(m, f + ".v3"));
        var (l4, r4) = (Num(m, f + ".v4.lower"), Num(m, f + ".v4.upper"));
        if (!(l4 < r4) || !h.Smooth(Box(l4, r4)) || !h.Smooth(I(f1)) || !h.Smooth(I(f2)) || !h.Smooth(I(f3))) return "v′₄ enclosure";
        var h1 = h.Value(I(f1));
        var h23 = h.Value(I(f2)) * h.Value(I(f3));
        if (OracleSign(h1 * h.Value(I(l4)) - h23) * OracleSign(h1 * h.Value(I(r4)) - h23) >= 0 || h1.ContainsZero || !h.StrictlyMonotoneOn(l4, r4)) return "C7.1 root";
        (l4, r4) = Tighten(v => h1 * h.Value(v) - h23, l4, r4, p);
        var mid = (f1 + f2) / 2;
        if (!h.Smooth(I(mid)) || !h.Smooth((I(f3) + Box(l4, r4)) / I(2))) return "C7.2 domain";
        var c72 = h1 * h.Value((I(f3) + Box(l4, r4)) / I(2)) - h.Value(I(f3)) * h.Value(I(mid));
        return c72.ContainsZero ? "C7.2" : null;
    }

    /// <summary>Bisection inside a bracket with a strict sign change, down to where the sign of g is undecided.</summary>
    private static (Rational, Rational) Tighten(Func<Interval, Interval> g, Rational lo, Rational hi, int p)
    {
        int sLo = OracleSign(g(Interval.FromRational(lo, p)));
        for (int i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            int s = OracleSign(g(Interval.FromRational(mid, p)));
            if (s == 0) break;
            if (s == sLo) lo = mid; else hi = mid;
        }
        return (lo, hi);
    }

    private static int OracleSign(Interval x) => x.IsPositive ? 1 : x.IsNegative ? -1 : 0;

    /// <summary>ℓ ≥ 1/3 on the box of radius r: the 2×2 form of proofs/yun-sra-jadbabaie/theorem7.md, own formulas.</summary>
    private static bool LocalMinimumOnBox(IReadOnlyDictionary<string, Leaf> o, OracleActivation h, Rational r, int p, (Rational Lo, Rational Hi) v2)
    {
        Interval Box(Rational lo, Rational hi) => new(BigFloat.FromRational(lo, p, RoundingMode.Down), BigFloat.FromRational(hi, p, RoundingMode.Up), p);
        var v1 = Num(o, "$.point.v1");
        var z1 = Box(v1 - 2 * r, v1 + 2 * r);
        var z2 = Box(v2.Lo - 2 * r, v2.Hi + 2 * r);
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
        public bool StrictlyMonotoneOn(Rational lo, Rational hi) =>
            Name switch { "swish" => lo > Rational.Parse("-1.27"), "gelu" => lo > Rational.Parse("-0.75"), _ => true };   // GELU's minimum is at −0.7518

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
                "gelu" => x * (one + Interval.Erf(x * Interval.FromRational(2, p).Sqrt() / Interval.FromRational(2, p))) / Interval.FromRational(2, p),
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
                "gelu" => (one + Interval.Erf(x * Interval.FromRational(2, p).Sqrt() / Interval.FromRational(2, p))) / Interval.FromRational(2, p)
                          + x * E(-x.Square() / Interval.FromRational(2, p)) / (Interval.FromRational(2, p) * Interval.Pi(p)).Sqrt(),
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
                "gelu" => (two - x.Square()) * E(-x.Square() / two) / (two * Interval.Pi(p)).Sqrt(),
                _ => x.Lo.Sign > 0 ? Interval.Zero(p) : Interval.FromRational(Scale * Alpha, p) * E(x),
            };
        }
    }
}
