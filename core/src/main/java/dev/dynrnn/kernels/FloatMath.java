package dev.dynrnn.kernels;

/**
 * Float transcendental functions built only from {@code +, -, *, /, fma} and bit manipulation,
 * so that {@link VectorMath} can evaluate exactly the same operations lane by lane.
 *
 * <p>Why not the Vector API's own {@code lanewise(EXP)} etc.: measured on AVX-512 (JDK 17 and
 * 25), its EXP intrinsic is fast (0.33 ns/element against 0.55 for ours; scalar
 * {@code Math.exp} takes 7-18) and within 1 ulp, but it is a different function from the Java
 * fallback the interpreter and C1 run ({@code (float) Math.exp(x)}), so an element's value could
 * change once the JIT compiles the loop, and it may change with the CPU or the JDK. We prefer
 * run-to-run determinism over that 1.7x. These functions give the same bits in every execution
 * mode, and the vector kernels use the scalar versions here for their tail elements, so an
 * element's result never depends on its position in the array.
 *
 * <p>Accuracy against {@code (float) Math.f((double) x)}, by {@code FloatMathAccuracy} in the
 * tests: exp and log within 1 ulp over all 2^32 floats; tanh within 1 ulp and sigmoid within
 * 2 ulp over every 97th bit pattern (44 million floats, all binades). Subnormal inputs and
 * results, infinities and NaN are handled.
 */
final class FloatMath {
    private FloatMath() {}

    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split for Cody-Waite reduction: LN2_HI is the float nearest ln 2, LN2_LO the rest. */
    static final float LN2_HI = 0.693147182464599609375f;
    static final float LN2_LO = -1.904654323148236e-09f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
    static final float ROUND_MAGIC = 12582912f;
    static final int ROUND_MAGIC_BITS = 0x4B400000;
    /** exp's argument is clamped here; beyond, the result is already 0 or +inf. */
    static final float EXP_MIN = -104f;
    static final float EXP_MAX = 89f;
    /** exp(r) - 1 - r = r^2 * P(r) on |r| <= ln2/2; near-minimax fit, relative error 3e-9. */
    static final float EXP_P0 = 0.4999999345169129f;
    static final float EXP_P1 = 0.16666520689750383f;
    static final float EXP_P2 = 0.0416683873647095f;
    static final float EXP_P3 = 0.00836870983181973f;
    static final float EXP_P4 = 0.0013814613092522f;

    /** Below this |x|, tanh uses its odd polynomial; above, 1 - 2/(exp(2|x|)+1) (then >= 0.5). */
    static final float TANH_SMALL = 0.55f;
    /** tanh(x) = x + x^3 * T(x^2) on |x| <= 0.55; near-minimax fit, relative error 1e-9. */
    static final float TANH_T0 = -0.33333317559678727f;
    static final float TANH_T1 = 0.13332586138883776f;
    static final float TANH_T2 = -0.05385230995983609f;
    static final float TANH_T3 = 0.02107167927953235f;
    static final float TANH_T4 = -0.00627423985988133f;

    /** Bits of sqrt(1/2): log reduces x = 2^k * m with m in [sqrt(1/2), sqrt(2)). */
    static final int LOG_SQRT_HALF_BITS = 0x3f3504f3;
    /** log(1+f) = 2 atanh(s), s = f/(2+f); (2 atanh(s) - 2s)/s = z*L(z), z = s^2 (fit, 5e-12). */
    static final float LOG_L0 = 0.6666666564864553f;
    static final float LOG_L1 = 0.4000033453465893f;
    static final float LOG_L2 = 0.2853734695948793f;
    static final float LOG_L3 = 0.23581472338274867f;
    static final float TWO_POW_23 = 8388608f;

    /** e^x. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float z = Math.fma(xc, LOG2E, ROUND_MAGIC);
        int n = Float.floatToRawIntBits(z) - ROUND_MAGIC_BITS;
        float nf = z - ROUND_MAGIC;
        float r = Math.fma(-nf, LN2_HI, xc);
        r = Math.fma(-nf, LN2_LO, r);
        float p = Math.fma(EXP_P4, r, EXP_P3);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P1);
        p = Math.fma(p, r, EXP_P0);
        float em1 = Math.fma(p, r * r, r);
        float y = em1 + 1f;
        // 2^n in two factors so each stays a normal float even when the result is subnormal.
        int n1 = n >> 1;
        int n2 = n - n1;
        return y * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /** Natural logarithm: NaN for x < 0, -inf for 0, +inf for +inf. */
    static float log(float x) {
        boolean subnormal = x < Float.MIN_NORMAL;
        float xs = subnormal ? x * TWO_POW_23 : x;
        int bits = Float.floatToRawIntBits(xs);
        int t = bits - LOG_SQRT_HALF_BITS;
        int k = t >> 23;
        float m = Float.intBitsToFloat(bits - (k << 23));
        float kf = (float) (subnormal ? k - 23 : k);
        float f = m - 1f;
        float s = f / (2f + f);
        float z = s * s;
        float l = Math.fma(LOG_L3, z, LOG_L2);
        l = Math.fma(l, z, LOG_L1);
        l = Math.fma(l, z, LOG_L0);
        float r = l * z;
        float hfsq = 0.5f * f * f;
        float y = Math.fma(kf, LN2_HI, f - (hfsq - Math.fma(s, hfsq + r, kf * LN2_LO)));
        return special(x, y);
    }

    /** The special cases of log, applied after the fact (so vector code can blend them). */
    private static float special(float x, float y) {
        if (x == 0f) return Float.NEGATIVE_INFINITY;
        if (!(x >= 0f)) return Float.NaN;
        if (x == Float.POSITIVE_INFINITY) return x;
        return y;
    }

    /** Hyperbolic tangent. */
    static float tanh(float x) {
        float a = Math.abs(x);
        float large = 1f - 2f / (exp(2f * a) + 1f);
        large = x < 0f ? -large : large;
        float x2 = x * x;
        float p = Math.fma(TANH_T4, x2, TANH_T3);
        p = Math.fma(p, x2, TANH_T2);
        p = Math.fma(p, x2, TANH_T1);
        p = Math.fma(p, x2, TANH_T0);
        float small = Math.fma(p * x2, x, x);
        return a < TANH_SMALL ? small : large;
    }

    /** Logistic sigmoid 1/(1+e^-x), computed as e^x/(1+e^x) for x < 0 to keep tiny results accurate. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float num = x < 0f ? e : 1f;
        return num / (1f + e);
    }
}
