package dev.dynrnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm}'s paths for thin products, where the register tiles would pack a panel per
 * block and fill one of their lanes or one step of their depth:
 * <ul>
 *   <li><b>k == 1</b>, an outer product: a recurrent layer's input projection of a one-feature
 *       sequence, x (N, 1) W_ih^T (1, G*H), and the gradient of a Linear layer with one output
 *       with respect to its input, dy (N, 1) W (1, H). See {@link #outer}.
 *   <li><b>n == 1 with op(A) = A^T</b>: one column of C from the columns of A, which are its
 *       rows as stored, so A is read row by row: the weight gradient of a one-feature input,
 *       dW_ih (G*H, 1) = dP^T (G*H, N) x (N, 1). See {@link #columnOfTransposed}.
 * </ul>
 * Each computes every element of C with the operations, in the order, of the path it replaces
 * (see the methods), so the results are the same bits.
 */
final class VectorThinGemm {
    private VectorThinGemm() {}

    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int V = VectorGemm.V;

    /**
     * C (m, n) += alpha * op(A) (m, 1) op(B) (1, n): per element {@code c = fma(alpha, fma(a_i,
     * b_j, 0), c)}, which is what a register tile does with a depth of 1 (accumulators start at
     * zero, one fma, then {@code C += alpha * acc} as one fma). One pass over C, row by row,
     * where the packed path copied op(A) and op(B) into panels and went over C in tiles.
     */
    static void outer(boolean transA, boolean transB, int m, int n, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc) {
        float[] row = b;
        int rowOff = bOff;
        if (transB && ldb != 1) {   // op(B)'s row is B's column: gather it once
            row = Scratch.get(Scratch.Slot.EDGE_B, n);
            for (int j = 0; j < n; j++) row[j] = b[bOff + j * ldb];
            rowOff = 0;
        }
        FloatVector zero = FloatVector.zero(S);
        FloatVector alphas = FloatVector.broadcast(S, alpha);
        int bound = S.loopBound(n);
        int aStep = transA ? 1 : lda;
        for (int i = 0; i < m; i++) {
            float ai = a[aOff + i * aStep];
            FloatVector av = FloatVector.broadcast(S, ai);
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j < bound; j += V) {
                FloatVector acc = av.fma(FloatVector.fromArray(S, row, rowOff + j), zero);
                acc.fma(alphas, FloatVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
            }
            for (; j < n; j++) c[ci + j] = Math.fma(alpha, Math.fma(ai, row[rowOff + j], 0f), c[ci + j]);
        }
    }

    /**
     * C (m, 1) += alpha * A^T x with A (k, m) as stored and x = op(B) (k) contiguous, C
     * contiguous: {@link VectorGemm#gemvT} over blocks of {@code block} rows of A, each block's
     * sums added into C, as the register tiles add each depth block ({@link VectorGemm#KC} rows
     * when they pack, all k when they read A in place). Every element accumulates its products in
     * order of k, one fma each, as in those tiles.
     */
    static void columnOfTransposed(int m, int k, int block, float alpha, float[] a, int aOff, int lda,
                                   float[] x, int xOff, float[] c, int cOff) {
        for (int p0 = 0; p0 < k; p0 += block) {
            int rows = Math.min(block, k - p0);
            VectorGemm.gemvT(rows, m, alpha, a, aOff + p0 * lda, lda, x, xOff + p0, c, cOff);
        }
    }
}
