package dev.dynrnn.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: element counts, strides, broadcasting, dim wrapping. */
final class Shapes {
    private Shapes() {}

    static final int[] SCALAR = new int[0];

    static int numel(int[] shape) {
        long n = 1;
        for (int size : shape) {
            n *= size;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + format(shape) + " has " + n
                    + " elements, more than a Java array holds (" + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    /**
     * Whether two shapes are equal: {@code Arrays.equals} for the handful of ints a shape has,
     * which the ops and the backward engine ask many times per call, without the call into the
     * JDK's vectorized mismatch that pays off only for long arrays.
     */
    static boolean same(int[] a, int[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int d = 0; d < a.length; d++) {
            if (a[d] != b[d]) {
                return false;
            }
        }
        return true;
    }

    /** Row-major strides: the last dim is contiguous. */
    static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= Math.max(shape[d], 1);
        }
        return strides;
    }

    static void checkSizes(int[] shape) {
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException("negative size " + shape[d] + " at dim " + d
                        + " in shape " + format(shape));
            }
        }
    }

    /** Wraps a possibly negative dim into [0, rank), as PyTorch does. */
    static int wrapDim(String op, int dim, int rank) {
        int max = Math.max(rank, 1);
        if (dim < -max || dim >= max) {
            throw new IndexOutOfBoundsException(op + ": dimension out of range (expected to be in range of ["
                    + -max + ", " + (max - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + max : dim;
    }

    /** NumPy broadcasting of two shapes; names both shapes and the dim when they do not fit. */
    static int[] broadcast(String op, int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length);
            int db = i - (rank - b.length);
            int sa = da >= 0 ? a[da] : 1;
            int sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException(op + ": the size of tensor a (" + sa
                        + ") must match the size of tensor b (" + sb + ") at non-singleton dimension " + i
                        + " (shapes " + format(a) + " and " + format(b) + ")");
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** Strides that view a tensor of {@code shape}/{@code strides} as {@code target} (stride 0 on broadcast dims). */
    static int[] expandedStrides(String op, int[] shape, int[] strides, int[] target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException(op + ": the number of sizes provided (" + target.length
                    + ") must be greater or equal to the number of dimensions in the tensor (" + shape.length + ")");
        }
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int d = i - lead;
            if (d < 0) {
                out[i] = 0;
            } else if (shape[d] == target[i]) {
                out[i] = strides[d];
            } else if (shape[d] == 1) {
                out[i] = 0;
            } else {
                throw new IllegalArgumentException(op + ": the expanded size of the tensor (" + target[i]
                        + ") must match the existing size (" + shape[d] + ") at non-singleton dimension " + i
                        + ".  Target sizes: " + format(target) + ".  Tensor sizes: " + format(shape));
            }
        }
        return out;
    }

    /** Resolves one -1 in a requested shape against {@code numel}, as view/reshape do. */
    static int[] inferSize(String op, int[] requested, int numel) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred");
                }
                infer = d;
            } else if (shape[d] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + shape[d]);
            } else {
                known *= shape[d];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape '" + format(requested)
                        + "' is invalid for input of size " + numel);
            }
            shape[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape '" + format(requested)
                    + "' is invalid for input of size " + numel);
        }
        return shape;
    }

    /** PyTorch's way of writing a shape: {@code [2, 3]}. */
    static String format(int[] shape) {
        return Arrays.toString(shape);
    }
}
