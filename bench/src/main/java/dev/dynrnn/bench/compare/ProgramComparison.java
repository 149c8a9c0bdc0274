package dev.dynrnn.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The whole seed program, process start to picture written: {@code ./dynrnn demo --plot FILE}
 * against the seed's PyTorch script made headless (bench/peers/seed_pytorch.py), alternating, each
 * run a fresh process timed by GNU time for wall time and peak resident set size.
 * One untimed run of each comes first, so that a first build of dynrnn or a cold page cache does
 * not count.
 */
final class ProgramComparison {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** One system's program: its name and the command that writes the picture to a file. */
    record Program(String system, List<String> commandBeforeFile) {}

    /** Wall seconds and peak RSS bytes of one run. */
    record Run(double seconds, long peakRssBytes) {}

    private ProgramComparison() {}

    static List<Program> programs(Path root, String python) {
        return List.of(
                new Program("dynrnn", List.of(root.resolve("dynrnn").toString(), "demo", "--plot")),
                new Program("pytorch", List.of(python, root.resolve("bench/peers/seed_pytorch.py").toString(),
                        "--plot")));
    }

    /** Runs {@code rounds} alternating rounds and prints the medians and ratios. */
    static void run(List<Program> programs, int rounds, PrintStream out, PrintStream log)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(GNU_TIME)) {
            out.println("\nWhole seed program: skipped, no " + GNU_TIME + " (Debian: apt-get install time)");
            return;
        }
        Path dir = Files.createTempDirectory("dynrnn-bench-program");
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        try {
            for (int round = -1; round < rounds; round++) {   // round -1: untimed warm-up
                for (int k = 0; k < programs.size(); k++) {
                    Program p = programs.get((k + Math.max(round, 0)) % programs.size());
                    if (failures.containsKey(p.system())) {
                        continue;
                    }
                    String what = round < 0 ? "[seed program warm-up] " + p.system()
                            : String.format(Locale.ROOT, "[seed program round %d/%d] %s", round + 1, rounds, p.system());
                    try {
                        Run r = runOnce(p, dir);
                        log.printf(Locale.ROOT, "%s: %.2f s, %.0f MiB%n", what, r.seconds(), r.peakRssBytes() / 1048576.0);
                        if (round >= 0) {
                            runs.computeIfAbsent(p.system(), s -> new ArrayList<>()).add(r);
                        }
                    } catch (IOException e) {
                        failures.put(p.system(), e.getMessage());
                        log.println(what + ": " + e.getMessage());
                    }
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        out.printf(Locale.ROOT, "%nWhole seed program, process start to PNG written (median of %d rounds):%n", rounds);
        out.print(render(programs, runs, failures));
    }

    static String render(List<Program> programs, Map<String, List<Run>> runs, Map<String, String> failures) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-8s  %8s  %8s%n", "system", "wall s", "peak MiB"));
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (Program p : programs) {
            List<Run> rs = runs.getOrDefault(p.system(), List.of());
            Optional<Double> wall = ResultTable.median(rs.stream().mapToDouble(Run::seconds).toArray());
            Optional<Double> rss = ResultTable.median(rs.stream().mapToDouble(Run::peakRssBytes).toArray());
            if (wall.isPresent() && rss.isPresent()) {
                medians.put(p.system(), new double[] {wall.get(), rss.get()});
                b.append(String.format(Locale.ROOT, "%-8s  %8.2f  %8.0f%n", p.system(), wall.get(), rss.get() / 1048576));
            } else {
                b.append(String.format(Locale.ROOT, "%-8s  %8s  %8s  %s%n", p.system(), "-", "-",
                        failures.getOrDefault(p.system(), "")));
            }
        }
        String base = programs.get(0).system();
        if (medians.containsKey(base)) {
            for (Program p : programs.subList(1, programs.size())) {
                double[] m = medians.get(p.system());
                if (m != null) {
                    double[] baseM = medians.get(base);
                    b.append(String.format(Locale.ROOT, "%s/%s: wall %.2fx, peak memory %.2fx%n",
                            p.system(), base, m[0] / baseM[0], m[1] / baseM[1]));
                }
            }
        }
        return b.toString();
    }

    /** Runs the program once under GNU time; IOException names why it failed. */
    static Run runOnce(Program p, Path dir) throws IOException, InterruptedException {
        Path png = dir.resolve(p.system() + ".png");
        Path timing = dir.resolve(p.system() + ".time");
        Path output = dir.resolve(p.system() + ".out");
        Files.deleteIfExists(png);
        List<String> command = new ArrayList<>(List.of(GNU_TIME.toString(), "-f", "%e %M", "-o", timing.toString()));
        command.addAll(p.commandBeforeFile());
        command.add(png.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        int exit = process.waitFor();
        if (exit != 0 || !Files.isRegularFile(png) || Files.size(png) == 0) {
            List<String> lines = Files.readAllLines(output);
            String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            throw new IOException((exit != 0 ? "exit code " + exit : "did not write the PNG")
                    + " from " + String.join(" ", p.commandBeforeFile()) + " FILE" + (tail.isEmpty() ? "" : ": " + tail));
        }
        // GNU time's last line: "<elapsed seconds> <max RSS in KiB>"
        List<String> timingLines = Files.readAllLines(timing);
        String[] parts = timingLines.get(timingLines.size() - 1).trim().split("\\s+");
        return new Run(Double.parseDouble(parts[0]), Long.parseLong(parts[1]) * 1024);
    }
}
