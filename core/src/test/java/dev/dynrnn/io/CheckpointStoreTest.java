package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path root;

    private Path dir() {
        return root.resolve("checkpoints");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private CheckpointStore storeWith(int keep, long... steps) throws IOException {
        CheckpointStore store = new CheckpointStore(dir(), keep);
        for (long step : steps) {
            store.save(CheckpointTest.sample(step));
        }
        return store;
    }

    private static void truncate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void keepsTheNewestKAndLoadsTheLatest() throws IOException {
        CheckpointStore store = storeWith(2, 100, 200, 300, 400, 500);
        assertEquals(List.of("checkpoint-400.safetensors", "checkpoint-500.safetensors"), listing());
        CheckpointStore.Loaded loaded = store.loadLatestGood();
        assertEquals(500, loaded.checkpoint().orElseThrow().step());
        assertEquals(List.of(), loaded.problems());
        assertEquals(List.of(store.pathFor(400), store.pathFor(500)), store.checkpoints());
    }

    @Test
    void ordersByStepNotByName() throws IOException {
        CheckpointStore store = storeWith(3, 9, 10, 100);
        assertEquals(List.of(store.pathFor(9), store.pathFor(10), store.pathFor(100)), store.checkpoints());
        assertEquals(100, store.loadLatestGood().checkpoint().orElseThrow().step());
    }

    @Test
    void aTruncatedNewestFallsBackToThePreviousAndSaysSo() throws IOException {
        CheckpointStore store = storeWith(3, 1, 2, 3);
        truncate(store.pathFor(3));
        CheckpointStore.Loaded loaded = store.loadLatestGood();
        assertEquals(2, loaded.checkpoint().orElseThrow().step());
        assertEquals(1, loaded.problems().size());
        assertTrue(loaded.problems().get(0).startsWith(store.pathFor(3) + ": truncated"), loaded.problems().get(0));
    }

    @Test
    void aFlippedByteInTheNewestFallsBackToThePrevious() throws IOException {
        CheckpointStore store = storeWith(3, 1, 2, 3);
        byte[] bytes = Files.readAllBytes(store.pathFor(3));
        bytes[bytes.length - 5] ^= 0x04;
        Files.write(store.pathFor(3), bytes);
        CheckpointStore.Loaded loaded = store.loadLatestGood();
        assertEquals(2, loaded.checkpoint().orElseThrow().step());
        assertTrue(loaded.problems().get(0).startsWith(store.pathFor(3) + ": corrupt: checksum mismatch"),
                loaded.problems().get(0));
    }

    @Test
    void garbageInTheTwoNewestFallsBackTwice() throws IOException {
        CheckpointStore store = storeWith(3, 1, 2, 3);
        byte[] noise = new byte[1000];
        new Random(3).nextBytes(noise);
        Files.write(store.pathFor(3), noise);
        Files.write(store.pathFor(2), new byte[0]);
        CheckpointStore.Loaded loaded = store.loadLatestGood();
        assertEquals(1, loaded.checkpoint().orElseThrow().step());
        assertEquals(2, loaded.problems().size());
        assertTrue(loaded.problems().get(0).startsWith(store.pathFor(3) + ": header length "), loaded.problems().get(0));
        assertEquals(store.pathFor(2) + ": truncated: the file has 0 bytes, fewer than the 8 that hold the header"
                + " length", loaded.problems().get(1));
    }

    @Test
    void noGoodCheckpointAtAll() throws IOException {
        CheckpointStore store = storeWith(2, 1, 2);
        truncate(store.pathFor(1));
        truncate(store.pathFor(2));
        CheckpointStore.Loaded loaded = store.loadLatestGood();
        assertTrue(loaded.checkpoint().isEmpty());
        assertEquals(2, loaded.problems().size());
    }

    @Test
    void aMissingOrEmptyDirectoryHasNothingAndNoProblems() throws IOException {
        CheckpointStore store = new CheckpointStore(dir(), 1);
        assertTrue(store.loadLatestGood().checkpoint().isEmpty());
        assertEquals(List.of(), store.loadLatestGood().problems());
        Files.createDirectories(dir());
        assertTrue(store.loadLatestGood().checkpoint().isEmpty());
        assertEquals(List.of(), store.checkpoints());
    }

    @Test
    void aFailedSaveKeepsEveryGoodCheckpoint() throws IOException {
        CheckpointStore store = storeWith(1, 10);
        byte[] before = Files.readAllBytes(store.pathFor(10));
        // a new step, and the same step again: neither bad write replaces or prunes anything
        for (long step : new long[] {11, 10}) {
            assertThrows(CheckpointException.class,
                    () -> store.save(CheckpointTest.sample(step), out -> CheckpointTest.flipping(out, 200, 3)));
            assertEquals(List.of("checkpoint-10.safetensors"), listing());
            assertArrayEquals(before, Files.readAllBytes(store.pathFor(10)));
        }
        assertEquals(10, store.loadLatestGood().checkpoint().orElseThrow().step());
    }

    @Test
    void aCorruptCheckpointDoesNotCountTowardsTheKeptOnes() throws IOException {
        CheckpointStore store = storeWith(2, 1, 2);
        truncate(store.pathFor(2));
        store.save(CheckpointTest.sample(3));
        // 3 and 1 are the two good ones; the corrupt 2 between them stays for inspection
        assertEquals(List.of("checkpoint-1.safetensors", "checkpoint-2.safetensors", "checkpoint-3.safetensors"),
                listing());
        store.save(CheckpointTest.sample(4));
        assertEquals(List.of("checkpoint-3.safetensors", "checkpoint-4.safetensors"), listing());
    }

    @Test
    void saveLeavesNewerCheckpointsAloneAndDiscardAfterRemovesThem() throws IOException {
        CheckpointStore store = storeWith(1, 5, 9);
        store.save(CheckpointTest.sample(7));
        assertEquals(List.of("checkpoint-7.safetensors", "checkpoint-9.safetensors"), listing());
        assertEquals(List.of(store.pathFor(9)), store.discardAfter(7));
        assertEquals(7, store.loadLatestGood().checkpoint().orElseThrow().step());
    }

    @Test
    void aFileWhoseNameDisagreesWithItsStepIsSkipped() throws IOException {
        CheckpointStore store = storeWith(2, 4, 5);
        Files.copy(store.pathFor(5), store.pathFor(9));
        CheckpointStore.Loaded loaded = store.loadLatestGood();
        assertEquals(5, loaded.checkpoint().orElseThrow().step());
        assertEquals(List.of(store.pathFor(9) + ": holds step 5, not the step its name says"), loaded.problems());
    }

    @Test
    void ignoresFilesThatAreNotCheckpoints() throws IOException {
        CheckpointStore store = storeWith(1, 3);
        for (String name : List.of("notes.txt", "checkpoint-04.safetensors", "checkpoint-x.safetensors",
                ".checkpoint-5.safetensors.1234abcd.tmp", "checkpoint-6.safetensors.bak")) {
            Files.writeString(dir().resolve(name), "not a checkpoint");
        }
        assertEquals(List.of(store.pathFor(3)), store.checkpoints());
        assertEquals(List.of(), store.loadLatestGood().problems());
        store.save(CheckpointTest.sample(8));
        assertTrue(listing().contains("notes.txt") && listing().contains("checkpoint-04.safetensors"));
    }

    @Test
    void refusesToKeepNothing() {
        assertEquals("a checkpoint store must keep at least 1 checkpoint, got keep=0",
                assertThrows(IllegalArgumentException.class, () -> new CheckpointStore(dir(), 0)).getMessage());
    }
}
