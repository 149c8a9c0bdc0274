package dev.dynrnn.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Ops that join tensors or pick entries: cat, stack, split, split_with_sizes, index_select. */
final class Joining {
    private Joining() {}

    /**
     * {@code torch.cat}: join along an existing dim; all other dims must agree.
     * Each input's gradient is the matching narrow of the output gradient.
     */
    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected a non-empty list of Tensors");
        }
        Tensor first = tensors.get(0);
        int d = Shapes.wrapDim("cat", dim, first.dim());
        int[] shape = first.shape.clone();
        shape[d] = 0;
        for (int t = 0; t < tensors.size(); t++) {
            Tensor x = tensors.get(t);
            if (x.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: Tensors must have same number of dimensions: got "
                        + first.dim() + " and " + x.dim() + " (tensor " + t + ")");
            }
            for (int i = 0; i < shape.length; i++) {
                if (i != d && x.shape[i] != first.shape[i]) {
                    throw new IllegalArgumentException("cat: Sizes of tensors must match except in dimension " + d
                            + ". Expected size " + first.shape[i] + " but got size " + x.shape[i] + " for tensor number "
                            + t + " in the list (shapes " + Shapes.format(first.shape) + " and "
                            + Shapes.format(x.shape) + ")");
                }
            }
            shape[d] += x.shape[d];
        }
        Tensor out = Tensor.empty(shape);
        int[] starts = new int[tensors.size()];
        int start = 0;
        for (int t = 0; t < tensors.size(); t++) {
            Tensor x = tensors.get(t);
            starts[t] = start;
            copyInto(out, d, start, x);
            start += x.shape[d];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return out.recordIfNeeded("CatBackward0", false, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int t = 0; t < inputs.length; t++) {
                grads[t] = g.narrow(d, starts[t], inputs[t].shape[d]);
            }
            return grads;
        }, inputs);
    }

    /**
     * Copies x into out's entries [start, start + x.shape[d]) along d, where every other dim of
     * out equals x's. A contiguous x is copied in blocks, one per index of the dims before d
     * (out viewed as (outer, size along d, inner)), instead of element by element.
     */
    private static void copyInto(Tensor out, int d, int start, Tensor x) {
        if (x.numel() == 0) {
            return;
        }
        if (!x.isContiguous()) {
            Strided.combineInPlace((a, b) -> b, out.narrow(d, start, x.shape[d]), x.data(), x.offset, x.strides);
            return;
        }
        int outer = Reductions.outer(out.shape, d);
        int inner = Reductions.inner(out.shape, d);
        int block = x.shape[d] * inner;
        int outStride = out.shape[d] * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x.data(), x.offset + o * block, out.data(), o * outStride + start * inner, block);
        }
    }

    /**
     * {@code torch.stack}: out[.., t, ..] = tensors[t], a new dim at {@code dim}. Each input is
     * copied straight into its slot (in blocks of the dims after {@code dim} when contiguous:
     * out viewed as (outer, count, inner)); each input's gradient is the matching slice of the
     * output gradient.
     */
    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack expects a non-empty TensorList");
        }
        int[] shape = tensors.get(0).shape;
        int d = Shapes.wrapDim("stack", dim, shape.length + 1);
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        int count = inputs.length;
        for (int t = 0; t < count; t++) {
            if (!Shapes.same(inputs[t].shape, shape)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got "
                        + Shapes.format(shape) + " at entry 0 and " + Shapes.format(inputs[t].shape) + " at entry " + t);
            }
        }
        int[] outShape = new int[shape.length + 1];
        System.arraycopy(shape, 0, outShape, 0, d);
        outShape[d] = count;
        System.arraycopy(shape, d, outShape, d + 1, shape.length - d);
        Tensor out = Tensor.empty(outShape);
        int outer = Reductions.outer(outShape, d);
        int inner = Reductions.inner(outShape, d);
        for (int t = 0; t < count; t++) {
            Tensor x = inputs[t];
            if (x.numel() == 0) {
                continue;
            }
            if (!x.isContiguous()) {
                Strided.combineInPlace((a, b) -> b, out.select(d, t), x.data(), x.offset, x.strides);
                continue;
            }
            for (int o = 0; o < outer; o++) {
                System.arraycopy(x.data(), x.offset + o * inner, out.data(), (o * count + t) * inner, inner);
            }
        }
        return out.recordIfNeeded("StackBackward0", false, g -> {
            Tensor[] grads = new Tensor[count];
            if (Tensor.recording(g)) {
                for (int t = 0; t < count; t++) {
                    grads[t] = g.select(d, t);
                }
                return grads;
            }
            // Unrecorded (as backward runs), the slices are plain views that differ only in their
            // offset: they share one shape (the inputs') and one stride array (g's without dim d).
            int[] strides = Views.remove(g.strides, d);
            int numel = g.numel() / count;
            for (int t = 0; t < count; t++) {
                grads[t] = g.viewOf(shape, strides, g.offset + t * g.strides[d], numel);
            }
            return grads;
        }, inputs);
    }

    /**
     * {@code split(size, dim)}: consecutive narrows of {@code size} (the last may be shorter); a
     * dim of size 0 gives one empty piece, as in PyTorch.
     */
    static List<Tensor> split(Tensor x, int size, int dim) {
        int d = Shapes.wrapDim("split", dim, x.dim());
        if (size <= 0) {
            throw new IllegalArgumentException("split expects split_size be positive, but got split_size=" + size);
        }
        List<Tensor> parts = new ArrayList<>();
        if (x.shape[d] == 0) {
            parts.add(Views.narrow(x, d, 0, 0, "SplitBackward0"));
        }
        for (int start = 0; start < x.shape[d]; start += size) {
            parts.add(Views.narrow(x, d, start, Math.min(size, x.shape[d] - start), "SplitBackward0"));
        }
        return parts;
    }

    /**
     * {@code split(sizes, dim)}: consecutive narrows of the given sizes. Each piece is cut from a
     * halving tree of narrows rather than from {@code x} directly: a narrow's backward writes
     * into a zero gradient of its input's full size, so n pieces cut from x would cost n full-size
     * gradients (quadratic for a sequence cut into its steps), while the tree costs one per level.
     */
    static List<Tensor> splitWithSizes(Tensor x, int[] sizes, int dim) {
        int d = Shapes.wrapDim("split_with_sizes", dim, x.dim());
        int[] starts = new int[sizes.length + 1];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative entries, "
                        + "but got split_sizes=" + Arrays.toString(sizes));
            }
            starts[i + 1] = starts[i] + sizes[i];
        }
        if (starts[sizes.length] != x.shape[d]) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + x.shape[d]
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
        }
        List<Tensor> parts = new ArrayList<>(sizes.length);
        if (sizes.length == 1) {
            parts.add(Views.narrow(x, d, 0, sizes[0], "SplitWithSizesBackward0"));
        } else if (sizes.length > 1) {
            splitRange(x, d, starts, 0, sizes.length, parts);
        }
        return parts;
    }

    /** Appends the pieces lo..hi-1 of {@code block}, which spans starts[lo]..starts[hi] (recursion depth log2 pieces). */
    private static void splitRange(Tensor block, int d, int[] starts, int lo, int hi, List<Tensor> parts) {
        if (hi - lo == 1) {
            parts.add(block);
            return;
        }
        int mid = (lo + hi) >>> 1;
        int head = starts[mid] - starts[lo];
        splitRange(Views.narrow(block, d, 0, head, "SplitWithSizesBackward0"), d, starts, lo, mid, parts);
        splitRange(Views.narrow(block, d, head, starts[hi] - starts[mid], "SplitWithSizesBackward0"), d, starts, mid, hi,
                parts);
    }

    /**
     * {@code index_select(dim, indices)}: out[.., j, ..] = x[.., indices[j], ..]. Backward adds
     * each row of the gradient into the row it came from (an index used twice gets both).
     */
    static Tensor indexSelect(Tensor x, int dim, int[] indices) {
        int d = Shapes.wrapDim("index_select", dim, x.dim());
        int[] idx = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            idx[j] = x.checkIndex("index_select", d, indices[j]);
        }
        int[] shape = x.shape.clone();
        shape[d] = idx.length;
        Tensor out = Tensor.empty(shape);
        for (int j = 0; j < idx.length; j++) {
            Tensor source = x.detach().select(d, idx[j]);
            Strided.combineInPlace((a, b) -> b, out.select(d, j), source.data(), source.offset, source.strides);
        }
        int[] inputShape = x.shape;
        return out.recordIfNeeded("IndexSelectBackward0", false, g -> {
            Tensor grad = Tensor.zeros(inputShape);
            for (int j = 0; j < idx.length; j++) {
                grad.select(d, idx[j]).addInPlace(g.select(d, j));
            }
            return new Tensor[] {grad};
        }, x);
    }
}
