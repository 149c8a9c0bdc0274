package dev.dynrnn.kernels;

import static dev.dynrnn.kernels.Fixtures.U;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;

/**
 * gemm and gemv, scalar against a double-precision reference and vector against scalar.
 *
 * <p>Tolerances are rigorous rounding bounds, so these tests cannot be flaky. Each C element is
 * a sum of k float products (each rounded at most once, by an fma) plus beta*c, and summing in any
 * tree order errs by at most (k-1)*u times the sum of magnitudes (u = 2^-24); beta*c, the partial
 * sums written back every KC steps and the final alpha fma add a few roundings more. So an
 * implementation is within (k + 4) * u * scale of the exact value, scale = |alpha| sum_p |a||b|
 * + |beta c|, and two implementations (vector vs scalar: different order) within twice that.
 */
class GemmTest {
    /** Sizes around the micro-tile (4 x 2 vectors) and the small-m threshold (32). */
    static final int[] DIMS = {1, 3, 15, 17, 33, 64, 100};
    static final float[][] ALPHA_BETA = {{1f, 0f}, {0.5f, 1f}, {-1.25f, 0.75f}, {2f, 0f}, {1f, -1f}};

    /** One gemm problem with operands embedded at offsets, rows padded, padding NaN. */
    static final class Problem {
        final boolean transA, transB;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final float alpha, beta;
        final float[] a, b, c;

        Problem(Random random, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, int pad) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            aOff = pad * 3;
            bOff = pad * 2 + 1;
            cOff = pad;
            lda = Math.max(1, aCols) + pad;
            ldb = Math.max(1, bCols) + 2 * pad;
            ldc = n + pad;
            a = matrix(random, aOff, aRows, aCols, lda);
            b = matrix(random, bOff, bRows, bCols, ldb);
            c = matrix(random, cOff, m, n, ldc);
            if (beta == 0f) { // BLAS: C is not read, so NaN there must not leak into the result
                for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
            }
        }

        static float[] matrix(Random random, int off, int rows, int cols, int ld) {
            float[] x = new float[off + Math.max(0, rows - 1) * ld + cols + 7];
            Arrays.fill(x, Float.NaN); // padding: reading it would poison the result
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) x[off + r * ld + j] = 2f * random.nextFloat() - 1f;
            }
            return x;
        }

        float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run(ArrayKernels kernels) {
            float[] out = c.clone();
            kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        @Override
        public String toString() {
            return String.format("gemm(%s%s m=%d n=%d k=%d alpha=%s beta=%s lda=%d ldb=%d ldc=%d)",
                    transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, beta, lda, ldb, ldc);
        }

        /**
         * Checks got against want (or, when want is null, the double reference) within
         * factor * (k + 4) * u * scale, and that nothing outside C's window was written.
         */
        void check(float[] got, float[] want, double factor) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0, scale = 0;
                    for (int p = 0; p < k; p++) {
                        double t = (double) opA(i, p) * opB(p, j);
                        exact += t;
                        scale += Math.abs(t);
                    }
                    double cij = beta == 0f ? 0 : c[cOff + i * ldc + j];
                    exact = alpha * exact + beta * cij;
                    scale = Math.abs(alpha) * scale + Math.abs(beta * cij);
                    double expected = want == null ? exact : want[cOff + i * ldc + j];
                    double tol = factor * (k + 4) * U * scale;
                    float g = got[cOff + i * ldc + j];
                    if (!(Math.abs(g - expected) <= tol)) {
                        fail(this + ": C[" + i + "][" + j + "] = " + g + ", want " + expected + " +- " + tol);
                    }
                }
            }
            for (int x = 0; x < got.length; x++) { // outside the window: untouched
                int rel = x - cOff;
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside && Float.floatToRawIntBits(got[x]) != Float.floatToRawIntBits(c[x])) {
                    fail(this + ": wrote outside C at index " + x);
                }
            }
        }
    }

    private static void forAllShapes(java.util.function.Consumer<Problem> check) {
        Random random = new Random(42);
        int index = 0;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int m : DIMS) {
                    for (int n : DIMS) {
                        for (int k : DIMS) {
                            float[] ab = ALPHA_BETA[index++ % ALPHA_BETA.length];
                            check.accept(new Problem(random, transA, transB, m, n, k, ab[0], ab[1], index % 3));
                        }
                    }
                }
            }
        }
    }

    @Test
    void scalarGemmMatchesDoubleReference() {
        forAllShapes(p -> p.check(p.run(Kernels.scalar()), null, 1));
    }

    @Test
    void vectorGemmMatchesScalar() {
        assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
        ArrayKernels vector = Kernels.vector().get();
        forAllShapes(p -> p.check(p.run(vector), p.run(Kernels.scalar()), 2));
    }

    /** Shapes past every block size of the packed path (MC = 128, KC = 256, NC = 2048). */
    @Test
    void largeGemmCrossesBlockBoundaries() {
        Random random = new Random(7);
        int[][] shapes = {{131, 40, 259}, {33, 2085, 20}};
        for (int[] shape : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    Problem p = new Problem(random, transA, transB, shape[0], shape[1], shape[2], 0.75f, 0.5f, 1);
                    float[] scalar = p.run(Kernels.scalar());
                    p.check(scalar, null, 1);
                    Kernels.vector().ifPresent(v -> p.check(p.run(v), scalar, 2));
                }
            }
        }
    }

    /**
     * Packing op(A) from A^T (a weight gradient's dP^T) must give the panels that packing A as
     * stored gives: the same product bit for bit. A ends at the end of its array (the packing
     * copies whole rows of panels with vectors that read past a panel) and the depth crosses a
     * block (KC = 512); row counts with and without a partial last panel.
     */
    @Test
    void transposedAPacksAsStoredA() {
        Random random = new Random(31);
        for (ArrayKernels kernels : implementations()) {
            for (int m : new int[] {40, 144, 150, 296}) {
                int k = 600, n = 70;
                float[] a = Fixtures.uniform(random, m * k, -1, 1);       // (m, k)
                float[] aT = new float[k * m];                            // (k, m)
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < k; p++) {
                        aT[p * m + i] = a[i * k + p];
                    }
                }
                float[] b = Fixtures.uniform(random, k * n, -1, 1);
                float[] want = new float[m * n];
                float[] got = new float[m * n];
                kernels.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, want, 0, n);
                kernels.gemm(true, false, m, n, k, 1f, aT, 0, m, b, 0, n, 0f, got, 0, n);
                Fixtures.assertSameBits(kernels.name() + " m=" + m, want, 0, got, 0, m * n);
            }
        }
    }

    /**
     * gemmPanels gives each panel's columns the bits of a gemm of that panel: row counts on both
     * sides of the small-m threshold (32) and with partial register tiles, depths across a block
     * (KC = 512), a last panel narrower than the others, beta 0 over NaN, 1 and neither.
     */
    @Test
    void panelProductsEqualAGemmPerPanel() {
        Random random = new Random(37);
        int w = ArrayKernels.PANEL_WIDTH;
        for (ArrayKernels kernels : implementations()) {
            for (int m : new int[] {1, 2, 7, 8, 17, 32, 33, 64, 70}) {
                for (int k : new int[] {1, 3, 256, 600}) {
                    for (int n : new int[] {20, 96, 100}) {
                        for (float beta : new float[] {0f, 1f, 0.5f}) {
                            int lda = k + 3, ldc = n + 2;
                            float[] a = Fixtures.uniform(random, 1 + m * lda, -1, 1);
                            float[] b = Fixtures.uniform(random, k * n, -1, 1);    // (k, n)
                            float[] panels = new float[2 + k * n];
                            for (int q = 0; q < n; q += w) {
                                int width = Math.min(w, n - q);
                                for (int p = 0; p < k; p++) {
                                    System.arraycopy(b, p * n + q, panels, 2 + q * k + p * width, width);
                                }
                            }
                            float[] c = Fixtures.uniform(random, 3 + m * ldc, -1, 1);
                            if (beta == 0f) {
                                Arrays.fill(c, Float.NaN);
                            }
                            float[] want = c.clone();
                            float[] got = c.clone();
                            for (int q = 0; q < n; q += w) {
                                int width = Math.min(w, n - q);
                                kernels.gemm(false, false, m, width, k, 1f, a, 1, lda, panels, 2 + q * k, width, beta,
                                        want, 3 + q, ldc);
                            }
                            kernels.gemmPanels(m, n, k, a, 1, lda, panels, 2, beta, got, 3, ldc);
                            Fixtures.assertSameBits(kernels.name() + " m=" + m + " k=" + k + " n=" + n + " beta=" + beta,
                                    want, 0, got, 0, want.length);
                        }
                    }
                }
            }
        }
    }

    /**
     * gemmPanelGroups (A packed once for all groups) gives each group the bits of its own
     * gemmPanels call: an LSTM half-step's shape (4 gates, half of H each) and smaller ones with
     * partial row tiles, a depth across a block (KC = 512) and a group narrower than a panel.
     */
    @Test
    void panelGroupsEqualAPanelProductPerGroup() {
        Random random = new Random(41);
        for (ArrayKernels kernels : implementations()) {
            for (int[] shape : new int[][] {{32, 256, 512, 4, 512}, {7, 64, 96, 3, 96}, {33, 32, 600, 2, 64},
                    {70, 20, 256, 2, 32}, {2, 64, 3, 4, 64}}) {
                int m = shape[0], n = shape[1], k = shape[2], groups = shape[3], stride = shape[4];
                int width = (groups - 1) * stride + n;
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    int lda = k + 3, ldc = width + 5;
                    float[] a = Fixtures.uniform(random, 1 + m * lda, -1, 1);
                    float[] panels = Fixtures.uniform(random, 2 + k * width, -1, 1);
                    float[] c = Fixtures.uniform(random, 3 + m * ldc, -1, 1);
                    float[] want = c.clone();
                    float[] got = c.clone();
                    for (int g = 0; g < groups; g++) {
                        kernels.gemmPanels(m, n, k, a, 1, lda, panels, 2 + g * stride * k, beta, want, 3 + g * stride, ldc);
                    }
                    kernels.gemmPanelGroups(groups, stride, m, n, k, a, 1, lda, panels, 2, beta, got, 3, ldc);
                    Fixtures.assertSameBits(kernels.name() + " " + Arrays.toString(shape) + " beta=" + beta,
                            want, 0, got, 0, want.length);
                }
            }
        }
    }

    @Test
    void panelGroupsRejectOverlappingGroups() {
        for (ArrayKernels kernels : implementations()) {
            float[] a = new float[4 * 8], panels = new float[8 * 96], c = new float[4 * 96];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemmPanelGroups(2, 16, 4, 32, 8, a, 0, 8, panels, 0, 0f, c, 0, 96));
            assertTrue(e.getMessage().contains("2 groups of 32 columns 16 apart"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemmPanelGroups(0, 32, 4, 32, 8, a, 0, 8, panels, 0, 0f, c, 0, 96));
        }
    }

    @Test
    void gemmIsDeterministic() {
        Random random = new Random(3);
        for (ArrayKernels kernels : implementations()) {
            Problem p = new Problem(random, false, true, 70, 90, 300, 1f, 0f, 0);
            float[] first = p.run(kernels);
            for (int repeat = 0; repeat < 5; repeat++) {
                Fixtures.assertSameBits(kernels.name() + " repeat " + repeat, first, 0, p.run(kernels), 0, first.length);
            }
        }
    }

    /**
     * With B transposed and small m, C elements are dot products finished by a shared lane
     * tree (2x4 tiles, 4-row gemv blocks, single rows): an element must not depend on which
     * of those computed it, so the full product equals element-by-element products bit for bit.
     */
    @Test
    void dotProductPathsAgreeBitForBit() {
        Random random = new Random(23);
        for (ArrayKernels kernels : implementations()) {
            for (int k : new int[] {1, 15, 16, 17, 64, 100, 300}) {
                int m = 7, n = 11;
                float[] a = Fixtures.uniform(random, m * k, -1, 1), b = Fixtures.uniform(random, n * k, -1, 1);
                float[] c = new float[m * n];
                kernels.gemm(false, true, m, n, k, 1.5f, a, 0, k, b, 0, k, 0f, c, 0, n);
                for (int i = 0; i < m; i++) {
                    float[] row = new float[n];
                    kernels.gemm(false, true, 1, n, k, 1.5f, a, i * k, k, b, 0, k, 0f, row, 0, n);
                    Fixtures.assertSameBits(kernels.name() + " k=" + k + " row " + i, c, i * n, row, 0, n);
                    for (int j = 0; j < n; j++) {
                        float[] one = new float[1];
                        kernels.gemm(false, true, 1, 1, k, 1.5f, a, i * k, k, b, j * k, k, 0f, one, 0, 1);
                        Fixtures.assertSameBits(kernels.name() + " k=" + k + " C[" + i + "][" + j + "]", c, i * n + j, one, 0, 1);
                    }
                }
            }
        }
    }

    /**
     * Tiny products take plain loops, but only where the vector paths do the same arithmetic, so
     * a 2 x 3 corner computed alone equals the same corner of a large product bit for bit.
     */
    @Test
    void tinyProductsEqualTheCornerOfALargeOne() {
        Random random = new Random(29);
        for (ArrayKernels kernels : implementations()) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    // With transB only k shorter than any vector is tiny (below, lane sums differ).
                    for (int k : transB ? new int[] {1, 5} : new int[] {1, 5, 15, 40}) {
                        int m = 48, n = 70;
                        int lda = transA ? m : k, ldb = transB ? k : n;
                        float[] a = Fixtures.uniform(random, m * k, -1, 1), b = Fixtures.uniform(random, k * n, -1, 1);
                        float[] c = new float[m * n];
                        kernels.gemm(transA, transB, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                        float[] corner = new float[2 * 3];
                        kernels.gemm(transA, transB, 2, 3, k, 0.75f, a, 0, lda, b, 0, ldb, 0f, corner, 0, 3);
                        String what = kernels.name() + " k=" + k + " transA=" + transA + " transB=" + transB;
                        Fixtures.assertSameBits(what + " row 0", c, 0, corner, 0, 3);
                        Fixtures.assertSameBits(what + " row 1", c, n, corner, 3, 3);
                        // Column 0 alone, op(B)'s column 0 as a contiguous vector.
                        float[] column = new float[k];
                        for (int p = 0; p < k; p++) {
                            column[p] = transB ? b[p] : b[p * n];
                        }
                        float[] first = new float[m];
                        kernels.gemm(transA, transB, m, 1, k, 0.75f, a, 0, lda, column, 0, transB ? k : 1, 0f, first, 0, 1);
                        for (int i = 0; i < m; i++) {
                            Fixtures.assertSameBits(what + " column 0, row " + i, c, i * n, first, i, 1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void alphaZeroReadsNeitherAnorB() {
        for (ArrayKernels kernels : implementations()) {
            float[] a = {Float.NaN, Float.NaN}, b = {Float.NaN, Float.NaN};
            float[] c = {1f, 2f, 3f, 4f};
            kernels.gemm(false, false, 2, 2, 1, 0f, a, 0, 1, b, 0, 2, 2f, c, 0, 2);
            Fixtures.assertSameBits(kernels.name(), new float[] {2f, 4f, 6f, 8f}, 0, c, 0, 4);
            kernels.gemm(false, false, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 0f, c, 0, 2);
            Fixtures.assertSameBits(kernels.name() + " k=0", new float[4], 0, c, 0, 4);
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeWriting() {
        for (ArrayKernels kernels : implementations()) {
            float[] a = new float[6], b = new float[6], c = {5f, 5f, 5f, 5f};
            IllegalArgumentException lda = assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
            assertTrue(lda.getMessage().contains("leading dimension of A"), lda.getMessage());
            IndexOutOfBoundsException small = assertThrows(IndexOutOfBoundsException.class,
                    () -> kernels.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 1, 2, 0f, c, 0, 2));
            assertTrue(small.getMessage().startsWith("B (3x2"), small.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
            Fixtures.assertSameBits(kernels.name(), new float[] {5f, 5f, 5f, 5f}, 0, c, 0, 4);
        }
    }

    @Test
    void gemvMatchesGemm() {
        Random random = new Random(11);
        for (ArrayKernels kernels : implementations()) {
            for (int m : DIMS) {
                for (int n : DIMS) {
                    for (boolean trans : new boolean[] {false, true}) {
                        // gemv(A, x) is gemm with x as a one-column (or, transposed, one-row) matrix.
                        Problem p = new Problem(random, trans, false, trans ? n : m, 1, trans ? m : n, 1.5f, 0.5f, 2);
                        float[] x = new float[p.k];
                        for (int i = 0; i < p.k; i++) x[i] = p.b[p.bOff + i * p.ldb];
                        float[] y = new float[p.m];
                        for (int i = 0; i < p.m; i++) y[i] = p.c[p.cOff + i * p.ldc];
                        kernels.gemv(trans, m, n, p.alpha, p.a, p.aOff, p.lda, x, 0, p.beta, y, 0);
                        float[] got = p.c.clone();
                        for (int i = 0; i < p.m; i++) got[p.cOff + i * p.ldc] = y[i];
                        p.check(got, null, 1);
                    }
                }
            }
        }
    }

    /**
     * Packing op(B) from B^T (an input projection's x W^T) must give the panels that packing B
     * as stored gives, and A as stored is packed the same with an odd depth (the last step
     * apart from the pairs that one vector gathers): the same product bit for bit, for whole and
     * partial panels of columns and rows, across a depth block (KC = 512).
     */
    @Test
    void transposedBPacksAsStoredB() {
        Random random = new Random(37);
        for (ArrayKernels kernels : implementations()) {
            for (int m : new int[] {40, 150}) {
                for (int n : new int[] {64, 70}) {
                    for (int k : new int[] {600, 601}) {
                        float[] a = Fixtures.uniform(random, m * k, -1, 1);     // (m, k)
                        float[] b = Fixtures.uniform(random, k * n, -1, 1);     // (k, n)
                        float[] bT = new float[n * k];                          // (n, k)
                        for (int p = 0; p < k; p++) {
                            for (int j = 0; j < n; j++) {
                                bT[j * k + p] = b[p * n + j];
                            }
                        }
                        float[] want = new float[m * n];
                        float[] got = new float[m * n];
                        kernels.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, want, 0, n);
                        kernels.gemm(false, true, m, n, k, 1f, a, 0, k, bT, 0, k, 0f, got, 0, n);
                        Fixtures.assertSameBits(kernels.name() + " " + m + "x" + n + "x" + k, want, 0, got, 0, m * n);
                    }
                }
            }
        }
    }

    /**
     * The vector register-tiled paths' numerics, bit for bit: each C element adds its products
     * in order of p, one fma each, from zero, and C takes {@code fma(alpha, acc, C)} once per
     * depth block (all of k for small m, {@link VectorGemm#KC} otherwise), whatever the tile
     * (full, or a partial edge tile) and however the kernel splits the depth for its cache
     * ({@link VectorGemm#CARRY_DEPTH}, its accumulators carried between the pieces). Depths
     * below, at and across those pieces and blocks; rows and columns with partial tiles.
     */
    @Test
    void tiledProductsAddEachBlocksFmaChainOnce() {
        assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
        ArrayKernels vector = Kernels.vector().get();
        Random random = new Random(41);
        int[][] shapes = {{16, 64, 128}, {32, 96, 300}, {24, 40, 2048}, {40, 70, 129}, {150, 64, 1100},
            {72, 100, 512}, {33, 32, 700}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            int block = m <= VectorGemm.SMALL_M ? k : VectorGemm.KC;
            for (boolean transA : new boolean[] {false, true}) {
                // with transB, small m takes lanewise dot products instead of the tiles
                for (boolean transB : m <= VectorGemm.SMALL_M ? new boolean[] {false} : new boolean[] {false, true}) {
                    Problem p = new Problem(random, transA, transB, m, n, k, 0.75f, 0.5f, 1);
                    float[] want = p.c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            int ci = p.cOff + i * p.ldc + j;
                            float c = want[ci] * p.beta;
                            for (int p0 = 0; p0 < k; p0 += block) {
                                float acc = 0f;
                                for (int q = p0; q < Math.min(k, p0 + block); q++) {
                                    acc = Math.fma(p.opA(i, q), p.opB(q, j), acc);
                                }
                                c = Math.fma(p.alpha, acc, c);
                            }
                            want[ci] = c;
                        }
                    }
                    float[] got = p.run(vector);
                    Fixtures.assertSameBits("m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB,
                            want, 0, got, 0, want.length);
                }
            }
        }
    }

    /** Random shapes, transposes and paddings: vector within the rounding bound of scalar. */
    @Property(tries = 300)
    @AddLifecycleHook(RequiresVector.class)
    void vectorGemmMatchesScalarOnRandomShapes(
            @ForAll @IntRange(min = 1, max = 80) int m, @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 0, max = 300) int k, @ForAll boolean transA, @ForAll boolean transB,
            @ForAll @IntRange(min = 0, max = 4) int pad, @ForAll @IntRange(min = 0, max = 4) int alphaBeta) {
        float[] ab = ALPHA_BETA[alphaBeta];
        Problem p = new Problem(new Random(m * 31L + n * 7L + k), transA, transB, m, n, k, ab[0], ab[1], pad);
        p.check(p.run(Kernels.vector().get()), p.run(Kernels.scalar()), 2);
    }

    static Iterable<ArrayKernels> implementations() {
        return Kernels.vector().isPresent()
                ? java.util.List.of(Kernels.scalar(), Kernels.vector().get())
                : java.util.List.of(Kernels.scalar());
    }

    @Test
    void implementationsAreListed() {
        assertEquals(Kernels.vector().isPresent() ? 2 : 1, ((java.util.List<ArrayKernels>) implementations()).size());
    }
}
