package dev.dynrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void parsesTheRunnerCommandLine() {
        BenchOptions o = BenchOptions.parse("--workload", "a,c-lstm", "--iterations", "7", "--warmup", "0",
                "--warmup-seconds", "0.5", "--seed", "42", "--threads", "1");
        assertEquals(List.of(Workload.A, Workload.C_LSTM), o.workloads());
        assertEquals(7, o.iterationsFor(Workload.A));
        assertEquals(0, o.warmupFor(Workload.D));
        assertEquals(0.5, o.warmupSecondsFor(Workload.A));
        assertEquals(0.5, o.warmupSecondsFor(Workload.D));
        assertEquals(42, o.seed());
        assertEquals(1, o.threads());
    }

    @Test
    void defaultsComeFromTheWorkload() {
        BenchOptions o = BenchOptions.parse("--workload", "all");
        assertEquals(List.of(Workload.values()), o.workloads());
        assertEquals(1000, o.iterationsFor(Workload.A));
        assertEquals(10000, o.warmupFor(Workload.A));
        assertEquals(0, o.warmupSecondsFor(Workload.A));
        assertEquals(0, o.warmupSecondsFor(Workload.B));
        assertEquals(10, o.warmupSecondsFor(Workload.C_RNN));
        assertEquals(10, o.warmupSecondsFor(Workload.D));
        assertEquals(5, o.iterationsFor(Workload.D));
        assertEquals(0, o.seed());
        assertEquals(2, o.threads());
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("unknown workload 'e'", "--workload", "e");
        assertMessage("--iterations must be at least 1, got 0", "--workload", "a", "--iterations", "0");
        assertMessage("--warmup expects an integer, got 'x'", "--workload", "a", "--warmup", "x");
        assertMessage("--warmup-seconds must be between 0 and 3600, got -1", "--workload", "a", "--warmup-seconds", "-1");
        assertMessage("--warmup-seconds expects a number of seconds, got 'soon'", "--workload", "a",
                "--warmup-seconds", "soon");
        assertMessage("option --seed needs a value", "--workload", "a", "--seed");
        assertMessage("unknown option '--rounds'", "--workload", "a", "--rounds", "3");
        assertMessage("--workload is required", "--iterations", "3");
        assertMessage("--threads must be at least 1, got 0", "--workload", "a", "--threads", "0");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
