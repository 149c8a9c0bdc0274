package dev.dynrnn.nn;

import dev.dynrnn.tensor.Node;
import dev.dynrnn.tensor.Tensor;

/**
 * Softmax and log-softmax along one dim, each a single op with its own backward (composing them
 * from exp, sum and log would overflow for large inputs and record five nodes instead of one).
 *
 * <p>The input is viewed as (outer, size, inner), size being the softmax dim; every
 * (outer, inner) pair is one independent row of {@code size} values.
 */
final class SoftmaxOps {
    private SoftmaxOps() {}

    /**
     * y_k = x_k - m - ln sum_j e^(x_j - m), m = max_j x_j (shifting by m keeps e^ from overflowing);
     * dL/dx_k = g_k - e^(y_k) sum_j g_j.
     */
    static Tensor logSoftmax(Tensor x, int dim) {
        Rows rows = Rows.of("log_softmax", x, dim);
        float[] in = x.toArray();
        float[] out = new float[in.length];
        for (int o = 0; o < rows.outer; o++) {
            for (int i = 0; i < rows.inner; i++) {
                int base = o * rows.size * rows.inner + i;
                float max = rowMax(in, base, rows);
                double sum = 0;
                for (int k = 0; k < rows.size; k++) {
                    sum += Math.exp(in[base + k * rows.inner] - max);
                }
                float logSum = (float) Math.log(sum);
                for (int k = 0; k < rows.size; k++) {
                    int at = base + k * rows.inner;
                    out[at] = in[at] - max - logSum;
                }
            }
        }
        Tensor y = Tensor.wrap(out, x.shape());
        return Tensor.customOp(y, "LogSoftmaxBackward0", (Node.PureBackward) g -> {
            float[] grad = g.toArray();
            float[] dx = new float[grad.length];
            for (int o = 0; o < rows.outer; o++) {
                for (int i = 0; i < rows.inner; i++) {
                    int base = o * rows.size * rows.inner + i;
                    double gradSum = 0;
                    for (int k = 0; k < rows.size; k++) {
                        gradSum += grad[base + k * rows.inner];
                    }
                    for (int k = 0; k < rows.size; k++) {
                        int at = base + k * rows.inner;
                        dx[at] = (float) (grad[at] - Math.exp(out[at]) * gradSum);
                    }
                }
            }
            return new Tensor[] {Tensor.wrap(dx, rows.shape)};
        }, x);
    }

    /** y_k = e^(x_k - m) / sum_j e^(x_j - m); dL/dx_k = y_k (g_k - sum_j g_j y_j). */
    static Tensor softmax(Tensor x, int dim) {
        Rows rows = Rows.of("softmax", x, dim);
        float[] in = x.toArray();
        float[] out = new float[in.length];
        for (int o = 0; o < rows.outer; o++) {
            for (int i = 0; i < rows.inner; i++) {
                int base = o * rows.size * rows.inner + i;
                float max = rowMax(in, base, rows);
                double sum = 0;
                for (int k = 0; k < rows.size; k++) {
                    sum += Math.exp(in[base + k * rows.inner] - max);
                }
                for (int k = 0; k < rows.size; k++) {
                    int at = base + k * rows.inner;
                    out[at] = (float) (Math.exp(in[at] - max) / sum);
                }
            }
        }
        Tensor y = Tensor.wrap(out, x.shape());
        return Tensor.customOp(y, "SoftmaxBackward0", (Node.PureBackward) g -> {
            float[] grad = g.toArray();
            float[] dx = new float[grad.length];
            for (int o = 0; o < rows.outer; o++) {
                for (int i = 0; i < rows.inner; i++) {
                    int base = o * rows.size * rows.inner + i;
                    double dot = 0;
                    for (int k = 0; k < rows.size; k++) {
                        int at = base + k * rows.inner;
                        dot += (double) grad[at] * out[at];
                    }
                    for (int k = 0; k < rows.size; k++) {
                        int at = base + k * rows.inner;
                        dx[at] = (float) (out[at] * (grad[at] - dot));
                    }
                }
            }
            return new Tensor[] {Tensor.wrap(dx, rows.shape)};
        }, x);
    }

    private static float rowMax(float[] in, int base, Rows rows) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < rows.size; k++) {
            float v = in[base + k * rows.inner];
            if (v > max || Float.isNaN(v)) {
                max = v;
            }
        }
        // A row of -inf has no finite maximum; shifting by 0 keeps the -inf - (-inf) NaN out.
        return Float.isInfinite(max) ? 0f : max;
    }

    /** The (outer, size, inner) view of a tensor around {@code dim}. */
    private record Rows(int[] shape, int outer, int size, int inner) {
        static Rows of(String op, Tensor x, int dim) {
            int rank = Math.max(x.dim(), 1);
            if (dim < -rank || dim >= rank) {
                throw new IndexOutOfBoundsException(op + ": dimension out of range (expected to be in range of ["
                        + -rank + ", " + (rank - 1) + "], but got " + dim + ")");
            }
            int[] shape = x.shape();
            if (shape.length == 0) {
                return new Rows(shape, 1, 1, 1);
            }
            int d = dim < 0 ? dim + rank : dim;
            int outer = 1;
            int inner = 1;
            for (int i = 0; i < d; i++) {
                outer *= shape[i];
            }
            for (int i = d + 1; i < shape.length; i++) {
                inner *= shape[i];
            }
            return new Rows(shape, outer, shape[d], inner);
        }
    }
}
