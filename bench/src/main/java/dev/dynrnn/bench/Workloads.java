package dev.dynrnn.bench;

import dev.dynrnn.kernels.Kernels;
import dev.dynrnn.kernels.Parallel;
import dev.dynrnn.nn.Module;
import dev.dynrnn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/**
 * dynrnn's runner of the side-by-side benchmark (bench/README.md): trains each requested
 * {@link Workload} with a {@link TrainingLoop} and prints one {@link Measurement} JSON line each.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.dynrnn.bench.Workloads
 *      --workload a[,b,...|all] [--iterations N] [--warmup W] [--warmup-seconds S] [--seed S] [--threads T]
 * </pre>
 * dynrnn's kernels use a second thread for large products unless started with
 * {@code -Ddynrnn.threads=1} (which {@code bench/run.sh --threads 1} passes); {@code --threads} is
 * echoed in the {@code threads} field (what the system was told) and the version says how many
 * threads the kernels use.
 * Exit code 2 with a message on stderr for a bad command line.
 */
public final class Workloads {

    private Workloads() {}

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    /** Runs every workload of {@code options} in turn, printing one line each to {@code out}. */
    static void run(BenchOptions options, PrintStream out) {
        for (Workload w : options.workloads()) {
            Measurement m = run(w, options.iterationsFor(w), options.warmupFor(w), options.warmupSecondsFor(w),
                    options.seed(), options.threads());
            out.println(m.toJson());
            out.flush();
        }
    }

    /**
     * Trains {@code w} untimed for {@code warmup} iterations or {@code warmupSeconds}, whichever
     * ends later ({@link BenchOptions#warmupSecondsFor}), then {@code iterations} timed
     * iterations. The measurement's warm-up is the number of untimed iterations run.
     */
    static Measurement run(Workload w, int iterations, int warmup, double warmupSeconds, long seed, int threads) {
        TrainingLoop loop = new TrainingLoop(w, seed);
        long warmupStart = System.nanoTime();
        long warmupNanos = (long) (warmupSeconds * 1e9);
        int warmed = 0;
        while (warmed < warmup || System.nanoTime() - warmupStart < warmupNanos) {
            loop.iteration();
            warmed++;
        }
        Tensor loss = null;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            loss = loop.iteration();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new Measurement("dynrnn", version(), w.id, iterations, warmed, seed, threads,
                seconds / iterations, Measurement.currentPeakRssBytes(), loss.item());
    }

    /** e.g. "0.1.0-SNAPSHOT, kernels vector(512-bit), 2 threads, Java 17.0.15". */
    static String version() {
        return coreVersion() + ", kernels " + Kernels.name() + ", " + (Parallel.usesTwoThreads() ? "2 threads" : "1 thread") + ", Java " + Runtime.version();
    }

    /** dynrnn-core's Maven version from the pom.properties the jar carries; "dev" from class folders. */
    private static String coreVersion() {
        try (InputStream in = Module.class.getResourceAsStream("/META-INF/maven/dev.dynrnn/dynrnn-core/pom.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
