package dev.dynrnn.tensor;

import dev.dynrnn.kernels.Kernels;
import java.util.Arrays;

/**
 * Matrix products. {@link #matmul} follows {@code torch.matmul}'s rules by promoting 1-D operands
 * to matrices and removing the added dim afterwards; the core op multiplies the last two dims and
 * broadcasts the leading (batch) dims.
 */
final class Matmul {
    private Matmul() {}

    /**
     * C = A B with {@code torch.matmul}'s rules. A 1-D A is a row (1, k) and a 1-D B a column
     * (k, 1), and the added dim is removed from C; leading (batch) dims broadcast. Recorded as one
     * node: dA = dC B^T and dB = A^T dC, each summed over the batch dims it was broadcast along and
     * reshaped back to the operand's own shape.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, but got "
                    + a.dim() + "D and " + b.dim() + "D tensors");
        }
        Tensor left = a.dim() == 1 ? a.detach().unsqueeze(0) : a.detach();     // (..., m, k)
        Tensor right = b.dim() == 1 ? b.detach().unsqueeze(-1) : b.detach();   // (..., k, n)
        if (left.size(-1) != right.size(-2)) {
            throw new IllegalArgumentException("matmul: mat1 and mat2 shapes cannot be multiplied (" + matrixShape(left)
                    + " and " + matrixShape(right) + ")" + (a.dim() == 2 && b.dim() == 2 ? ""
                    : " for inputs of shapes " + Shapes.format(a.shape) + " and " + Shapes.format(b.shape)));
        }
        Tensor product = batched(left, right, a, b);                             // (batch..., m, n)
        int[] productShape = product.shape;
        int[] shape = productShape;
        if (b.dim() == 1) {
            shape = Arrays.copyOf(shape, shape.length - 1);
        }
        if (a.dim() == 1) {
            shape = Views.remove(shape, shape.length - (b.dim() == 1 ? 1 : 2));
        }
        Tensor c = Tensor.wrap(product.data(), shape);
        int[] leftShape = left.shape;
        int[] rightShape = right.shape;
        return c.recordIfNeeded(nodeName(a.dim(), b.dim()), true, g -> {
            Tensor dProduct = g.reshape(productShape);
            return new Tensor[] {
                a.requiresGrad() ? Reductions.sumToShape(batched(dProduct, right.transpose(-1, -2), a, b), leftShape)
                        .reshape(a.shape) : null,
                b.requiresGrad() ? Reductions.sumToShape(batched(left.transpose(-1, -2), dProduct, a, b), rightShape)
                        .reshape(b.shape) : null,
            };
        }, a, b);
    }

    /**
     * PyTorch's name for the node that {@code matmul} leaves on its output, which depends on the
     * operands' ranks because PyTorch builds matmul from dot, mv, mm and bmm.
     */
    private static String nodeName(int rankA, int rankB) {
        if (rankA == 1 && rankB == 1) {
            return "DotBackward0";
        }
        if (rankA == 2 && rankB == 1) {
            return "MvBackward0";
        }
        if (rankA == 1 && rankB == 2) {
            return "SqueezeBackward3";
        }
        if (rankA == 2 && rankB == 2) {
            return "MmBackward0";
        }
        return rankA == 2 ? "CloneBackward0" : "UnsafeViewBackward0";
    }

    /**
     * C[..., m, n] = sum_k A[..., m, k] B[..., k, n] with the batch dims broadcast; no autograd.
     * {@code inputA}/{@code inputB} are the user's operands, named in errors.
     */
    private static Tensor batched(Tensor a, Tensor b, Tensor inputA, Tensor inputB) {
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        int[] aBatch = Arrays.copyOf(a.shape, a.dim() - 2);
        int[] bBatch = Arrays.copyOf(b.shape, b.dim() - 2);
        int[] batch = Shapes.broadcast("matmul: batch dimensions of shapes " + Shapes.format(inputA.shape) + " and "
                + Shapes.format(inputB.shape) + " do not broadcast", aBatch, bBatch);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out = new float[Shapes.numel(outShape)];
        if (b.dim() == 2 && a.dim() > 2) {
            // (..., m, k) x (k, n): one matrix product over all rows, no copies of b.
            Tensor rows = a.contiguous();
            Tensor flat = rows.viewOf(new int[] {rows.numel() / Math.max(k, 1), k}, new int[] {k, 1}, rows.offset);
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
        return Tensor.wrap(out, outShape);
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
        Kernels.get().gemm(left.transposed, right.transposed, m, n, k, 1f, left.data(), left.offset, left.leadingDim,
                right.data(), right.offset, right.leadingDim, 0f, out, outOffset, n);
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
                return new MatrixOperand(x.data(), x.offset, false, x.strides[0]);
            }
            if (x.strides[0] == 1 && x.strides[1] >= Math.max(rows, 1)) {
                return new MatrixOperand(x.data(), x.offset, true, x.strides[1]);
            }
            if (rows <= 1 || cols <= 1) {
                float[] copy = Strided.toContiguousArray(x);
                return new MatrixOperand(copy, 0, false, Math.max(cols, 1));
            }
            return new MatrixOperand(Strided.toContiguousArray(x), 0, false, cols);
        }
    }
}
