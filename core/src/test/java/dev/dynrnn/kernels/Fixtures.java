package dev.dynrnn.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Shared inputs and comparisons for the kernel tests. */
final class Fixtures {
    private Fixtures() {}

    /** Unit roundoff of float: 2^-24. */
    static final double U = 0x1p-24;

    /** Sizes around vector widths (4, 8, 16 lanes) and the unrolled loops (4 vectors). */
    static final int[] SIZES = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 100, 1000, 1031, 4133};

    /** Values where float maps go wrong if they go wrong anywhere. */
    static final float[] SPECIAL = {
        0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE,
        88.72f, 88.73f, -87.3f, -103.9f, -104.5f, 0.5f, 0.55f, -0.55f, 0.5499999f, 9.1f, -9.1f, 20f, -20f,
        1e-8f, -1e-8f, 0.70710677f, 1.4142135f, 2f, 3f, 0.1f
    };

    /** n uniform values in [lo, hi). */
    static float[] uniform(Random random, int n, float lo, float hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * random.nextFloat();
        return x;
    }

    /** n values of all magnitudes and signs, with the SPECIAL values mixed in. */
    static float[] wide(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(4)) {
                case 0:
                    x[i] = SPECIAL[random.nextInt(SPECIAL.length)];
                    break;
                case 1:
                    x[i] = Float.intBitsToFloat(random.nextInt()); // any float, NaNs included
                    break;
                case 2:
                    x[i] = (float) random.nextGaussian() * 3f;
                    break;
                default:
                    x[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
            }
        }
        return x;
    }

    /** x copied into a larger array at offset off, with garbage (NaN) around it. */
    static float[] embed(float[] x, int off) {
        float[] y = new float[off + x.length + 5];
        java.util.Arrays.fill(y, Float.NaN);
        System.arraycopy(x, 0, y, off, x.length);
        return y;
    }

    /** Float steps between got and want measured in ulp(want); 0 for matching NaN/inf. */
    static double ulps(float got, float want) {
        if (Float.isNaN(want) || Float.isNaN(got)) return Float.isNaN(got) == Float.isNaN(want) ? 0 : Double.POSITIVE_INFINITY;
        if (Float.isInfinite(want) || Float.isInfinite(got)) return got == want ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs((double) got - (double) want) / Math.ulp(want);
    }

    static void assertUlps(String what, float[] want, int wantOff, float[] got, int gotOff, int n,
                           float[] input, int inputOff, double maxUlps) {
        for (int i = 0; i < n; i++) {
            float g = got[gotOff + i], w = want[wantOff + i];
            if (ulps(g, w) > maxUlps) {
                fail(String.format("%s: element %d of %d: input %s (%s) gave %s, want %s (%.2f ulp, allowed %.1f)",
                        what, i, n, input[inputOff + i], Float.toHexString(input[inputOff + i]), g, w,
                        ulps(g, w), maxUlps));
            }
        }
    }

    /** Bit-for-bit equality (NaNs compared as NaN, zeros by sign). */
    static void assertSameBits(String what, float[] want, int wantOff, float[] got, int gotOff, int n) {
        for (int i = 0; i < n; i++) {
            float g = got[gotOff + i], w = want[wantOff + i];
            boolean same = Float.isNaN(g) ? Float.isNaN(w) : Float.floatToIntBits(g) == Float.floatToIntBits(w);
            if (!same) fail(what + ": element " + i + " of " + n + " is " + g + ", want " + w);
        }
    }
}
