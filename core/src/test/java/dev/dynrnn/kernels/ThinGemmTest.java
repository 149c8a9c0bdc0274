package dev.dynrnn.kernels;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The thin products ({@link VectorThinGemm}) give the bits of the paths they replace: a product
 * of depth 1 equals its elements computed one by one, and one column of A^T B equals the first
 * column of the same product with a second column, which takes the register tiles.
 */
class ThinGemmTest {

    @Test
    void depthOneProductEqualsItsElementsOneByOne() {
        Random random = new Random(41);
        for (ArrayKernels kernels : GemmTest.implementations()) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    for (int[] mn : new int[][] {{20, 70}, {70, 20}, {100, 3}, {5, 300}}) {
                        int m = mn[0], n = mn[1];
                        int lda = transA ? m + 2 : 3, ldb = transB ? 2 : n + 1;
                        float[] a = Fixtures.uniform(random, transA ? lda : m * lda, -1, 1);
                        float[] b = Fixtures.uniform(random, transB ? n * ldb : ldb, -1, 1);
                        float[] c0 = Fixtures.uniform(random, m * n, -1, 1);
                        float[] c = c0.clone();
                        kernels.gemm(transA, transB, m, n, 1, 0.75f, a, 0, lda, b, 0, ldb, 1f, c, 0, n);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float[] one = {c0[i * n + j]};
                                kernels.gemm(false, false, 1, 1, 1, 0.75f, a, transA ? i : i * lda, 1,
                                        b, transB ? j * ldb : j, 1, 1f, one, 0, 1);
                                String what = kernels.name() + " transA=" + transA + " transB=" + transB
                                        + " m=" + m + " n=" + n + " C[" + i + "][" + j + "]";
                                Fixtures.assertSameBits(what, one, 0, c, i * n + j, 1);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneColumnOfATransposedEqualsTheFirstOfTwo() {
        Random random = new Random(43);
        for (ArrayKernels kernels : GemmTest.implementations()) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int m : new int[] {20, 33, 200}) {
                    for (int k : new int[] {100, 256, 700}) {
                        float[] a = Fixtures.uniform(random, k * m, -1, 1);    // A (k, m): op(A) = A^T
                        float[] b = Fixtures.uniform(random, 2 * k, -1, 1);    // op(B) (k, 2)
                        float[] column = new float[k];
                        for (int p = 0; p < k; p++) {
                            column[p] = transB ? b[p] : b[p * 2];
                        }
                        float[] two = new float[m * 2];
                        kernels.gemm(true, transB, m, 2, k, 1.5f, a, 0, m, b, 0, transB ? k : 2, 0f, two, 0, 2);
                        float[] one = new float[m];
                        kernels.gemm(true, transB, m, 1, k, 1.5f, a, 0, m, column, 0, transB ? k : 1, 0f, one, 0, 1);
                        for (int i = 0; i < m; i++) {
                            String what = kernels.name() + " transB=" + transB + " m=" + m + " k=" + k + " row " + i;
                            Fixtures.assertSameBits(what, two, 2 * i, one, i, 1);
                        }
                    }
                }
            }
        }
    }
}
