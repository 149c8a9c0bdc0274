package dev.dynrnn.tensor;

import dev.dynrnn.kernels.Kernels;

/** In-place updates on a tensor's (possibly strided) elements. None of them records autograd. */
final class InPlace {
    private InPlace() {}

    /** Fills a contiguous run of floats; used by the random fills. */
    @FunctionalInterface
    interface ArrayFill {
        void fill(float[] array, int start, int length);
    }

    /** {@code dst += alpha * src}, src broadcast to dst's shape. */
    static void axpy(Tensor dst, float alpha, Tensor src) {
        if (Shapes.same(dst.shape, src.shape) && dst.isContiguous() && src.isContiguous()) {
            float[] d = dst.data();
            float[] s = src.data();
            int n = dst.numel();
            boolean overlapping = d == s && dst.offset != src.offset && Math.abs(dst.offset - src.offset) < n;
            if (alpha == 1f && !overlapping) {
                // d + 1 * s is d + s exactly: the vector add (gradient accumulation, every step);
                // two overlapping runs of one array keep the element-by-element order below
                Kernels.get().add(d, dst.offset, s, src.offset, d, dst.offset, n);
                return;
            }
            for (int i = 0, di = dst.offset, si = src.offset; i < n; i++) {
                d[di + i] += alpha * s[si + i];
            }
            return;
        }
        int[] srcStrides = Shapes.expandedStrides("add_", src.shape, src.strides, dst.shape);
        Strided.combineInPlace((a, b) -> a + alpha * b, dst, src.data(), src.offset, srcStrides);
    }

    /** {@code dst[i] = f(dst[i], src[i])}, src broadcast to dst's shape. */
    static void combine(Tensor dst, Tensor src, Strided.FloatBinary f) {
        int[] srcStrides = Shapes.expandedStrides("in-place op", src.shape, src.strides, dst.shape);
        Strided.combineInPlace(f, dst, src.data(), src.offset, srcStrides);
    }

    /** {@code dst[i] = f(dst[i])}. */
    static void apply(Tensor dst, java.util.function.DoubleUnaryOperator f) {
        float[] none = new float[1];
        Strided.combineInPlace((a, b) -> (float) f.applyAsDouble(a), dst, none, 0, new int[dst.dim()]);
    }

    /** {@code dst += value * t1 * t2}. */
    static void addcmul(Tensor dst, Tensor t1, Tensor t2, float value) {
        axpy(dst, value, t1.detach().mul(t2.detach()));
    }

    /** {@code dst += value * t1 / t2}. */
    static void addcdiv(Tensor dst, Tensor t1, Tensor t2, float value) {
        axpy(dst, value, t1.detach().div(t2.detach()));
    }

    /** Fills dst in row-major order from {@code fill} (through a temporary when dst is strided). */
    static void fillFrom(Tensor dst, ArrayFill fill) {
        if (dst.isContiguous()) {
            fill.fill(dst.data(), dst.offset, dst.numel());
            return;
        }
        float[] values = new float[dst.numel()];
        fill.fill(values, 0, values.length);
        Strided.combineInPlace((a, b) -> b, dst, values, 0, Shapes.contiguousStrides(dst.shape));
    }
}
