using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace ExactCheck.Arithmetic.Tests.Oracle;

/// <summary>
/// Test-only P/Invoke binding to GNU MPFR (libmpfr.so.6), used as an independent
/// oracle for our own big-float kernel. All conversions are exact: inputs are passed
/// to MPFR as a hexadecimal string with a binary exponent (read at a precision large
/// enough to hold the mantissa, with the ternary value checked to be 0), and results
/// are read back as a base-2 digit string with exactly as many digits as the output
/// precision. No <see cref="double"/> is involved anywhere.
/// </summary>
public static class Mpfr
{
    private const string Lib = "libmpfr.so.6";

    /// <summary>The message used when the native library cannot be loaded.</summary>
    public const string NotFoundMessage = "GNU MPFR (libmpfr.so.6) not found: apt-get install libmpfr6";

    /// <summary>MPFR rounding modes (values of MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD).</summary>
    public enum MpfrRound
    {
        Nearest = 0,
        TowardZero = 1,
        Up = 2,
        Down = 3,
    }

    // sizeof(__mpfr_struct) on x86_64 Linux:
    // { long _mpfr_prec; int _mpfr_sign; /* 4 bytes padding */ long _mpfr_exp; mp_limb_t* _mpfr_d; }
    private const int MpfrStructSize = 32;

    // Extra bits of precision given to the input variable beyond the mantissa's bit length.
    private const long InputPrecisionMargin = 8;

    private static readonly Lazy<bool> s_available = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    // If the library was built without thread-local storage, its global state (exponent
    // range, constant caches) is shared, so serialize every call.
    private static readonly Lazy<bool> s_threadSafe = new(() => mpfr_buildopt_tls_p() != 0);
    private static readonly object s_gate = new();

    [ThreadStatic]
    private static bool t_rangeWidened;

    /// <summary>True when libmpfr.so.6 can be loaded and has a usable version (4.x).</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>The version string reported by the loaded MPFR library.</summary>
    public static string Version
    {
        get
        {
            EnsureAvailable();
            return Marshal.PtrToStringAnsi(mpfr_get_version()) ?? "?";
        }
    }

    /// <summary>
    /// Evaluates <paramref name="function"/> at the exact dyadic rational
    /// <paramref name="mantissa"/>·2^<paramref name="exponent"/>, correctly rounded to
    /// <paramref name="precision"/> bits in direction <paramref name="round"/>.
    /// The result is returned exactly as Mantissa·2^Exponent with trailing zero bits
    /// stripped from the mantissa (zero is (0, 0)).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown function, bad precision, an input that is
    /// not representable in MPFR's exponent range, or a NaN/infinite result.</exception>
    public static (BigInteger Mantissa, long Exponent) Eval(
        string function, BigInteger mantissa, long exponent, int precision, MpfrRound round)
    {
        ArgumentNullException.ThrowIfNull(function);
        Func<IntPtr, IntPtr, int, int> f = function switch
        {
            "exp" => mpfr_exp,
            "log" => mpfr_log,
            "sin" => mpfr_sin,
            "cos" => mpfr_cos,
            "tan" => mpfr_tan,
            "atan" => mpfr_atan,
            "asin" => mpfr_asin,
            "acos" => mpfr_acos,
            "tanh" => mpfr_tanh,
            "erf" => mpfr_erf,
            "sqrt" => mpfr_sqrt,
            "expm1" => mpfr_expm1,
            "log1p" => mpfr_log1p,
            _ => throw new ArgumentException($"Unknown MPFR function '{function}'.", nameof(function)),
        };
        CheckPrecision(precision);
        CheckRound(round);
        EnsureAvailable();

        return Run(() =>
        {
            long bits = mantissa.IsZero ? 1 : (long)BigInteger.Abs(mantissa).GetBitLength();
            using var op = new Var(bits + InputPrecisionMargin);
            using var rop = new Var(precision);
            SetExact(op.Ptr, mantissa, exponent);
            f(rop.Ptr, op.Ptr, (int)round);
            CheckFinite(rop.Ptr, () => $"{function}({mantissa}*2^{exponent}) at {precision} bits, {round}");
            return GetExact(rop.Ptr, precision);
        });
    }

    /// <summary>π correctly rounded to <paramref name="precision"/> bits in direction <paramref name="round"/>.</summary>
    public static (BigInteger Mantissa, long Exponent) Pi(int precision, MpfrRound round)
    {
        CheckPrecision(precision);
        CheckRound(round);
        EnsureAvailable();

        return Run(() =>
        {
            using var rop = new Var(precision);
            mpfr_const_pi(rop.Ptr, (int)round);
            CheckFinite(rop.Ptr, () => $"pi at {precision} bits, {round}");
            return GetExact(rop.Ptr, precision);
        });
    }

    // ---------------------------------------------------------------- internals

    private static bool Probe()
    {
        if (!NativeLibrary.TryLoad(Lib, typeof(Mpfr).Assembly, null, out _))
        {
            return false;
        }

        try
        {
            string? v = Marshal.PtrToStringAnsi(mpfr_get_version());
            // MPFR >= 4: MPFR_PREC_MIN == 1, mpfr_t layout as above, and 'p' exponents in base 16.
            int dot = v?.IndexOf('.', StringComparison.Ordinal) ?? -1;
            return dot > 0
                && int.TryParse(v.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int major)
                && major >= 4;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    private static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new DllNotFoundException(NotFoundMessage);
        }
    }

    private static void CheckPrecision(int precision)
    {
        // MPFR aborts the process on an invalid precision, so validate here.
        if (precision < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "MPFR precision must be at least 1 bit.");
        }
    }

    private static void CheckRound(MpfrRound round)
    {
        if (!Enum.IsDefined(round))
        {
            throw new ArgumentOutOfRangeException(nameof(round), round, "Unknown rounding mode.");
        }
    }

    private static T Run<T>(Func<T> body)
    {
        if (s_threadSafe.Value)
        {
            WidenExponentRange();
            return body();
        }

        lock (s_gate)
        {
            WidenExponentRange();
            return body();
        }
    }

    // The exponent range is per thread in a TLS build of MPFR, so widen it once per thread.
    private static void WidenExponentRange()
    {
        if (t_rangeWidened && s_threadSafe.Value)
        {
            return;
        }

        if (mpfr_set_emin(mpfr_get_emin_min()) != 0 || mpfr_set_emax(mpfr_get_emax_max()) != 0)
        {
            throw new InvalidOperationException("mpfr_set_emin/mpfr_set_emax failed.");
        }

        t_rangeWidened = true;
    }

    /// <summary>Sets <paramref name="rop"/> to exactly m·2^e, or throws.</summary>
    private static void SetExact(IntPtr rop, BigInteger m, long e)
    {
        // "[-]HEXp<decimal binary exponent>", e.g. "-0ffp-3000" == -255·2^-3000.
        var sb = new StringBuilder();
        if (m.Sign < 0)
        {
            sb.Append('-');
        }

        sb.Append(BigInteger.Abs(m).ToString("x", CultureInfo.InvariantCulture));
        sb.Append('p');
        sb.Append(e.ToString(CultureInfo.InvariantCulture));
        string s = sb.ToString();

        IntPtr str = Marshal.StringToHGlobalAnsi(s);
        try
        {
            int ternary = mpfr_strtofr(rop, str, out IntPtr end, 16, (int)MpfrRound.Nearest);
            long consumed = end.ToInt64() - str.ToInt64();
            if (consumed != s.Length)
            {
                throw new ArgumentException($"MPFR did not parse the whole input '{Abbrev(s)}' (consumed {consumed} of {s.Length} chars).");
            }

            if (ternary != 0 || mpfr_nan_p(rop) != 0 || mpfr_inf_p(rop) != 0 || (mpfr_zero_p(rop) != 0) != m.IsZero)
            {
                throw new ArgumentException($"Input {Abbrev(m.ToString(CultureInfo.InvariantCulture))}*2^{e} is not exactly representable in MPFR (ternary {ternary}); exponent out of range?");
            }
        }
        finally
        {
            Marshal.FreeHGlobal(str);
        }
    }

    /// <summary>Reads <paramref name="op"/> (precision <paramref name="precision"/>) exactly.</summary>
    private static (BigInteger Mantissa, long Exponent) GetExact(IntPtr op, int precision)
    {
        if (mpfr_zero_p(op) != 0)
        {
            return (BigInteger.Zero, 0);
        }

        // With n >= precision base-2 digits the string is exact: value = ±0.d1d2...dn · 2^exp.
        // (n is kept >= 2 because older MPFR versions reject n == 1.)
        int n = Math.Max(precision, 2);
        IntPtr str = mpfr_get_str(IntPtr.Zero, out long exp, 2, (nuint)n, op, (int)MpfrRound.Nearest);
        if (str == IntPtr.Zero)
        {
            throw new InvalidOperationException("mpfr_get_str failed.");
        }

        string s;
        try
        {
            s = Marshal.PtrToStringAnsi(str) ?? throw new InvalidOperationException("mpfr_get_str returned null.");
        }
        finally
        {
            mpfr_free_str(str);
        }

        bool negative = s.Length > 0 && s[0] == '-';
        int start = negative ? 1 : 0;
        int digits = s.Length - start;
        if (digits != n)
        {
            throw new InvalidOperationException($"mpfr_get_str returned {digits} digits, expected {n}: '{Abbrev(s)}'.");
        }

        // Pack the binary digits (most significant first) into a little-endian byte array.
        var bytes = new byte[(digits + 7) / 8];
        for (int i = 0; i < digits; i++)
        {
            char c = s[start + i];
            if (c == '1')
            {
                int bit = digits - 1 - i;
                bytes[bit >> 3] |= (byte)(1 << (bit & 7));
            }
            else if (c != '0')
            {
                throw new InvalidOperationException($"Unexpected character '{c}' from mpfr_get_str: '{Abbrev(s)}'.");
            }
        }

        var mant = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        long e2 = exp - digits;
        if (mant.IsZero)
        {
            return (BigInteger.Zero, 0);
        }

        long tz = (long)BigInteger.TrailingZeroCount(mant);
        mant >>= (int)tz;
        e2 += tz;
        return (negative ? -mant : mant, e2);
    }

    private static void CheckFinite(IntPtr rop, Func<string> describe)
    {
        if (mpfr_nan_p(rop) != 0)
        {
            throw new ArgumentException($"MPFR result is NaN: {Abbrev(describe())}.");
        }

        if (mpfr_inf_p(rop) != 0)
        {
            throw new ArgumentException($"MPFR result is infinite: {Abbrev(describe())}.");
        }
    }

    private static string Abbrev(string s) => s.Length <= 200 ? s : string.Concat(s.AsSpan(0, 90), "…", s.AsSpan(s.Length - 90));

    /// <summary>An initialized mpfr_t in unmanaged memory; Dispose clears and frees it.</summary>
    private sealed class Var : IDisposable
    {
        public IntPtr Ptr { get; private set; }

        public Var(long precision)
        {
            Ptr = Marshal.AllocHGlobal(MpfrStructSize);
            try
            {
                mpfr_init2(Ptr, precision);
            }
            catch
            {
                Marshal.FreeHGlobal(Ptr);
                Ptr = IntPtr.Zero;
                throw;
            }
        }

        public void Dispose()
        {
            if (Ptr != IntPtr.Zero)
            {
                try
                {
                    mpfr_clear(Ptr);
                }
                finally
                {
                    Marshal.FreeHGlobal(Ptr);
                    Ptr = IntPtr.Zero;
                }
            }
        }
    }

    // ---------------------------------------------------------------- P/Invoke
    // mpfr_prec_t and mpfr_exp_t are 'long' (64-bit on x86_64 Linux); mpfr_rnd_t is an int-sized enum.

    [DllImport(Lib)] private static extern IntPtr mpfr_get_version();
    [DllImport(Lib)] private static extern int mpfr_buildopt_tls_p();
    [DllImport(Lib)] private static extern long mpfr_get_emin_min();
    [DllImport(Lib)] private static extern long mpfr_get_emax_max();
    [DllImport(Lib)] private static extern int mpfr_set_emin(long e);
    [DllImport(Lib)] private static extern int mpfr_set_emax(long e);

    [DllImport(Lib)] private static extern void mpfr_init2(IntPtr x, long prec);
    [DllImport(Lib)] private static extern void mpfr_clear(IntPtr x);

    [DllImport(Lib)] private static extern int mpfr_strtofr(IntPtr rop, IntPtr nptr, out IntPtr endptr, int @base, int rnd);
    [DllImport(Lib)] private static extern IntPtr mpfr_get_str(IntPtr str, out long expptr, int @base, nuint n, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern void mpfr_free_str(IntPtr str);

    [DllImport(Lib)] private static extern int mpfr_nan_p(IntPtr op);
    [DllImport(Lib)] private static extern int mpfr_inf_p(IntPtr op);
    [DllImport(Lib)] private static extern int mpfr_zero_p(IntPtr op);

    [DllImport(Lib)] private static extern int mpfr_const_pi(IntPtr rop, int rnd);
    [DllImport(Lib)] private static extern int mpfr_exp(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_log(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_sin(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_cos(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_tan(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_atan(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_asin(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_acos(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_tanh(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_erf(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_sqrt(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_expm1(IntPtr rop, IntPtr op, int rnd);
    [DllImport(Lib)] private static extern int mpfr_log1p(IntPtr rop, IntPtr op, int rnd);
}
