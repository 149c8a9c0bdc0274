package dev.dynrnn.bench.compare;

import dev.dynrnn.bench.BenchOptions;
import dev.dynrnn.bench.Measurement;
import dev.dynrnn.bench.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs the same training workloads in dynrnn, PyTorch and DJL, alternating between the systems,
 * and prints the time per iteration of each and the ratios (bench/README.md; options in
 * {@link #USAGE}): {@code java -cp bench/target/benchmarks.jar dev.dynrnn.bench.compare.Compare}.
 *
 * <p>For each workload, each round starts every available system once, each in a fresh process,
 * one after another (the first system moves one place per round, so none always goes first).
 * The table shows the median over rounds.
 */
public final class Compare {

    /** The parsed command line. */
    record Options(Path root, List<Workload> workloads, int rounds, int iterations, int warmup, double warmupSeconds,
                   long seed, List<String> systems, String python, Path json, boolean program, int threads) {

        static Options parse(String... args) {
            Path root = Path.of(System.getProperty("user.dir"));
            List<Workload> workloads = List.of(Workload.values());
            int rounds = 3;
            int iterations = 0;
            int warmup = -1;
            double warmupSeconds = BenchOptions.WORKLOAD_WARMUP_SECONDS;
            long seed = 0;
            List<String> systems = List.of("dynrnn", "pytorch", "djl");
            String python = "/usr/bin/python3";
            Path json = null;
            boolean program = false;
            int threads = BenchOptions.DEFAULT_THREADS;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    throw new IllegalArgumentException(USAGE);
                }
                if (option.equals("--program")) {
                    program = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + option + " needs a value\n" + USAGE);
                }
                String value = args[++i];
                switch (option) {
                    case "--root" -> root = Path.of(value);
                    case "--workload" -> workloads = value.equals("all") ? List.of(Workload.values())
                            : value.equals("none") ? List.of()
                            : Arrays.stream(value.split(",")).map(String::trim).map(Workload::byId).toList();
                    case "--rounds" -> rounds = atLeast(1, option, value);
                    case "--iterations" -> iterations = atLeast(1, option, value);
                    case "--warmup" -> warmup = atLeast(0, option, value);
                    case "--warmup-seconds" -> warmupSeconds = BenchOptions.parseSeconds(option, value);
                    case "--seed" -> seed = atLeast(Integer.MIN_VALUE, option, value);
                    case "--systems" -> {
                        systems = List.of(value.split(","));
                        for (String s : systems) {
                            if (!List.of("dynrnn", "pytorch", "djl").contains(s)) {
                                throw new IllegalArgumentException("unknown system '" + s
                                        + "' in --systems; expected dynrnn, pytorch, djl");
                            }
                        }
                    }
                    case "--threads" -> threads = atLeast(1, option, value);
                    case "--python" -> python = value;
                    case "--json" -> json = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + USAGE);
                }
            }
            return new Options(root, workloads, rounds, iterations, warmup, warmupSeconds, seed, systems, python, json,
                    program, threads);
        }

        /** The least warm-up time of every system on {@code w}: --warmup-seconds, else the workload's. */
        double warmupSecondsFor(Workload w) {
            return warmupSeconds == BenchOptions.WORKLOAD_WARMUP_SECONDS ? w.defaultWarmupSeconds : warmupSeconds;
        }

        private static int atLeast(int least, String option, String value) {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " expects an integer, got '" + value + "'");
            }
            if (n < least) {
                throw new IllegalArgumentException(option + " must be at least " + least + ", got " + n);
            }
            return n;
        }
    }

    static final String USAGE = """
            usage: Compare [--root DIR] [--workload a,b,c-rnn,c-lstm,c-gru,d|all|none] [--rounds R]
                           [--iterations N] [--warmup W] [--warmup-seconds S] [--seed S]
                           [--systems dynrnn,pytorch,djl] [--threads T] [--python PATH] [--json FILE] [--program]
              Iterations and warm-up iterations default to each workload's own (a, b: 1000 and 10000;
              c-*: 10 and 20; d: 5 and 20); the warm-up also lasts at least --warmup-seconds S in
              every system (default per workload: a, b 0; c-*, d 10); rounds default to 3; threads
              to 2 (intra-op threads of every system, also set as OMP_NUM_THREADS and
              OPENBLAS_NUM_THREADS). --json appends every measurement
              line to FILE.
              --program also times the whole seed program (./dynrnn demo --plot FILE against
              bench/peers/seed_pytorch.py), wall time and peak memory, over the same rounds.""";

    private Compare() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out, System.err));
    }

    /** Runs the comparison; returns the exit code (1 when a run failed, else 0). */
    static int run(Options options, PrintStream out, PrintStream log) throws IOException, InterruptedException {
        String java = Peer.currentJava();
        List<Peer> all = List.of(
                Peer.dynrnn(java, System.getProperty("java.class.path")),
                Peer.pytorch(options.python(), options.root()),
                Peer.djl(java, options.root()));
        List<Peer> selected = all.stream().filter(p -> options.systems().contains(p.id())).toList();
        ResultTable table = new ResultTable(selected.stream().map(Peer::id).toList(),
                options.workloads().stream().map(w -> w.id).toList());

        List<Peer> running = new ArrayList<>();
        for (Peer peer : selected) {
            Optional<String> why = peer.unavailable();
            if (why.isPresent()) {
                log.println(peer.id() + ": " + why.get());
                table.markUnavailable(peer.id(), why.get());
            } else {
                running.add(peer);
            }
        }
        if (options.workloads().isEmpty() && !options.program()) {
            log.println("nothing to do: --workload none without --program");
            return 2;
        }
        String loadBefore = loadAverage();
        boolean failed = false;
        for (Workload w : options.workloads()) {
            int iterations = options.iterations() > 0 ? options.iterations() : w.defaultIterations;
            int warmup = options.warmup() >= 0 ? options.warmup() : w.defaultWarmup;
            double warmupSeconds = options.warmupSecondsFor(w);
            for (int round = 0; round < options.rounds(); round++) {
                for (int k = 0; k < running.size(); k++) {
                    Peer peer = running.get((k + round) % running.size());
                    String what = String.format(Locale.ROOT, "[%s round %d/%d] %s", w.id, round + 1,
                            options.rounds(), peer.id());
                    try {
                        Measurement m = runOnce(peer.command(w, iterations, warmup, warmupSeconds,
                                options.seed(), options.threads()), options.threads(), options.json());
                        table.add(m);
                        log.printf(Locale.ROOT, "%s: %s ms/iteration (%d iterations)%n", what,
                                ResultTable.milliseconds(m.secondsPerIteration() * 1e3), m.iterations());
                    } catch (RunFailure e) {
                        failed = true;
                        table.markFailed(w.id, peer.id(), e.getMessage());
                        log.println(what + ": FAILED: " + e.getMessage());
                    }
                }
            }
        }
        if (!options.workloads().isEmpty()) {
            printTable(options, selected, table, loadBefore, out);
        }
        if (options.program()) {
            // dynrnn's demo is tried even without its workload runner; PyTorch only where torch imports
            List<ProgramComparison.Program> programs = ProgramComparison.programs(options.root(), options.python())
                    .stream().filter(p -> options.systems().contains(p.system()))
                    .filter(p -> p.system().equals("dynrnn") || running.stream().anyMatch(r -> r.id().equals(p.system())))
                    .toList();
            if (programs.isEmpty()) {
                out.println("\nWhole seed program: skipped, neither dynrnn nor pytorch can run here");
            } else {
                ProgramComparison.run(programs, options.rounds(), out, log);
            }
        }
        return failed ? 1 : 0;
    }

    private static void printTable(Options options, List<Peer> selected, ResultTable table, String loadBefore,
                                   PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Time per training iteration, median of %d rounds; ratio = peer time / %s time"
                        + " (above 1: %s is faster). %d cores, load average %s before, %s after.%n",
                options.rounds(), selected.get(0).id(), selected.get(0).id(),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        out.print(table.render());
        out.print(table.notes());
    }

    /** A child run that exited non-zero or printed no measurement. */
    static final class RunFailure extends Exception {
        private static final long serialVersionUID = 1L;

        RunFailure(String message) {
            super(message);
        }
    }

    /** Runs one command, returns the measurement it printed; its stderr is kept for the failure message. */
    static Measurement runOnce(List<String> command, int threads, Path json)
            throws IOException, InterruptedException, RunFailure {
        Path stderr = Files.createTempFile("dynrnn-bench", ".stderr");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            // thread pools that read the environment when they start (libgomp, OpenBLAS's own)
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
            Process p = builder.start();
            p.getOutputStream().close();
            List<String> jsonLines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("{")) {   // runners may print other lines (a model summary)
                        jsonLines.add(line);
                    }
                }
            }
            int exit = p.waitFor();
            List<Measurement> found = new ArrayList<>();
            for (String line : jsonLines) {
                found.add(ResultTable.parse(line));
                if (json != null) {
                    Files.writeString(json, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
            if (exit != 0 || found.size() != 1) {
                List<String> lines = Files.readAllLines(stderr);
                String tail = String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                throw new RunFailure((exit != 0 ? "exit code " + exit : found.size() + " measurement lines instead of 1")
                        + " from " + String.join(" ", command) + (tail.isEmpty() ? "" : "\n  " + tail));
            }
            return found.get(0);
        } catch (IllegalArgumentException e) {
            throw new RunFailure(e.getMessage());
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
