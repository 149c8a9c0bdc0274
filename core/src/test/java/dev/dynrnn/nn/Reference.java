package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the fixtures of scripts/reference/nn_reference.py and compares with the task's tolerance. */
final class Reference {
    private Reference() {}

    /** The task's tolerance: within 1e-5 absolute or relative. */
    static final double TOLERANCE = 1e-5;

    /** A state dict stored under {@code path} (names with '/' for '.'), in file order. */
    static Map<String, Tensor> stateDict(Fixtures fixtures, String path) {
        Fixtures params = fixtures.child(path);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String key : params.keys()) {
            out.put(key.replace('/', '.'), params.tensor(key));
        }
        return out;
    }

    /** A fixture tensor as a fresh leaf that requires grad. */
    static Tensor leaf(Fixtures fixtures, String path) {
        return fixtures.tensor(path).requiresGrad(true);
    }

    /**
     * Asserts equal shapes and, for every element, |actual - expected| <= 1e-5 or
     * |actual - expected| <= 1e-5 |expected|.
     */
    static void assertMatches(Tensor expected, Tensor actual, String what) {
        if (actual == null) {
            throw new AssertionError(what + ": missing (null), expected shape " + java.util.Arrays.toString(expected.shape()));
        }
        if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + java.util.Arrays.toString(actual.shape()) + ", expected "
                    + java.util.Arrays.toString(expected.shape()));
        }
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            double difference = Math.abs((double) e[i] - a[i]);
            if (!(difference <= Math.max(TOLERANCE, TOLERANCE * Math.abs(e[i])))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]
                        + " (difference " + difference + ")");
            }
        }
    }
}
