package dev.dynrnn.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs work on two cores where the work is large enough to pay for the hand-off (tens of
 * microseconds to wake a thread), and deterministically: how work is split depends only on its
 * shape, never on the number of cores or on timing, and every part writes its own outputs, so a
 * result has the same bits on one core as on two. (The vector kernels' large products hand out
 * their blocks of rows to whichever thread is free, see {@link #gemm}: who computes a block
 * depends on timing, what it computes does not.)
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

    /** One part's share of one step of {@link #lockstep}. */
    @FunctionalInterface
    public interface PartStep {
        void run(int part, int step);
    }

    /**
     * Runs {@code work.run(part, step)} for parts 0 and 1 and steps 0 to {@code steps - 1}, where
     * step s of either part starts only when step s - 1 of both has finished: a recurrence whose
     * step needs both parts' halves of the step before. With two threads each part runs on its
     * own thread, the two meeting at a barrier after every step; on one (or when called from a
     * fork-join worker), the parts alternate, step by step. Within a step the parts must write
     * disjoint outputs (then the results do not depend on the threads). An exception thrown by a part is rethrown here, after the other part
     * has stopped.
     */
    public static void lockstep(int steps, PartStep work) {
        // On a worker of a fork-join pool (the second core's own worker, or a caller inside a
        // parallel stream or an async task), the second part could wait behind this very thread
        // in a queue while this one waits for it at the barrier: alternate instead, which gives
        // the same bits.
        if (!TWO_THREADS || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            for (int s = 0; s < steps; s++) {
                work.run(0, s);
                work.run(1, s);
            }
            return;
        }
        PairBarrier barrier = new PairBarrier();
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        AtomicReference<Error> firstError = new AtomicReference<>();
        try {
            forEach(2, part -> {
                try {
                    for (int s = 0; s < steps; s++) {
                        work.run(part, s);
                        if (s + 1 < steps) {
                            barrier.await(part);
                        }
                    }
                } catch (RuntimeException e) {
                    firstFailure.compareAndSet(null, e);
                    barrier.breakIt();
                    throw e;
                } catch (Error e) {
                    firstError.compareAndSet(null, e);
                    barrier.breakIt();
                    throw e;
                }
            });
        } catch (RuntimeException | Error e) {
            // the part that failed first, not the other's report of the broken barrier
            if (firstError.get() != null) {
                throw firstError.get();
            }
            if (firstFailure.get() != null) {
                throw firstFailure.get();
            }
            throw e;
        }
    }

    /**
     * A barrier for two threads, parts 0 and 1, that spins briefly before parking: the steps it
     * separates take a fraction of a millisecond, about what waking a parked thread costs.
     */
    private static final class PairBarrier {
        /** Spins (pause instructions of 10 to 140 cycles) before parking: tens of microseconds. */
        private static final int SPINS = 1_000;
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile int generation;
        private volatile boolean broken;
        /**
         * Each part's thread while it is parked, else null; a part writes only its own slot (one
         * shared slot lost a wake-up: a part clearing it late erased the other's registration).
         */
        private final AtomicReferenceArray<Thread> parked = new AtomicReferenceArray<>(2);

        void await(int part) {
            int gen = generation;
            if (arrived.incrementAndGet() == 2) {
                arrived.set(0);
                generation = gen + 1;     // publishes both parts' writes of the step to the other
                Thread other = parked.get(1 - part);
                if (other != null) {
                    LockSupport.unpark(other);
                }
                return;
            }
            for (int i = 0; i < SPINS && generation == gen && !broken; i++) {
                Thread.onSpinWait();
            }
            if (generation == gen) {
                // registered before the condition is read again: the releaser bumps generation
                // before it reads the slot, so either this read sees the bump or it sees the thread
                parked.set(part, Thread.currentThread());
                while (generation == gen && !broken) {
                    LockSupport.park(this);
                }
                parked.set(part, null);
            }
            if (broken) {
                throw new IllegalStateException("the other part of a lockstep run failed");
            }
        }

        /** Releases a waiting part for good (the other failed and will not arrive). */
        void breakIt() {
            broken = true;
            for (int part = 0; part < 2; part++) {
                Thread t = parked.get(part);
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }
    }

    /**
     * {@link ArrayKernels#gemm} on two threads when {@code m * n * k} reaches
     * {@value #GEMM_THRESHOLD}. A product that the vector kernels compute blocked and packed
     * ({@link VectorGemm#takesPacked}) is computed by both threads together, sharing the packing
     * of op(B) and taking blocks of rows of C as they come free
     * ({@link VectorGemm#packedOnTwoThreads}). Otherwise each thread computes its own columns of
     * C, or its own rows when C is taller than wide (see {@link #rowSplit}). Every element of C
     * is computed exactly as by one call over the whole matrix (the kernels choose their path by
     * m, or by m * n * k only far below the threshold, a split never takes either half to another
     * path, and an element's arithmetic does not depend on its row or column), so the bits are
     * the same whether one thread or two run it.
     */
    public static void gemm(ArrayKernels kernels, boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (TWO_THREADS && (long) m * n * k >= GEMM_THRESHOLD && kernels instanceof VectorKernels
                && VectorGemm.takesPacked(m, n, k, alpha)) {
            // both threads in one product, sharing its packing of op(B) (see packedOnTwoThreads)
            Check.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            VectorGemm.packedOnTwoThreads(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                    ldc);
            return;
        }
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
