package dev.dynrnn.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.bench.Measurement;
import dev.dynrnn.bench.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTest {

    private static final Measurement LINE =
            new Measurement("pytorch", "1.13", "b", 20, 2, 0, 2, 0.002, 250L << 20, 0.03);

    @Test
    void runOnceReadsTheMeasurementLineAmongOtherOutput(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("all.jsonl");
        Measurement m = Compare.runOnce(List.of("sh", "-c",
                "echo 'RecurrentRegressor(...)'; echo '" + LINE.toJson() + "'; echo noise >&2"), 2, json);
        assertEquals(LINE, m);
        assertEquals(List.of(LINE.toJson()), Files.readAllLines(json));
    }

    @Test
    void runOnceReportsExitCodeAndStderr() {
        Compare.RunFailure e = assertThrows(Compare.RunFailure.class,
                () -> Compare.runOnce(List.of("sh", "-c", "echo 'no torch here' >&2; exit 3"), 2, null));
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("no torch here"), e.getMessage());
    }

    @Test
    void runOnceWantsExactlyOneLine() {
        Compare.RunFailure e = assertThrows(Compare.RunFailure.class,
                () -> Compare.runOnce(List.of("sh", "-c", "echo hello"), 2, null));
        assertTrue(e.getMessage().contains("0 measurement lines instead of 1"), e.getMessage());
    }

    @Test
    void optionsDefaultToEveryWorkloadAndSystem() {
        Compare.Options o = Compare.Options.parse();
        assertEquals(List.of(Workload.values()), o.workloads());
        assertEquals(List.of("dynrnn", "pytorch", "djl"), o.systems());
        assertEquals(3, o.rounds());
        assertEquals(false, o.program());
        assertEquals(2, o.threads());
        assertEquals(0, o.warmupSecondsFor(Workload.A));
        assertEquals(10, o.warmupSecondsFor(Workload.C_GRU));
        assertEquals(10, o.warmupSecondsFor(Workload.D));
        assertEquals(2.5, Compare.Options.parse("--warmup-seconds", "2.5").warmupSecondsFor(Workload.D));
        assertEquals(0, Compare.Options.parse("--warmup-seconds", "0").warmupSecondsFor(Workload.C_RNN));
        Compare.Options p = Compare.Options.parse("--workload", "none", "--program", "--rounds", "5",
                "--systems", "pytorch,djl");
        assertEquals(List.of(), p.workloads());
        assertTrue(p.program());
        assertEquals(5, p.rounds());
        assertEquals(List.of("pytorch", "djl"), p.systems());
    }

    @Test
    void badOptionsAreNamed() {
        assertMessage("unknown system 'jax'", "--systems", "pytorch,jax");
        assertMessage("--rounds must be at least 1, got 0", "--rounds", "0");
        assertMessage("unknown workload 'z'", "--workload", "a,z");
        assertMessage("unknown option '--iters'", "--iters", "3");
        assertMessage("--seed expects an integer, got 'x'", "--seed", "x");
        assertMessage("--warmup must be at least 0, got -1", "--warmup", "-1");
        assertMessage("--warmup-seconds must be between 0 and 3600, got 1e9", "--warmup-seconds", "1e9");
    }

    @Test
    void programTableShowsMediansAndRatios() {
        List<ProgramComparison.Program> programs = ProgramComparison.programs(Path.of("/r"), "/usr/bin/python3");
        String table = ProgramComparison.render(programs, Map.of(
                "dynrnn", List.of(new ProgramComparison.Run(0.5, 100L << 20), new ProgramComparison.Run(0.7, 120L << 20),
                        new ProgramComparison.Run(0.6, 110L << 20)),
                "pytorch", List.of(new ProgramComparison.Run(1.8, 275L << 20))), Map.of());
        assertTrue(table.contains("dynrnn        0.60       110"), table);
        assertTrue(table.contains("pytorch       1.80       275"), table);
        assertTrue(table.contains("pytorch/dynrnn: wall 3.00x, peak memory 2.50x"), table);
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compare.Options.parse(args));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
