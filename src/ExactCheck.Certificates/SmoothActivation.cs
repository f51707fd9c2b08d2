using System.Text.Json;
using ExactCheck.Arithmetic;

namespace ExactCheck.Certificates;

/// <summary>
/// A scalar activation h with interval enclosures of h, h′ and h″ valid on every interval where h is twice
/// continuously differentiable (<see cref="SmoothOn"/>). Each enclosure is an interval expression in the kernel's
/// outward-rounded operations (Interval.cs, Interval.Elementary.cs), so it contains the exact image of the whole
/// input interval; the formulas for h′ and h″ are derived and checked against finite differences in
/// proofs/yun-sra-jadbabaie/theorem7.md [yun.thm7.activations].
/// </summary>
public sealed record SmoothActivation(string Name, Rational Alpha, Rational Scale)
{
    /// <summary>The names the certificate format accepts (docs/certificate-format.md).</summary>
    public static readonly string[] Names = ["sigmoid", "tanh", "arctan", "elu", "selu", "softplus", "swish", "gelu"];

    public static SmoothActivation Simple(string name) => new(name, Rational.One, Rational.One);

    /// <summary>ELU with parameter α (λ = 1) and SELU with α, λ: h(x) = λx (x ≥ 0), λα(eˣ − 1) (x &lt; 0).</summary>
    public static SmoothActivation Elu(Rational alpha) => new("elu", alpha, Rational.One);

    public static SmoothActivation Selu(Rational alpha, Rational scale) => new("selu", alpha, scale);

    private bool Exponential => Name is "elu" or "selu";

    /// <summary>Parameter conditions of the activation (α &gt; 0, λ &gt; 0 for ELU/SELU); null when they hold.</summary>
    public string? ParameterFailure() =>
        !Exponential ? null
        : Alpha.Sign <= 0 ? $"α = {Alpha} ≤ 0"
        : Scale.Sign <= 0 ? $"λ = {Scale} ≤ 0"
        : null;

    /// <summary>
    /// Null when h is real analytic (so C^∞, and C² in particular) on an open set containing [lo, hi]; otherwise why
    /// not. Every activation here is analytic on ℝ except ELU/SELU, which are analytic on ℝ \ {0}. [yun.thm7.analytic]
    /// </summary>
    public string? SmoothOn(Rational lo, Rational hi)
    {
        if (!Exponential) return null;
        return lo.Sign > 0 || hi.Sign < 0 ? null
            : $"[{BoundCheck.Show(lo, RoundingMode.Down)}, {BoundCheck.Show(hi, RoundingMode.Up)}] contains 0, where {Name} is not twice differentiable";
    }

    /// <summary>Encloses {h(x) : x ∈ X}.</summary>
    public Interval Value(Interval x)
    {
        int p = x.Precision;
        switch (Name)
        {
            case "sigmoid": return Sigmoid(x);
            case "tanh": return Interval.Tanh(x);
            case "arctan": return Interval.Atan(x);
            case "softplus": return Interval.Log(Interval.One(p) + Interval.Exp(x));   // log(1 + eˣ), 1 + eˣ > 1
            case "swish": return x * Sigmoid(x);
            case "gelu": return x * Phi(x);                                              // x·Φ(x)
            case "elu":
            case "selu":
            {
                // h is continuous and strictly increasing on ℝ for α, λ > 0: h(X) = [h(lo), h(hi)], each end enclosed
                // by its own branch (outward), so the hull is outward too. [yun.thm7.activations]
                var a = ExpBranchOrLinear(Interval.Point(x.Lo, p));
                var b = ExpBranchOrLinear(Interval.Point(x.Hi, p));
                return new Interval(a.Lo, b.Hi, p);
            }
            default: throw new ArgumentException($"unknown activation {Name}");
        }
    }

    /// <summary>Encloses {h′(x) : x ∈ X}; needs h twice differentiable on X (throws otherwise, for ELU/SELU).</summary>
    public Interval FirstDerivative(Interval x)
    {
        int p = x.Precision;
        var one = Interval.One(p);
        switch (Name)
        {
            case "sigmoid": { var s = Sigmoid(x); return s * (one - s); }                          // s(1 − s)
            case "tanh": { var t = Interval.Tanh(x); return one - t.Square(); }                      // 1 − t²
            case "arctan": return one / (one + x.Square());                                        // 1/(1 + x²)
            case "softplus": return Sigmoid(x);                                                    // s
            case "swish": { var s = Sigmoid(x); return s + x * s * (one - s); }                    // s + x s(1 − s)
            case "gelu": return Phi(x) + x * SmallPhi(x);                                          // Φ + xφ
            case "elu":
            case "selu":
                RequireSmooth(x);
                return x.Lo.Sign > 0 ? Interval.FromRational(Scale, p) : LambdaAlpha(p) * Interval.Exp(x);   // λ or λαeˣ
            default: throw new ArgumentException($"unknown activation {Name}");
        }
    }

    /// <summary>Encloses {h″(x) : x ∈ X}; needs h twice differentiable on X (throws otherwise, for ELU/SELU).</summary>
    public Interval SecondDerivative(Interval x)
    {
        int p = x.Precision;
        var one = Interval.One(p);
        var two = Interval.FromRational(2, p);
        switch (Name)
        {
            case "sigmoid": { var s = Sigmoid(x); return s * (one - s) * (one - two * s); }        // s(1 − s)(1 − 2s)
            case "tanh": { var t = Interval.Tanh(x); return -two * t * (one - t.Square()); }        // −2t(1 − t²)
            case "arctan": { var q = one + x.Square(); return -two * x / q.Square(); }             // −2x/(1 + x²)²
            case "softplus": { var s = Sigmoid(x); return s * (one - s); }                         // s(1 − s)
            case "swish": { var s = Sigmoid(x); return s * (one - s) * (two + x * (one - two * s)); } // s(1 − s)(2 + x(1 − 2s))
            case "gelu": return SmallPhi(x) * (two - x.Square());                                  // φ(2 − x²)
            case "elu":
            case "selu":
                RequireSmooth(x);
                return x.Lo.Sign > 0 ? Interval.Zero(p) : LambdaAlpha(p) * Interval.Exp(x);      // 0 or λαeˣ
            default: throw new ArgumentException($"unknown activation {Name}");
        }
    }

    /// <summary>σ(X) = 1/(1 + e^(−X)): each operation outward, 1 + e^(−X) ≥ 1 &gt; 0.</summary>
    private static Interval Sigmoid(Interval x) => Interval.One(x.Precision) / (Interval.One(x.Precision) + Interval.Exp(-x));

    /// <summary>Φ(X) = (1 + erf(X/√2))/2, the standard normal distribution function (kernel erf, outward).</summary>
    private static Interval Phi(Interval x)
    {
        int p = x.Precision;
        return Interval.ScaleB(Interval.One(p) + Interval.Erf(x / Interval.FromRational(2, p).Sqrt()), -1);
    }

    /// <summary>φ(X) = e^(−X²/2)/√(2π), the standard normal density.</summary>
    private static Interval SmallPhi(Interval x)
    {
        int p = x.Precision;
        return Interval.Exp(-Interval.ScaleB(x.Square(), -1)) / Interval.ScaleB(Interval.Pi(p), 1).Sqrt();
    }

    private Interval LambdaAlpha(int p) => Interval.FromRational(Scale * Alpha, p);

    /// <summary>h at a point interval of ELU/SELU: λx for x ≥ 0, λα(eˣ − 1) for x &lt; 0 (both give 0 at 0).</summary>
    private Interval ExpBranchOrLinear(Interval point)
    {
        int p = point.Precision;
        return point.Lo.Sign >= 0
            ? Interval.FromRational(Scale, p) * point
            : LambdaAlpha(p) * (Interval.Exp(point) - Interval.One(p));
    }

    private void RequireSmooth(Interval x)
    {
        if (!(x.Lo.Sign > 0 || x.Hi.Sign < 0))
            throw new ArgumentException($"{Name}′ and {Name}″ need an interval without 0, got {x.ToDecimalString(10)}");
    }

    // ------------------------------------------------------------------ reading and writing

    public static SmoothActivation Parse(JsonElement e, string path)
    {
        Json.Object(e, path, "name", "alpha", "scale");
        var name = Json.String(Json.Required(e, "name", path), $"{path}.name");
        if (!Names.Contains(name)) throw new MalformedException($"{path}.name", $"unknown activation \"{name}\"; expected one of {string.Join(", ", Names)}");
        bool hasAlpha = Json.Optional(e, "alpha") is not null, hasScale = Json.Optional(e, "scale") is not null;
        switch (name)
        {
            case "elu":
                if (hasScale) throw new MalformedException($"{path}.scale", "elu has no scale (λ = 1); use \"selu\"");
                return Elu(Json.Number(Json.Required(e, "alpha", path), $"{path}.alpha"));
            case "selu":
                return Selu(Json.Number(Json.Required(e, "alpha", path), $"{path}.alpha"), Json.Number(Json.Required(e, "scale", path), $"{path}.scale"));
            default:
                if (hasAlpha) throw new MalformedException($"{path}.alpha", $"{name} has no parameters");
                if (hasScale) throw new MalformedException($"{path}.scale", $"{name} has no parameters");
                return Simple(name);
        }
    }

    public void Write(Utf8JsonWriter w, string property)
    {
        w.WriteStartObject(property);
        w.WriteString("name", Name);
        if (Exponential) w.WriteString("alpha", Alpha.ToCanonicalString());
        if (Name == "selu") w.WriteString("scale", Scale.ToCanonicalString());
        w.WriteEndObject();
    }

    public override string ToString() => Name switch
    {
        "elu" => $"elu(α = {Alpha})",
        "selu" => $"selu(α = {Alpha}, λ = {Scale})",
        _ => Name,
    };
}
