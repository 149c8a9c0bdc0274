package dev.dynrnn.app.demo;

/**
 * The three NumPy functions the seed program uses on float32 data, reproduced bit for bit so the
 * demo feeds the model exactly the numbers the seed does: {@code np.linspace(start, end, n,
 * dtype=np.float32)}, {@code np.sin} and {@code np.cos}.
 *
 * <p>{@code np.sin} of a float32 array is not {@code (float) Math.sin(x)}: NumPy 1.22+ has its own
 * float32 kernel (Cody-Waite reduction by pi/2 in three float parts, then minimax polynomials on
 * [-pi/4, pi/4], every multiply-add fused), which is within 1.5 ulp but differs from the
 * correctly rounded value by one ulp for about one input in six. That is the kernel NumPy runs on
 * x86-64 with AVX2 and FMA3 or with AVX512F, and on ARM64 and POWER, for |x| up to 117435.992
 * (sin) or 71476.0625 (cos); beyond, and on CPUs without fused multiply-add, NumPy calls the C
 * library's sinf/cosf, which this class approximates with the correctly rounded value. The seed
 * stays far below those bounds (t at most 180 pi, about 565).
 *
 * <p>The last ulp matters to the demo's agreement with PyTorch: fed {@code (float) Math.sin}
 * instead, seed 7's losses end up 1.3e-4 away from PyTorch's (5e-5 with these), because the
 * training amplifies any difference in its inputs as it does rounding differences in its ops.
 */
public final class Numpy {
    private Numpy() {}

    private static final float TWO_OVER_PI = 0x1.45f306p-1f;
    // -pi/2 split into three floats: the first two exact, the third the remainder.
    private static final float PIO2_HIGH = -0x1.921fb0p+00f;
    private static final float PIO2_MED = -0x1.5110b4p-22f;
    private static final float PIO2_LOW = -0x1.846988p-48f;
    // Adding and subtracting 1.5 * 2^23 rounds a float to the nearest integer (ties to even).
    private static final float RINT_MAGIC = 0x1.800000p+23f;
    private static final float SIN_LIMIT = 117435.992f;
    private static final float COS_LIMIT = 71476.0625f;

    /**
     * {@code np.linspace(start, end, num, dtype=np.float32)}: {@code start + i * step} with
     * {@code step = (end - start) / (num - 1)}, in double, the last value exactly {@code end},
     * then rounded to float.
     *
     * @throws IllegalArgumentException if {@code num} is negative
     */
    public static float[] linspace(double start, double end, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("Number of samples, " + num + ", must be non-negative.");
        }
        float[] out = new float[num];
        if (num == 0) {
            return out;
        }
        double delta = end - start;
        int div = num - 1;
        double step = div > 0 ? delta / div : Double.NaN;
        for (int i = 0; i < num; i++) {
            double value;
            if (div == 0) {
                value = start;                       // NumPy: 0 * delta + start
            } else if (step == 0) {
                value = (double) i / div * delta + start;
            } else {
                value = i * step + start;
            }
            out[i] = (float) value;
        }
        if (num > 1) {
            out[num - 1] = (float) end;
        }
        return out;
    }

    /** {@code np.sin} of each value, as NumPy's float32 kernel computes it. */
    public static float[] sin(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = sin(x[i]);
        }
        return out;
    }

    /** {@code np.cos} of each value, as NumPy's float32 kernel computes it. */
    public static float[] cos(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = cos(x[i]);
        }
        return out;
    }

    /** {@code np.sin(np.float32(x))}. */
    public static float sin(float x) {
        if (Float.isNaN(x)) {
            return Float.NaN;
        }
        if (!(Math.abs(x) <= SIN_LIMIT)) {
            return (float) Math.sin(x);
        }
        return sinCos(x, 0);
    }

    /** {@code np.cos(np.float32(x))}. */
    public static float cos(float x) {
        if (Float.isNaN(x)) {
            return Float.NaN;
        }
        if (!(Math.abs(x) <= COS_LIMIT)) {
            return (float) Math.cos(x);
        }
        return sinCos(x, 1);
    }

    /**
     * sin(x + shift * pi/2): reduce x to r in [-pi/4, pi/4] with x = r + q pi/2, then take
     * +-sin(r) or +-cos(r) by the quadrant q + shift.
     */
    private static float sinCos(float x, int shift) {
        float quadrant = x * TWO_OVER_PI;
        quadrant = (quadrant + RINT_MAGIC) - RINT_MAGIC;
        float r = Math.fma(quadrant, PIO2_HIGH, x);
        r = Math.fma(quadrant, PIO2_MED, r);
        r = Math.fma(quadrant, PIO2_LOW, r);
        float r2 = r * r;
        int q = (int) quadrant + shift;
        float value = (q & 1) == 0 ? sinPoly(r, r2) : cosPoly(r2);
        // 0 - value rather than -value, as NumPy negates: a zero result comes out +0, never -0
        return (q & 2) == 2 ? 0f - value : value;
    }

    /** cos r on [-pi/4, pi/4] from r^2 (max 0.875 ulp). */
    private static float cosPoly(float r2) {
        float p = Math.fma(0x1.98e616p-16f, r2, -0x1.6c06dcp-10f);
        p = Math.fma(p, r2, 0x1.55553cp-05f);
        p = Math.fma(p, r2, -0x1.000000p-01f);
        return Math.fma(p, r2, 0x1.000000p+00f);
    }

    /** sin r on [-pi/4, pi/4] (max 0.647 ulp). */
    private static float sinPoly(float r, float r2) {
        float p = Math.fma(0x1.7d3bbcp-19f, r2, -0x1.a06bbap-13f);
        p = Math.fma(p, r2, 0x1.11119ap-07f);
        p = Math.fma(p, r2, -0x1.555556p-03f);
        p = Math.fma(p, r2, 0f);
        return Math.fma(p, r, r);
    }
}
