package dev.dynrnn.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation ({@link FloatVector#SPECIES_PREFERRED}, scalar tail loops). Loaded
 * only by {@link Kernels} when the module {@code jdk.incubator.vector} is present.
 *
 * <p>Numerics:
 * <ul>
 *   <li>Exact maps (add, mul, div, sqrt, relu, clamp, backward helpers...) do the same IEEE
 *       operations as {@link ScalarKernels} and give identical bits.
 *   <li>exp, log, tanh, sigmoid use {@link VectorMath} (and {@link FloatMath} for tails), within
 *       2 ulp of the scalar reference; the element's position never changes its result.
 *   <li>sum, dot, sumOfSquares: blocks of {@value #BLOCK} elements are accumulated in float in
 *       {@code 4 * lanes} independent partial sums (fma for products), which are combined in a
 *       fixed tree; block totals are added in double. The order depends only on n and the vector
 *       width, never on timing, so results are deterministic. {@code reduceLanes(ADD)} is
 *       avoided on purpose: its lane order is unspecified and may differ between the interpreter
 *       and compiled code.
 *   <li>gemm/gemv: see {@link VectorGemm}.
 * </ul>
 */
final class VectorKernels implements ArrayKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** Elements summed in float before the block total goes into the double accumulator. */
    static final int BLOCK = 1024;

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Check.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void gemmPanels(int m, int n, int k, float[] a, int aOff, int lda, float[] panels, int panelsOff,
                           float beta, float[] c, int cOff, int ldc) {
        Check.gemm(false, false, m, n, k, a, aOff, lda, panels, panelsOff, Math.max(n, 1), c, cOff, ldc);
        VectorGemm.gemmPanels(m, n, k, a, aOff, lda, panels, panelsOff, beta, c, cOff, ldc);
    }

    @Override
    public void gemmPanelGroups(int groups, int groupStride, int m, int n, int k, float[] a, int aOff, int lda,
                                float[] panels, int panelsOff, float beta, float[] c, int cOff, int ldc) {
        Check.panelGroups(groups, groupStride, n);
        for (int g = 0; g < groups; g++) {
            Check.gemm(false, false, m, n, k, a, aOff, lda, panels, panelsOff + g * groupStride * k, Math.max(n, 1),
                    c, cOff + g * groupStride, ldc);
        }
        VectorGemm.gemmPanelGroups(groups, groupStride, m, n, k, a, aOff, lda, panels, panelsOff, beta, c, cOff, ldc);
    }

    @Override
    public void lstmForward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                            float[] cPrev, int cPrevOff, int cPrevStride, float[] cells, int cellsOff,
                            float[] cellsTanh, int cellsTanhOff, float[] out, int outOff, float[] row) {
        Check.lstm(rows, hidden, from, width, gates, gatesOff, cPrev, cPrevOff, cPrevStride);
        VectorLstmCell.forward(rows, hidden, from, width, gates, gatesOff, cPrev, cPrevOff, cPrevStride, cells,
                cellsOff, cellsTanh, cellsTanhOff, out, outOff, row);
    }

    @Override
    public void lstmBackward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                             float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                             float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                             float[] dGates, int dGatesOff) {
        Check.lstm(rows, hidden, from, width, gates, gatesOff, cPrev, cPrevOff, cPrevStride);
        VectorLstmCell.backward(rows, hidden, from, width, gates, gatesOff, cellsTanh, cellsTanhOff, cPrev, cPrevOff,
                cPrevStride, dh, dhOff, dOut, dOutOff, dc, dcOff, dGates, dGatesOff);
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        Check.gemv(transA, m, n, a, aOff, lda, x, xOff, y, yOff);
        int ny = transA ? n : m;
        VectorGemm.scaleMatrix(beta, 1, ny, y, yOff, ny);
        if (alpha == 0f) return;
        VectorGemm.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, y, yOff);
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

    /**
     * Each row of out (a column of A) is gathered a vector at a time, lanes lda apart: one
     * instruction per V elements where scalar code loads and stores each element (measured 1.7
     * to 3 times faster on a 32 x 32 matrix, once compiled).
     */
    @Override
    public void transpose(int rows, int cols, float[] a, int aOff, int lda, float[] out, int outOff, int ldo) {
        Check.matrix("A", a, aOff, rows, cols, lda);
        Check.matrix("out", out, outOff, cols, rows, ldo);
        int bound = S.loopBound(rows);
        int[] laneRows = new int[V];
        for (int lane = 0; lane < V; lane++) {
            laneRows[lane] = lane * lda;
        }
        for (int j = 0; j < cols; j++) {
            int o = outOff + j * ldo;
            int i = 0;
            for (; i < bound; i += V) {
                FloatVector.fromArray(S, a, aOff + i * lda + j, laneRows, 0).intoArray(out, o + i);
            }
            for (; i < rows; i++) {
                out[o + i] = a[aOff + i * lda + j];
            }
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, int n) {
        mulScalar(x, xOff, alpha, x, xOff, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        Check.run("x", x, xOff, n);
        Check.run("y", y, yOff, n);
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            xv.fma(av, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    // ---------------------------------------------------------------- binary elementwise
    // Each op is its own loop on purpose: passing a VectorOperators constant into a shared
    // helper risks a non-constant operator in compiled code, which the JIT cannot intrinsify.

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
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    @Override
    public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        check2(a, aOff, b, bOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] - b[bOff + i];
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        check2(a, aOff, b, bOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    @Override
    public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        check2(a, aOff, b, bOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).div(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] / b[bOff + i];
    }

    @Override
    public void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).add(s).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + s;
    }

    @Override
    public void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).mul(s).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * s;
    }

    // ---------------------------------------------------------------- unary elementwise

    @Override
    public void neg(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).neg().intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = -a[aOff + i];
    }

    @Override
    public void abs(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).abs().intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = Math.abs(a[aOff + i]);
    }

    @Override
    public void sqrt(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).lanewise(VectorOperators.SQRT).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = (float) Math.sqrt(a[aOff + i]);
    }

    @Override
    public void exp(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int bound = S.loopBound(n);
        VectorMath.exp(a, aOff, false, 1f, out, outOff, bound);
        for (int i = bound; i < n; i++) out[outOff + i] = FloatMath.exp(a[aOff + i]);
    }

    @Override
    public void log(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int bound = S.loopBound(n);
        VectorMath.log(a, aOff, out, outOff, bound);
        for (int i = bound; i < n; i++) out[outOff + i] = FloatMath.log(a[aOff + i]);
    }

    /** Elements per pass of {@link #tanh} and {@link #sigmoid}. */
    private static final int CHUNK = 512;
    /**
     * Up to this many elements tanh runs in one pass ({@link VectorMath#tanh(float[], int, float[], int, int)}):
     * a few vectors, whose loop body of both passes fits in the registers.
     */
    private static final int SHORT_RUN = 4 * V;

    /**
     * In chunks, two loops: exp(2|x|) into a scratch buffer, then the rest of tanh. As one loop
     * the inlined Vector API code exceeded C2's inlining node budget (NodeCountInliningCutoff,
     * JDK 17 to 25) and ran 6x slower. A run of at most {@link #SHORT_RUN} elements (an RNN step
     * of 32 units) takes the one loop all the same: in workload a's training loop it allocated
     * nothing more on JDK 17 and 25 and saved the scratch lookup and pass.
     */
    @Override
    public void tanh(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int bound = S.loopBound(n);
        if (bound <= SHORT_RUN) {
            VectorMath.tanh(a, aOff, out, outOff, bound);
        } else {
            float[] e = Scratch.get(Scratch.Slot.ACTIVATION, Math.min(bound, CHUNK));
            for (int start = 0; start < bound; start += CHUNK) {
                int len = Math.min(bound - start, CHUNK);
                VectorMath.exp(a, aOff + start, true, 2f, e, 0, len);
                VectorMath.tanh(a, aOff + start, e, out, outOff + start, len);
            }
        }
        for (int i = bound; i < n; i++) out[outOff + i] = FloatMath.tanh(a[aOff + i]);
    }

    /** In chunks, exp(-|x|) then the rest, like {@link #tanh}. */
    @Override
    public void sigmoid(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int bound = S.loopBound(n);
        float[] e = Scratch.get(Scratch.Slot.ACTIVATION, Math.min(bound, CHUNK));
        for (int start = 0; start < bound; start += CHUNK) {
            int len = Math.min(bound - start, CHUNK);
            VectorMath.exp(a, aOff + start, true, -1f, e, 0, len);
            VectorMath.sigmoid(a, aOff + start, e, out, outOff + start, len);
        }
        for (int i = bound; i < n; i++) out[outOff + i] = FloatMath.sigmoid(a[aOff + i]);
    }

    @Override
    public void relu(float[] a, int aOff, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).max(0f).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = Math.max(a[aOff + i], 0f);
    }

    /**
     * Exponents 0, 1, 2, -1 and 0.5 are exact vector operations (x*x, 1/x and sqrt round the
     * same as pow computed in double and rounded to float). Any other exponent takes the scalar
     * reference {@code (float) Math.pow(x, p)}: exp(p*log(x)) in float would lose about
     * |p*log(x)| ulps, and a general exponent is rare in training loops.
     */
    @Override
    public void pow(float[] a, int aOff, float exponent, float[] out, int outOff, int n) {
        check1(a, aOff, out, outOff, n);
        if (exponent == 0f) {
            Arrays.fill(out, outOff, outOff + n, 1f); // pow(x, 0) is 1 even for NaN
        } else if (exponent == 1f) {
            System.arraycopy(a, aOff, out, outOff, n);
        } else if (exponent == 2f) {
            mul(a, aOff, a, aOff, out, outOff, n);
        } else if (exponent == -1f) {
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += V) {
                FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, a, aOff + i)).intoArray(out, outOff + i);
            }
            for (; i < n; i++) out[outOff + i] = 1f / a[aOff + i];
        } else if (exponent == 0.5f) {
            // pow differs from sqrt only at -0 (gives +0) and -inf (gives +inf).
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += V) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + i);
                FloatVector r = x.add(0f).lanewise(VectorOperators.SQRT);
                r.blend(Float.POSITIVE_INFINITY, x.eq(Float.NEGATIVE_INFINITY)).intoArray(out, outOff + i);
            }
            for (; i < n; i++) out[outOff + i] = (float) Math.pow(a[aOff + i], 0.5);
        } else {
            for (int i = 0; i < n; i++) out[outOff + i] = (float) Math.pow(a[aOff + i], exponent);
        }
    }

    @Override
    public void clamp(float[] a, int aOff, float min, float max, float[] out, int outOff, int n) {
        Check.clampBounds(min, max);
        check1(a, aOff, out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, aOff + i).max(min).min(max).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = Math.min(Math.max(a[aOff + i], min), max);
    }

    // ---------------------------------------------------------------- backward helpers

    @Override
    public void tanhBackward(float[] y, int yOff, float[] gradOut, int gradOutOff,
                             float[] gradIn, int gradInOff, int n) {
        check2(y, yOff, gradOut, gradOutOff, gradIn, gradInOff, n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector g = FloatVector.fromArray(S, gradOut, gradOutOff + i);
            g.mul(one.sub(yv.mul(yv))).intoArray(gradIn, gradInOff + i);
        }
        for (; i < n; i++) {
            float yi = y[yOff + i];
            gradIn[gradInOff + i] = gradOut[gradOutOff + i] * (1f - yi * yi);
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] gradOut, int gradOutOff,
                                float[] gradIn, int gradInOff, int n) {
        check2(y, yOff, gradOut, gradOutOff, gradIn, gradInOff, n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector g = FloatVector.fromArray(S, gradOut, gradOutOff + i);
            g.mul(yv.mul(one.sub(yv))).intoArray(gradIn, gradInOff + i);
        }
        for (; i < n; i++) {
            float yi = y[yOff + i];
            gradIn[gradInOff + i] = gradOut[gradOutOff + i] * (yi * (1f - yi));
        }
    }

    @Override
    public void reluBackward(float[] x, int xOff, float[] gradOut, int gradOutOff,
                             float[] gradIn, int gradInOff, int n) {
        check2(x, xOff, gradOut, gradOutOff, gradIn, gradInOff, n);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, gradOut, gradOutOff + i), positive).intoArray(gradIn, gradInOff + i);
        }
        for (; i < n; i++) {
            gradIn[gradInOff + i] = x[xOff + i] > 0f ? gradOut[gradOutOff + i] : 0f;
        }
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Adds lanes[0..V) in a fixed pairwise tree (lane l with lane l + half, halving), in place.
     * Deterministic in every execution mode, unlike reduceLanes(ADD). Takes an array, not a
     * vector: a vector passed to a call that is not inlined is boxed (see VectorMath).
     */
    static float sumLanes(float[] lanes) {
        for (int half = V >> 1; half > 0; half >>= 1) {
            for (int l = 0; l < half; l++) lanes[l] += lanes[l + half];
        }
        return lanes[0];
    }

    @Override
    public float sum(float[] a, int aOff, int n) {
        Check.run("a", a, aOff, n);
        return sumUnchecked(a, aOff, n, new float[V]);
    }

    private static float sumUnchecked(float[] a, int aOff, int n, float[] scratch) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            FloatVector acc0 = FloatVector.zero(S), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            int i = start;
            for (int bound = end - 4 * V; i <= bound; i += 4 * V) {
                int p = aOff + i;
                acc0 = acc0.add(FloatVector.fromArray(S, a, p));
                acc1 = acc1.add(FloatVector.fromArray(S, a, p + V));
                acc2 = acc2.add(FloatVector.fromArray(S, a, p + 2 * V));
                acc3 = acc3.add(FloatVector.fromArray(S, a, p + 3 * V));
            }
            for (int bound = end - V; i <= bound; i += V) {
                acc0 = acc0.add(FloatVector.fromArray(S, a, aOff + i));
            }
            acc0.add(acc1).add(acc2.add(acc3)).intoArray(scratch, 0);
            float s = sumLanes(scratch);
            for (; i < end; i++) s += a[aOff + i];
            total += s;
        }
        return (float) total;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        Check.run("a", a, aOff, n);
        Check.run("b", b, bOff, n);
        float[] scratch = new float[V];
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            FloatVector acc0 = FloatVector.zero(S), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            int i = start;
            for (int bound = end - 4 * V; i <= bound; i += 4 * V) {
                int p = aOff + i, q = bOff + i;
                acc0 = FloatVector.fromArray(S, a, p).fma(FloatVector.fromArray(S, b, q), acc0);
                acc1 = FloatVector.fromArray(S, a, p + V).fma(FloatVector.fromArray(S, b, q + V), acc1);
                acc2 = FloatVector.fromArray(S, a, p + 2 * V).fma(FloatVector.fromArray(S, b, q + 2 * V), acc2);
                acc3 = FloatVector.fromArray(S, a, p + 3 * V).fma(FloatVector.fromArray(S, b, q + 3 * V), acc3);
            }
            for (int bound = end - V; i <= bound; i += V) {
                acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
            }
            acc0.add(acc1).add(acc2.add(acc3)).intoArray(scratch, 0);
            float s = sumLanes(scratch);
            for (; i < end; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
            total += s;
        }
        return (float) total;
    }

    @Override
    public float sumOfSquares(float[] a, int aOff, int n) {
        Check.run("a", a, aOff, n);
        float[] scratch = new float[V];
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            FloatVector acc0 = FloatVector.zero(S), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            int i = start;
            for (int bound = end - 4 * V; i <= bound; i += 4 * V) {
                int p = aOff + i;
                FloatVector x0 = FloatVector.fromArray(S, a, p);
                FloatVector x1 = FloatVector.fromArray(S, a, p + V);
                FloatVector x2 = FloatVector.fromArray(S, a, p + 2 * V);
                FloatVector x3 = FloatVector.fromArray(S, a, p + 3 * V);
                acc0 = x0.fma(x0, acc0);
                acc1 = x1.fma(x1, acc1);
                acc2 = x2.fma(x2, acc2);
                acc3 = x3.fma(x3, acc3);
            }
            for (int bound = end - V; i <= bound; i += V) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + i);
                acc0 = x.fma(x, acc0);
            }
            acc0.add(acc1).add(acc2.add(acc3)).intoArray(scratch, 0);
            float s = sumLanes(scratch);
            for (; i < end; i++) s = Math.fma(a[aOff + i], a[aOff + i], s);
            total += s;
        }
        return (float) total;
    }

    @Override
    public float max(float[] a, int aOff, int n) {
        Check.run("a", a, aOff, n);
        float m = Float.NEGATIVE_INFINITY;
        int i = 0;
        int bound = S.loopBound(n);
        if (bound > 0) {
            // lanewise max follows Math.max: NaN wins, and +0 beats -0, in any order.
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += V) acc = acc.max(FloatVector.fromArray(S, a, aOff + i));
            float[] lanes = new float[V];
            acc.intoArray(lanes, 0);
            for (float lane : lanes) m = Math.max(m, lane);
        }
        for (; i < n; i++) m = Math.max(m, a[aOff + i]);
        return m;
    }

    @Override
    public void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        Check.matrix("a", a, aOff, m, n, lda);
        Check.run("out", out, outOff, n);
        Arrays.fill(out, outOff, outOff + n, 0f);
        int bound = S.loopBound(n);
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            int j = 0;
            for (; j < bound; j += V) {
                FloatVector.fromArray(S, out, outOff + j).add(FloatVector.fromArray(S, a, ai + j))
                        .intoArray(out, outOff + j);
            }
            for (; j < n; j++) out[outOff + j] += a[ai + j];
        }
    }

    @Override
    public void sumCols(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        Check.matrix("a", a, aOff, m, n, lda);
        Check.run("out", out, outOff, m);
        float[] scratch = new float[V];
        for (int i = 0; i < m; i++) out[outOff + i] = sumUnchecked(a, aOff + i * lda, n, scratch);
    }

    // ---------------------------------------------------------------- optimizer updates

    /**
     * Each vector of p, g, m and v is loaded once, tested for tiny lanes in registers and, when
     * it has none (nearly every vector), updated by Adam's formulas. With z = |x|'s bits − 1 +
     * 2³¹ (wrapping), a tiny x, and only a tiny x, has z below tiny's bits − 1 + 2³¹
     * as a signed number (a zero gives 2³¹ − 1), so the lanewise minimum of the four operands' z,
     * compared once, marks the lanes with a tiny operand. Everything in this one method: a
     * vector handed to a method that the JIT does not inline is boxed ({@link VectorMath}).
     */
    @Override
    public int adamUntilTiny(float tiny, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                             int vOff, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                             float bc2Sqrt, float eps, float negStepSize, int n) {
        Check.adam(p, pOff, g, gOff, m, mOff, v, vOff, n);
        int tinyZ = Float.floatToRawIntBits(tiny) - 1 + Integer.MIN_VALUE;
        int shift = Integer.MIN_VALUE - 1;
        FloatVector keep1 = FloatVector.broadcast(S, oneMinusBeta1);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += V) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i);
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i);
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
            IntVector z = gi.reinterpretAsInts().and(0x7fffffff).add(shift)
                    .min(mi.reinterpretAsInts().and(0x7fffffff).add(shift))
                    .min(vi.reinterpretAsInts().and(0x7fffffff).add(shift))
                    .min(pi.reinterpretAsInts().and(0x7fffffff).add(shift));
            VectorMask<Integer> tinyLanes = z.compare(VectorOperators.LT, tinyZ);
            if (tinyLanes.anyTrue()) {   // the lanes before the first tiny one, as the tail is updated
                int stop = i + tinyLanes.firstTrue();
                ScalarKernels.adamElements(p, pOff, g, gOff, m, mOff, v, vOff, beta1, oneMinusBeta1, beta2,
                        oneMinusBeta2, bc2Sqrt, eps, negStepSize, i, stop);
                return stop;
            }
            FloatVector m1 = gi.fma(keep1, mi.mul(beta1));
            FloatVector v1 = gi.mul(oneMinusBeta2).fma(gi, vi.mul(beta2));
            m1.intoArray(m, mOff + i);
            v1.intoArray(v, vOff + i);
            FloatVector denom = v1.sqrt().div(bc2Sqrt).add(eps);
            pi.add(m1.mul(negStepSize).div(denom)).intoArray(p, pOff + i);
        }
        int clean = ScalarKernels.cleanElements(tiny, p, pOff, g, gOff, m, mOff, v, vOff, i, n);
        ScalarKernels.adamElements(p, pOff, g, gOff, m, mOff, v, vOff, beta1, oneMinusBeta1, beta2, oneMinusBeta2,
                bc2Sqrt, eps, negStepSize, i, clean);
        return clean;
    }
}
