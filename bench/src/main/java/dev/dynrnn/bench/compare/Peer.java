package dev.dynrnn.bench.compare;

import dev.dynrnn.bench.Workload;
import dev.dynrnn.kernels.Parallel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One system of the side-by-side benchmark: how to start its workload runner as a child process,
 * and why it cannot run here when it cannot. Every runner takes {@code --workload ID --iterations
 * N --warmup W --warmup-seconds S --seed S --threads T} and prints one
 * {@link dev.dynrnn.bench.Measurement} JSON line.
 */
public interface Peer {

    /** "dynrnn", "pytorch" or "djl": the column name and the {@code system} field of its lines. */
    String id();

    /** Empty when the system can run, else why not, e.g. "not built yet". Asked once per run. */
    Optional<String> unavailable();

    /**
     * The command that runs {@code workload} once with {@code threads} intra-op threads, after at
     * least {@code warmup} untimed iterations and {@code warmupSeconds} of them.
     */
    List<String> command(Workload workload, int iterations, int warmup, double warmupSeconds, long seed, int threads);

    /** The java executable of the JVM running this driver, to start the Java runners with. */
    static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> runnerArguments(Workload workload, int iterations, int warmup, double warmupSeconds,
                                                long seed, int threads) {
        return List.of("--workload", workload.id, "--iterations", Integer.toString(iterations),
                "--warmup", Integer.toString(warmup), "--warmup-seconds", Double.toString(warmupSeconds),
                "--seed", Long.toString(seed), "--threads", Integer.toString(threads));
    }

    /** The JVM options in {@code value} (DYNRNN_JAVA_OPTS), split at white space; none when null or blank. */
    static List<String> extraJavaOptions(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s+"));
    }

    /**
     * dynrnn itself: {@code java --add-modules jdk.incubator.vector -XX:+UseSerialGC
     * $DYNRNN_JAVA_OPTS -cp <this driver's classpath> dev.dynrnn.bench.Workloads ...}. Unavailable until that class is on the classpath.
     */
    static Peer dynrnn(String java, String classpath) {
        return new Peer() {
            static final String MAIN = "dev.dynrnn.bench.Workloads";

            @Override
            public String id() {
                return "dynrnn";
            }

            @Override
            public Optional<String> unavailable() {
                try {
                    Class.forName(MAIN, false, Peer.class.getClassLoader());
                    return Optional.empty();
                } catch (ClassNotFoundException e) {
                    return Optional.of("not built yet (no " + MAIN + " on the classpath)");
                }
            }

            @Override
            public List<String> command(Workload workload, int iterations, int warmup, double warmupSeconds, long seed,
                                        int threads) {
                // As ./dynrnn runs it (serial GC), with DYNRNN_JAVA_OPTS appended as the launcher
                // appends it; dynrnn's kernels use one or two threads.
                List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                        "-XX:+UseSerialGC"));
                command.addAll(extraJavaOptions(System.getenv("DYNRNN_JAVA_OPTS")));
                command.addAll(List.of("-D" + Parallel.PROPERTY + "=" + Math.min(threads, 2), "-cp", classpath, MAIN));
                command.addAll(runnerArguments(workload, iterations, warmup, warmupSeconds, seed, threads));
                return command;
            }
        };
    }

    /**
     * PyTorch through {@code python bench/peers/pytorch_workloads.py}, normally Debian's
     * /usr/bin/python3 with python3-torch. Unavailable when that interpreter cannot import torch.
     */
    static Peer pytorch(String python, Path root) {
        Path script = root.resolve("bench/peers/pytorch_workloads.py");
        return new Peer() {
            @Override
            public String id() {
                return "pytorch";
            }

            @Override
            public Optional<String> unavailable() {
                if (!Files.isRegularFile(script)) {
                    return Optional.of("skipped: " + script + " not found");
                }
                if (!Files.isExecutable(Path.of(python))) {
                    return Optional.of("skipped: no " + python + " (Debian: apt-get install python3-torch)");
                }
                try {
                    Process p = new ProcessBuilder(python, "-c", "import torch")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(120, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        return Optional.of("skipped: '" + python + " -c \"import torch\"' took over 120 s");
                    }
                    return p.exitValue() == 0 ? Optional.empty()
                            : Optional.of("skipped: " + python + " cannot import torch"
                                    + " (Debian: apt-get install python3-torch)");
                } catch (IOException e) {
                    return Optional.of("skipped: cannot start " + python + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.of("skipped: interrupted while checking for torch");
                }
            }

            @Override
            public List<String> command(Workload workload, int iterations, int warmup, double warmupSeconds, long seed,
                                        int threads) {
                List<String> command = new ArrayList<>(List.of(python, script.toString()));
                command.addAll(runnerArguments(workload, iterations, warmup, warmupSeconds, seed, threads));
                return command;
            }
        };
    }

    /**
     * DJL 0.36.0 on its PyTorch 2.7.1 CPU engine, from the jars that {@code mvn -Pdjl} leaves in
     * bench/djl/target; run offline. Unavailable until those are built.
     */
    static Peer djl(String java, Path root) {
        Path target = root.resolve("bench/djl/target");
        Path jar = target.resolve("dynrnn-bench-djl.jar");
        Path lib = target.resolve("lib");
        return new Peer() {
            @Override
            public String id() {
                return "djl";
            }

            @Override
            public Optional<String> unavailable() {
                if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
                    return Optional.of("not built (bench/run.sh --with-djl builds it: ~115 MB of jars, ~430 MB unpacked in ~/.djl.ai)");
                }
                return Optional.empty();
            }

            @Override
            public List<String> command(Workload workload, int iterations, int warmup, double warmupSeconds, long seed,
                                        int threads) {
                List<String> command = new ArrayList<>(List.of(java,
                        "-Dai.djl.offline=true",
                        "-Dai.djl.pytorch.num_threads=" + threads,
                        "-cp", jar + File.pathSeparator + lib.resolve("*"),
                        "dev.dynrnn.bench.djl.DjlWorkloads"));
                command.addAll(runnerArguments(workload, iterations, warmup, warmupSeconds, seed, threads));
                return command;
            }
        };
    }
}
