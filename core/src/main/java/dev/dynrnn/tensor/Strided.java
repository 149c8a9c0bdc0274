package dev.dynrnn.tensor;

/**
 * Loops over strided (possibly non-contiguous or broadcast) tensors. Each walks the elements in
 * row-major order with an odometer over the outer dims and a tight loop over the last dim.
 */
final class Strided {
    private Strided() {}

    /** Binary float function used by the general (broadcasting or strided) paths. */
    @FunctionalInterface
    interface FloatBinary {
        float apply(float a, float b);
    }

    /** The elements of {@code t} in row-major order, as a new array. */
    static float[] toContiguousArray(Tensor t) {
        float[] out = new float[t.numel()];
        copyInto(t, out);
        return out;
    }

    /** Writes the elements of {@code t} in row-major order to {@code out[0, numel)}. */
    static void copyInto(Tensor t, float[] out) {
        int n = t.numel();
        if (n == 0) {
            // An empty view may sit at an offset past the end of its (empty) storage.
            return;
        }
        if (t.isContiguous()) {
            System.arraycopy(t.data(), t.offset, out, 0, n);
        } else {
            gather(t.data(), t.offset, t.shape, t.strides, out);
        }
    }

    /** Copies the elements of a strided view into {@code out} in row-major order. */
    static void gather(float[] src, int srcOffset, int[] shape, int[] strides, float[] out) {
        int n = Shapes.numel(shape);
        if (n == 0) {
            return;
        }
        int rank = shape.length;
        if (rank == 0) {
            out[0] = src[srcOffset];
            return;
        }
        int inner = shape[rank - 1];
        int innerStride = strides[rank - 1];
        int[] index = new int[rank];
        int position = srcOffset;
        int written = 0;
        for (int row = 0, rows = n / inner; row < rows; row++) {
            for (int i = 0, p = position; i < inner; i++, p += innerStride) {
                out[written++] = src[p];
            }
            position = advance(index, shape, strides, position, rank - 2);
        }
    }

    /**
     * {@code out[i] = f(a[i], b[i])} over {@code outShape}, where a and b are given with strides
     * already expanded to {@code outShape} (0 on broadcast dims).
     */
    static float[] map(FloatBinary f, float[] a, int aOffset, int[] aStrides, float[] b, int bOffset, int[] bStrides,
                       int[] outShape) {
        int n = Shapes.numel(outShape);
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        int rank = outShape.length;
        if (rank == 0) {
            out[0] = f.apply(a[aOffset], b[bOffset]);
            return out;
        }
        int inner = outShape[rank - 1];
        int aInner = aStrides[rank - 1];
        int bInner = bStrides[rank - 1];
        int[] aIndex = new int[rank];
        int[] bIndex = new int[rank];
        int aPos = aOffset;
        int bPos = bOffset;
        int written = 0;
        for (int row = 0, rows = n / inner; row < rows; row++) {
            for (int i = 0, pa = aPos, pb = bPos; i < inner; i++, pa += aInner, pb += bInner) {
                out[written++] = f.apply(a[pa], b[pb]);
            }
            aPos = advance(aIndex, outShape, aStrides, aPos, rank - 2);
            bPos = advance(bIndex, outShape, bStrides, bPos, rank - 2);
        }
        return out;
    }

    /**
     * {@code dst[i] = f(dst[i], src[i])} in place over dst's (strided) elements; src's strides are
     * expanded to dst's shape.
     */
    static void combineInPlace(FloatBinary f, Tensor dst, float[] src, int srcOffset, int[] srcStrides) {
        int n = dst.numel();
        if (n == 0) {
            return;
        }
        int rank = dst.shape.length;
        if (rank == 0) {
            dst.data()[dst.offset] = f.apply(dst.data()[dst.offset], src[srcOffset]);
            return;
        }
        int inner = dst.shape[rank - 1];
        int dInner = dst.strides[rank - 1];
        int sInner = srcStrides[rank - 1];
        int[] dIndex = new int[rank];
        int[] sIndex = new int[rank];
        int dPos = dst.offset;
        int sPos = srcOffset;
        float[] d = dst.data();
        for (int row = 0, rows = n / inner; row < rows; row++) {
            for (int i = 0, pd = dPos, ps = sPos; i < inner; i++, pd += dInner, ps += sInner) {
                d[pd] = f.apply(d[pd], src[ps]);
            }
            dPos = advance(dIndex, dst.shape, dst.strides, dPos, rank - 2);
            sPos = advance(sIndex, dst.shape, srcStrides, sPos, rank - 2);
        }
    }

    /** Moves an odometer over dims {@code 0..last} one step; returns the new storage position. */
    private static int advance(int[] index, int[] shape, int[] strides, int position, int last) {
        for (int d = last; d >= 0; d--) {
            index[d]++;
            position += strides[d];
            if (index[d] < shape[d]) {
                return position;
            }
            position -= strides[d] * shape[d];
            index[d] = 0;
        }
        return position;
    }
}
