package dev.dynrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.bench.compare.ResultTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    /** Every workload, one timed iteration: one line each, in order, that the driver's parser accepts. */
    @Test
    void printsOneWellFormedLinePerWorkload() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Workloads.run(BenchOptions.parse("--workload", "all", "--iterations", "1", "--warmup", "0",
                "--warmup-seconds", "0", "--seed", "7", "--threads", "3"),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(Workload.values().length, lines.size(), String.join("\n", lines));
        for (int i = 0; i < lines.size(); i++) {
            Measurement m = ResultTable.parse(lines.get(i));
            Workload w = Workload.values()[i];
            assertEquals("dynrnn", m.system());
            assertEquals(w.id, m.workload());
            assertEquals(1, m.iterations());
            assertEquals(0, m.warmup());
            assertEquals(7, m.seed());
            assertEquals(3, m.threads());
            assertTrue(m.secondsPerIteration() > 0, lines.get(i));
            assertTrue(m.peakRssBytes() > 0, lines.get(i));
            // an MSE of a finite prediction against a finite target
            assertTrue(Double.isFinite(m.finalLoss()) && m.finalLoss() > 0, lines.get(i));
            assertTrue(m.version().contains("kernels "), m.version());
        }
    }

    /** The warm-up runs its iterations, and then more until its time has passed; the line counts them all. */
    @Test
    void warmupLastsAtLeastItsTime() {
        long start = System.nanoTime();
        Measurement m = Workloads.run(Workload.B, 1, 3, 0.3, 0, 1);
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        assertTrue(m.warmup() > 3, () -> m.warmup() + " warm-up iterations in 0.3 s");
        assertEquals(3, Workloads.run(Workload.B, 1, 3, 0, 0, 1).warmup());
    }

    /** Same seed, same training: the loss after the same iterations is the same bits. */
    @Test
    void sameSeedSameLoss() {
        for (Workload w : List.of(Workload.A, Workload.C_GRU)) {
            float[] first = losses(w, 3);
            float[] second = losses(w, 3);
            assertEquals(Arrays.toString(first), Arrays.toString(second), w.id);
        }
    }

    private static float[] losses(Workload w, int iterations) {
        TrainingLoop loop = new TrainingLoop(w, 1);
        float[] losses = new float[iterations];
        for (int i = 0; i < iterations; i++) {
            losses[i] = loop.iteration().item();
        }
        return losses;
    }
}
