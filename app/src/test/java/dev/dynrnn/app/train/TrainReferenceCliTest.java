package dev.dynrnn.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dynrnn train --init <PyTorch state dict> --bptt 20} reproduces PyTorch's losses: the
 * command of scripts/reference/train_reference.py, each iteration's loss read back from the
 * JSONL log, within 1e-4 relative for 50 iterations.
 */
class TrainReferenceCliTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1} layer(s)")
    @CsvSource({"rnn,1", "rnn,2", "lstm,1", "lstm,2", "gru,1", "gru,2"})
    @SuppressWarnings("unchecked")
    void lossesMatchPyTorch(String cell, int layers) throws Exception {
        Map<String, Object> reference = (Map<String, Object>) Json.parse(Cli.fixtureJson("train"));
        Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) reference.get("configs"))
                .get(cell + "_" + layers);
        Cli.fixture(dir, "series.csv");
        Cli.fixture(dir, (String) config.get("init"));
        Cli.Result result = Cli.run(dir, "train", "--data", "@series.csv", "--input", "u,v", "--target", "y,z",
                "--series", "series", "--cell", cell, "--layers", Integer.toString(layers), "--hidden", "16",
                "--bptt", "20", "--iterations", "50", "--optimizer", "adam", "--lr", "0.02", "--clip", "1.0",
                "--normalize", "--init", "@" + config.get("init"), "--log", "@log.jsonl", "--quiet");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.out());
        List<String> lines = Files.readAllLines(dir.resolve("log.jsonl"));
        List<Object> expected = (List<Object>) config.get("losses");
        assertEquals(expected.size(), lines.size());
        double worst = 0;
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> entry = (Map<String, Object>) Json.parse(lines.get(i));
            assertEquals((long) (i + 1), entry.get("iteration"));
            // the longest series has 130 rows: 6 chunks of 20, then 10, per epoch
            assertEquals(i % 7 == 6 ? 10L : 20L, entry.get("steps"), "iteration " + (i + 1));
            assertEquals((long) (i / 7 + 1), entry.get("epoch"), "iteration " + (i + 1));
            double loss = ((Number) entry.get("loss")).doubleValue();
            double want = ((Number) expected.get(i)).doubleValue();
            double relative = Math.abs(loss - want) / Math.abs(want);
            worst = Math.max(worst, relative);
            assertTrue(relative <= 1e-4, "iteration " + (i + 1) + ": " + loss + ", PyTorch " + want);
        }
        System.out.printf("dynrnn train vs PyTorch, %s x%d: 50 losses, max relative difference %.2e%n", cell, layers,
                worst);
    }
}
