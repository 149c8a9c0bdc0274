package dev.dynrnn.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.io.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dynrnn train} killed with SIGKILL at random moments, some of them while a checkpoint
 * is being written, and resumed with {@code --resume} each time, ends with a model file (and a
 * log) identical to a run that was never interrupted.
 *
 * <p>Each run is a separate JVM running {@code dev.dynrnn.app.Main}, as {@code ./dynrnn} would.
 * The model (a 2-layer GRU, dropout, random chunk lengths from the seeded generator) makes
 * checkpoints of about 0.45 MB, whose writing the test catches in the act by watching for the
 * temporary file in the checkpoint directory.
 */
class KillResumeTest {
    @TempDir
    Path dir;

    static final int ITERATIONS = 200;

    @Test
    void killedAndResumedEndsBitIdentical() throws Exception {
        Path data = TrainCommandTest.writeSeries(dir.resolve("data.csv"), 160, 120, 90);
        Path straight = Files.createDirectory(dir.resolve("straight"));
        Process reference = start(data, straight);
        assertTrue(reference.waitFor(300, TimeUnit.SECONDS), "the uninterrupted run took over 300 s");
        assertEquals(0, reference.exitValue(), output(straight));

        Path killed = Files.createDirectory(dir.resolve("killed"));
        Path ck = killed.resolve("ck");
        Random random = new Random(20240601);
        List<String> kills = new ArrayList<>();
        int duringWrite = 0;
        for (int attempt = 0; attempt < 10 && (attempt < 5 || duringWrite == 0); attempt++) {
            long before = lastIteration(killed.resolve("log.jsonl"));
            Process run = start(data, killed);
            boolean onWrite = attempt % 2 == 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            if (onWrite) {
                // Kill as soon as a checkpoint's temporary file appears: the write has begun.
                // (A resumed run first deletes those an earlier kill left behind.)
                Thread.sleep(200);
                while (run.isAlive() && !writing(ck) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            } else {
                // Kill at a random moment of training: once the log passes a random iteration,
                // after a random few milliseconds more.
                long target = Math.min(ITERATIONS - 1, before + 1 + random.nextInt(35));
                while (run.isAlive() && lastIteration(killed.resolve("log.jsonl")) < target
                        && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                Thread.sleep(random.nextInt(40));
            }
            if (!run.isAlive()) {
                assertEquals(0, run.exitValue(), output(killed));
                break;   // it finished before it was killed: the last run below has nothing left to do
            }
            run.destroyForcibly();   // SIGKILL on Unix
            run.waitFor();
            boolean caught = onWrite && writing(ck);
            duringWrite += caught ? 1 : 0;
            kills.add(String.format(Locale.ROOT, "%s after iteration %d%s", onWrite ? "kill on a write" : "random kill",
                    lastIteration(killed.resolve("log.jsonl")), caught ? ", temporary checkpoint left behind" : ""));
        }
        Process last = start(data, killed);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "the resumed run took over 300 s");
        assertEquals(0, last.exitValue(), output(killed));

        assertArrayEquals(Files.readAllBytes(straight.resolve("model.safetensors")),
                Files.readAllBytes(killed.resolve("model.safetensors")),
                "after kills (" + kills + ") the model differs from the uninterrupted run's");
        assertEquals(losses(straight.resolve("log.jsonl")), losses(killed.resolve("log.jsonl")));
        assertTrue(duringWrite > 0, "no kill landed inside a checkpoint write: " + kills);
        System.out.println("kill-and-resume: " + kills.size() + " kills (" + String.join("; ", kills)
                + "), then resumed to iteration " + ITERATIONS + ": model file bit-identical to the uninterrupted run");
    }

    private Process start(Path data, Path directory) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-cp", classPath(), "dev.dynrnn.app.Main",
                "train", "--data", data.toString(), "--input", "u,v", "--target", "y", "--series", "id",
                "--cell", "gru", "--layers", "2", "--hidden", "64", "--dropout", "0.1", "--bptt", "5:15",
                "--iterations", Integer.toString(ITERATIONS), "--normalize", "--seed", "7", "--clip", "1",
                "--checkpoint", "ck", "--checkpoint-every", "10", "--resume",
                "--log", "log.jsonl", "--save", "model.safetensors"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("out.txt").toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("err.txt").toFile()));
        return builder.start();
    }

    /** Whether a checkpoint's temporary file (AtomicFiles: {@code .NAME.<random>.tmp}) is in {@code ck}. */
    private static boolean writing(Path ck) {
        try (Stream<Path> files = Files.list(ck)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
        } catch (IOException notYet) {
            return false;
        }
    }

    private static long lastIteration(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        long last = 0;
        for (String line : Files.readAllLines(log)) {
            try {
                if (Json.parse(line) instanceof Map<?, ?> entry && entry.get("iteration") instanceof Long i) {
                    last = i;
                }
            } catch (IllegalArgumentException cutOff) {
                // the killed run's last line may be partial
            }
        }
        return last;
    }

    private static List<String> losses(Path log) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Map<?, ?> entry = (Map<?, ?>) Json.parse(line);
            out.add(entry.get("iteration") + " " + entry.get("epoch") + " " + entry.get("steps") + " "
                    + entry.get("loss") + " " + entry.get("grad_norm"));
        }
        return out;
    }

    private static String output(Path directory) throws IOException {
        return "out:\n" + Files.readString(directory.resolve("out.txt")) + "\nerr:\n"
                + Files.readString(directory.resolve("err.txt"));
    }

    /** Surefire names the real test class path in a property; java.class.path may be its booter jar. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, path.split(File.pathSeparator));
    }
}
