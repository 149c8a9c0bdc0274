package dev.dynrnn.bench.packed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cases of {@link PackedSequenceBenchmark}, timed in turn round after round, so that a
 * machine whose load changes over time (a shared 2-core box) slows every case alike; prints the
 * median and the minimum of each and their ratios to the packed lengths 1..100.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *       dev.dynrnn.bench.packed.PackedCostInterleaved [hidden=64] [rounds=30]
 * </pre>
 */
public final class PackedCostInterleaved {
    private PackedCostInterleaved() {}

    public static void main(String[] args) {
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        PackedSequenceBenchmark cases = new PackedSequenceBenchmark();
        cases.hidden = hidden;
        cases.setUp();
        String[] names = {"packedLengths1To100", "paddedTo100", "packedAllLength50", "denseAllLength50",
            "dense100StepsBatch50"};
        List<List<Double>> times = new ArrayList<>();
        for (String ignored : names) {
            times.add(new ArrayList<>());
        }
        int warmup = Math.max(3, rounds / 5);
        for (int round = 0; round < warmup + rounds; round++) {
            for (int c = 0; c < names.length; c++) {
                long start = System.nanoTime();
                switch (c) {
                    case 0 -> cases.packedLengths1To100();
                    case 1 -> cases.paddedTo100();
                    case 2 -> cases.packedAllLength50();
                    case 3 -> cases.denseAllLength50();
                    default -> cases.dense100StepsBatch50();
                }
                if (round >= warmup) {
                    times.get(c).add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        double reference = median(times.get(0));
        System.out.printf("LSTM(16, %d) training step, batch 100, %d interleaved rounds%n", hidden, rounds);
        for (int c = 0; c < names.length; c++) {
            double[] sorted = times.get(c).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("  %-20s median %7.1f ms  min %7.1f ms  median / packedLengths1To100 %.2f%n", names[c],
                    median(times.get(c)), sorted[0], median(times.get(c)) / reference);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
