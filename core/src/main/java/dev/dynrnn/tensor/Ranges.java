package dev.dynrnn.tensor;

/**
 * The fill loops of {@code torch.arange} and {@code torch.linspace}, reproduced to the bit.
 *
 * <p>PyTorch 1.13's CPU kernels (AVX2 build) write the output in rounds of two 8-float vectors:
 * the first element of each vector is computed from its index, the other seven by adding
 * {@code j * step} to that first element; the {@code n % 16} elements left at the end are
 * computed one by one from their index. The two formulas round differently, so the same values
 * come out only when the same elements take the same path, which is what these loops do.
 * (PyTorch splits outputs longer than its grain size, 32768, across threads, and each thread
 * starts its own rounds; beyond that length even PyTorch's last bits depend on the thread count.)
 */
final class Ranges {
    private Ranges() {}

    /** Floats per AVX2 vector; the vectorised loop consumes two vectors per round. */
    private static final int VECTOR = 8;

    /**
     * {@code out[i] = start + i * step}, evaluated in double and rounded to float, as PyTorch's
     * arange (its accumulate type for float is double).
     */
    static float[] arange(double start, double step, int n) {
        float[] out = new float[n];
        int vectorised = n - n % (2 * VECTOR);
        for (int v = 0; v < vectorised; v += VECTOR) {
            float first = (float) (start + step * v);
            for (int j = 0; j < VECTOR; j++) {
                out[v + j] = (float) (first + j * step);
            }
        }
        for (int i = vectorised; i < n; i++) {
            out[i] = (float) (start + step * i);
        }
        return out;
    }

    /**
     * {@code steps >= 2} values from {@code start} to {@code end}, computed in float as PyTorch's
     * linspace: {@code step = (end - start) / (steps - 1)}; the first half counts up from start
     * ({@code start + step * i}), the second half down from end ({@code end - step * (steps - 1 - i)})
     * so both endpoints are exact. PyTorch's compiler fuses each of these into one multiply-add
     * (one rounding), hence {@link Math#fma}.
     */
    static float[] linspace(float start, float end, int steps) {
        float[] out = new float[steps];
        float step = (end - start) / (steps - 1);
        int half = steps / 2;
        int vectorised = steps - steps % (2 * VECTOR);
        for (int v = 0; v < vectorised; v += VECTOR) {
            float first = linspaceElement(start, end, step, steps, half, v);
            for (int j = 0; j < VECTOR; j++) {
                out[v + j] = first + j * step;
            }
        }
        for (int i = vectorised; i < steps; i++) {
            out[i] = linspaceElement(start, end, step, steps, half, i);
        }
        return out;
    }

    private static float linspaceElement(float start, float end, float step, int steps, int half, int i) {
        return i < half ? Math.fma(step, (float) i, start) : Math.fma(-step, (float) (steps - 1 - i), end);
    }
}
