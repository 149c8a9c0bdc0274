package dev.dynrnn.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.bench.Measurement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static Measurement m(String system, String workload, double seconds, long rss) {
        return new Measurement(system, "1", workload, 10, 2, 0, 2, seconds, rss, 0.5);
    }

    @Test
    void jsonLinesRoundTrip() {
        Measurement m = new Measurement("djl", "0.36.0/PyTorch 2.7.1", "c-lstm", 10, 2, 7, 2, 0.125, 123456789L, 0.97);
        assertEquals(m, ResultTable.parse(m.toJson()));
    }

    /** The exact line the PyTorch peer prints, NaN loss included. */
    @Test
    void readsPythonsJsonLine() {
        Measurement m = ResultTable.parse("{\"system\": \"pytorch\", \"version\": \"1.13.0a0\", \"workload\": \"a\", "
                + "\"iterations\": 200, \"warmup\": 20, \"seed\": 0, \"threads\": 2, \"seconds_per_iteration\": "
                + "0.008689889065000216, \"peak_rss_bytes\": 253362176, \"final_loss\": NaN}");
        assertEquals("pytorch", m.system());
        assertEquals(200, m.iterations());
        assertEquals(0.008689889065000216, m.secondsPerIteration());
        assertEquals(253362176L, m.peakRssBytes());
        assertTrue(Double.isNaN(m.finalLoss()));
    }

    @Test
    void rejectsLinesWithoutATime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultTable.parse("{\"system\": \"djl\", \"workload\": \"a\"}"));
        assertTrue(e.getMessage().contains("seconds_per_iteration"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResultTable.parse("{\"system\": "));
    }

    @Test
    void mediansOverRounds() {
        assertEquals(2.0, ResultTable.median(new double[] {3, 1, 2}).orElseThrow());
        assertEquals(2.5, ResultTable.median(new double[] {4, 1, 2, 3}).orElseThrow());
        assertTrue(ResultTable.median(new double[0]).isEmpty());
    }

    @Test
    void tableShowsMediansRatiosAndWhySystemsAreMissing() {
        ResultTable t = new ResultTable(List.of("dynrnn", "pytorch", "djl"), List.of("a", "d"));
        for (double s : new double[] {0.001, 0.003, 0.002}) {
            t.add(m("dynrnn", "a", s / 100, 100L << 20));
            t.add(m("pytorch", "a", s, 250L << 20));
        }
        t.add(m("pytorch", "d", 0.5, 400L << 20));
        t.markUnavailable("djl", "not built");
        t.markFailed("d", "dynrnn", "exit code 1");

        String[] lines = t.render().split("\n");
        assertEquals(3, lines.length);
        assertEquals(List.of("workload", "dynrnn ms/it", "pytorch ms/it", "djl ms/it", "pytorch/dynrnn",
                "djl/dynrnn", "dynrnn MiB", "pytorch MiB", "djl MiB"), List.of(lines[0].trim().split("\\s{2,}")));
        assertEquals(List.of("a", "0.0200", "2.00", "n/a", "100.00x", "-", "100", "250", "-"),
                List.of(lines[1].trim().split("\\s+")));
        assertEquals(List.of("d", "failed", "500", "n/a", "-", "-", "-", "400", "-"),
                List.of(lines[2].trim().split("\\s+")));
        assertTrue(t.notes().contains("djl: not built"), t.notes());
        assertTrue(t.notes().startsWith("dynrnn 1\npytorch 1\n"), t.notes());
        assertTrue(t.notes().contains("d/dynrnn failed: exit code 1"), t.notes());
    }

    @Test
    void millisecondsKeepThreeSignificantDigits() {
        assertEquals("1234", ResultTable.milliseconds(1234.4));
        assertEquals("12.3", ResultTable.milliseconds(12.34));
        assertEquals("1.23", ResultTable.milliseconds(1.234));
        assertEquals("0.500", ResultTable.milliseconds(0.5));
        assertEquals("0.0123", ResultTable.milliseconds(0.01234));
    }
}
