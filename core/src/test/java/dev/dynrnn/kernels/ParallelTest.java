package dev.dynrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The two-thread gemm gives the bits of the one-thread gemm; forEach runs every task once. */
class ParallelTest {

    @Test
    void splitGemmIsBitIdenticalToOneCall() {
        // m == 1 (gemv paths), small m (in-place paths) and large m (packed), every transpose.
        int[][] shapes = {{1, 4096, 1100}, {20, 700, 400}, {150, 333, 300}, {64, 1024, 256}};
        for (int[] shape : shapes) {
            assertTrue(Parallel.columnSplit(shape[0], shape[1], shape[2]) > 0, Arrays.toString(shape) + " should split");
        }
        assertSplitGemmsAreOneCall(new Random(7), shapes, false);
    }

    /**
     * Taller than wide, split by rows: op(A)'s rows taken from A's rows or (transA) columns, C
     * rows at their offsets; depths across the packed path's blocks (KC = 512); m with a partial
     * last register tile, and lda, ldb, ldc wider than the matrices.
     */
    @Test
    void rowSplitGemmIsBitIdenticalToOneCall() {
        int[][] shapes = {{300, 100, 700}, {2050, 256, 96}, {97, 2, 30_000}};
        for (int[] shape : shapes) {
            assertTrue(Parallel.rowSplit(shape[0], shape[1], shape[2]) > 0,
                    Arrays.toString(shape) + " should split by rows");
        }
        assertSplitGemmsAreOneCall(new Random(11), shapes, true);
    }

    /**
     * The packed products that both threads compute together (VectorGemm.packedOnTwoThreads):
     * blocks of op(B) across columns (NC = 2048) and depth (KC = 512), rows of C in blocks of
     * MC = 144 with a partial last block and tile, beta 0 over NaN, 0.5 and 1; from the caller's
     * thread and from a fork-join worker (where the two parts alternate on one thread).
     */
    @Test
    void sharedPackingGemmIsBitIdenticalToOneCall() throws Exception {
        Random random = new Random(13);
        int[][] shapes = {{150, 2100, 40}, {145, 64, 1100}, {1601, 40, 600}};
        for (ArrayKernels kernels : implementations()) {
            for (int[] shape : shapes) {
                int m = shape[0], n = shape[1], k = shape[2];
                for (float beta : new float[] {0f, 0.5f, 1f}) {
                    for (boolean transA : new boolean[] {false, true}) {
                        for (boolean transB : new boolean[] {false, true}) {
                            int lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 2, ldc = n + 3;
                            float[] a = random(random, (transA ? k : m) * lda);
                            float[] b = random(random, (transB ? n : k) * ldb);
                            float[] c = random(random, m * ldc);
                            if (beta == 0f) {
                                Arrays.fill(c, Float.NaN);
                            }
                            float[] expected = c.clone();
                            kernels.gemm(transA, transB, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, beta, expected, 0, ldc);
                            String what = kernels.name() + " " + m + "x" + n + "x" + k + " beta=" + beta
                                    + " transA=" + transA + " transB=" + transB;
                            float[] actual = c.clone();
                            Parallel.gemm(kernels, transA, transB, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, beta, actual, 0, ldc);
                            assertArrayEquals(expected, actual, what);
                            if (beta == 0.5f) {
                                float[] fromWorker = c.clone();
                                ForkJoinPool.commonPool().submit(() -> Parallel.gemm(kernels, transA, transB, m, n, k,
                                        0.75f, a, 0, lda, b, 0, ldb, beta, fromWorker, 0, ldc)).get();
                                assertArrayEquals(expected, fromWorker, what + " from a fork-join worker");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Parallel.gemm gives the bits of one kernels.gemm call for every (m, n, k) of
     * {@code shapes}, every transpose and every implementation; with {@code padded}, the
     * matrices start past offsets and their leading dimensions are wider than they are.
     */
    private static void assertSplitGemmsAreOneCall(Random random, int[][] shapes, boolean padded) {
        int pad = padded ? 1 : 0;
        for (ArrayKernels kernels : implementations()) {
            for (int[] shape : shapes) {
                int m = shape[0], n = shape[1], k = shape[2];
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        int lda = (transA ? m : k) + 3 * pad;
                        int ldb = (transB ? k : n) + pad;
                        int ldc = n + 5 * pad;
                        float[] a = random(random, (transA ? k : m) * lda + 2 * pad);
                        float[] b = random(random, (transB ? n : k) * ldb + pad);
                        float[] c = random(random, m * ldc + 4 * pad);
                        float[] expected = c.clone();
                        float[] actual = c.clone();
                        kernels.gemm(transA, transB, m, n, k, 0.5f, a, 2 * pad, lda, b, pad, ldb, 1f, expected,
                                4 * pad, ldc);
                        Parallel.gemm(kernels, transA, transB, m, n, k, 0.5f, a, 2 * pad, lda, b, pad, ldb, 1f, actual,
                                4 * pad, ldc);
                        assertArrayEquals(expected, actual, kernels.name() + " " + m + "x" + n + "x" + k
                                + " transA=" + transA + " transB=" + transB);
                    }
                }
            }
        }
    }

    /**
     * Each step of either part sees both parts' writes of the step before (a recurrence's h_(t-1)),
     * over many steps, so that a barrier that let a part run ahead, or lost a wake-up and hung,
     * would show.
     */
    @Test
    void lockstepRunsEveryStepAfterBothPartsOfTheOneBefore() {
        int steps = 5_000;
        int[][] seen = new int[2][steps];
        int[] value = new int[2];
        // Step s of a part ends by writing s + 1; step s + 1 of the other reads it (or s + 2, when
        // the writer is already further into step s + 1).
        Parallel.lockstep(steps, (part, step) -> {
            seen[part][step] = value[1 - part];
            if ((step & 255) == 0) {
                Thread.yield();
            }
            value[part] = step + 1;
        });
        for (int part = 0; part < 2; part++) {
            for (int step = 1; step < steps; step++) {
                int got = seen[part][step];
                assertTrue(got == step || got == step + 1, "part " + part + " step " + step + " saw " + got);
            }
        }
    }

    /** Called from the common pool's own worker (an async task), lockstep must not wait for itself. */
    @Test
    void lockstepFromACommonPoolWorkerFinishes() {
        int[] runs = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ForkJoinPool.commonPool().submit(
                () -> Parallel.lockstep(50, (part, step) -> runs[part]++)).get());
        assertArrayEquals(new int[] {50, 50}, runs);
    }

    @Test
    void lockstepRethrowsAFailedPartsException() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.lockstep(100, (part, step) -> {
            if (part == 1 && step == 7) {
                throw new IllegalStateException("part 1 failed at step 7");
            }
        }));
        assertEquals("part 1 failed at step 7", e.getMessage());
    }

    @Test
    void smallProductsStayWhole() {
        assertEquals(0, Parallel.columnSplit(32, 32, 32));
        assertEquals(0, Parallel.columnSplit(100_000, 100, 100));   // n too narrow to cut
        assertEquals(1024, Parallel.columnSplit(64, 2048, 256));
        assertEquals(0, Parallel.rowSplit(64, 2048, 256));          // wider than tall: columns
        assertEquals(0, Parallel.rowSplit(64, 32, 4096));           // halves of 32 rows: another path
        assertEquals(1024, Parallel.rowSplit(2048, 512, 1600));     // dW of workload d
        assertEquals(0, Parallel.rowSplit(100_000, 1, 100));        // a thin product
        assertEquals(0, Parallel.rowSplit(65, 64, 2000));           // 32 rows on one side
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
