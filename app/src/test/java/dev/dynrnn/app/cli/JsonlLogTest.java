package dev.dynrnn.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlLogTest {
    @TempDir
    Path dir;

    private static Map<String, Object> record(int iteration, double loss) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("iteration", iteration);
        record.put("loss", loss);
        return record;
    }

    @Test
    void eachRecordIsOneLineReadableBeforeTheLogIsClosed() throws Exception {
        Path file = dir.resolve("sub/dir/run.jsonl");
        try (JsonlLog log = JsonlLog.open(file)) {
            log.write(record(1, 0.5));
            assertEquals(List.of("{\"iteration\":1,\"loss\":0.5}"), Files.readAllLines(file));
            log.write(record(2, 0.25f));
            assertEquals(List.of("{\"iteration\":1,\"loss\":0.5}", "{\"iteration\":2,\"loss\":0.25}"),
                    Files.readAllLines(file));
        }
    }

    @Test
    void aNonFiniteNumberIsWrittenAsNull() throws Exception {
        Path file = dir.resolve("run.jsonl");
        try (JsonlLog log = JsonlLog.open(file)) {
            log.write(record(1, Double.NaN));
            log.write(Map.of("loss", Float.POSITIVE_INFINITY));
        }
        assertEquals(List.of("{\"iteration\":1,\"loss\":null}", "{\"loss\":null}"), Files.readAllLines(file));
    }

    @Test
    void anOldLogIsReplaced() throws Exception {
        Path file = dir.resolve("run.jsonl");
        Files.writeString(file, "old\nlines\n");
        try (JsonlLog log = JsonlLog.open(file)) {
            log.write(record(7, 1));
        }
        assertEquals(List.of("{\"iteration\":7,\"loss\":1.0}"), Files.readAllLines(file));
    }

    @Test
    void aResumedLogKeepsTheLinesUpToTheCheckpointAndContinues() throws Exception {
        Path file = dir.resolve("run.jsonl");
        Files.writeString(file, "{\"iteration\":1,\"loss\":0.5}\n{\"iteration\":2,\"loss\":0.4}\n"
                + "{\"iteration\":3,\"loss\":0.3}\n{\"iteration\":4,\"lo");   // killed mid-line
        try (JsonlLog log = JsonlLog.resume(file, 2)) {
            log.write(record(3, 0.25));
        }
        assertEquals(List.of("{\"iteration\":1,\"loss\":0.5}", "{\"iteration\":2,\"loss\":0.4}",
                "{\"iteration\":3,\"loss\":0.25}"), Files.readAllLines(file));
        Files.writeString(file, "{\"iteration\":1,\"loss\":0.5}");   // only a cut-off line
        try (JsonlLog log = JsonlLog.resume(file, 5)) {
            log.write(record(1, 0.75));
        }
        assertEquals(List.of("{\"iteration\":1,\"loss\":0.75}"), Files.readAllLines(file));
        try (JsonlLog log = JsonlLog.resume(dir.resolve("new/run.jsonl"), 5)) {
            log.write(record(6, 1));
        }
        assertEquals(List.of("{\"iteration\":6,\"loss\":1.0}"), Files.readAllLines(dir.resolve("new/run.jsonl")));
    }

    @Test
    void withoutAFileNothingIsWritten() throws Exception {
        try (JsonlLog log = JsonlLog.open(null)) {
            assertNull(log.file());
            log.write(record(1, 0.5));
        }
    }

    @Test
    void aWriteToAClosedLogNamesTheFile() throws Exception {
        Path file = dir.resolve("run.jsonl");
        JsonlLog log = JsonlLog.open(file);
        log.close();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> log.write(record(1, 0.5)));
        assertEquals("cannot write the log " + file + ": Stream closed", e.getMessage());
    }
}
