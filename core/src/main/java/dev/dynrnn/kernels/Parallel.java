package dev.dynrnn.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * Runs work on two cores where the work is large enough to pay for the hand-off (tens of
 * microseconds to wake a thread), and deterministically: how work is split depends only on its
 * shape, never on the number of cores or on timing, and every part writes its own outputs, so a
 * result has the same bits on one core as on two.
 *
 * <p>The second core is the one worker of a pool of our own, not of
 * {@link ForkJoinPool#commonPool()}: the common pool's workers erase their thread-locals after
 * tasks, and the kernels keep their packed panels and scratch in thread-locals
 * ({@link ThreadArrays}), which the worker then allocated and zeroed again (tens of MB per
 * iteration of a large recurrent layer's training). On a machine with one
 * core, or with the system property {@value #PROPERTY}{@code =1}, everything runs on the
 * calling thread (in the same split, so with the same results).
 */
public final class Parallel {
    private Parallel() {}

    /** System property: {@code 1} keeps all kernel work on the calling thread; unset or {@code 2} uses two cores. */
    public static final String PROPERTY = "dynrnn.threads";

    /** Whether a second thread is used, decided once at start-up. */
    private static final boolean TWO_THREADS = twoThreads(System.getProperty(PROPERTY));

    /** Runs the second half of the work; its worker is a daemon and keeps its thread-locals. */
    private static final ForkJoinPool SECOND_CORE = TWO_THREADS ? secondCore() : null;

    /**
     * Fused multiply-adds below which a gemm stays on one thread: about 0.1 ms of work on one
     * core, several times the cost of handing half of it to another thread.
     */
    static final long GEMM_THRESHOLD = 1L << 22;

    /** Columns of C are split at a multiple of this, so that no register tile of C is cut. */
    private static final int COLUMN_ALIGNMENT = 64;

    private static ForkJoinPool secondCore() {
        ForkJoinPool.ForkJoinWorkerThreadFactory named = pool -> {
            ForkJoinWorkerThread worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            worker.setName("dynrnn-kernels-" + worker.getPoolIndex());
            return worker;
        };
        return new ForkJoinPool(1, named, null, false);
    }

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
        ForkJoinTask<?> second = SECOND_CORE.submit(() -> {
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
     * {@value #GEMM_THRESHOLD} and C has at least two column blocks: each thread computes its own
     * columns of C. Every element of C is computed exactly as by one call over the whole matrix
     * (the kernels choose their path by m, or by m * n * k only far below the threshold, and an
     * element's arithmetic does not depend on its column), so the bits are the same whether one
     * thread or two run it.
     */
    public static void gemm(ArrayKernels kernels, boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
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

    /** The first column of the second half, or 0 when the gemm stays whole. */
    static int columnSplit(int m, int n, int k) {
        if ((long) m * n * k < GEMM_THRESHOLD || n < 2 * COLUMN_ALIGNMENT) {
            return 0;
        }
        return (n / 2 + COLUMN_ALIGNMENT - 1) / COLUMN_ALIGNMENT * COLUMN_ALIGNMENT;
    }
}
