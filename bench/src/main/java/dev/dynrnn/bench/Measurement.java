package dev.dynrnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One timed run of one workload on one system, printed as one JSON line (bench/README.md):
 * <pre>{@code
 * {"system": "djl", "version": "0.36.0/PyTorch 2.7.1", "workload": "a", "iterations": 200,
 *  "warmup": 20, "seed": 0, "threads": 2, "seconds_per_iteration": 0.0021,
 *  "peak_rss_bytes": 412000000, "final_loss": 0.0069}
 * }</pre>
 *
 * @param system              "dynrnn", "pytorch" or "djl"
 * @param version             the system's version (and its engine's, for DJL)
 * @param workload            a {@link Workload#id}
 * @param iterations          timed iterations
 * @param warmup              untimed iterations before them
 * @param seed                the seed of the run
 * @param threads             intra-op threads the system was told to use
 * @param secondsPerIteration wall time of the timed iterations divided by their number
 * @param peakRssBytes        the process's peak resident set size when printed, -1 if unknown
 * @param finalLoss           the loss of the last iteration, a sanity check that training ran
 */
public record Measurement(String system, String version, String workload, int iterations, int warmup,
                          long seed, int threads, double secondsPerIteration, long peakRssBytes,
                          double finalLoss) {

    /** The JSON line, without a line break. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"system\": %s, \"version\": %s, \"workload\": %s, "
                        + "\"iterations\": %d, \"warmup\": %d, \"seed\": %d, \"threads\": %d, "
                        + "\"seconds_per_iteration\": %s, \"peak_rss_bytes\": %d, \"final_loss\": %s}",
                quote(system), quote(version), quote(workload), iterations, warmup, seed, threads,
                number(secondsPerIteration), peakRssBytes, number(finalLoss));
    }

    /** This process's peak resident set size (VmHWM in /proc/self/status), or -1 where unreadable. */
    public static long currentPeakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kib = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kib) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String number(double v) {
        // JSON has no NaN or infinity; Python's json module writes and reads them as bare words
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
