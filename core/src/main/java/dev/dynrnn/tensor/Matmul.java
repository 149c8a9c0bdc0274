package dev.dynrnn.tensor;

import java.util.Arrays;

/**
 * Matrix products. {@link #matmul} follows {@code torch.matmul}'s rules by promoting 1-D operands
 * to matrices and removing the added dim afterwards; the core op multiplies the last two dims and
 * broadcasts the leading (batch) dims.
 */
final class Matmul {
    private Matmul() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, but got "
                    + a.dim() + "D and " + b.dim() + "D tensors");
        }
        boolean vectorA = a.dim() == 1;
        boolean vectorB = b.dim() == 1;
        Tensor out = batched(vectorA ? a.unsqueeze(0) : a, vectorB ? b.unsqueeze(-1) : b);
        if (vectorB) {
            out = out.squeeze(-1);
        }
        if (vectorA) {
            out = out.squeeze(vectorB ? -1 : -2);
        }
        return out;
    }

    /**
     * C[..., m, n] = sum_k A[..., m, k] B[..., k, n], batch dims broadcast.
     * dA = dC B^T and dB = A^T dC, each summed back over the batch dims it was broadcast along.
     */
    static Tensor batched(Tensor a, Tensor b) {
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        if (b.size(-2) != k) {
            throw new IllegalArgumentException("matmul: mat1 and mat2 shapes cannot be multiplied (" + matrixShape(a)
                    + " and " + matrixShape(b) + ")");
        }
        int[] aBatch = Arrays.copyOf(a.shape, a.dim() - 2);
        int[] bBatch = Arrays.copyOf(b.shape, b.dim() - 2);
        int[] batch = Shapes.broadcast("matmul", aBatch, bBatch);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out = new float[Shapes.numel(outShape)];
        if (b.dim() == 2 && a.dim() > 2) {
            // (..., m, k) x (k, n): one matrix product over all rows, no copies of b.
            Tensor rows = a.contiguous();
            Tensor flat = new Tensor(rows.data, new int[] {rows.numel() / Math.max(k, 1), k}, new int[] {k, 1}, rows.offset);
            multiply(flat, b, out, 0);
        } else if (batch.length == 0) {
            multiply(a, b, out, 0);
        } else {
            Tensor aFull = expandBatch(a, batch, m, k);
            Tensor bFull = expandBatch(b, batch, k, n);
            int count = Shapes.numel(batch);
            for (int i = 0; i < count; i++) {
                multiply(aFull.select(0, i), bFull.select(0, i), out, i * m * n);
            }
        }
        Tensor c = Tensor.wrap(out, outShape);
        int[] aShape = a.shape;
        int[] bShape = b.shape;
        return c.recordIfNeeded("MmBackward0", true, g -> new Tensor[] {
            a.requiresGrad() ? Reductions.sumToShape(batched(g, b.transpose(-1, -2)), aShape) : null,
            b.requiresGrad() ? Reductions.sumToShape(batched(a.transpose(-1, -2), g), bShape) : null,
        }, a, b);
    }

    private static Tensor expandBatch(Tensor x, int[] batch, int rows, int cols) {
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        Tensor expanded = x.detach().expand(shape);
        return expanded.reshape(Shapes.numel(batch), rows, cols);
    }

    /** out[outOffset..] = a (m x k) times b (k x n), using the operands' strides where a kernel can. */
    private static void multiply(Tensor a, Tensor b, float[] out, int outOffset) {
        int m = a.shape[0];
        int k = a.shape[1];
        int n = b.shape[1];
        MatrixOperand left = MatrixOperand.of(a);
        MatrixOperand right = MatrixOperand.of(b);
        Gemm.gemm(left.transposed, right.transposed, m, n, k, 1f, left.data, left.offset, left.leadingDim,
                right.data, right.offset, right.leadingDim, 0f, out, outOffset, n);
    }

    private static String matrixShape(Tensor x) {
        return x.size(-2) + "x" + x.size(-1);
    }

    /** A 2-D tensor as a BLAS operand: row-major, or row-major of its transpose, or copied. */
    private record MatrixOperand(float[] data, int offset, boolean transposed, int leadingDim) {
        static MatrixOperand of(Tensor x) {
            int rows = x.shape[0];
            int cols = x.shape[1];
            if (x.strides[1] == 1 && x.strides[0] >= Math.max(cols, 1)) {
                return new MatrixOperand(x.data, x.offset, false, x.strides[0]);
            }
            if (x.strides[0] == 1 && x.strides[1] >= Math.max(rows, 1)) {
                return new MatrixOperand(x.data, x.offset, true, x.strides[1]);
            }
            if (rows <= 1 || cols <= 1) {
                float[] copy = Strided.toContiguousArray(x);
                return new MatrixOperand(copy, 0, false, Math.max(cols, 1));
            }
            return new MatrixOperand(Strided.toContiguousArray(x), 0, false, cols);
        }
    }
}
