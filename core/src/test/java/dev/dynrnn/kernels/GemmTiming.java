package dev.dynrnn.kernels;

import java.util.Random;

/**
 * Not a unit test: a rough single-thread GFLOP/s measurement of gemm (2*m*n*k flops per call).
 * Run after {@code mvn -pl core test-compile}:
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes
 * dev.dynrnn.kernels.GemmTiming [sizes...]}. The JMH benchmarks in the bench module are the
 * careful measurement.
 */
public final class GemmTiming {
    private GemmTiming() {}

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        ArrayKernels kernels = Kernels.get();
        System.out.println("kernels: " + kernels.name());
        String[] specs = args.length > 0 ? args : new String[] {"256", "512", "1024"};
        for (String spec : specs) {
            // "n" for a square product, or "m,n,k[,tA,tB]" e.g. "1,1024,256,N,T"
            String[] parts = spec.split(",");
            int m = Integer.parseInt(parts[0]);
            int n = parts.length > 1 ? Integer.parseInt(parts[1]) : m;
            int k = parts.length > 2 ? Integer.parseInt(parts[2]) : m;
            boolean tA = parts.length > 3 && parts[3].equals("T");
            boolean tB = parts.length > 4 && parts[4].equals("T");
            time(kernels, m, n, k, tA, tB);
        }
    }

    static void time(ArrayKernels kernels, int m, int n, int k, boolean tA, boolean tB) {
        Random random = new Random(1);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() - 0.5f;
        int lda = tA ? m : k, ldb = tB ? k : n;
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(3, Math.min(100000, 2e9 / flops));
        double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime(), cpu0 = THREADS.getCurrentThreadCpuTime();
            for (int r = 0; r < reps; r++) {
                kernels.gemm(tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            }
            bestCpu = Math.min(bestCpu, (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9 / reps);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / reps);
        }
        // CPU time of this thread as well as wall time: on a shared, loaded machine the wall
        // clock also counts time the thread spent descheduled.
        System.out.printf("gemm %s%s m=%d n=%d k=%d: %.1f GFLOP/s by thread CPU time, %.1f by wall time (%.3f ms)%n",
                tA ? "T" : "N", tB ? "T" : "N", m, n, k, flops / bestCpu / 1e9, flops / best / 1e9, best * 1e3);
    }
}
