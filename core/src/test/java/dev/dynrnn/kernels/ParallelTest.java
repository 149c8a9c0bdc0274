package dev.dynrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The two-thread gemm gives the bits of the one-thread gemm; forEach runs every task once. */
class ParallelTest {

    @Test
    void splitGemmIsBitIdenticalToOneCall() {
        Random random = new Random(7);
        // m == 1 (gemv paths), small m (in-place paths) and large m (packed), every transpose.
        int[][] shapes = {{1, 4096, 1100}, {20, 700, 400}, {150, 333, 300}, {64, 1024, 256}};
        for (ArrayKernels kernels : implementations()) {
            for (int[] shape : shapes) {
                int m = shape[0], n = shape[1], k = shape[2];
                assertTrue(Parallel.columnSplit(m, n, k) > 0, "shape " + m + "x" + n + "x" + k + " should split");
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        float[] a = random(random, m * k);
                        float[] b = random(random, k * n);
                        float[] c = random(random, m * n);
                        float[] expected = c.clone();
                        float[] actual = c.clone();
                        int lda = transA ? m : k;
                        int ldb = transB ? k : n;
                        kernels.gemm(transA, transB, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 1f, expected, 0, n);
                        Parallel.gemm(kernels, transA, transB, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 1f, actual, 0, n);
                        assertArrayEquals(expected, actual, kernels.name() + " " + m + "x" + n + "x" + k
                                + " transA=" + transA + " transB=" + transB);
                    }
                }
            }
        }
    }

    @Test
    void smallProductsStayWhole() {
        assertEquals(0, Parallel.columnSplit(32, 32, 32));
        assertEquals(0, Parallel.columnSplit(100_000, 100, 100));   // n too narrow to cut
        assertEquals(1024, Parallel.columnSplit(64, 2048, 256));
    }

    @Test
    void forEachRunsEveryTaskOnceAndRethrows() {
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        Parallel.forEach(5, runs::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(2, i -> {
            if (i == 1) {
                throw new IllegalStateException("task 1 failed");
            }
        }));
        assertTrue(e.getMessage().contains("task 1 failed"), e.getMessage());
    }

    /**
     * The kernels keep packed panels in thread-locals: the second thread must keep them from one
     * call to the next (a common-pool worker erased them after most tasks: 116 of 200 calls).
     */
    @Test
    void secondThreadKeepsItsThreadLocals() throws InterruptedException {
        ThreadLocal<Object> own = ThreadLocal.withInitial(Object::new);
        Object[] seen = new Object[40];
        for (int call = 0; call < seen.length; call++) {
            int index = call;
            Parallel.forEach(2, part -> {
                if (part == 1) {
                    seen[index] = own.get();
                }
            });
            Thread.sleep(2);   // let the worker go idle between calls, as between training steps
        }
        for (int call = 1; call < seen.length; call++) {
            assertSame(seen[0], seen[call], "call " + call + " saw a new thread-local");
        }
    }

    private static ArrayKernels[] implementations() {
        return Kernels.vector().map(v -> new ArrayKernels[] {Kernels.scalar(), v})
                .orElse(new ArrayKernels[] {Kernels.scalar()});
    }

    private static float[] random(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * random.nextFloat() - 1;
        }
        return x;
    }
}
