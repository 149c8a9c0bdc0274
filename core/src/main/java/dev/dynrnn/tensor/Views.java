package dev.dynrnn.tensor;

import java.util.Arrays;

/**
 * Ops that return a view of their input's storage (or, for reshape and contiguous, a copy when a
 * view is impossible). Each op's backward sits beside its forward.
 */
final class Views {
    private Views() {}

    /** {@code contiguous()}: copy into row-major order; gradient passes through unchanged. */
    static Tensor contiguous(Tensor x) {
        Tensor copy = Tensor.empty(x.shape);   // lent by the open TensorScope, if any: a result of an op
        Strided.copyInto(x, copy.data());
        return copy.recordIfNeeded("CloneBackward0", false, g -> new Tensor[] {g}, x);
    }

    /** {@code clone()}: a fresh copy; gradient passes through unchanged. */
    static Tensor cloneOf(Tensor x) {
        return x.contiguousCopy().recordIfNeeded("CloneBackward0", false, g -> new Tensor[] {g}, x);
    }

    /** {@code view(shape)}: same storage, new shape; backward reshapes the gradient back. */
    static Tensor view(Tensor x, int[] requested) {
        return view(x, requested, "ViewBackward0");
    }

    /** {@link #view(Tensor, int[])} recorded under {@code nodeName} (reshape's are named differently in PyTorch). */
    private static Tensor view(Tensor x, int[] requested, String nodeName) {
        int[] shape = Shapes.inferSize("view", requested, x.numel());
        int[] strides = viewStrides(x.shape, x.strides, shape);
        if (strides == null) {
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride "
                    + "(input " + Shapes.format(x.shape) + ", stride " + Shapes.format(x.strides) + ", requested "
                    + Shapes.format(shape) + "). Use .reshape(...) instead.");
        }
        Tensor out = x.viewOf(shape, strides, x.offset, x.numel());
        return Tensor.recording(x) ? out.recordIfNeeded(nodeName, false, new ViewBackward(x.shape), x) : out;
    }

    /** The backward of a view or reshape, the gradient in the input's shape (a class: see {@link TransposeBackward}). */
    private record ViewBackward(int[] inputShape) implements Node.BackwardFunction {
        @Override
        public Tensor[] apply(Tensor g) {
            return new Tensor[] {g.reshape(inputShape)};
        }
    }

    /**
     * {@code reshape(shape)}: a view when the strides allow it, otherwise a contiguous copy viewed
     * in the new shape (PyTorch's nodes: ReshapeAliasBackward0, or CloneBackward0 then
     * UnsafeViewBackward0).
     */
    static Tensor reshape(Tensor x, int[] requested) {
        int[] shape = Shapes.inferSize("reshape", requested, x.numel());
        if (viewStrides(x.shape, x.strides, shape) != null) {
            return view(x, shape, "ReshapeAliasBackward0");
        }
        return view(contiguous(x), shape, "UnsafeViewBackward0");
    }

    /**
     * Strides that let {@code newShape} view storage laid out as (shape, strides), or null. Works
     * chunk by chunk over runs of dims that are contiguous with each other, like PyTorch's
     * {@code computeStride}.
     */
    static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        if (Shapes.numel(shape) == 0 || shape.length == 0) {
            return Shapes.contiguousStrides(newShape);
        }
        int[] out = new int[newShape.length];
        int viewDim = newShape.length - 1;
        long chunkBase = strides[strides.length - 1];
        long tensorElements = 1;
        long viewElements = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorElements *= shape[d];
            boolean chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorElements * chunkBase);
            if (chunkEnds) {
                while (viewDim >= 0 && (viewElements < tensorElements || newShape[viewDim] == 1)) {
                    out[viewDim] = (int) (viewElements * chunkBase);
                    viewElements *= newShape[viewDim];
                    viewDim--;
                }
                if (viewElements != tensorElements) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorElements = 1;
                    viewElements = 1;
                }
            }
        }
        return viewDim == -1 ? out : null;
    }

    /** {@code transpose(d0, d1)}: swap two dims' sizes and strides; backward swaps them back. */
    static Tensor transpose(Tensor x, int dim0, int dim1) {
        return transpose(x, dim0, dim1, "TransposeBackward0");
    }

    /** {@code t()}: transpose of a tensor of at most 2 dims (the tensor itself, as a view, below 2). */
    static Tensor t(Tensor x) {
        if (x.shape.length > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is "
                    + x.shape.length + "D");
        }
        return transpose(x, 0, x.shape.length < 2 ? 0 : 1, "TBackward0");
    }

    private static Tensor transpose(Tensor x, int dim0, int dim1, String nodeName) {
        int a = Shapes.wrapDim("transpose", dim0, x.shape.length);
        int b = Shapes.wrapDim("transpose", dim1, x.shape.length);
        if (x.shape.length == 0) {
            return x.detach().recordIfNeeded(nodeName, false, g -> new Tensor[] {g}, x);
        }
        int[] shape = x.shape.clone();
        int[] strides = x.strides.clone();
        swap(shape, a, b);
        swap(strides, a, b);
        Tensor out = x.viewOf(shape, strides, x.offset, x.numel());
        return Tensor.recording(x) ? out.recordIfNeeded(nodeName, false, new TransposeBackward(a, b), x) : out;
    }

    /**
     * The backward of a transpose, the gradient transposed back. A class rather than a lambda,
     * made only when recording: a recurrent layer's batch_first transposes run every step, and
     * the lambda, made for every view, compiled to a call into the VM to allocate it.
     */
    private record TransposeBackward(int dim0, int dim1) implements Node.BackwardFunction {
        @Override
        public Tensor[] apply(Tensor g) {
            return new Tensor[] {g.transpose(dim0, dim1)};
        }
    }

    /** {@code permute(dims)}: reorder dims; backward applies the inverse permutation. */
    static Tensor permute(Tensor x, int[] dims) {
        int rank = x.shape.length;
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: number of dimensions in the tensor input does not match "
                    + "the length of the desired ordering of dimensions i.e. input.dim() = "
                    + rank + " is not equal to len(dims) = " + dims.length);
        }
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shapes.wrapDim("permute", dims[i], rank);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: repeated dim " + d + " in " + Arrays.toString(dims));
            }
            seen[d] = true;
            shape[i] = x.shape[d];
            strides[i] = x.strides[d];
            inverse[d] = i;
        }
        return x.viewOf(shape, strides, x.offset, x.numel())
                .recordIfNeeded("PermuteBackward0", false, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    /** {@code unsqueeze(dim)}: insert a size-1 dim; backward squeezes it. */
    static Tensor unsqueeze(Tensor x, int dim) {
        int rank = x.shape.length;
        int d = Shapes.wrapDim("unsqueeze", dim, rank + 1);
        int[] shape = new int[rank + 1];
        int[] strides = new int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < rank ? x.shape[d] * x.strides[d] : 1;
            } else {
                shape[i] = x.shape[j];
                strides[i] = x.strides[j];
                j++;
            }
        }
        return x.viewOf(shape, strides, x.offset, x.numel())
                .recordIfNeeded("UnsqueezeBackward0", false, g -> new Tensor[] {g.squeeze(d)}, x);
    }

    /** {@code squeeze()} / {@code squeeze(dim)}: drop size-1 dims; backward reshapes back. */
    static Tensor squeeze(Tensor x, int dim, boolean all) {
        int rank = x.shape.length;
        int only = all ? -1 : Shapes.wrapDim("squeeze", dim, rank);
        int kept = 0;
        for (int i = 0; i < rank; i++) {
            if (!(x.shape[i] == 1 && (all || i == only))) {
                kept++;
            }
        }
        int[] shape = new int[kept];
        int[] strides = new int[kept];
        for (int i = 0, j = 0; i < rank; i++) {
            if (!(x.shape[i] == 1 && (all || i == only))) {
                shape[j] = x.shape[i];
                strides[j] = x.strides[i];
                j++;
            }
        }
        int[] inputShape = x.shape;
        return x.viewOf(shape, strides, x.offset, x.numel())
                .recordIfNeeded(all ? "SqueezeBackward0" : "SqueezeBackward1", false,
                        g -> new Tensor[] {g.reshape(inputShape)}, x);
    }

    /**
     * {@code select(dim, i)}: the slice at one index; backward scatters into zeros (the engine
     * adds into the input's gradient directly instead, see Node.slice).
     */
    static Tensor select(Tensor x, int dim, int index) {
        return select(x, dim, index, "SelectBackward0");
    }

    /** {@link #select(Tensor, int, int)} recorded under {@code nodeName} (unbind's pieces are UnbindBackward0). */
    static Tensor select(Tensor x, int dim, int index, String nodeName) {
        if (x.shape.length == 0) {
            throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
        }
        int d = Shapes.wrapDim("select", dim, x.shape.length);
        int i = x.checkIndex("select", d, index);
        int[] shape = remove(x.shape, d);
        int[] strides = remove(x.strides, d);
        // the index is in range, so the dim's size is positive and divides numel
        Tensor out = x.viewOf(shape, strides, x.offset + i * x.strides[d], x.numel() / x.shape[d]);
        return recordSlice(out, x, nodeName, d, i, 1, true);
    }

    /**
     * Records a select or narrow view of x, when x is recorded, with the backward that scatters
     * its gradient into zeros of x's shape, and marks the node with the slice so that the engine
     * adds the gradient into the input's instead (see Node.slice). Unrecorded views (most of them
     * are taken inside other ops' forwards and backwards) allocate nothing here. Returns out.
     */
    private static Tensor recordSlice(Tensor out, Tensor x, String nodeName, int dim, int start, int length,
                                      boolean dropsDim) {
        if (!Tensor.recording(x)) {
            return out;
        }
        Node.Slice slice = new Node.Slice(dim, start, length, dropsDim);
        int[] inputShape = x.shape;
        out.recordIfNeeded(nodeName, false, g -> {
            Tensor grad = Tensor.zeros(inputShape);
            Tensor part = dropsDim ? grad.select(dim, start) : grad.narrow(dim, start, length);
            part.addInPlace(g);
            return new Tensor[] {grad};
        }, x);
        out.gradFn().slice = slice;
        return out;
    }

    /**
     * {@code narrow(dim, start, length)}: a contiguous range of one dim; backward scatters into
     * zeros. PyTorch implements narrow (and x[a:b]) with slice, hence SliceBackward0.
     */
    static Tensor narrow(Tensor x, int dim, int start, int length) {
        return narrow(x, dim, start, length, "SliceBackward0");
    }

    /** {@link #narrow(Tensor, int, int, int)} recorded under {@code nodeName} (split's pieces are SplitBackward0). */
    static Tensor narrow(Tensor x, int dim, int start, int length, String nodeName) {
        int d = Shapes.wrapDim("narrow", dim, x.shape.length);
        int size = x.shape[d];
        int from = start < 0 ? start + size : start;
        if (from < 0 || from > size || length < 0 || from + length > size) {
            throw new IndexOutOfBoundsException("narrow: start (" + start + ") + length (" + length
                    + ") exceeds dimension size (" + size + ") of dim " + d);
        }
        int[] shape = x.shape.clone();
        shape[d] = length;
        Tensor out = x.viewOf(shape, x.strides, x.offset + from * x.strides[d]);
        return recordSlice(out, x, nodeName, d, from, length, false);
    }

    /** {@code expand(shape)}: broadcast with stride 0; backward sums over the expanded dims. */
    static Tensor expand(Tensor x, int[] requested) {
        int[] shape = requested.clone();
        int lead = shape.length - x.shape.length;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (i < lead) {
                    throw new IllegalArgumentException("expand: -1 is not allowed in a leading, non-existing dimension "
                            + i + " (target " + Arrays.toString(requested) + ")");
                }
                shape[i] = x.shape[i - lead];
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("expand: invalid size " + shape[i] + " at dim " + i + " (target "
                        + Arrays.toString(requested) + ")");
            }
        }
        int[] strides = Shapes.expandedStrides("expand", x.shape, x.strides, shape);
        int[] inputShape = x.shape;
        return x.viewOf(shape, strides, x.offset)
                .recordIfNeeded("ExpandBackward0", false, g -> new Tensor[] {Reductions.sumToShape(g, inputShape)}, x);
    }

    /** {@code values} without entry {@code index}; a plain loop, as a shape has a handful of entries. */
    static int[] remove(int[] values, int index) {
        int[] out = new int[values.length - 1];
        for (int i = 0, j = 0; i < values.length; i++) {
            if (i != index) {
                out[j++] = values[i];
            }
        }
        return out;
    }

    private static void swap(int[] values, int a, int b) {
        int t = values[a];
        values[a] = values[b];
        values[b] = t;
    }
}
