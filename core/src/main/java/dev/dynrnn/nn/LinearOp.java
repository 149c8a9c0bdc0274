package dev.dynrnn.nn;

import dev.dynrnn.kernels.Kernels;
import dev.dynrnn.kernels.Parallel;
import dev.dynrnn.tensor.Node;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * y = x W^T + b as one autograd node, as PyTorch's {@code addmm} (one product, no transposed
 * view of W, no separate bias node): a Linear layer called once per time step of a small model
 * records one node per call instead of three.
 *
 * <p>Shapes: x (*, in) viewed as M rows of {@code in}, W (out, in), b (out) or null; y (*, out).
 * Backward, with g = dL/dy as (M, out):
 * <pre>
 *   dx = g W          (M, in)
 *   dW = g^T x        (out, in)
 *   db = sum_rows g   (out), summed in double and rounded once
 * </pre>
 *
 * <p>The map is row by row, so the rows may be taken in any order: when x is a permutation of a
 * contiguous tensor with its features innermost (a recurrent layer's time-major output seen as
 * batch_first, say), its rows are read where they lie rather than copied, and dx is returned laid
 * out as x; only y (returned contiguous, as PyTorch's) and g are reordered, which are small when
 * out is (a regression head). The node takes PyTorch's name for what {@code F.linear} leaves on
 * its output.
 */
final class LinearOp {
    private LinearOp() {}

    static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D (out_features, in_features), got shape "
                    + Arrays.toString(weight.shape()));
        }
        int out = weight.size(0);
        int in = weight.size(1);
        if (input.dim() == 0 || input.size(-1) != in) {
            throw new IllegalArgumentException("linear: mat1 and mat2 shapes cannot be multiplied ("
                    + (input.dim() == 0 ? "scalar" : input.numel() / Math.max(1, input.size(-1)) + "x" + input.size(-1))
                    + " and " + in + "x" + out + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException("linear: bias must have shape [" + out + "], got "
                    + Arrays.toString(bias.shape()));
        }
        // x's dims in the order its rows lie in storage (null: as given, x being contiguous, the
        // common case, which so makes no permutation), and x seen in that order.
        int[] order = input.isContiguous() ? null : rowOrder(input);
        boolean inOrder = isIdentity(order);
        Tensor rowsOfX = order == null ? input : inOrder ? input.detach().contiguous() : input.detach().permute(order);
        int rows = leadingRows(input);
        int m = rows;
        float[] x = rowsOfX.storage();
        int xOff = rowsOfX.storageOffset();
        float[] w = rowMajor(weight);
        int wOff = weight.isContiguous() ? weight.storageOffset() : 0;
        // y (M, out) in x's storage order. Tensor.empty is zero-filled (a new array, or one lent by
        // a TensorScope): beta = 1 adds into it where beta = 0 would clear it once more.
        int[] yShape = rowsOfX.shape();   // x's storage order, features -> out
        yShape[yShape.length - 1] = out;
        Tensor yStored = Tensor.empty(yShape);
        float[] y = yStored.storage();
        if (isOneRow(rows, in, out)) {   // y = W x   (out)
            Kernels.get().gemv(false, out, in, 1f, w, wOff, in, x, xOff, 1f, y, 0);
        } else {
            Parallel.gemm(Kernels.get(), false, true, rows, out, in, 1f, x, xOff, Math.max(in, 1), w, wOff,
                    Math.max(in, 1), 1f, y, 0, Math.max(out, 1));
        }
        if (bias != null) {
            float[] b = rowMajor(bias);
            int bOff = bias.isContiguous() ? bias.storageOffset() : 0;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    y[r * out + j] += b[bOff + j];
                }
            }
        }
        // y is returned contiguous, as PyTorch's; only the (small) output is reordered.
        Tensor result = inOrder ? yStored : inDimOrder(yStored, order).contiguous();
        return Tensor.customOp(result, nodeName(input.dim(), bias != null), (Node.PureBackward) g -> {
            Tensor gRows = (inOrder ? g : g.permute(order)).contiguous();   // (M, out) in x's storage order
            float[] grad = gRows.storage();
            int gOff = gRows.storageOffset();
            Tensor dx = null;
            if (input.requiresGrad()) {       // dx = g W   (M, in)
                float[] dxa = Tensor.gradientStorage(m * in);
                if (isOneRow(m, in, out)) {   // dx = W^T g   (in)
                    Kernels.get().gemv(true, out, in, 1f, w, wOff, in, grad, gOff, 1f, dxa, 0);
                } else {
                    Parallel.gemm(Kernels.get(), false, false, m, in, out, 1f, grad, gOff, Math.max(out, 1), w, wOff,
                            Math.max(in, 1), 1f, dxa, 0, Math.max(in, 1));
                }
                dx = gradientInDimOrder(dxa, yShape, in, order);
            }
            Tensor dw = null;
            if (weight.requiresGrad()) {      // dW = g^T x   (out, in)
                float[] dwa = Tensor.gradientStorage(out * in);
                if (isOneRow(m, in, out) && out == 1) {   // dW = g x   (1, in): the gemm's m is 1 too
                    Kernels.get().gemv(true, 1, in, 1f, x, xOff, in, grad, gOff, 1f, dwa, 0);
                } else {
                    Parallel.gemm(Kernels.get(), true, false, out, in, m, 1f, grad, gOff, Math.max(out, 1), x, xOff,
                            Math.max(in, 1), 1f, dwa, 0, Math.max(in, 1));
                }
                dw = Tensor.wrapGradient(dwa, out, in);   // new, returned once: adoptable
            }
            Tensor db = null;
            if (bias != null && bias.requiresGrad()) {
                double[] sums = new double[out];
                for (int r = 0; r < m; r++) {
                    for (int j = 0; j < out; j++) {
                        sums[j] += grad[gOff + r * out + j];
                    }
                }
                float[] dba = new float[out];
                for (int j = 0; j < out; j++) {
                    dba[j] = (float) sums[j];
                }
                db = Tensor.wrapGradient(dba, out);
            }
            return new Tensor[] {dx, dw, db};
        }, input, weight, bias);
    }

    /**
     * Whether y and dx are matrix-vector products: one row of x (a head called once per time
     * step), no empty dim; dW is one too for a single output feature. The gemm takes its
     * one-row path to the same gemv then (each element's products summed in the same order, so
     * the same bits); calling the gemv skips the gemm's checks and dispatch, up to three times
     * per call of such a head.
     */
    private static boolean isOneRow(int rows, int in, int out) {
        return rows == 1 && in > 0 && out > 0;
    }

    /**
     * The order of x's dims in which it is contiguous: as given for a contiguous x, else by
     * {@link #storageOrder} when that makes it contiguous, else as given (x is then copied).
     */
    private static int[] rowOrder(Tensor x) {
        if (!x.isContiguous()) {
            int[] byStride = storageOrder(x);
            if (x.detach().permute(byStride).isContiguous()) {
                return byStride;
            }
        }
        return identity(x.dim());
    }

    /**
     * The dims of x ordered by decreasing stride, the last dim (the features) last: the order in
     * which a permutation of a contiguous tensor lies in storage.
     */
    private static int[] storageOrder(Tensor x) {
        int rank = x.dim();
        int[] strides = x.stride();
        int[] order = identity(rank);
        // a stable insertion sort of the leading dims (a handful), equal strides keeping their order
        for (int i = 1; i < rank - 1; i++) {
            int d = order[i];
            int j = i - 1;
            for (; j >= 0 && strides[order[j]] < strides[d]; j--) {
                order[j + 1] = order[j];
            }
            order[j + 1] = d;
        }
        return order;
    }

    private static int[] identity(int rank) {
        int[] order = new int[rank];
        for (int d = 0; d < rank; d++) {
            order[d] = d;
        }
        return order;
    }

    /** Whether {@code order} keeps every dim in place (null: the caller's order). */
    private static boolean isIdentity(int[] order) {
        if (order == null) {
            return true;
        }
        for (int d = 0; d < order.length; d++) {
            if (order[d] != d) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gradient rows laid out in storage order (the shape {@code storageShape}, x's or y's, with
     * its last dim set to {@code features}), as a view in the caller's dim order.
     */
    private static Tensor gradientInDimOrder(float[] rows, int[] storageShape, int features, int[] order) {
        int[] shape = storageShape.clone();
        shape[shape.length - 1] = features;
        if (isIdentity(order)) {
            // a gradient's rows are new and handed out once: the engine may adopt them
            return Tensor.wrapGradient(rows, shape);
        }
        return inDimOrder(Tensor.wrap(rows, shape), order);
    }

    /** {@code stored}, whose dims are x's in {@code order}, seen with x's dims in their own order. */
    private static Tensor inDimOrder(Tensor stored, int[] order) {
        int[] inverse = new int[order.length];
        for (int d = 0; d < order.length; d++) {
            inverse[order[d]] = d;
        }
        return stored.permute(inverse);
    }

    /** M: the product of every dim but the last. */
    private static int leadingRows(Tensor input) {
        int rows = 1;
        for (int d = 0; d < input.dim() - 1; d++) {
            rows *= input.size(d);
        }
        return rows;
    }

    /** The storage itself when contiguous (read from storageOffset), else a row-major copy. */
    private static float[] rowMajor(Tensor t) {
        return t.isContiguous() ? t.storage() : t.toArray();
    }

    /** PyTorch 1.13's grad_fn of {@code F.linear}: addmm for a matrix, matmul and add otherwise. */
    private static String nodeName(int rank, boolean bias) {
        if (rank == 2) {
            return bias ? "AddmmBackward0" : "MmBackward0";
        }
        if (rank == 1) {
            return bias ? "AddBackward0" : "SqueezeBackward3";
        }
        return bias ? "ViewBackward0" : "UnsafeViewBackward0";
    }
}
