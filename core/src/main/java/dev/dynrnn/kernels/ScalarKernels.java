package dev.dynrnn.kernels;

import java.util.Arrays;

/**
 * The reference implementation: plain loops, no Vector API. It is the fallback on a JVM started
 * without {@code --add-modules jdk.incubator.vector} and the oracle the vector kernels are tested
 * against.
 *
 * <p>Numerics: transcendental maps compute in double via {@link Math} and round once to float
 * (so they are within about half an ulp of exact). {@link #sum}, {@link #dot} and
 * {@link #sumOfSquares} accumulate in double, in index order, and round once at the end.
 * gemm/gemv accumulate in float, in index order of k, with one fused multiply-add per term.
 */
final class ScalarKernels implements ArrayKernels {

    @Override
    public String name() {
        return "scalar";
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Check.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        scaleMatrix(beta, m, n, c, cOff, ldc);
        if (alpha == 0f || k == 0) return;
        float[] row = Scratch.get(Scratch.Slot.ROW, k); // row i of op(A), made contiguous
        float[] acc = transB ? null : Scratch.get(Scratch.Slot.ACCUMULATOR, n);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                row[p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
            int ci = cOff + i * ldc;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float dot = 0f;
                    for (int p = 0; p < k; p++) dot = Math.fma(row[p], b[bj + p], dot);
                    c[ci + j] = Math.fma(alpha, dot, c[ci + j]);
                }
            } else {
                // Row i of C accumulated over k in order, one unit-stride row of B at a time.
                Arrays.fill(acc, 0, n, 0f);
                for (int p = 0; p < k; p++) {
                    float ap = row[p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) acc[j] = Math.fma(ap, b[bp + j], acc[j]);
                }
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(alpha, acc[j], c[ci + j]);
            }
        }
    }

    /** C = beta * C, where beta == 0 writes zeros without reading C (BLAS semantics). */
    static void scaleMatrix(float beta, int m, int n, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, ci, ci + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        Check.gemv(transA, m, n, a, aOff, lda, x, xOff, y, yOff);
        int ny = transA ? n : m;
        scaleMatrix(beta, 1, ny, y, yOff, ny);
        if (alpha == 0f) return;
        if (transA) {
            // the thread's accumulator row, as gemm's: a head called per time step makes two such
            // products per step
            float[] acc = Scratch.get(Scratch.Slot.ACCUMULATOR, n);
            Arrays.fill(acc, 0, n, 0f);
            for (int i = 0; i < m; i++) {
                float xi = x[xOff + i];
                int ai = aOff + i * lda;
                for (int j = 0; j < n; j++) acc[j] = Math.fma(xi, a[ai + j], acc[j]);
            }
            for (int j = 0; j < n; j++) y[yOff + j] = Math.fma(alpha, acc[j], y[yOff + j]);
        } else {
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                float acc = 0f;
                for (int j = 0; j < n; j++) acc = Math.fma(a[ai + j], x[xOff + j], acc);
                y[yOff + i] = Math.fma(alpha, acc, y[yOff + i]);
            }
        }
    }

    // ---------------------------------------------------------------- fill, copy, BLAS-1

    @Override
    public void fill(float value, float[] out, int outOff, int n) {
        Check.run("out", out, outOff, n);
        Arrays.fill(out, outOff, outOff + n, value);
    }

    @Override
    public void copy(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        Check.run("src", src, srcOff, n);
        Check.run("dst", dst, dstOff, n);
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    public void transpose(int rows, int cols, float[] a, int aOff, int lda, float[] out, int outOff, int ldo) {
        Check.matrix("A", a, aOff, rows, cols, lda);
        Check.matrix("out", out, outOff, cols, rows, ldo);
        // four rows of A at a time, each column's four elements written side by side: a third
        // faster than element by element on a 32 x 32 matrix (W_hh^T of workload a, laid out
        // before every forward), where the loads of a column, lda apart, were each range-checked
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int p0 = aOff + i * lda, p1 = p0 + lda, p2 = p1 + lda, p3 = p2 + lda;
            for (int j = 0; j < cols; j++) {
                int q = outOff + j * ldo + i;
                float x0 = a[p0 + j], x1 = a[p1 + j], x2 = a[p2 + j], x3 = a[p3 + j];
                out[q] = x0;
                out[q + 1] = x1;
                out[q + 2] = x2;
                out[q + 3] = x3;
            }
        }
        for (; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[outOff + j * ldo + i] = a[aOff + i * lda + j];
            }
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, int n) {
        Check.run("x", x, xOff, n);
        for (int i = 0; i < n; i++) x[xOff + i] *= alpha;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        Check.run("x", x, xOff, n);
        Check.run("y", y, yOff, n);
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    // ---------------------------------------------------------------- binary elementwise

    private static void check2(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        Check.run("a", a, aOff, n);
        Check.run("b", b, bOff, n);
        Check.run("out", out, outOff, n);
    }

    private static void check1(float[] a, int aOff, float[] out, int outOff, int n) {
        Check.run("a", a, aOff, n);
        Check.run("out", out, outOff, n);
    }

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        check2(a, aOff, b, bOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    @Override
    public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        check2(a, aOff, b, bOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] - b[bOff + i];
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        check2(a, aOff, b, bOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    @Override
    public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        check2(a, aOff, b, bOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] / b[bOff + i];
    }

    @Override
    public void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + s;
    }

    @Override
    public void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * s;
    }

    // ---------------------------------------------------------------- unary elementwise

    @Override
    public void neg(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = -a[aOff + i];
    }

    @Override
    public void abs(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = Math.abs(a[aOff + i]);
    }

    @Override
    public void sqrt(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        // sqrt in double then rounded to float is the correctly rounded float sqrt.
        for (int i = 0; i < n; i++) out[outOff + i] = (float) Math.sqrt(a[aOff + i]);
    }

    @Override
    public void exp(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) Math.exp(a[aOff + i]);
    }

    @Override
    public void log(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) Math.log(a[aOff + i]);
    }

    @Override
    public void tanh(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) Math.tanh(a[aOff + i]);
    }

    @Override
    public void sigmoid(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) a[aOff + i])));
    }

    @Override
    public void relu(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(a[aOff + i], 0f);
    }

    @Override
    public void pow(float[] a, int aOff, float exponent, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) Math.pow(a[aOff + i], exponent);
    }

    @Override
    public void clamp(float[] a, int aOff, float min, float max, float[] out, int outOff, int n) {
        Check.clampBounds(min, max);
        check1(a, aOff, out, outOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = Math.min(Math.max(a[aOff + i], min), max);
    }

    // ---------------------------------------------------------------- backward helpers

    @Override
    public void tanhBackward(float[] y, int yOff, float[] gradOut, int gradOutOff,
                             float[] gradIn, int gradInOff, int n) {
        check2(y, yOff, gradOut, gradOutOff, gradIn, gradInOff, n);
        for (int i = 0; i < n; i++) {
            float yi = y[yOff + i];
            gradIn[gradInOff + i] = gradOut[gradOutOff + i] * (1f - yi * yi);
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] gradOut, int gradOutOff,
                                float[] gradIn, int gradInOff, int n) {
        check2(y, yOff, gradOut, gradOutOff, gradIn, gradInOff, n);
        for (int i = 0; i < n; i++) {
            float yi = y[yOff + i];
            gradIn[gradInOff + i] = gradOut[gradOutOff + i] * (yi * (1f - yi));
        }
    }

    @Override
    public void reluBackward(float[] x, int xOff, float[] gradOut, int gradOutOff,
                             float[] gradIn, int gradInOff, int n) {
        check2(x, xOff, gradOut, gradOutOff, gradIn, gradInOff, n);
        for (int i = 0; i < n; i++) {
            gradIn[gradInOff + i] = x[xOff + i] > 0f ? gradOut[gradOutOff + i] : 0f;
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public float sum(float[] a, int aOff, int n) {
        Check.run("a", a, aOff, n);
        double s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i];
        return (float) s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        Check.run("a", a, aOff, n);
        Check.run("b", b, bOff, n);
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return (float) s;
    }

    @Override
    public float sumOfSquares(float[] a, int aOff, int n) {
        Check.run("a", a, aOff, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = a[aOff + i];
            s += v * v;
        }
        return (float) s;
    }

    @Override
    public float max(float[] a, int aOff, int n) {
        Check.run("a", a, aOff, n);
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, a[aOff + i]);
        return m;
    }

    @Override
    public void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        Check.matrix("a", a, aOff, m, n, lda);
        Check.run("out", out, outOff, n);
        Arrays.fill(out, outOff, outOff + n, 0f);
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) out[outOff + j] += a[ai + j];
        }
    }

    @Override
    public void sumCols(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        Check.matrix("a", a, aOff, m, n, lda);
        Check.run("out", out, outOff, m);
        for (int i = 0; i < m; i++) out[outOff + i] = sum(a, aOff + i * lda, n);
    }

    // ---------------------------------------------------------------- optimizer updates

    @Override
    public int adamUntilTiny(float tiny, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                             int vOff, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                             float bc2Sqrt, float eps, float negStepSize, int n) {
        Check.adam(p, pOff, g, gOff, m, mOff, v, vOff, n);
        int clean = cleanElements(tiny, p, pOff, g, gOff, m, mOff, v, vOff, 0, n);
        adamElements(p, pOff, g, gOff, m, mOff, v, vOff, beta1, oneMinusBeta1, beta2, oneMinusBeta2, bc2Sqrt, eps,
                negStepSize, 0, clean);
        return clean;
    }

    /**
     * The index of the first element in [from, n) with an operand nonzero and below {@code tiny}
     * in magnitude (n when none), unchecked: |x|'s bits minus 1, unsigned, are below tiny's bits
     * minus 1 exactly then.
     */
    static int cleanElements(float tiny, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                             int vOff, int from, int n) {
        int below = Float.floatToRawIntBits(tiny) - 1;
        for (int i = from; i < n; i++) {
            int least = Math.min(Math.min((Float.floatToRawIntBits(p[pOff + i]) & 0x7fffffff) - 1 + Integer.MIN_VALUE,
                            (Float.floatToRawIntBits(g[gOff + i]) & 0x7fffffff) - 1 + Integer.MIN_VALUE),
                    Math.min((Float.floatToRawIntBits(m[mOff + i]) & 0x7fffffff) - 1 + Integer.MIN_VALUE,
                            (Float.floatToRawIntBits(v[vOff + i]) & 0x7fffffff) - 1 + Integer.MIN_VALUE));
            if (least < below + Integer.MIN_VALUE) {
                return i;
            }
        }
        return n;
    }

    /**
     * Adam's update ({@link ArrayKernels#adamUntilTiny}'s formulas) of elements [from, n),
     * unchecked: also the tail of the vector kernel's, which must round each element exactly as
     * this loop does.
     */
    static void adamElements(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                             float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc2Sqrt,
                             float eps, float negStepSize, int from, int n) {
        for (int i = from; i < n; i++) {
            float gi = g[gOff + i];
            float mi = Math.fma(oneMinusBeta1, gi, m[mOff + i] * beta1);
            float vi = Math.fma(oneMinusBeta2 * gi, gi, v[vOff + i] * beta2);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            p[pOff + i] = p[pOff + i] + negStepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }
}
