package dev.dynrnn.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Runs work on two cores where the work is large enough to pay for the hand-off (tens of
 * microseconds to wake a thread), and deterministically: how work is split depends only on its
 * shape, never on the number of cores or on timing, and every part writes its own outputs, so a
 * result has the same bits on one core as on two.
 *
 * <p>The second core is a worker of {@link ForkJoinPool#commonPool()}. On a machine with one
 * core, or with the system property {@value #PROPERTY}{@code =1}, everything runs on the
 * calling thread (in the same split, so with the same results).
 */
public final class Parallel {
    private Parallel() {}

    /** System property: {@code 1} keeps all kernel work on the calling thread; unset or {@code 2} uses two cores. */
    public static final String PROPERTY = "dynrnn.threads";

    /** Whether a second thread is used, decided once at start-up. */
    private static final boolean TWO_THREADS = twoThreads(System.getProperty(PROPERTY));

    /**
     * Fused multiply-adds below which a gemm stays on one thread: about 0.1 ms of work on one
     * core, several times the cost of handing half of it to another thread.
     */
    static final long GEMM_THRESHOLD = 1L << 22;

    /** Columns of C are split at a multiple of this, so that no register tile of C is cut. */
    private static final int COLUMN_ALIGNMENT = 64;

    private static boolean twoThreads(String property) {
        String value = property == null ? "" : property.trim();
        if (value.isEmpty() || value.equals("2")) {
            return Runtime.getRuntime().availableProcessors() >= 2;
        }
        if (value.equals("1")) {
            return false;
        }
        throw new IllegalStateException("-D" + PROPERTY + "=" + property + " (expected 1 or 2)");
    }

    /** Whether work is spread over two threads. */
    public static boolean usesTwoThreads() {
        return TWO_THREADS;
    }

    /**
     * Runs {@code task.accept(i)} for i in [0, count) and returns when all have finished; with two
     * threads, the tasks from {@code count / 2} on run on the second one. Tasks must write disjoint
     * outputs. An exception thrown by a task is rethrown here (the other part still completes).
     */
    public static void forEach(int count, IntConsumer task) {
        if (count <= 0) {
            return;
        }
        if (!TWO_THREADS || count == 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        int half = count / 2;
        ForkJoinTask<?> second = ForkJoinPool.commonPool().submit(() -> {
            for (int i = half; i < count; i++) {
                task.accept(i);
            }
        });
        try {
            for (int i = 0; i < half; i++) {
                task.accept(i);
            }
        } finally {
            second.join();
        }
    }

    /**
     * {@link ArrayKernels#gemm} on two threads when {@code m * n * k} reaches
     * {@value #GEMM_THRESHOLD}: each thread computes its own columns of C, or its own rows when C
     * is taller than wide (see {@link #rowSplit}). Every element of C is computed exactly as by one
     * call over the whole matrix (the kernels choose their path by m, or by m * n * k only far
     * below the threshold, a split never takes either half to another path, and an element's
     * arithmetic does not depend on its row or column), so the bits are the same whether one
     * thread or two run it.
     */
    public static void gemm(ArrayKernels kernels, boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        int rows = rowSplit(m, n, k);
        if (rows > 0) {
            // op(A)'s rows [from, to) are columns of A when transA, else rows.
            forEach(2, part -> {
                int from = part == 0 ? 0 : rows;
                int to = part == 0 ? rows : m;
                int aStart = aOff + (transA ? from : from * lda);
                kernels.gemm(transA, transB, to - from, n, k, alpha, a, aStart, lda, b, bOff, ldb, beta, c,
                        cOff + from * ldc, ldc);
            });
            return;
        }
        int split = columnSplit(m, n, k);
        if (split == 0) {
            kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        // op(B)'s columns [from, to) are rows of B when transB, else columns.
        forEach(2, part -> {
            int from = part == 0 ? 0 : split;
            int to = part == 0 ? split : n;
            int bStart = bOff + (transB ? from * ldb : from);
            kernels.gemm(transA, transB, m, to - from, k, alpha, a, aOff, lda, b, bStart, ldb, beta, c, cOff + from, ldc);
        });
    }

    /**
     * The first row of the second half when the gemm is split by rows, else 0. Either split packs
     * the other operand whole on both threads: A (m, k) with columns, B (k, n) with rows. Rows
     * are chosen when B is the smaller, n < m: a weight gradient dW = dP^T x (G*H, I) from all
     * steps, whose column split had each thread pack all of dP (steps * batch, G*H), 9% of
     * training workload d. Both halves keep more rows than {@link VectorGemm#SMALL_M}, so that
     * they take the packed path of the whole; the thin paths (n or k of 1) are never split.
     */
    static int rowSplit(int m, int n, int k) {
        if ((long) m * n * k < GEMM_THRESHOLD || n >= m || n == 1 || k == 1) {
            return 0;
        }
        int split = (m / 2 + ROW_ALIGNMENT - 1) / ROW_ALIGNMENT * ROW_ALIGNMENT;
        return Math.min(split, m - split) > VectorGemm.SMALL_M ? split : 0;
    }

    /** Rows of C are split at a multiple of this, so that a whole number of register tiles of C lies on each side. */
    private static final int ROW_ALIGNMENT = 8;

    /** The first column of the second half, or 0 when the gemm stays whole. */
    static int columnSplit(int m, int n, int k) {
        if ((long) m * n * k < GEMM_THRESHOLD || n < 2 * COLUMN_ALIGNMENT) {
            return 0;
        }
        return (n / 2 + COLUMN_ALIGNMENT - 1) / COLUMN_ALIGNMENT * COLUMN_ALIGNMENT;
    }
}
