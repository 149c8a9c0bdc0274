package dev.dynrnn.random;

/**
 * One lane of {@code log256_ps} and {@code sincos256_ps} from PyTorch's
 * {@code aten/src/ATen/native/cpu/avx_mathfun.h} (Cephes single-precision polynomials, after
 * Julien Pommier's {@code sse_mathfun.h}), which {@code torch.randn} uses for tensors of 16 or more
 * floats on x86-64 CPUs with AVX2.
 *
 * <p>These are not accurate library functions (a few ulp off), but reproducing PyTorch bit for bit
 * needs exactly these roundings. Every operation is float. PyTorch's AVX2 kernels are compiled
 * with {@code -mfma}, and GCC then fuses an intrinsic multiply into a following add when that add
 * is the multiply's only use ({@code -ffp-contract=fast}); in a chain such as
 * {@code y*z - z*0.5} it fuses the first multiply in program order. The {@link Math#fma} calls
 * below follow that rule. It was inferred (not read from a disassembly) by matching 320,000
 * outputs of PyTorch 1.13's {@code normal_} on AVX2 exactly, where unfused arithmetic misses
 * about 1% in the last bit, and the tests check two million more. Where the product is exact
 * ({@code j * DP1}, {@code j * DP2}, {@code e * Q2}, {@code z * 0.5}) fusing cannot change the
 * result; {@code j * DP3} is inexact only for octant 6, and fusing it there changes the result
 * with a probability far too small to observe, so those fusions follow the rule unverified.
 *
 * <p>Valid for the arguments the normal sampler gives: {@link #log} for {@code x} in
 * {@code (0, 1]}, {@link #sin} and {@link #cos} for {@code |x| < 8192}.
 */
final class AvxMathFun {
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float LOG_Q1 = -2.12194440e-4f;
    private static final float LOG_Q2 = 0.693359375f;
    private static final float[] LOG_P = {
        7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f,
        1.4249322787E-1f, -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f,
        3.3333331174E-1f,
    };
    private static final int MIN_NORMAL_BITS = 0x00800000;
    private static final int EXPONENT_MASK = 0x7f800000;

    private static final float FOUR_OVER_PI = 1.27323954473516f;
    /** pi/4 split in three floats so that {@code x - j*pi/4} loses almost nothing (Cody-Waite). */
    private static final float MINUS_DP1 = -0.78515625f;
    private static final float MINUS_DP2 = -2.4187564849853515625e-4f;
    private static final float MINUS_DP3 = -3.77489497744594108e-8f;
    private static final float SIN_P0 = -1.9515295891E-4f;
    private static final float SIN_P1 = 8.3321608736E-3f;
    private static final float SIN_P2 = -1.6666654611E-1f;
    private static final float COS_P0 = 2.443315711809948E-005f;
    private static final float COS_P1 = -1.388731625493765E-003f;
    private static final float COS_P2 = 4.166664568298827E-002f;

    private AvxMathFun() {}

    /**
     * {@code log256_ps}: writes {@code x = m * 2^e} with {@code m} in {@code [sqrt(1/2), sqrt(2))},
     * then {@code log x = e*ln2 + f - f^2/2 + f^3 P(f)} with {@code f = m - 1}, and {@code ln2}
     * split as {@code Q2 + Q1}. Returns NaN for {@code x <= 0}, as PyTorch does.
     */
    static float log(float x) {
        if (!(x > 0f)) {
            return Float.NaN;
        }
        int bits = Float.floatToRawIntBits(Math.max(x, Float.intBitsToFloat(MIN_NORMAL_BITS)));
        // mantissa with the exponent of 0.5, so m in [0.5, 1) and x = m * 2^(e)
        float m = Float.intBitsToFloat((bits & ~EXPONENT_MASK) | Float.floatToRawIntBits(0.5f));
        float e = (float) ((bits >>> 23) - 0x7f) + 1f;
        float f;
        if (m < SQRT_HALF) {
            e = e - 1f;
            f = (m - 1f) + m;
        } else {
            f = m - 1f;
        }
        float f2 = f * f;
        float y = LOG_P[0];
        for (int i = 1; i < LOG_P.length; i++) {
            y = Math.fma(y, f, LOG_P[i]);
        }
        y = y * f;
        y = Math.fma(y, f2, e * LOG_Q1);
        y = Math.fma(-f2, 0.5f, y);
        return Math.fma(e, LOG_Q2, f + y);
    }

    /** The sine half of {@code sincos256_ps}: octant reduction, then a Cephes polynomial. */
    static float sin(float x) {
        float ax = Math.abs(x);
        int octant = octant(ax);
        float r = reduce(ax, octant);
        float value = (octant & 2) == 0 ? sinPolynomial(r) : cosPolynomial(r);
        boolean negative = (Float.floatToRawIntBits(x) < 0) ^ ((octant & 4) != 0);
        return negative ? -value : value;
    }

    /** The cosine half of {@code sincos256_ps}; same reduction as {@link #sin}. */
    static float cos(float x) {
        float ax = Math.abs(x);
        int octant = octant(ax);
        float r = reduce(ax, octant);
        float value = (octant & 2) == 0 ? cosPolynomial(r) : sinPolynomial(r);
        boolean negative = ((octant - 2) & 4) == 0;
        return negative ? -value : value;
    }

    /** {@code j = (trunc(|x| * 4/pi) + 1) & ~1}: the even octant whose centre is nearest. */
    private static int octant(float ax) {
        return ((int) (ax * FOUR_OVER_PI) + 1) & ~1;
    }

    /** {@code |x| - j*pi/4} in three fused steps (extended-precision modular arithmetic). */
    private static float reduce(float ax, int octant) {
        float j = (float) octant;
        float r = Math.fma(j, MINUS_DP1, ax);
        r = Math.fma(j, MINUS_DP2, r);
        return Math.fma(j, MINUS_DP3, r);
    }

    /** {@code cos r ~ 1 - r^2/2 + r^4 (C0 r^4 + C1 r^2 + C2)} for {@code |r| <= pi/4}. */
    private static float cosPolynomial(float r) {
        float z = r * r;
        float y = Math.fma(COS_P0, z, COS_P1);
        y = Math.fma(y, z, COS_P2);
        y = y * z;
        y = Math.fma(y, z, -(z * 0.5f));
        return y + 1f;
    }

    /** {@code sin r ~ r + r^3 (S0 r^4 + S1 r^2 + S2)} for {@code |r| <= pi/4}. */
    private static float sinPolynomial(float r) {
        float z = r * r;
        float y = Math.fma(SIN_P0, z, SIN_P1);
        y = Math.fma(y, z, SIN_P2);
        y = y * z;
        return Math.fma(y, r, r);
    }
}
