package dev.dynrnn.app.cli;

import dev.dynrnn.io.AtomicFiles;
import dev.dynrnn.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training log in JSON Lines ({@code --log FILE.jsonl}): one JSON object per line, written with
 * core's {@link Json} and flushed at once, so the file can be followed while training runs and
 * holds every finished step if the run is interrupted.
 */
public final class JsonlLog implements AutoCloseable {
    private final Path file;
    private final Writer writer;

    private JsonlLog(Path file, Writer writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Starts a log at {@code file} (replacing an old one, creating missing directories), or a log
     * that writes nothing when {@code file} is null.
     */
    public static JsonlLog open(Path file) throws IOException {
        if (file == null) {
            return new JsonlLog(null, null);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonlLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /**
     * Continues the log of a run resumed from a checkpoint at iteration {@code keepThrough}: the
     * file keeps its lines whose {@code "iteration"} is at most that, in order, and loses the
     * rest (what the interrupted run logged after its checkpoint, and a last line cut off
     * mid-write), so that with the resumed run's lines it reads as one run. A missing file is
     * started; null writes nothing.
     */
    public static JsonlLog resume(Path file, long keepThrough) throws IOException {
        if (file == null) {
            return new JsonlLog(null, null);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StringBuilder kept = new StringBuilder();
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int start = 0;
            // only complete lines: one without its line break was cut off
            for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
                String line = text.substring(start, end);
                start = end + 1;
                Long iteration = iterationOf(line);
                if (iteration != null && iteration <= keepThrough) {
                    kept.append(line).append('\n');
                }
            }
        }
        AtomicFiles.writeString(file, kept.toString());
        return new JsonlLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    private static Long iterationOf(String line) {
        try {
            if (Json.parse(line) instanceof Map<?, ?> record && record.get("iteration") instanceof Long iteration) {
                return iteration;
            }
        } catch (IllegalArgumentException notJson) {
            // not a record: dropped
        }
        return null;
    }

    /** Where the log goes, or null when it writes nothing. */
    public Path file() {
        return file;
    }

    /**
     * Appends {@code record} as one line and flushes it. JSON has no NaN or infinity, so a
     * top-level value that is one (a diverged loss) is written as {@code null}.
     *
     * @throws IllegalArgumentException if a value has no JSON form (see {@link Json#write})
     * @throws UncheckedIOException     if the file cannot be written
     */
    public void write(Map<String, ?> record) {
        if (writer == null) {
            return;
        }
        Map<String, Object> finite = new LinkedHashMap<>();
        record.forEach((key, value) -> finite.put(key, isNonFinite(value) ? null : value));
        String line = Json.write(finite);
        try {
            writer.write(line);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isNonFinite(Object value) {
        return (value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f));
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
