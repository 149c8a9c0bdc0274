package dev.dynrnn.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line every workload runner accepts (dynrnn's, DJL's; the PyTorch script mirrors it):
 * {@code --workload ID[,ID...]|all [--iterations N] [--warmup W] [--warmup-seconds S] [--seed S]
 * [--threads T]}. Iterations, warm-up iterations and warm-up time default to each workload's
 * {@link Workload#defaultIterations}, {@link Workload#defaultWarmup} and
 * {@link Workload#defaultWarmupSeconds}; the seed to 0, threads to 2.
 *
 * @param workloads     the workloads to run, in order
 * @param iterations    timed iterations, or 0 for each workload's default
 * @param warmup        untimed iterations first, or -1 for each workload's default
 * @param warmupSeconds the warm-up goes on past {@code warmup} iterations until this time has passed,
 *                      or {@link #WORKLOAD_WARMUP_SECONDS} for each workload's default
 * @param seed          seeds the model's initialisation, the fixed data and {@link SeedData}
 * @param threads       intra-op threads the system may use
 */
public record BenchOptions(List<Workload> workloads, int iterations, int warmup, double warmupSeconds, long seed,
                           int threads) {

    /** Threads unless {@code --threads} says otherwise: the machine the targets were set on has 2 cores. */
    public static final int DEFAULT_THREADS = 2;

    /** {@code warmupSeconds} when {@code --warmup-seconds} is not given: each workload's own. */
    public static final double WORKLOAD_WARMUP_SECONDS = -1;

    public BenchOptions {
        workloads = List.copyOf(workloads);
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("no workload given; expected one of " + Workload.ids());
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
        }
        if (warmup < -1) {
            throw new IllegalArgumentException("--warmup must be at least 0, got " + warmup);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (warmupSeconds != WORKLOAD_WARMUP_SECONDS && !(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
            throw new IllegalArgumentException("--warmup-seconds must be between 0 and 3600, got " + warmupSeconds);
        }
    }

    /** Timed iterations for {@code w}. */
    public int iterationsFor(Workload w) {
        return iterations > 0 ? iterations : w.defaultIterations;
    }

    /** Warm-up iterations for {@code w}. */
    public int warmupFor(Workload w) {
        return warmup >= 0 ? warmup : w.defaultWarmup;
    }

    /**
     * The least warm-up time for {@code w}: {@code --warmup-seconds}, else the workload's
     * {@link Workload#defaultWarmupSeconds}. With a least time, warm-up ends after the warm-up
     * iterations or after that time, whichever is later, the same rule for every system.
     *
     * <p>{@code a} and {@code b} have none (PyTorch's 10,000 warm-up iterations take 30 s): a
     * least time did not help dynrnn there (measured 2026-11-28). C2 compiles a method called once
     * per iteration after about 15,000 calls (later while its queue is long); 3 s ends at
     * 15,000-28,000 iterations, in the middle of those compilations (timed 49-67 µs against 31-40
     * µs after 10,000 iterations), and 10 s ends after about 130,000, where C2 is idle but the
     * training is in another phase: 980 of Adam's 1,153 moments have decayed to tiny values (105
     * at 10,000), which costs the optimizer about 7 µs more per iteration.
     */
    public double warmupSecondsFor(Workload w) {
        return warmupSeconds == WORKLOAD_WARMUP_SECONDS ? w.defaultWarmupSeconds : warmupSeconds;
    }

    /** Parses the arguments; throws {@link IllegalArgumentException} naming a bad or missing one. */
    public static BenchOptions parse(String... args) {
        List<Workload> workloads = null;
        int iterations = 0;
        int warmup = -1;
        double warmupSeconds = WORKLOAD_WARMUP_SECONDS;
        long seed = 0;
        int threads = DEFAULT_THREADS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--workload" -> workloads = parseWorkloads(value);
                case "--iterations" -> {
                    iterations = parseInt(option, value);
                    if (iterations < 1) {
                        throw new IllegalArgumentException("--iterations must be at least 1, got " + value);
                    }
                }
                case "--warmup" -> {
                    warmup = parseInt(option, value);
                    if (warmup < 0) {
                        throw new IllegalArgumentException("--warmup must be at least 0, got " + value);
                    }
                }
                case "--warmup-seconds" -> warmupSeconds = parseSeconds(option, value);
                case "--seed" -> seed = parseLong(option, value);
                case "--threads" -> threads = parseInt(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option
                        + "'; expected --workload, --iterations, --warmup, --warmup-seconds, --seed, --threads");
            }
        }
        if (workloads == null) {
            throw new IllegalArgumentException("--workload is required: one of " + Workload.ids() + " or all");
        }
        return new BenchOptions(workloads, iterations, warmup, warmupSeconds, seed, threads);
    }

    private static List<Workload> parseWorkloads(String value) {
        if (value.equals("all")) {
            return List.of(Workload.values());
        }
        List<Workload> result = new ArrayList<>();
        for (String id : value.split(",")) {
            result.add(Workload.byId(id.trim()));
        }
        return result;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects an integer, got '" + value + "'");
        }
    }

    /** A number of seconds; also used by the driver for the same option. */
    public static double parseSeconds(String option, String value) {
        double seconds;
        try {
            seconds = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number of seconds, got '" + value + "'");
        }
        if (!(seconds >= 0 && seconds <= 3600)) {
            throw new IllegalArgumentException(option + " must be between 0 and 3600, got " + value);
        }
        return seconds;
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects an integer, got '" + value + "'");
        }
    }
}
