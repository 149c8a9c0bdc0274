package dev.dynrnn.optim;

import java.util.Arrays;

/**
 * {@code StrictMath.pow(base, exponent)} remembered for a few bases, each over a run of
 * consecutive exponents: at step t every parameter of an Adam group needs β1^t and β2^t for its
 * bias corrections, the same two powers, and the next step needs those of t + 1. The values are
 * those of {@code StrictMath.pow} itself, so results do not depend on what was remembered.
 *
 * <p>Why runs: computed one at a time, once per step between the rest of a training iteration,
 * a pow took about as long as Adam's update of 1,000 elements (a sixth of Adam's step on the
 * RNN(1,32) benchmark); {@value #RUN} of them in a row take a fraction of that each. And a power
 * that underflows by far is zero without {@code StrictMath.pow}: β1^t for β1 = 0.9 from
 * t ≈ 7,600 on.
 */
final class Powers {
    private static final int BASES = 4;
    /** Exponents computed together, from the one asked for on. */
    private static final int RUN = 32;
    private final double[] bases = new double[BASES];
    private final long[] firstExponents = new long[BASES];
    private final double[][] values = new double[BASES][RUN];
    private int next;

    Powers() {
        Arrays.fill(firstExponents, Long.MIN_VALUE);   // no entry
    }

    /** {@code StrictMath.pow(base, exponent)}. */
    double pow(double base, long exponent) {
        for (int i = 0; i < BASES; i++) {
            long offset = exponent - firstExponents[i];
            // bases compared by bits: NaN finds itself, and 0.0 and -0.0 stay apart
            if (offset >= 0 && offset < RUN && Double.doubleToRawLongBits(bases[i]) == Double.doubleToRawLongBits(base)) {
                return values[i][(int) offset];
            }
        }
        int entry = next;
        next = (next + 1) % BASES;
        bases[entry] = base;
        firstExponents[entry] = exponent;
        for (int k = 0; k < RUN; k++) {
            values[entry][k] = strictPow(base, exponent + k);
        }
        return values[entry][0];
    }

    /**
     * {@code StrictMath.pow(base, exponent)}, zero without computing it when b^t &lt; e⁻⁸⁰⁰ &lt;
     * 2⁻¹¹⁵⁴ for 0 &lt; b &lt; 1: fdlibm's pow (StrictMath's) then finds t·log2(b) &lt; −1075, far
     * past the error of either logarithm, and returns +0.
     */
    private static double strictPow(double base, long exponent) {
        return base > 0 && base < 1 && exponent * Math.log(base) < -800 ? 0.0 : StrictMath.pow(base, exponent);
    }
}
