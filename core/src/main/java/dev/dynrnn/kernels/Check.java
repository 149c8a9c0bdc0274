package dev.dynrnn.kernels;

/** Argument checks shared by the implementations, so both fail the same way before writing. */
final class Check {
    private Check() {}

    /** The groups of {@link ArrayKernels#gemmPanelGroups}: at least one, n columns each, not overlapping. */
    static void panelGroups(int groups, int groupStride, int n) {
        if (groups < 1 || groups > 1 && groupStride < n) {
            throw new IllegalArgumentException("gemmPanelGroups: " + groups + " groups of " + n
                    + " columns " + groupStride + " apart (expected at least one group, no overlap)");
        }
    }

    /** The four operand runs of an Adam update: p, g, m and v, n elements each. */
    static void adam(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff, int n) {
        run("p", p, pOff, n);
        run("g", g, gOff, n);
        run("m", m, mOff, n);
        run("v", v, vOff, n);
    }

    /** Checks that {@code array[off .. off+n)} exists. */
    static void run(String name, float[] array, int off, int n) {
        if (array == null) throw new NullPointerException(name + " is null");
        if (n < 0) throw new IllegalArgumentException("length must be >= 0, got " + n);
        if (off < 0 || off > array.length - n) {
            throw new IndexOutOfBoundsException(name + "[" + off + " .. " + ((long) off + n)
                    + ") is out of bounds for length " + array.length);
        }
    }

    /** Checks that a (rows, cols) row-major matrix with leading dimension ld starts at off. */
    static void matrix(String name, float[] array, int off, int rows, int cols, int ld) {
        if (array == null) throw new NullPointerException(name + " is null");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + " shape must be >= 0, got " + rows + "x" + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be >= "
                    + Math.max(1, cols) + " (its column count), got " + ld);
        }
        if (rows == 0 || cols == 0) return;
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > array.length) {
            throw new IndexOutOfBoundsException(name + " (" + rows + "x" + cols + ", ld " + ld
                    + ", offset " + off + ") needs " + last + " elements, array has " + array.length);
        }
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        if (transA) matrix("A", a, aOff, k, m, lda); else matrix("A", a, aOff, m, k, lda);
        if (transB) matrix("B", b, bOff, n, k, ldb); else matrix("B", b, bOff, k, n, ldb);
        matrix("C", c, cOff, m, n, ldc);
    }

    static void gemv(boolean transA, int m, int n, float[] a, int aOff, int lda,
                     float[] x, int xOff, float[] y, int yOff) {
        matrix("A", a, aOff, m, n, lda);
        run("x", x, xOff, transA ? m : n);
        run("y", y, yOff, transA ? n : m);
    }

    /** The units and the rows of gates and c_(t-1) an LSTM cell kernel reads. */
    static void lstm(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                     float[] cPrev, int cPrevOff, int cPrevStride) {
        if (rows < 0 || hidden < 1 || from < 0 || width < 0 || from + width > hidden) {
            throw new IllegalArgumentException("LSTM cell: rows " + rows + ", units [" + from + ", " + (from + width)
                    + ") of hidden " + hidden);
        }
        if (rows == 0) return;
        run("gates", gates, gatesOff, rows * 4 * hidden);
        run("cPrev", cPrev, cPrevOff, (rows - 1) * cPrevStride + hidden);
    }

    static void clampBounds(float min, float max) {
        if (!(min <= max)) throw new IllegalArgumentException("clamp needs min <= max, got min=" + min + " max=" + max);
    }
}
