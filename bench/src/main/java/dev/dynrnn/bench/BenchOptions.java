package dev.dynrnn.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line every workload runner accepts (dynrnn's, DJL's; the PyTorch script mirrors it):
 * {@code --workload ID[,ID...]|all [--iterations N] [--warmup W] [--seed S] [--threads T]}.
 * Iterations and warm-up default to each workload's {@link Workload#defaultIterations} and
 * {@link Workload#defaultWarmup}; the seed to 0, threads to 2.
 *
 * @param workloads  the workloads to run, in order
 * @param iterations timed iterations, or 0 for each workload's default
 * @param warmup     untimed iterations first, or -1 for each workload's default
 * @param seed       seeds the model's initialisation, the fixed data and {@link SeedData}
 * @param threads    intra-op threads the system may use
 */
public record BenchOptions(List<Workload> workloads, int iterations, int warmup, long seed, int threads) {

    /** Threads unless {@code --threads} says otherwise: the machine the targets were set on has 2 cores. */
    public static final int DEFAULT_THREADS = 2;

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
    }

    /** Timed iterations for {@code w}. */
    public int iterationsFor(Workload w) {
        return iterations > 0 ? iterations : w.defaultIterations;
    }

    /** Warm-up iterations for {@code w}. */
    public int warmupFor(Workload w) {
        return warmup >= 0 ? warmup : w.defaultWarmup;
    }

    /** Parses the arguments; throws {@link IllegalArgumentException} naming a bad or missing one. */
    public static BenchOptions parse(String... args) {
        List<Workload> workloads = null;
        int iterations = 0;
        int warmup = -1;
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
                case "--seed" -> seed = parseLong(option, value);
                case "--threads" -> threads = parseInt(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option
                        + "'; expected --workload, --iterations, --warmup, --seed, --threads");
            }
        }
        if (workloads == null) {
            throw new IllegalArgumentException("--workload is required: one of " + Workload.ids() + " or all");
        }
        return new BenchOptions(workloads, iterations, warmup, seed, threads);
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

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects an integer, got '" + value + "'");
        }
    }
}
