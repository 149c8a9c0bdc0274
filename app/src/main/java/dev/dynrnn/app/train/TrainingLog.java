package dev.dynrnn.app.train;

import dev.dynrnn.io.AtomicFiles;
import dev.dynrnn.io.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --log FILE.jsonl}: one compact JSON object per line, written and flushed as each
 * iteration ends, so another program can follow the file while training runs.
 *
 * <p>A new run starts the file afresh. A resumed run keeps the lines of the iterations up to the
 * checkpoint it resumed from and drops the rest (the killed run's iterations past the
 * checkpoint, and a last line cut off mid-write), so the file reads as one run.
 */
final class TrainingLog implements AutoCloseable {
    private final Writer out;

    private TrainingLog(Writer out) {
        this.out = out;
    }

    /**
     * Opens {@code file}: emptied when {@code keepThrough} is negative, otherwise cut after the
     * last line whose {@code iteration} is at most {@code keepThrough}.
     */
    static TrainingLog open(Path file, long keepThrough) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        StringBuilder kept = new StringBuilder();
        if (keepThrough >= 0 && Files.exists(file)) {
            for (String line : lines(file)) {
                Long iteration = iterationOf(line);
                if (iteration != null && iteration <= keepThrough) {
                    kept.append(line).append('\n');
                }
            }
        }
        AtomicFiles.writeString(file, kept.toString());
        return new TrainingLog(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)));
    }

    /** Complete lines only: a last line without its line break was cut off by a crash. */
    private static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            out.add(text.substring(start, end));
            start = end + 1;
        }
        return out;
    }

    private static Long iterationOf(String line) {
        try {
            if (Json.parse(line) instanceof Map<?, ?> entry && entry.get("iteration") instanceof Long iteration) {
                return iteration;
            }
        } catch (IllegalArgumentException notJson) {
            // not one of ours: dropped
        }
        return null;
    }

    /** Appends {@code entry} as one line and flushes it. */
    void write(Map<String, Object> entry) throws IOException {
        out.write(Json.write(entry));
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
