package dev.dynrnn.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.io.Checkpoint;
import dev.dynrnn.io.Json;
import dev.dynrnn.io.Safetensors;
import dev.dynrnn.random.Generator;
import dev.dynrnn.train.Cell;
import dev.dynrnn.train.ModelSpec;
import dev.dynrnn.train.SequenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynrnn train} end to end, in this JVM: semantics, files, checkpoints and every kind of bad input. */
class TrainCommandTest {
    @TempDir
    Path dir;

    /** A CSV with series {@code s0, s1, ...} of the given lengths, rows interleaved: id,t,u,v,y. */
    static Path writeSeries(Path file, int... lengths) throws IOException {
        StringBuilder csv = new StringBuilder("id,t,u,v,y\n");
        int longest = 0;
        for (int length : lengths) {
            longest = Math.max(longest, length);
        }
        for (int t = 0; t < longest; t++) {
            for (int s = 0; s < lengths.length; s++) {
                if (t < lengths[s]) {
                    double time = 0.1 * t + s;
                    csv.append(String.format(Locale.ROOT, "s%d,%d,%.5f,%.5f,%.5f%n", s, t, Math.sin(time),
                            Math.cos(0.7 * time) * (s + 1), 3 + 2 * Math.sin(time - 0.4)));
                }
            }
        }
        Files.writeString(file, csv);
        return file;
    }

    static final String[] MODEL = {"--input", "u,v", "--target", "y", "--series", "id", "--hidden", "8"};

    Cli.Result train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--data", "@data.csv"));
        all.addAll(List.of(MODEL));
        all.addAll(List.of(args));
        return Cli.run(dir, all.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> log(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add((Map<String, Object>) Json.parse(line));
        }
        return out;
    }

    @Test
    void epochsChunksAndTheLog() throws Exception {
        writeSeries(dir.resolve("data.csv"), 20, 13);
        Cli.Result result = train("--epochs", "2", "--bptt", "7", "--log", "@out/log.jsonl", "--clip", "5");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("trained rnn (hidden 8, 1 layer) on 2 series, 33 rows: 6 iterations in "),
                result.out());
        List<Map<String, Object>> log = log(dir.resolve("out/log.jsonl"));
        assertEquals(6, log.size());
        long[] steps = {7, 7, 6, 7, 7, 6};
        double seconds = 0;
        for (int i = 0; i < 6; i++) {
            Map<String, Object> entry = log.get(i);
            assertEquals(List.of("iteration", "epoch", "steps", "loss", "lr", "seconds", "grad_norm"),
                    List.copyOf(entry.keySet()));
            assertEquals((long) i + 1, entry.get("iteration"));
            assertEquals(i < 3 ? 1L : 2L, entry.get("epoch"));
            assertEquals(steps[i], entry.get("steps"));
            assertEquals(0.02, entry.get("lr"));
            double s = ((Number) entry.get("seconds")).doubleValue();
            assertTrue(s >= seconds);
            seconds = s;
        }
    }

    @Test
    void aModelFileLoadsAsPyTorchStateDictWithMetadata() throws Exception {
        writeSeries(dir.resolve("data.csv"), 30);
        Cli.Result result = train("--iterations", "3", "--cell", "gru", "--layers", "2", "--normalize",
                "--save", "@model.safetensors", "--quiet");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.out());
        var file = Safetensors.read(dir.resolve("model.safetensors"));
        assertEquals(List.of("out.bias", "out.weight", "rnn.bias_hh_l0", "rnn.bias_hh_l1", "rnn.bias_ih_l0",
                "rnn.bias_ih_l1", "rnn.weight_hh_l0", "rnn.weight_hh_l1", "rnn.weight_ih_l0", "rnn.weight_ih_l1"),
                List.copyOf(file.tensors().keySet()));
        assertEquals("F32", file.dtype("rnn.weight_ih_l0"));
        assertArrayEquals(new int[] {24, 2}, file.tensor("rnn.weight_ih_l0").shape());
        Map<?, ?> meta = (Map<?, ?>) Json.parse(file.metadata().get("dynrnn.model"));
        assertEquals("gru", meta.get("cell"));
        assertEquals(List.of("u", "v"), meta.get("inputs"));
        assertEquals(List.of("y"), meta.get("targets"));
        assertEquals("id", meta.get("series"));
        assertTrue(((Map<?, ?>) ((Map<?, ?>) meta.get("normalization")).get("targets")).containsKey("y"));
    }

    @Test
    void initialWeightsThatDoNotFitAreAClearError() throws Exception {
        writeSeries(dir.resolve("data.csv"), 30);
        SequenceModel other = new SequenceModel(new ModelSpec(Cell.LSTM, 2, 16, 1, 0, 1), new Generator(0));
        Safetensors.write(dir.resolve("init.safetensors"), other.stateDict(), Map.of("format", "pt"));
        Cli.Result result = train("--cell", "lstm", "--init", "@init.safetensors");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("dynrnn train: error: " + dir.resolve("init.safetensors") + ": does not fit "
                + "the model (lstm, 2 inputs, hidden 8, 1 layer, 1 output): tensor 'rnn.weight_ih_l0' has shape "
                + "[64, 2] in the file, the model's is [32, 2]; "), result.err());
        // the same file fits --hidden 16
        List<String> args = new ArrayList<>(List.of("train", "--data", "@data.csv", "--input", "u,v", "--target", "y",
                "--cell", "lstm", "--hidden", "16", "--init", "@init.safetensors", "--iterations", "1", "-q"));
        assertEquals(0, Cli.run(dir, args.toArray(String[]::new)).exitCode());
    }

    @Test
    void badInputIsNamedAndExitsNonZero() throws Exception {
        Path csv = dir.resolve("data.csv");
        assertError("dynrnn train: error: " + csv + ": no such file", 1, train());
        writeSeries(csv, 10);
        assertError("dynrnn train: error: column 'w' not found in " + csv + " (columns: id, t, u, v, y)", 1,
                Cli.run(dir, "train", "--data", "@data.csv", "--input", "u,w", "--target", "y"));
        replace(csv, "s0,3,", "s0,3,abc");
        assertError("dynrnn train: error: " + csv + ":5: column 'u': 'abc0.29552' is not a number", 1, train());
        writeSeries(csv, 10);
        replace(csv, "s0,3,0.29552", "s0,3,");
        assertError("dynrnn train: error: " + csv + ":5: column 'u': empty cell", 1, train());
        writeSeries(csv, 10);
        replace(csv, "s0,3,0.29552", "s0,3,NaN");
        assertError("dynrnn train: error: " + csv + ":5: column 'u': NaN is not allowed", 1, train());
        writeSeries(csv, 10);
        replace(csv, "s0,3,0.29552", "s0,3,-inf");
        assertError("dynrnn train: error: " + csv + ":5: column 'u': infinity is not allowed ('-inf')", 1, train());
        writeSeries(csv, 1, 1);
        assertError("dynrnn train: error: " + csv + ": too few rows to train: the longest series has 1 row; one step of"
                + " the recurrence needs at least 2 rows", 1, train());
        Files.writeString(csv, "id,t,u,v,y\n");
        assertError("dynrnn train: error: " + csv + ": no data rows after the header (columns: id, t, u, v, y)", 1,
                train());
    }

    @Test
    void badFlagsAreUsageErrors() throws Exception {
        writeSeries(dir.resolve("data.csv"), 10);
        assertError("unknown cell 'tree' (expected rnn, lstm or gru)", 2, train("--cell", "tree"));
        assertError("bptt needs 1 <= MIN <= MAX, got 9:3", 2, train("--bptt", "9:3"));
        assertError("--optimizer: unknown optimizer 'lbfgs' (expected one of sgd, adam, adamw, rmsprop, adagrad)", 2,
                train("--optimizer", "lbfgs"));
        assertError("--resume needs --checkpoint DIR (where the checkpoints are)", 2, train("--resume"));
        assertError("--iterations=N, --epochs=N are mutually exclusive (specify only one)", 2,
                train("--iterations", "3", "--epochs", "2"));
        assertError("Missing required option: '--data=FILE'", 2, Cli.run(dir, "train", "--input", "u", "--target", "y"));
    }

    @Test
    void aLossThatTurnsNaNStopsAndKeepsTheLastGoodCheckpoint() throws Exception {
        writeSeries(dir.resolve("data.csv"), 40);
        Cli.Result result = train("--optimizer", "sgd", "--lr", "1e12", "--bptt", "5", "--iterations", "100",
                "--checkpoint", "@ck", "--checkpoint-every", "1", "--save", "@model.safetensors", "--log", "@log.jsonl");
        assertEquals(TrainCommand.DIVERGED, result.exitCode(), result.toString());
        List<Map<String, Object>> log = log(dir.resolve("log.jsonl"));
        long bad = log.size() + 1;
        assertTrue(result.err().contains("dynrnn train: error: the loss became "), result.err());
        assertTrue(result.err().contains(" at iteration " + bad + " (epoch "), result.err());
        assertTrue(result.err().contains("the last good checkpoint is " + dir.resolve("ck/checkpoint-" + (bad - 1)
                + ".safetensors") + " (iteration " + (bad - 1) + "); " + dir.resolve("model.safetensors")
                + " was not written"), result.err());
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
        assertEquals(bad - 1, Checkpoint.verify(dir.resolve("ck/checkpoint-" + (bad - 1) + ".safetensors")));
        for (Map<String, Object> entry : log) {
            assertTrue(Float.isFinite(((Number) entry.get("loss")).floatValue()));
        }
    }

    @Test
    void corruptCheckpointsAreReportedAndTheLastGoodOneIsUsed() throws Exception {
        writeSeries(dir.resolve("data.csv"), 50, 31);
        String[] run = {"--cell", "lstm", "--bptt", "4:9", "--dropout", "0.2", "--layers", "2", "--checkpoint", "@ck",
            "--checkpoint-every", "10", "--log", "@log.jsonl", "--save", "@model.safetensors", "-q"};
        Cli.Result first = train(concat(run, "--iterations", "40"));
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(List.of("checkpoint-20.safetensors", "checkpoint-30.safetensors", "checkpoint-40.safetensors"),
                names(dir.resolve("ck")));
        Path forty = dir.resolve("ck/checkpoint-40.safetensors");
        byte[] bytes = Files.readAllBytes(forty);
        Files.write(forty, java.util.Arrays.copyOf(bytes, bytes.length / 2));            // truncated
        Path thirty = dir.resolve("ck/checkpoint-30.safetensors");
        bytes = Files.readAllBytes(thirty);
        bytes[bytes.length - 7] ^= 0x10;                                                     // one bit flipped
        Files.write(thirty, bytes);

        Cli.Result fresh = train(concat(run, "--iterations", "60"));
        assertEquals(1, fresh.exitCode(), "a new run must not mix with an old run's checkpoints");
        assertTrue(fresh.err().contains(dir.resolve("ck") + " already holds checkpoints (newest: checkpoint-40"
                + ".safetensors); add --resume"), fresh.err());

        Cli.Result resumed = train(concat(run, "--iterations", "60", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.err().contains("warning: skipping a bad checkpoint: " + forty), resumed.err());
        assertTrue(resumed.err().contains("warning: skipping a bad checkpoint: " + thirty + ": corrupt: checksum "
                + "mismatch"), resumed.err());
        assertTrue(Files.exists(dir.resolve("ck/checkpoint-40.safetensors.corrupt")));
        // the log was cut back to the checkpoint's iteration 20, then continued: it reads as one run
        assertEquals(List.of(60L), iterationsAtBreaks(log(dir.resolve("log.jsonl"))));

        Path straight = Files.createDirectory(dir.resolve("straight"));
        writeSeries(straight.resolve("data.csv"), 50, 31);
        List<String> args = new ArrayList<>(List.of("train", "--data", "@data.csv"));
        args.addAll(List.of(MODEL));
        args.addAll(List.of(concat(run, "--iterations", "60")));
        assertEquals(0, Cli.run(straight, args.toArray(String[]::new)).exitCode());
        assertArrayEquals(Files.readAllBytes(straight.resolve("model.safetensors")),
                Files.readAllBytes(dir.resolve("model.safetensors")));
        assertEquals(log(straight.resolve("log.jsonl")).stream().map(e -> e.get("loss")).toList(),
                log(dir.resolve("log.jsonl")).stream().map(e -> e.get("loss")).toList());
    }

    @Test
    void resumingWithOtherFlagsIsRefused() throws Exception {
        writeSeries(dir.resolve("data.csv"), 30);
        assertEquals(0, train("--iterations", "5", "--checkpoint", "@ck", "-q").exitCode());
        Cli.Result result = train("--iterations", "10", "--checkpoint", "@ck", "--resume", "--lr", "0.01",
                "--bptt", "5:10");
        assertError("dynrnn train: error: cannot resume from " + dir.resolve("ck/checkpoint-5.safetensors")
                + ": --bptt 5:10 (the checkpoint's run had 20); --lr 0.01 (the checkpoint's run had 0.02). Resume with the"
                + " run's flags, or start a new run in another directory", 1, result);
        String original = Files.readString(dir.resolve("data.csv"));
        replace(dir.resolve("data.csv"), "s0,3,", "s0,3,1");
        result = train("--iterations", "10", "--checkpoint", "@ck", "--resume");
        assertError(": --data: the file's content differs (sha256 ", 1, result);
        // more iterations with the same flags and data is what --resume is for
        Files.writeString(dir.resolve("data.csv"), original);
        result = train("--iterations", "10", "--checkpoint", "@ck", "--resume");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().startsWith("resuming from " + dir.resolve("ck/checkpoint-5.safetensors")
                + " (iteration 5, epoch 3)"), result.out());
    }

    @Test
    void plotToAFile() throws Exception {
        writeSeries(dir.resolve("data.csv"), 40, 25);
        Cli.Result result = train("--iterations", "6", "--plot", "@plot.png", "--normalize");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("plot written to " + dir.resolve("plot.png")), result.out());
        byte[] png = Files.readAllBytes(dir.resolve("plot.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    static void assertError(String expected, int code, Cli.Result result) {
        assertEquals(code, result.exitCode(), result.toString());
        assertTrue(result.err().contains(expected), "expected '" + expected + "' in:\n" + result.err());
    }

    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), from);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** The last iteration before each place where the log restarts or ends: a straight log has one. */
    static List<Long> iterationsAtBreaks(List<Map<String, Object>> log) {
        List<Long> out = new ArrayList<>();
        long previous = 0;
        for (Map<String, Object> entry : log) {
            long iteration = (Long) entry.get("iteration");
            if (iteration != previous + 1) {
                out.add(previous);
            }
            previous = iteration;
        }
        out.add(previous);
        return out;
    }
}
