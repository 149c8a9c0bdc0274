package dev.dynrnn.optim;

/**
 * {@code StrictMath.pow(base, exponent)} remembered for the last few (base, exponent) pairs: at
 * step t every parameter of an Adam group needs β1^t and β2^t for its bias corrections, the same
 * two powers, which {@code StrictMath.pow} would compute again for each. The values are those of
 * {@code StrictMath.pow} itself, so results do not depend on what was remembered.
 */
final class Powers {
    private static final int SIZE = 4;
    private final double[] bases = new double[SIZE];
    private final long[] exponents = new long[SIZE];
    private final double[] values = new double[SIZE];
    private int next;

    Powers() {
        java.util.Arrays.fill(exponents, -1);   // no entry: exponents asked for are steps, at least 1
    }

    /** {@code StrictMath.pow(base, exponent)}. */
    double pow(double base, long exponent) {
        for (int i = 0; i < SIZE; i++) {
            // compared by bits: NaN finds itself, and 0.0 and -0.0 stay apart
            if (exponents[i] == exponent && Double.doubleToRawLongBits(bases[i]) == Double.doubleToRawLongBits(base)) {
                return values[i];
            }
        }
        double value = StrictMath.pow(base, exponent);
        bases[next] = base;
        exponents[next] = exponent;
        values[next] = value;
        next = (next + 1) % SIZE;
        return value;
    }
}
