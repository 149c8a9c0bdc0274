package dev.dynrnn.tensor;

/**
 * Reductions over all elements or one dim. A reduction over dim d views the contiguous input as
 * (outer, size, inner): outer = product of dims before d, inner = product of dims after it.
 */
final class Reductions {
    private Reductions() {}

    /** s = sum_i x_i (0-dim); dx = g broadcast to x's shape. Accumulated in double, then rounded. */
    static Tensor sumAll(Tensor x) {
        float[] values = Strided.toContiguousArray(x);
        double total = 0;
        for (float v : values) {
            total += v;
        }
        int[] inputShape = x.shape;
        return Tensor.scalar((float) total)
                .recordIfNeeded("SumBackward0", false, g -> new Tensor[] {g.expand(inputShape)}, x);
    }

    /** s[o, i] = sum_k x[o, k, i]; dx = g (with d kept) broadcast back over d. */
    static Tensor sum(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim("sum", dim, x.shape.length);
        if (x.shape.length == 0) {
            return x.contiguousCopy().recordIfNeeded("SumBackward1", false, g -> new Tensor[] {g}, x);
        }
        int size = x.shape[d];
        int outer = outer(x.shape, d);
        int inner = inner(x.shape, d);
        float[] in = Strided.toContiguousArray(x);
        double[] acc = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < size; k++) {
                int base = (o * size + k) * inner;
                int target = o * inner;
                for (int i = 0; i < inner; i++) {
                    acc[target + i] += in[base + i];
                }
            }
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) acc[i];
        }
        int[] inputShape = x.shape;
        return Tensor.wrap(out, reducedShape(x.shape, d, keepdim)).recordIfNeeded("SumBackward1", false,
                g -> new Tensor[] {(keepdim ? g : g.unsqueeze(d)).expand(inputShape)}, x);
    }

    /** m = (1/n) sum_i x_i (0-dim), the sum then a true division as PyTorch's; dx = g / n broadcast to x. */
    static Tensor meanAll(Tensor x) {
        int n = x.numel();
        int[] inputShape = x.shape;
        return sumAll(x.detach()).div((float) n)
                .recordIfNeeded("MeanBackward0", false, g -> new Tensor[] {g.div((float) n).expand(inputShape)}, x);
    }

    /** m[o, i] = (1/size) sum_k x[o, k, i]; dx = g / size (with d kept) broadcast back over d. */
    static Tensor mean(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim("mean", dim, x.shape.length);
        int size = x.shape.length == 0 ? 1 : x.shape[d];
        int[] inputShape = x.shape;
        return sum(x.detach(), d, keepdim).div((float) size).recordIfNeeded("MeanBackward1", false,
                g -> new Tensor[] {(keepdim || inputShape.length == 0 ? g : g.unsqueeze(d)).div((float) size)
                        .expand(inputShape)}, x);
    }

    /** m = max_i x_i (0-dim); the gradient is split evenly among the elements equal to m. */
    static Tensor maxAll(Tensor x) {
        float[] values = Strided.toContiguousArray(x);
        if (values.length == 0) {
            throw new IllegalArgumentException("max(): Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument.");
        }
        float best = values[0];
        for (float v : values) {
            if (v > best || Float.isNaN(v)) {
                best = v;
                if (Float.isNaN(v)) {
                    break;
                }
            }
        }
        float max = best;
        return Tensor.scalar(max).recordIfNeeded("MaxBackward1", true, g -> {
            Tensor mask = Pointwise.map(x, v -> v == max || (Double.isNaN(v) && Float.isNaN(max)) ? 1f : 0f);
            return new Tensor[] {mask.mul(g.div(mask.sum()))};
        }, x);
    }

    /** m[o, i] = max_k x[o, k, i]; the gradient goes to the first index that attains the max. */
    static Tensor max(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim("max", dim, x.shape.length);
        if (x.shape.length == 0) {
            return x.contiguousCopy().recordIfNeeded("MaxBackward0", false, g -> new Tensor[] {g}, x);
        }
        int[] argmax = argmaxIndices(x, d);
        int size = x.shape[d];
        int inner = inner(x.shape, d);
        float[] in = Strided.toContiguousArray(x);
        float[] out = new float[argmax.length];
        for (int j = 0; j < out.length; j++) {
            int o = j / inner;
            int i = j % inner;
            out[j] = in[(o * size + argmax[j]) * inner + i];
        }
        int[] inputShape = x.shape;
        return Tensor.wrap(out, reducedShape(x.shape, d, keepdim)).recordIfNeeded("MaxBackward0", false, g -> {
            float[] grad = new float[in.length];
            float[] gv = Strided.toContiguousArray(g);
            for (int j = 0; j < gv.length; j++) {
                grad[((j / inner) * size + argmax[j]) * inner + j % inner] = gv[j];
            }
            return new Tensor[] {Tensor.wrap(grad, inputShape.clone())};
        }, x);
    }

    /** Index of the first maximum along {@code dim}, as float values (not differentiable). */
    static Tensor argmax(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim("argmax", dim, x.shape.length);
        if (x.shape.length == 0) {
            return Tensor.scalar(0f);
        }
        int[] argmax = argmaxIndices(x, d);
        float[] out = new float[argmax.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = argmax[j];
        }
        return Tensor.wrap(out, reducedShape(x.shape, d, keepdim));
    }

    private static int[] argmaxIndices(Tensor x, int d) {
        int size = x.shape[d];
        if (size == 0) {
            throw new IllegalArgumentException("max(): Expected reduction dim " + d + " to have non-zero size.");
        }
        int outer = outer(x.shape, d);
        int inner = inner(x.shape, d);
        float[] in = Strided.toContiguousArray(x);
        int[] best = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int bestK = 0;
                float bestValue = in[o * size * inner + i];
                for (int k = 1; k < size && !Float.isNaN(bestValue); k++) {
                    float v = in[(o * size + k) * inner + i];
                    if (v > bestValue || Float.isNaN(v)) {
                        bestValue = v;
                        bestK = k;
                    }
                }
                best[o * inner + i] = bestK;
            }
        }
        return best;
    }

    /**
     * Sums a broadcast gradient back to {@code shape}: over the leading dims that broadcasting
     * added and over the dims where {@code shape} has size 1.
     */
    static Tensor sumToShape(Tensor g, int[] shape) {
        if (Shapes.same(g.shape, shape)) {
            return g;
        }
        Tensor out = g;
        int lead = g.shape.length - shape.length;
        for (int i = 0; i < lead; i++) {
            out = out.sum(0, false);
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1 && out.shape[d] != 1) {
                out = out.sum(d, true);
            }
        }
        return out;
    }

    static int outer(int[] shape, int d) {
        int n = 1;
        for (int i = 0; i < d; i++) {
            n *= shape[i];
        }
        return n;
    }

    static int inner(int[] shape, int d) {
        int n = 1;
        for (int i = d + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    static int[] reducedShape(int[] shape, int d, boolean keepdim) {
        if (keepdim) {
            int[] out = shape.clone();
            out[d] = 1;
            return out;
        }
        int[] out = new int[shape.length - 1];
        System.arraycopy(shape, 0, out, 0, d);
        System.arraycopy(shape, d + 1, out, d, shape.length - d - 1);
        return out;
    }
}
