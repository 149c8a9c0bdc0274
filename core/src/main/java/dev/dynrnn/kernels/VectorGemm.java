package dev.dynrnn.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API gemm and gemv for {@link VectorKernels}. Arguments are already checked.
 *
 * <p>Four paths, chosen by shape only (so a given call always takes the same one), and the
 * thin shapes of {@link VectorThinGemm} (k == 1, or one column from A^T), computed as the path
 * they replace computes them:
 * <ul>
 *   <li><b>tiny</b> (m * n * k up to {@value #TINY}, narrow or shallow, where it computes what
 *       the others would): plain loops, no set-up; see {@link #tiny}.
 *   <li><b>m == 1</b> (a row vector times a matrix, the common recurrent step): a gemv, no
 *       copies; see {@link #gemvT} and {@link #gemvN}. Likewise <b>n == 1</b> with a contiguous
 *       op(B) and C: a matrix times a vector.
 *   <li><b>small m</b>: op(B) is read in place. Without transB, the register-tiled micro-kernel
 *       reads rows of B directly; with transB each C element is a dot product of a row of op(A)
 *       and a row of B, 2x4 elements at a time ({@link #dot2x4}).
 *   <li><b>otherwise</b>, blocked as in GotoBLAS: op(B) is packed into (KC x NR) panels and op(A)
 *       into (MR x KC) panels (transposing on the fly and zero-padding edges), so the
 *       {@link #kernel} inner loop is unit-stride whatever the transposes.
 * </ul>
 *
 * <p>Numerics: each C element accumulates its k products in index order with one fused
 * multiply-add each, in float; the packed path adds a partial sum into C every {@value #KC}
 * values of k. The dot-product paths accumulate lanewise and combine lanes in a fixed tree
 * ({@link VectorKernels#sumLanes}, several at once by {@link LaneSums}). The order depends only
 * on the shape, never on timing, so results are deterministic. {@code C += alpha * acc} is one
 * fma.
 *
 * <p>Vectors never cross a method boundary here (kernels take arrays and offsets): a vector
 * passed to a call that C2 does not inline is boxed, see {@link VectorMath}.
 */
final class VectorGemm {
    private VectorGemm() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /**
     * Micro-kernel tile: MR rows of C by NR = 2 vectors of columns. In an in-L1 kernel benchmark
     * (512-bit vectors, JDK 17 and 25) 6 x 2 was 5-15% faster than 4 x 2 (8 accumulators barely
     * cover the fma latency) and than 4 x 3. With 32 vector registers (512-bit) the tile is 8 x 2,
     * 16 accumulators: as fast in a large product, and batches of 8, 16, 32 or 64 rows (the
     * recurrent layers' per-step products) fill whole tiles, where 6 rows left a partial tile
     * (measured: 32 x 32 x 256 products 40% faster, large ones 10%). With 16 registers (256-bit)
     * it stays 6 x 2.
     */
    static final int MR = V >= 16 ? 8 : 6;
    static final int NR = 2 * V;
    /**
     * Depth of a packed block: a (KC x NR) panel of B is 64 KiB with 512-bit vectors (L2). Each
     * block adds its partial sums into C, so a deep product reads and writes C k / KC times; with
     * C larger than the L2 cache (a weight gradient, (G*H, H) of a few MB) each C tile's loads
     * missed at the end of every block. Blocks of 512 rather than 256 halve those passes: 75 ->
     * 130 GFLOP/s on one core for (1600 x 2048) (2048 x 512), 55 -> 110 for dW_hh (2048 x 512)
     * from k = 1600, where the extra depth reads B from L2 rather than L1 at no visible cost.
     */
    static final int KC = 512;
    /** Rows of A packed at once: (MC x KC) floats = 288 KiB (L2); a multiple of MR. */
    static final int MC = 144;
    /** Columns of B packed at once: (KC x NC) floats = 4 MiB. */
    static final int NC = Math.max(NR, 2048 / NR * NR);
    /** Up to this many rows op(B) is not packed (packing costs k*n, a large share when m is small). */
    static final int SMALL_M = 32;
    /**
     * Up to this many multiply-adds (m * n * k) the plain loops of {@link #tiny} are faster than
     * any set-up: the vector paths' packing, edge tiles and lane sums cost a microsecond or so,
     * the whole product here less. Many such products run per step of a small recurrent model.
     * Taken only where the vector paths would leave most lanes idle (fewer columns, or with
     * transB a shorter depth, than a vector holds) and would do the same arithmetic (k in one
     * block), so no element depends on the path; a single row (m == 1) goes to the gemv paths.
     */
    static final int TINY = 4096;

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        scaleMatrix(beta, m, n, c, cOff, ldc);
        if (alpha == 0f || k == 0) return;
        if (m > 1 && (long) m * n * k <= TINY && (transB ? k < V : n < V && k <= KC)) {
            if (n == 1 && transA && (transB || ldb == 1) && ldc == 1) {
                // One column of C from the rows of A: a gemv with A as stored, vectorized over m.
                gemvT(k, m, alpha, a, aOff, lda, b, bOff, c, cOff);
            } else {
                tiny(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            }
        } else if (m == 1) {
            float[] x = a;
            int xOff = aOff;
            if (transA && lda != 1) { // column 0 of A, strided: gather it
                x = new float[k];
                for (int p = 0; p < k; p++) x[p] = a[aOff + p * lda];
                xOff = 0;
            }
            if (transB) gemvN(n, k, alpha, b, bOff, ldb, x, xOff, c, cOff);
            else gemvT(k, n, alpha, b, bOff, ldb, x, xOff, c, cOff);
        } else if (n == 1 && !transA && (transB || ldb == 1) && ldc == 1) {
            // One column of C, op(B) a contiguous vector: a dot product per row of A (a Linear
            // layer with one output over many rows), where the tiles would fill 1 of 2 * V lanes.
            gemvN(m, k, alpha, a, aOff, lda, b, bOff, c, cOff);
        } else if (k == 1) {
            VectorThinGemm.outer(transA, transB, m, n, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else if (n == 1 && transA && (transB || ldb == 1) && ldc == 1 && !(transB && m <= SMALL_M)) {
            // The depth blocks of the path it replaces: all k in place (small m), KC when packed.
            VectorThinGemm.columnOfTransposed(m, k, m <= SMALL_M ? k : KC, alpha, a, aOff, lda, b, bOff, c, cOff);
        } else if (m <= SMALL_M) {
            if (transB) dotProducts(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            else direct(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else {
            packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }
    }

    /**
     * C += alpha * op(A) op(B) for tiny products, as {@link ScalarKernels#gemm} computes it: each
     * element accumulates its k products in order of k with one fma each. The accumulators of
     * all m * n elements advance together, depth step by depth step, so the fma chains overlap
     * instead of waiting on each other. Where a row of op(B) is unit-stride (a depth of 1 with
     * transB: a sequence of scalars projected to many features) a vector does V columns' fmas at
     * once, each lane the same fma.
     */
    static void tiny(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        float[] acc = Scratch.get(Scratch.Slot.ACCUMULATOR, m * n);
        Arrays.fill(acc, 0, m * n, 0f);
        int aRow = transA ? 1 : lda;
        int aDepth = transA ? lda : 1;
        int bCol = transB ? ldb : 1;
        int bDepth = transB ? 1 : ldb;
        int vectorCols = bCol == 1 ? S.loopBound(n) : 0;
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                float ap = a[aOff + i * aRow + p * aDepth];
                int row = i * n;
                int q = bOff + p * bDepth;
                int j = 0;
                if (vectorCols > 0) {
                    FloatVector apv = FloatVector.broadcast(S, ap);
                    for (; j < vectorCols; j += V) {
                        FloatVector.fromArray(S, b, q + j).fma(apv, FloatVector.fromArray(S, acc, row + j))
                                .intoArray(acc, row + j);
                    }
                }
                for (; j < n; j++) {
                    acc[row + j] = Math.fma(ap, b[q + j * bCol], acc[row + j]);
                }
            }
        }
        int fullCols = S.loopBound(n);
        FloatVector alphas = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int row = i * n;
            int j = 0;
            for (; j < fullCols; j += V) {
                FloatVector.fromArray(S, acc, row + j).fma(alphas, FloatVector.fromArray(S, c, ci + j))
                        .intoArray(c, ci + j);
            }
            for (; j < n; j++) c[ci + j] = Math.fma(alpha, acc[row + j], c[ci + j]);
        }
    }

    /** C = beta * C for a (m, n) matrix; beta == 0 writes zeros without reading C. */
    static void scaleMatrix(float beta, int m, int n, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, ci, ci + n, 0f);
                continue;
            }
            int j = 0;
            for (int bound = S.loopBound(n); j < bound; j += V) {
                FloatVector.fromArray(S, c, ci + j).mul(beta).intoArray(c, ci + j);
            }
            for (; j < n; j++) c[ci + j] *= beta;
        }
    }

    /** gemv entry for {@link VectorKernels#gemv} (y already scaled by beta). */
    static void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float[] y, int yOff) {
        if (transA) gemvT(m, n, alpha, a, aOff, lda, x, xOff, y, yOff);
        else gemvN(m, n, alpha, a, aOff, lda, x, xOff, y, yOff);
    }

    // ---------------------------------------------------------------- gemv

    /**
     * {@code y[j] += alpha * sum_i x[i] * A[i][j]}: A is (rows, cols), x has rows elements, y has
     * cols. Columns in register strips of 4 vectors (then 2, then 1); rows of A are read
     * unit-stride. Every column accumulates its rows in order, whatever strip it is in.
     */
    static void gemvT(int rows, int cols, float alpha, float[] a, int aOff, int lda,
                      float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int j = 0;
        for (; j + 4 * V <= cols; j += 4 * V) {
            FloatVector acc0 = FloatVector.zero(S), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int i = 0, p = aOff + j; i < rows; i++, p += lda) {
                FloatVector xi = FloatVector.broadcast(S, x[xOff + i]);
                acc0 = FloatVector.fromArray(S, a, p).fma(xi, acc0);
                acc1 = FloatVector.fromArray(S, a, p + V).fma(xi, acc1);
                acc2 = FloatVector.fromArray(S, a, p + 2 * V).fma(xi, acc2);
                acc3 = FloatVector.fromArray(S, a, p + 3 * V).fma(xi, acc3);
            }
            int q = yOff + j;
            acc0.fma(av, FloatVector.fromArray(S, y, q)).intoArray(y, q);
            acc1.fma(av, FloatVector.fromArray(S, y, q + V)).intoArray(y, q + V);
            acc2.fma(av, FloatVector.fromArray(S, y, q + 2 * V)).intoArray(y, q + 2 * V);
            acc3.fma(av, FloatVector.fromArray(S, y, q + 3 * V)).intoArray(y, q + 3 * V);
        }
        if (j + 2 * V <= cols) { // two strips in one pass: two fma chains overlap (a hidden size of 2 vectors)
            FloatVector acc0 = FloatVector.zero(S), acc1 = acc0;
            for (int i = 0, p = aOff + j; i < rows; i++, p += lda) {
                FloatVector xi = FloatVector.broadcast(S, x[xOff + i]);
                acc0 = FloatVector.fromArray(S, a, p).fma(xi, acc0);
                acc1 = FloatVector.fromArray(S, a, p + V).fma(xi, acc1);
            }
            int q = yOff + j;
            acc0.fma(av, FloatVector.fromArray(S, y, q)).intoArray(y, q);
            acc1.fma(av, FloatVector.fromArray(S, y, q + V)).intoArray(y, q + V);
            j += 2 * V;
        }
        for (; j + V <= cols; j += V) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0, p = aOff + j; i < rows; i++, p += lda) {
                acc = FloatVector.fromArray(S, a, p).fma(FloatVector.broadcast(S, x[xOff + i]), acc);
            }
            acc.fma(av, FloatVector.fromArray(S, y, yOff + j)).intoArray(y, yOff + j);
        }
        for (; j < cols; j++) {
            float acc = 0f;
            for (int i = 0, p = aOff + j; i < rows; i++, p += lda) acc = Math.fma(a[p], x[xOff + i], acc);
            y[yOff + j] = Math.fma(alpha, acc, y[yOff + j]);
        }
    }

    /**
     * {@code y[i] += alpha * sum_j A[i][j] * x[j]}: A is (rows, cols), x has cols elements, y has
     * rows. Four rows at a time, each a lanewise dot product.
     */
    static void gemvN(int rows, int cols, float alpha, float[] a, int aOff, int lda,
                      float[] x, int xOff, float[] y, int yOff) {
        // thread-local lookups saved where there is no block of 4 rows (a single dot product)
        float[] scratch = rows >= 4 ? Scratch.get(Scratch.Slot.LANES, 4 * V) : null;
        float[] sums = rows >= 4 ? Scratch.get(Scratch.Slot.SUMS, 4) : null;
        int bound = S.loopBound(cols);
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int p0 = aOff + i * lda, p1 = p0 + lda, p2 = p1 + lda, p3 = p2 + lda;
            FloatVector acc0 = FloatVector.zero(S), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int j = 0; j < bound; j += V) {
                FloatVector xv = FloatVector.fromArray(S, x, xOff + j);
                acc0 = FloatVector.fromArray(S, a, p0 + j).fma(xv, acc0);
                acc1 = FloatVector.fromArray(S, a, p1 + j).fma(xv, acc1);
                acc2 = FloatVector.fromArray(S, a, p2 + j).fma(xv, acc2);
                acc3 = FloatVector.fromArray(S, a, p3 + j).fma(xv, acc3);
            }
            acc0.intoArray(scratch, 0);
            acc1.intoArray(scratch, V);
            acc2.intoArray(scratch, 2 * V);
            acc3.intoArray(scratch, 3 * V);
            sumLanes4(scratch, sums);
            for (int r = 0; r < 4; r++) {
                float dot = dotTail(sums[r], a, p0 + r * lda, x, xOff, bound, cols);
                y[yOff + i + r] = Math.fma(alpha, dot, y[yOff + i + r]);
            }
        }
        for (; i < rows; i++) {
            int p = aOff + i * lda;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < bound; j += V) {
                acc = FloatVector.fromArray(S, a, p + j).fma(FloatVector.fromArray(S, x, xOff + j), acc);
            }
            // the lanes summed in registers, in sumLanes' tree: lane l takes lane l ^ h, so lane 0
            // adds lane h at each level, as sumLanes adds lanes[l + half] into lanes[l]
            for (int h = V >> 1; h > 0; h >>= 1) {
                acc = acc.add(acc.rearrange(LaneSums.SWAP[h]));
            }
            float dot = dotTail(acc.lane(0), a, p, x, xOff, bound, cols);
            y[yOff + i] = Math.fma(alpha, dot, y[yOff + i]);
        }
    }

    /** sums[r] = lane sum of scratch[r*V .. (r+1)*V), r < 4, each in sumLanes order. */
    private static void sumLanes4(float[] scratch, float[] sums) {
        if (LaneSums.FOUR) {
            LaneSums.sum4(scratch, sums);
        } else {
            float[] one = new float[V];
            for (int r = 0; r < 4; r++) {
                System.arraycopy(scratch, r * V, one, 0, V);
                sums[r] = VectorKernels.sumLanes(one);
            }
        }
    }

    /**
     * Finishes a dot product whose vector part summed to {@code lanes}: adds the scalar tail
     * {@code a[aRow + j] * x[xOff + j]} for j in [from, to), one fma each, in order.
     */
    private static float dotTail(float lanes, float[] a, int aRow, float[] x, int xOff, int from, int to) {
        float s = lanes;
        for (int j = from; j < to; j++) s = Math.fma(a[aRow + j], x[xOff + j], s);
        return s;
    }

    // ---------------------------------------------------------------- small m, B^T: dot products

    /** C[i][j] += alpha * (row i of op(A)) . (row j of B), for transB and small m. */
    private static void dotProducts(boolean transA, int m, int n, int k, float alpha,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float[] c, int cOff, int ldc) {
        if (transA) { // make the rows of op(A) contiguous: (m, k)
            float[] at = Scratch.get(Scratch.Slot.PACK_A, m * k);
            for (int p = 0; p < k; p++) {
                for (int i = 0; i < m; i++) at[i * k + p] = a[aOff + p * lda + i];
            }
            a = at;
            aOff = 0;
            lda = k;
        }
        float[] scratch = new float[8 * V];
        float[] sums = new float[8];
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = aOff + i * lda;
            int c0 = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                dot2x4(k, alpha, a, a0, lda, b, bOff + j * ldb, ldb, c, c0 + j, ldc, scratch, sums);
            }
            if (j < n) {
                gemvN(n - j, k, alpha, b, bOff + j * ldb, ldb, a, a0, c, c0 + j);
                gemvN(n - j, k, alpha, b, bOff + j * ldb, ldb, a, a0 + lda, c, c0 + ldc + j);
            }
        }
        if (i < m) gemvN(n, k, alpha, b, bOff, ldb, a, aOff + i * lda, c, cOff + i * ldc);
    }

    /** Two rows of A against four rows of B: 8 lanewise dot products sharing their loads. */
    private static void dot2x4(int k, float alpha, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                               float[] c, int c0, int ldc, float[] scratch, float[] sums) {
        int a1 = a0 + lda;
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        int bound = S.loopBound(k);
        for (int p = 0; p < bound; p += V) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector w = FloatVector.fromArray(S, b, b0 + p);
            c00 = x0.fma(w, c00);
            c10 = x1.fma(w, c10);
            w = FloatVector.fromArray(S, b, b1 + p);
            c01 = x0.fma(w, c01);
            c11 = x1.fma(w, c11);
            w = FloatVector.fromArray(S, b, b2 + p);
            c02 = x0.fma(w, c02);
            c12 = x1.fma(w, c12);
            w = FloatVector.fromArray(S, b, b3 + p);
            c03 = x0.fma(w, c03);
            c13 = x1.fma(w, c13);
        }
        c00.intoArray(scratch, 0);
        c01.intoArray(scratch, V);
        c02.intoArray(scratch, 2 * V);
        c03.intoArray(scratch, 3 * V);
        c10.intoArray(scratch, 4 * V);
        c11.intoArray(scratch, 5 * V);
        c12.intoArray(scratch, 6 * V);
        c13.intoArray(scratch, 7 * V);
        if (LaneSums.EIGHT) {
            LaneSums.sum8(scratch, sums);
        } else {
            float[] tail4 = new float[4];
            sumLanes4(Arrays.copyOfRange(scratch, 4 * V, 8 * V), tail4);
            sumLanes4(scratch, sums);
            System.arraycopy(tail4, 0, sums, 4, 4);
        }
        // Tails as fma(b, a, s) in order, as in gemvN: a C element does not depend on its tile.
        for (int t = 0; t < 8; t++) {
            int row = t >> 2, col = t & 3;
            float dot = dotTail(sums[t], b, b0 + col * ldb, a, a0 + row * lda, bound, k);
            int ci = c0 + row * ldc + col;
            c[ci] = Math.fma(alpha, dot, c[ci]);
        }
    }

    // ---------------------------------------------------------------- small m, B read in place

    /** C += alpha * op(A) * B for small m: the micro-kernel reads rows of B where they are. */
    private static void direct(boolean transA, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        int fullCols = n / NR * NR;
        int fullRows = m / MR * MR;
        float[] tile = Scratch.get(Scratch.Slot.TILE, MR * NR);
        float[] aEdge = null;
        if (fullRows < m) { // the last, partial MR rows, packed once and zero-padded to MR
            aEdge = Scratch.get(Scratch.Slot.EDGE_A, k * MR);
            packA(transA, a, aOff, lda, fullRows, m - fullRows, 0, k, aEdge, 0);
        }
        // Column blocks outside, row tiles inside: a (k x NR) block of B is read from memory once
        // and reused from cache by every row tile (B may be larger than the cache; A is small).
        for (int j0 = 0; j0 < n; j0 += NR) {
            int nr = Math.min(NR, n - j0);
            float[] bb = b;
            int bBase = bOff + j0;
            int bKs = ldb;
            if (nr < NR) { // the last, partial NR columns, zero-padded to NR
                bb = Scratch.get(Scratch.Slot.EDGE_B, k * NR);
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, bOff + p * ldb + j0, bb, p * NR, nr);
                    Arrays.fill(bb, p * NR + nr, (p + 1) * NR, 0f);
                }
                bBase = 0;
                bKs = NR;
            }
            for (int i0 = 0; i0 < fullRows; i0 += MR) {
                int aBase = aOff + (transA ? i0 : i0 * lda);
                int ci = cOff + i0 * ldc + j0;
                if (nr == NR) {
                    kernel(k, a, aBase, transA ? 1 : lda, transA ? lda : 1, bb, bBase, bKs, alpha, c, ci, ldc);
                } else {
                    kernelToTile(k, a, aBase, transA ? 1 : lda, transA ? lda : 1, bb, bBase, bKs, tile);
                    addTile(tile, alpha, MR, nr, c, ci, ldc);
                }
            }
            if (aEdge != null) {
                kernelToTile(k, aEdge, 0, 1, MR, bb, bBase, bKs, tile);
                addTile(tile, alpha, m - fullRows, nr, c, cOff + fullRows * ldc + j0, ldc);
            }
        }
    }

    // ---------------------------------------------------------------- B in column panels

    /**
     * {@link ArrayKernels#gemmPanels}. A panel of {@link ArrayKernels#PANEL_WIDTH} = NR columns
     * is already what {@link #packB} makes of it, so only A is packed, once for all panels
     * (m * k floats, a recurrent step's h_(t-1)), and every tile runs the packed micro-kernel,
     * whose constant strides spare the bounds checks and address arithmetic of reading A in place
     * (15% faster on a step of workload c-gru, 32 x 768 x 256). Each C element gets the
     * arithmetic of the path that a gemm of its panel takes: all of k at once for small m
     * ({@link #direct}), blocks of KC otherwise ({@link #packed}). Narrower panels, and shapes
     * that another path takes, go through {@link #gemm} panel by panel.
     */
    static void gemmPanels(int m, int n, int k, float[] a, int aOff, int lda, float[] panels, int panelsOff,
                           float beta, float[] c, int cOff, int ldc) {
        gemmPanelGroups(1, 0, m, n, k, a, aOff, lda, panels, panelsOff, beta, c, cOff, ldc);
    }

    /**
     * {@link ArrayKernels#gemmPanelGroups}: {@link #gemmPanels} for each group, A packed once for
     * all of them (a gemmPanels call per gate of an LSTM half-step packed h_(t-1) four times).
     */
    static void gemmPanelGroups(int groups, int groupStride, int m, int n, int k, float[] a, int aOff, int lda,
                                float[] panels, int panelsOff, float beta, float[] c, int cOff, int ldc) {
        int width = ArrayKernels.PANEL_WIDTH;
        // Whole panels, when they take direct() or packed() (see gemm): m > 1, k > 1, not tiny.
        int fullCols = NR == width && m > 1 && k > 1 && (long) m * width * k > TINY ? n / width * width : 0;
        if (fullCols > 0) {
            for (int g = 0; g < groups; g++) {
                scaleMatrix(beta, m, fullCols, c, cOff + g * groupStride, ldc);
            }
            int kcMax = m <= SMALL_M ? k : Math.min(KC, k);
            int mPadded = roundUp(m, MR);
            float[] aPack = Scratch.get(Scratch.Slot.PACK_A, mPadded * kcMax);
            float[] tile = Scratch.get(Scratch.Slot.TILE, MR * NR);
            int fullRows = m / MR * MR;
            float[] carry = Scratch.get(Scratch.Slot.CARRY, fullRows * NR);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                packAPanels(false, a, aOff, lda, 0, m, pc, kc, aPack);
                for (int g = 0; g < groups; g++) {
                    int col0 = g * groupStride;
                    for (int q = 0; q < fullCols; q += width) {
                        int bBase = panelsOff + (col0 + q) * k + pc * NR;
                        tilesOfPanel(kc, aPack, panels, bBase, fullRows, 1f, c, cOff + col0 + q, ldc, carry);
                        if (fullRows < m) {
                            kernelToTile(kc, aPack, fullRows * kc, 1, MR, panels, bBase, NR, tile);
                            addTile(tile, 1f, m - fullRows, NR, c, cOff + fullRows * ldc + col0 + q, ldc);
                        }
                    }
                }
            }
        }
        for (int g = 0; g < groups; g++) {
            int col0 = g * groupStride;
            for (int q = fullCols; q < n; q += width) {
                int w = Math.min(width, n - q);
                gemm(false, false, m, w, k, 1f, a, aOff, lda, panels, panelsOff + (col0 + q) * k, w, beta, c,
                        cOff + col0 + q, ldc);
            }
        }
    }

    // ---------------------------------------------------------------- packed, blocked

    private static void packed(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        float[] bPack = Scratch.get(Scratch.Slot.PACK_B, Math.min(KC, k) * Math.min(NC, roundUp(n, NR)));
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packBPanels(transB, b, bOff, ldb, pc, kc, jc, nc, 0, nc, bPack);
                for (int ic = 0; ic < m; ic += MC) {
                    rowBlock(transA, Math.min(MC, m - ic), ic, jc, nc, pc, kc, alpha, a, aOff, lda, bPack, c, cOff, ldc);
                }
            }
        }
    }

    /**
     * Whether {@link #gemm} takes {@link #packed} for this shape (see its dispatch): more rows
     * than {@link #SMALL_M}, neither n nor k 1, not {@link #tiny}, alpha not 0.
     */
    static boolean takesPacked(int m, int n, int k, float alpha) {
        return m > SMALL_M && n > 1 && k > 1 && (long) m * n * k > TINY && alpha != 0f;
    }

    /**
     * {@link #gemm} for a shape that {@link #takesPacked}, on the two threads of
     * {@link Parallel#lockstep}: per block of op(B) (NC columns by KC of depth), each thread
     * packs half of its panels into one shared packing, and then the two take blocks of MC rows
     * of C from a common counter until none is left, each packing its rows of op(A) itself. The
     * threads meet after every packing and every block, so the blocks of depth still add into C
     * in order. A split of C between the threads packed all of the other operand on each
     * (A of (1600, 512), or B of (2048, 512), in workload d's whole-sequence products) and waited
     * at the end for the slower half (9% of the main thread's time in d); here nothing is packed
     * twice, and who computes which rows changes nothing in their arithmetic: the bits are those
     * of {@link #gemm} on one thread.
     */
    static void packedOnTwoThreads(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        float[] bPack = Scratch.get(Scratch.Slot.PACK_B, Math.min(KC, k) * Math.min(NC, roundUp(n, NR)));
        int depthBlocks = (k + KC - 1) / KC;
        int blocks = (n + NC - 1) / NC * depthBlocks;
        // the next first row of C to compute in each block
        AtomicIntegerArray next = new AtomicIntegerArray(blocks);
        Parallel.lockstep(2 * blocks, (part, step) -> {
            int block = step / 2;
            int jc = block / depthBlocks * NC;
            int pc = block % depthBlocks * KC;
            int nc = Math.min(NC, n - jc);
            int kc = Math.min(KC, k - pc);
            if (step % 2 == 0) {
                int half = roundUp((nc + 1) / 2, NR);
                packBPanels(transB, b, bOff, ldb, pc, kc, jc, nc, part == 0 ? 0 : half, part == 0 ? half : nc, bPack);
                return;
            }
            for (int ic = next.getAndAdd(block, MC); ic < m; ic = next.getAndAdd(block, MC)) {
                int mc = Math.min(MC, m - ic);
                if (pc == 0) {      // C = beta * C before its first block of depth, as gemm scales it first
                    scaleMatrix(beta, mc, nc, c, cOff + ic * ldc + jc, ldc);
                }
                rowBlock(transA, mc, ic, jc, nc, pc, kc, alpha, a, aOff, lda, bPack, c, cOff, ldc);
            }
        });
    }

    /** Panels [jr0, jr1) (multiples of NR) of the (kc, nc) block of op(B) at depth pc and column jc. */
    private static void packBPanels(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                                    int jr0, int jr1, float[] bPack) {
        for (int jr = jr0; jr < Math.min(jr1, nc); jr += NR) {
            packB(transB, b, bOff, ldb, pc, kc, jc + jr, Math.min(NR, nc - jr), bPack, jr * kc);
        }
    }

    /**
     * C[ic, ic + mc)[jc, jc + nc) += alpha * op(A)[ic, ic + mc)[pc, pc + kc) times the packed
     * block of op(B): packs those rows of op(A) (in this thread's scratch) and runs the tiles.
     */
    private static void rowBlock(boolean transA, int mc, int ic, int jc, int nc, int pc, int kc, float alpha,
                                 float[] a, int aOff, int lda, float[] bPack, float[] c, int cOff, int ldc) {
        int mPadded = roundUp(mc, MR);
        float[] aPack = Scratch.get(Scratch.Slot.PACK_A, mPadded * kc);
        float[] tile = Scratch.get(Scratch.Slot.TILE, MR * NR);
        float[] carry = Scratch.get(Scratch.Slot.CARRY, mPadded * NR);
        packAPanels(transA, a, aOff, lda, ic, mc, pc, kc, aPack);
        int fullRows = mc / MR * MR;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int ci = cOff + ic * ldc + jc + jr;
            int ir = 0;
            if (nr == NR) {
                tilesOfPanel(kc, aPack, bPack, jr * kc, fullRows, alpha, c, ci, ldc, carry);
                ir = fullRows;
            }
            for (; ir < mc; ir += MR) {
                kernelToTile(kc, aPack, ir * kc, 1, MR, bPack, jr * kc, NR, tile);
                addTile(tile, alpha, Math.min(MR, mc - ir), nr, c, ci + ir * ldc, ldc);
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * Packs rows [row0, row0+mc) and depth [p0, p0+kc) of op(A) into consecutive MR-row panels
     * ({@link #packA} each). With transA the rows of op(A) are columns of A: they are read one row
     * of A at a time, a contiguous run of mc values per depth step, rather than MR values per row
     * of A and panel, which for a large power-of-two lda thrashed one cache set per panel.
     */
    static void packAPanels(boolean transA, float[] a, int aOff, int lda, int row0, int mc, int p0, int kc,
                            float[] dst) {
        if (!transA) {
            for (int ir = 0; ir < mc; ir += MR) {
                packA(false, a, aOff, lda, row0 + ir, Math.min(MR, mc - ir), p0, kc, dst, ir * kc);
            }
            return;
        }
        // Whole panels by one vector copy each where a vector is two panels wide (MR = 8, V = 16):
        // the vector's upper half lands on the panel's next depth step, written over when that
        // step is packed, so the last step is copied by the loop below. Copied a float at a time,
        // the packing was 9% of training workloads c-gru and d (each weight gradient packs all
        // of dP, (steps * batch, G*H), once per thread): each row of A is in another page, and
        // a loop of a few hundred scalar moves per row kept only one row's loads in flight.
        int fullPanels = V == 2 * MR ? mc / MR * MR : 0;
        for (int p = 0; p < kc; p++) {
            int src = aOff + (p0 + p) * lda + row0;
            int ir = 0;
            if (p < kc - 1) {
                // the vector also reads the MR floats after the panel's: stay inside a
                int room = a.length - V - src;
                int vectorPanels = room < 0 ? 0 : Math.min(fullPanels, room / MR * MR + MR);
                for (; ir < vectorPanels; ir += MR) {
                    FloatVector.fromArray(S, a, src + ir).intoArray(dst, ir * kc + p * MR);
                }
            }
            for (; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int d = ir * kc + p * MR;
                // A loop, not System.arraycopy: a stub call per MR floats took most of the time
                // of the weight gradients' products (A = dP (steps * batch, G*H)) in a profile.
                for (int r = 0; r < rows; r++) dst[d + r] = a[src + ir + r];
                for (int r = rows; r < MR; r++) dst[d + r] = 0f;
            }
        }
    }

    /**
     * Packs rows [row0, row0+rows) and depth [p0, p0+kc) of op(A) into an MR-row panel:
     * {@code dst[at + p*MR + r] = op(A)[row0 + r][p0 + p]}, rows past {@code rows} zero.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int row0, int rows, int p0, int kc,
                      float[] dst, int at) {
        if (transA) { // A is (k, m): op(A)[i][p] = A[p][i], MR consecutive values per p
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + row0;
                int d = at + p * MR;
                for (int r = 0; r < rows; r++) dst[d + r] = a[src + r];
                for (int r = rows; r < MR; r++) dst[d + r] = 0f;
            }
        } else {
            // Two depth steps of all MR rows per gather where a vector holds 2 * MR floats: a
            // scalar copy stored every float on its own, MR floats apart (the backward step's
            // product of workload d, dP_t W_hh 32 x 256 x 2048, which packs all of dP_t for every
            // call, is 16% faster).
            int vectorDepth = rows == MR && V == 2 * MR ? kc / 2 * 2 : 0;
            if (vectorDepth > 0) {
                int[] lanes = pairLanes(lda);
                int src = aOff + row0 * lda + p0;
                for (int p = 0; p < vectorDepth; p += 2) {
                    FloatVector.fromArray(S, a, src + p, lanes, 0).intoArray(dst, at + p * MR);
                }
            }
            for (int r = 0; r < MR; r++) {
                if (r < rows) {
                    int src = aOff + (row0 + r) * lda + p0;
                    for (int p = vectorDepth; p < kc; p++) dst[at + p * MR + r] = a[src + p];
                } else {
                    for (int p = vectorDepth; p < kc; p++) dst[at + p * MR + r] = 0f;
                }
            }
        }
    }

    /**
     * The gather offsets of two depth steps of MR rows of a matrix with row stride {@code ld}:
     * lane r reads row r, lane MR + r row r one step deeper ({@code V == 2 * MR}). The thread's
     * array, refilled when ld changes: packA runs once per row panel and depth block, hundreds of
     * times per iteration of a recurrent layer, and an array per call made what an iteration
     * allocates grow with batch x steps (107 KB of c-lstm's iteration).
     */
    private static int[] pairLanes(int ld) {
        GatherLanes own = GATHER_LANES.get();
        if (own.pairLd != ld) {
            for (int r = 0; r < MR; r++) {
                own.pair[r] = r * ld;
                own.pair[MR + r] = r * ld + 1;
            }
            own.pairLd = ld;
        }
        return own.pair;
    }

    /** The gather offsets of V rows of a matrix with row stride {@code ld}: lane j reads row j (the thread's array). */
    private static int[] rowLanes(int ld) {
        GatherLanes own = GATHER_LANES.get();
        if (own.rowLd != ld) {
            for (int j = 0; j < V; j++) {
                own.row[j] = j * ld;
            }
            own.rowLd = ld;
        }
        return own.row;
    }

    /** One thread's gather offsets and the row stride each was made for; used within one packing call. */
    private static final class GatherLanes {
        final int[] pair = new int[V];
        final int[] row = new int[V];
        int pairLd = -1;
        int rowLd = -1;
    }

    private static final PerThread<GatherLanes> GATHER_LANES = new PerThread<>(GatherLanes::new);

    /**
     * Packs depth [p0, p0+kc) and columns [col0, col0+cols) of op(B) into an NR-column panel:
     * {@code dst[at + p*NR + j] = op(B)[p0 + p][col0 + j]}, columns past {@code cols} zero.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int col0, int cols,
                      float[] dst, int at) {
        if (transB && cols == NR) { // B is (n, k): op(B)[p][j] = B[j][p], a vector of V rows' p at a time
            int[] lanes = rowLanes(ldb);
            int src = bOff + col0 * ldb + p0;
            for (int p = 0; p < kc; p++) {
                for (int j = 0; j < NR; j += V) {
                    FloatVector.fromArray(S, b, src + j * ldb + p, lanes, 0).intoArray(dst, at + p * NR + j);
                }
            }
        } else if (transB) {
            for (int j = 0; j < NR; j++) {
                if (j < cols) {
                    int src = bOff + (col0 + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) dst[at + p * NR + j] = b[src + p];
                } else {
                    for (int p = 0; p < kc; p++) dst[at + p * NR + j] = 0f;
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int d = at + p * NR;
                System.arraycopy(b, bOff + (p0 + p) * ldb + col0, dst, d, cols);
                if (cols < NR) Arrays.fill(dst, d + cols, d + NR, 0f);
            }
        }
    }

    // ---------------------------------------------------------------- micro-kernel

    /**
     * The register tile: {@code C[r][j] += alpha * sum_p A(r, p) * B(p, j)} for r < MR, j < NR,
     * where {@code A(r, p) = a[aBase + r*aRs + p*aKs]} and {@code B(p, j) = b[bBase + p*bKs + j]}
     * (strides let one kernel read packed panels or matrices in place). 2 * MR vector
     * accumulators, 2 vector loads and MR broadcasts per step of p; every C element adds its
     * products in order of p, one fma each, whatever MR is.
     */
    static void kernel(int kc, float[] a, int aBase, int aRs, int aKs, float[] b, int bBase, int bKs,
                       float alpha, float[] c, int cBase, int ldc) {
        if (MR == 8) {
            kernel8(kc, a, aBase, aRs, aKs, b, bBase, bKs, alpha, c, cBase, ldc);
        } else {
            kernel6(kc, a, aBase, aRs, aKs, b, bBase, bKs, alpha, c, cBase, ldc);
        }
    }

    private static void kernel6(int kc, float[] a, int aBase, int aRs, int aKs, float[] b, int bBase, int bKs,
                               float alpha, float[] c, int cBase, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        int ai = aBase, bi = bBase;
        for (int p = 0; p < kc; p++, ai += aKs, bi += bKs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + V);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + aRs]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2 * aRs]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3 * aRs]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4 * aRs]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5 * aRs]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        int row = cBase;
        c00.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c01.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c10.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c11.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c20.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c21.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c30.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c31.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c40.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c41.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c50.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c51.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
    }

    private static void kernel8(int kc, float[] a, int aBase, int aRs, int aKs, float[] b, int bBase, int bKs,
                               float alpha, float[] c, int cBase, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        int ai = aBase, bi = bBase;
        for (int p = 0; p < kc; p++, ai += aKs, bi += bKs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + V);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + aRs]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2 * aRs]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3 * aRs]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4 * aRs]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5 * aRs]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6 * aRs]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7 * aRs]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        int row = cBase;
        c00.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c01.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c10.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c11.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c20.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c21.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c30.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c31.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c40.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c41.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c50.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c51.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c60.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c61.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c70.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c71.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
    }

    /**
     * {@link #kernel} for packed panels with MR = 6: A panel {@code ap[aBase + p*6 + r]}, B panel
     * {@code bp[bBase + p*NR + j]}. Constant strides let the JIT drop most bounds checks. (With
     * MR = 8, {@link #tilesOfPanel} runs {@link #kernelCarry8} instead.)
     */
    private static void kernelPacked6(int kc, float[] ap, int aBase, float[] bp, int bBase,
                                     float alpha, float[] c, int cBase, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * 6, bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        int row = cBase;
        c00.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c01.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c10.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c11.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c20.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c21.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c30.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c31.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c40.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c41.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
        row += ldc;
        c50.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
        c51.fma(av, FloatVector.fromArray(S, c, row + V)).intoArray(c, row + V);
    }

    /**
     * Depth of the steps in which {@link #tilesOfPanel} takes a B panel: (CARRY_DEPTH x NR)
     * floats, 16 KiB with 512-bit vectors, stay in the L1 cache while every row tile uses them.
     */
    static final int CARRY_DEPTH = 128;

    /**
     * The full row tiles [0, rows) of C (rows a multiple of MR) against one packed B panel:
     * {@code C[r][j] += alpha * sum_p A(r, p) * B(p, j)} over the depth kc, A in MR-row panels
     * ({@code ap[ir * kc + p * MR + r]}), B at {@code bp[bBase + p * NR + j]}.
     *
     * <p>With MR = 8 the depth is taken {@value #CARRY_DEPTH} at a time for all row tiles, a
     * tile's accumulators carried in {@code carry} (rows * NR floats) from one piece of depth to
     * the next: a piece of the B panel is read from memory once and then from the L1 cache by
     * every row tile, where whole-depth tiles each read all of a panel that does not fit L1 (64
     * KiB at a depth of 512, 256 KiB at 2048) from L2 again. Storing and reloading an
     * accumulator does not round it, so each element still adds its products in order of p, one
     * fma each, and C gets {@code fma(alpha, acc, C)} once: the bits of one piece over the whole
     * depth. (Measured on a recurrent step's 32 x 256 x 2048 and 32 x 1024 x 512
     * products: about 9% faster.)
     */
    private static void tilesOfPanel(int kc, float[] ap, float[] bp, int bBase, int rows, float alpha,
                                     float[] c, int cBase, int ldc, float[] carry) {
        if (MR != 8) {
            for (int ir = 0; ir < rows; ir += MR) {
                kernelPacked6(kc, ap, ir * kc, bp, bBase, alpha, c, cBase + ir * ldc, ldc);
            }
            return;
        }
        for (int p0 = 0; p0 < kc; p0 += CARRY_DEPTH) {
            int p1 = Math.min(kc, p0 + CARRY_DEPTH);
            for (int ir = 0; ir < rows; ir += MR) {
                kernelCarry8(p0, p1, p0 == 0, ap, ir * kc, bp, bBase, carry, ir * NR);
                if (p1 == kc) {
                    carryIntoC(carry, ir * NR, alpha, c, cBase + ir * ldc, ldc);
                }
            }
        }
    }

    /**
     * The 8-row register tile over packed panels (A panel {@code ap[aBase + p*8 + r]}, B
     * panel {@code bp[bBase + p*NR + j]}) over depth [p0, p1) only: its accumulators start at zero when
     * {@code first}, else from {@code carry[at..at + 8 * NR)}, and end in {@code carry}, from where
     * {@link #carryIntoC} adds them to C after the last piece. Storing an accumulator does not
     * round it. The add to C is a method of its own to keep this one small: with the sixteen
     * fmas into C in here as well, C2 compiled it in about one JVM of three with fma left as a
     * call into the Vector API's Java fallback, which allocates at every operation, for good
     * (about 2 MB per training iteration of an RNN at hidden 64, 3.2 MB in JMH's LSTM at
     * 64x32x50); split, in none of ten.
     */
    private static void kernelCarry8(int p0, int p1, boolean first, float[] ap, int aBase,
                                     float[] bp, int bBase, float[] carry, int at) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (first) {
            c00 = z;
            c01 = z;
            c10 = z;
            c11 = z;
            c20 = z;
            c21 = z;
            c30 = z;
            c31 = z;
            c40 = z;
            c41 = z;
            c50 = z;
            c51 = z;
            c60 = z;
            c61 = z;
            c70 = z;
            c71 = z;
        } else {
            c00 = FloatVector.fromArray(S, carry, at + 0 * V);
            c01 = FloatVector.fromArray(S, carry, at + 1 * V);
            c10 = FloatVector.fromArray(S, carry, at + 2 * V);
            c11 = FloatVector.fromArray(S, carry, at + 3 * V);
            c20 = FloatVector.fromArray(S, carry, at + 4 * V);
            c21 = FloatVector.fromArray(S, carry, at + 5 * V);
            c30 = FloatVector.fromArray(S, carry, at + 6 * V);
            c31 = FloatVector.fromArray(S, carry, at + 7 * V);
            c40 = FloatVector.fromArray(S, carry, at + 8 * V);
            c41 = FloatVector.fromArray(S, carry, at + 9 * V);
            c50 = FloatVector.fromArray(S, carry, at + 10 * V);
            c51 = FloatVector.fromArray(S, carry, at + 11 * V);
            c60 = FloatVector.fromArray(S, carry, at + 12 * V);
            c61 = FloatVector.fromArray(S, carry, at + 13 * V);
            c70 = FloatVector.fromArray(S, carry, at + 14 * V);
            c71 = FloatVector.fromArray(S, carry, at + 15 * V);
        }
        for (int p = p0; p < p1; p++) {
            int ai = aBase + p * 8, bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(carry, at + 0 * V);
        c01.intoArray(carry, at + 1 * V);
        c10.intoArray(carry, at + 2 * V);
        c11.intoArray(carry, at + 3 * V);
        c20.intoArray(carry, at + 4 * V);
        c21.intoArray(carry, at + 5 * V);
        c30.intoArray(carry, at + 6 * V);
        c31.intoArray(carry, at + 7 * V);
        c40.intoArray(carry, at + 8 * V);
        c41.intoArray(carry, at + 9 * V);
        c50.intoArray(carry, at + 10 * V);
        c51.intoArray(carry, at + 11 * V);
        c60.intoArray(carry, at + 12 * V);
        c61.intoArray(carry, at + 13 * V);
        c70.intoArray(carry, at + 14 * V);
        c71.intoArray(carry, at + 15 * V);
    }

    /** C[row r] += alpha * carry[at + r*NR ..] for the 8 rows of a {@link #kernelCarry8} tile, one fma each. */
    private static void carryIntoC(float[] carry, int at, float alpha, float[] c, int cBase, int ldc) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        for (int r = 0; r < 8; r++) {
            int row = cBase + r * ldc;
            FloatVector.fromArray(S, carry, at + 2 * r * V).fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
            FloatVector.fromArray(S, carry, at + (2 * r + 1) * V).fma(av, FloatVector.fromArray(S, c, row + V))
                    .intoArray(c, row + V);
        }
    }

    /** {@link #kernel} into a zeroed (MR x NR) tile, for edge tiles that do not fill it. */
    private static void kernelToTile(int kc, float[] a, int aBase, int aRs, int aKs,
                                     float[] b, int bBase, int bKs, float[] tile) {
        Arrays.fill(tile, 0f);
        kernel(kc, a, aBase, aRs, aKs, b, bBase, bKs, 1f, tile, 0, NR);
    }

    /** C[r][j] += alpha * tile[r][j] for the valid (rows x cols) corner; same rounding as kernel. */
    private static void addTile(float[] tile, float alpha, int rows, int cols, float[] c, int cBase, int ldc) {
        for (int r = 0; r < rows; r++) {
            int cr = cBase + r * ldc;
            for (int j = 0; j < cols; j++) c[cr + j] = Math.fma(alpha, tile[r * NR + j], c[cr + j]);
        }
    }
}
