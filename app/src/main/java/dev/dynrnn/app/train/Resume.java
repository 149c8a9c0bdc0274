package dev.dynrnn.app.train;

import dev.dynrnn.io.Checkpoint;
import dev.dynrnn.io.CheckpointStore;
import dev.dynrnn.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** For resumption: the newest good checkpoint, and whether the run's flags match it. */
final class Resume {
    private Resume() {}

    /**
     * The newest good checkpoint; each newer one that does not verify is reported on
     * {@code err} and moved aside to {@code NAME.corrupt}, so it is reported once and kept
     * for inspection. Null when there is none.
     */
    static Checkpoint latest(CheckpointStore store, PrintWriter err) throws IOException {
        removeUnfinishedWrites(store.directory(), err);
        CheckpointStore.Loaded loaded = store.loadLatestGood();
        long good = loaded.checkpoint().map(Checkpoint::step).orElse(-1L);
        for (String problem : loaded.problems()) {
            err.println("dynrnn train: warning: skipping a bad checkpoint: " + problem);
        }
        for (Path file : store.checkpoints()) {
            if (!loaded.checkpoint().isPresent() || !file.equals(loaded.checkpoint().get().source())) {
                long step = Long.parseLong(file.getFileName().toString().replaceAll("\\D", ""));
                if (step > good) {
                    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                    err.println("dynrnn train: warning: moved " + file + " to " + aside.getFileName());
                }
            }
        }
        err.flush();
        return loaded.checkpoint().orElse(null);
    }

    /**
     * Deletes the temporary files ({@code .checkpoint-<step>.safetensors.<random>.tmp}) of
     * checkpoint writes that a crash interrupted; the checkpoint files themselves were
     * never touched by them. Only one run writes to a directory, and it is this one.
     */
    private static void removeUnfinishedWrites(Path directory, PrintWriter err) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.newDirectoryStream(directory, ".checkpoint-*.safetensors.*.tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
                err.println("dynrnn train: removed " + file.getFileName() + ", left by an interrupted checkpoint "
                        + "write");
            }
        }
    }

    /** Fails, listing every difference, when {@code now} differs from the checkpoint's flags. */
    static void checkSameRun(Checkpoint checkpoint, Map<String, Object> now, Object saved) {
        if (!(saved instanceof Map<?, ?> before)) {
            throw new IllegalArgumentException(checkpoint.source() + " was not written by dynrnn train");
        }
        Object current = Json.parse(Json.write(now));
        List<String> differences = new ArrayList<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) current).entrySet()) {
            Object then = before.get(entry.getKey());
            if (!Objects.equals(entry.getValue(), then)) {
                String key = (String) entry.getKey();
                differences.add(key.equals("data_sha256")
                        ? "--data: the file's content differs (sha256 " + entry.getValue() + ", was " + then + ")"
                        : "--" + key + " " + show(entry.getValue()) + " (the checkpoint's run had " + show(then) + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("cannot resume from " + checkpoint.source() + ": " + String.join("; ",
                    differences) + ". Resume with the run's flags, or start a new run in another directory");
        }
    }

    private static String show(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(item -> parts.add(String.valueOf(item)));
            return String.join(",", parts);
        }
        return value == null ? "(none)" : value.toString();
    }
}
