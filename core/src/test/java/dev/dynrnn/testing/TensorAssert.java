package dev.dynrnn.testing;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/** Assertions on tensors that print the largest difference, as llm.c's tests do. */
public final class TensorAssert {
    private TensorAssert() {}

    /**
     * Asserts equal shapes and {@code |actual - expected| <= atol + rtol * |expected|} for every
     * element (NaN equals NaN only where expected is NaN; an infinity equals the same infinity).
     */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + Arrays.toString(actual.shape()) + ", expected "
                    + Arrays.toString(expected.shape()));
        }
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        int worst = -1;
        double worstExcess = 0;
        double maxDifference = 0;
        for (int i = 0; i < e.length; i++) {
            if ((Float.isNaN(e[i]) && Float.isNaN(a[i])) || e[i] == a[i]) {
                continue;
            }
            double difference = Math.abs((double) e[i] - a[i]);
            double excess = difference - (atol + rtol * Math.abs(e[i]));
            maxDifference = Math.max(maxDifference, Double.isNaN(difference) ? Double.POSITIVE_INFINITY : difference);
            if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Double.isNaN(excess))) {
                worst = i;
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": element " + worst + " is " + a[worst] + ", expected " + e[worst]
                    + " (max abs difference " + maxDifference + ", rtol " + rtol + ", atol " + atol + ")");
        }
    }

    /** {@link #assertClose(Tensor, Tensor, double, double, String)} with rtol = atol = {@code tolerance}. */
    public static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertClose(expected, actual, tolerance, tolerance, what);
    }
}
