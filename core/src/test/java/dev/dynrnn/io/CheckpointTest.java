package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dynrnn.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    /** A small checkpoint as a trainer would make: parameters, optimizer moments, hidden state, RNG. */
    static Checkpoint sample(long step) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("model.rnn.weight_ih_l0", Tensor.of(new float[] {0.5f, -1.25f, 3f, step}, 2, 2));
        tensors.put("optimizer.exp_avg.rnn.weight_ih_l0", Tensor.of(new float[] {1e-3f, 2e-3f, -0f, 4e-3f}, 2, 2));
        tensors.put("hidden", Tensor.zeros(1, 1, 2));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("position", 1234L + step);
        state.put("epoch", 2);
        state.put("lr", 0.001);
        state.put("rng", new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 5489});
        state.put("optimizer", Map.of("name", "adam", "betas", List.of(0.9, 0.999)));
        state.put("dataset", "data/train.csv");
        return new Checkpoint(step, tensors, state);
    }

    private static void assertSameCheckpoint(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.step(), actual.step());
        assertEquals(expected.state(), actual.state());
        assertEquals(expected.tensors().keySet(), actual.tensors().keySet());
        for (Map.Entry<String, Tensor> e : expected.tensors().entrySet()) {
            Tensor read = actual.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), read.shape(), e.getKey());
            float[] a = e.getValue().toArray();
            float[] b = read.toArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), e.getKey() + "[" + i + "]");
            }
        }
    }

    /** Writes the bytes through, flipping bit {@code bit} of byte {@code position}. */
    static OutputStream flipping(OutputStream out, long position, int bit) {
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                out.write(written++ == position ? b ^ (1 << bit) : b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        };
    }

    @Test
    void roundTripsTensorsAndState() throws IOException {
        Checkpoint checkpoint = sample(500);
        Path path = dir.resolve("c.safetensors");
        checkpoint.write(path);
        Checkpoint read = Checkpoint.read(path);
        assertSameCheckpoint(checkpoint, read);
        assertEquals(path, read.source());
        assertNull(checkpoint.source());
        assertEquals(500, Checkpoint.verify(path));

        assertEquals(1734, read.getLong("position"));
        assertEquals(0.001, read.getDouble("lr"));
        assertEquals(2.0, read.getDouble("epoch"), "an integer widens to a double");
        assertArrayEquals(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 5489}, read.getLongArray("rng"));
        assertEquals("data/train.csv", read.getString("dataset"));
        assertEquals(Map.of("name", "adam", "betas", List.of(0.9, 0.999)), read.state().get("optimizer"));
        assertEquals(List.of("hidden", "model.rnn.weight_ih_l0", "optimizer.exp_avg.rnn.weight_ih_l0"),
                List.copyOf(read.tensors().keySet()), "sorted by name");
    }

    @Test
    void theStateIsTheSameBeforeWritingAndAfterReading() {
        // normalized to what JSON reads back, so code sees the same types either way
        Checkpoint checkpoint = sample(1);
        assertEquals(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE, 5489L), checkpoint.state().get("rng"));
        assertEquals(2L, checkpoint.state().get("epoch"));
    }

    @Test
    void isASafetensorsFileWhoseChecksumCoversTheFileWithoutIt() throws IOException {
        Checkpoint checkpoint = sample(7);
        Path path = dir.resolve("c.safetensors");
        checkpoint.write(path);
        SafetensorsFile file = Safetensors.read(path);
        Map<String, String> metadata = new LinkedHashMap<>(file.metadata());
        assertEquals(List.of("dynrnn.format", "dynrnn.sha256", "dynrnn.state", "dynrnn.step"),
                List.copyOf(metadata.keySet()));
        assertEquals("checkpoint/1", metadata.get("dynrnn.format"));
        assertEquals("7", metadata.get("dynrnn.step"));
        assertEquals(Json.write(checkpoint.state()), metadata.get("dynrnn.state"));

        String recorded = metadata.remove("dynrnn.sha256");
        ByteArrayOutputStream unsigned = new ByteArrayOutputStream();
        Safetensors.write(unsigned, checkpoint.tensors(), metadata);
        String expected;
        try {
            expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(unsigned.toByteArray()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertEquals(expected, recorded);
    }

    @Test
    void everySingleBitFlipIsDetected() throws IOException {
        Map<String, Tensor> tensors = Map.of("w", Tensor.of(1f, 2f), "h", Tensor.scalar(-3f));
        Checkpoint small = new Checkpoint(3, tensors, Map.of("position", 17, "rng", new long[] {42, 7}));
        Path good = dir.resolve("good.safetensors");
        small.write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.safetensors");
        for (int position = 0; position < bytes.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[position] ^= (byte) (1 << bit);
                Files.write(bad, flipped);
                try {
                    Checkpoint.read(bad);
                    fail("bit " + bit + " of byte " + position + " of " + bytes.length + " flipped unnoticed");
                } catch (CheckpointException expected) {
                    assertTrue(expected.getMessage().startsWith(bad + ": "), expected.getMessage());
                }
                if (bit == 0) {
                    assertThrows(CheckpointException.class, () -> Checkpoint.verify(bad));
                }
            }
        }
    }

    @Test
    void aFlippedDataByteIsAChecksumMismatch() throws IOException {
        Path path = dir.resolve("c.safetensors");
        sample(2).write(path);
        byte[] bytes = Files.readAllBytes(path);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(path, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(path));
        assertTrue(e.getMessage().startsWith(path + ": corrupt: checksum mismatch (the file records sha256 "),
                e.getMessage());
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        Path good = dir.resolve("good.safetensors");
        sample(9).write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(cut));
            assertTrue(e.getMessage().startsWith(cut + ": truncated"), e.getMessage());
        }
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        assertEquals(cut + ": truncated: the header describes 40 bytes of tensor data but only 30 bytes follow the"
                + " header", assertThrows(CheckpointException.class, () -> Checkpoint.read(cut)).getMessage());
    }

    @Test
    void garbageMissingFilesAndOtherSafetensorsFiles() throws IOException {
        Path garbage = dir.resolve("garbage.safetensors");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(garbage, noise);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(garbage));
        assertTrue(e.getMessage().startsWith(garbage + ": header length "), e.getMessage());

        Path missing = dir.resolve("missing.safetensors");
        assertEquals(missing + ": no such file",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(missing)).getMessage());

        Path model = dir.resolve("model.safetensors");
        Safetensors.write(model, Map.of("w", Tensor.ones(2)), Map.of("format", "pt"));
        assertEquals(model + ": not a dynrnn checkpoint: its metadata has no \"dynrnn.format\": \"checkpoint/1\"",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(model)).getMessage());
        Safetensors.write(model, Map.of(), Map.of("dynrnn.format", "checkpoint/2"));
        assertEquals(model + ": not a dynrnn checkpoint: its metadata has no \"dynrnn.format\": \"checkpoint/1\""
                + " (it has \"checkpoint/2\")",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(model)).getMessage());
        Safetensors.write(model, Map.of(), Map.of("dynrnn.format", "checkpoint/1", "dynrnn.step", "1"));
        assertEquals(model + ": corrupt: the metadata has no \"dynrnn.state\"",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(model)).getMessage());
    }

    @Test
    void aWriteThatDoesNotVerifyLeavesTheOldFile() throws IOException {
        Path path = dir.resolve("c.safetensors");
        sample(5).write(path);
        byte[] before = Files.readAllBytes(path);
        // the disk returns a flipped bit in the last byte, inside the tensor data
        long last = before.length - 1;
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> sample(6).write(path, out -> flipping(out, last, 0)));
        assertTrue(e.getMessage().startsWith(path + ": the new file did not verify after writing, so it did not"
                + " replace this one: "), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(path));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("c.safetensors"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void lookupsNameWhatIsMissingOrWrong() throws IOException {
        Path path = dir.resolve("c.safetensors");
        sample(1).write(path);
        Checkpoint read = Checkpoint.read(path);
        assertEquals(path + ": no tensor 'model.out.weight' (the checkpoint has hidden, model.rnn.weight_ih_l0,"
                + " optimizer.exp_avg.rnn.weight_ih_l0)",
                assertThrows(CheckpointException.class, () -> read.tensor("model.out.weight")).getMessage());
        assertEquals(path + ": no state value 'seed' (the state has position, epoch, lr, rng, optimizer, dataset)",
                assertThrows(CheckpointException.class, () -> read.getLong("seed")).getMessage());
        assertEquals(path + ": state value 'lr' should be an integer, found 0.001",
                assertThrows(CheckpointException.class, () -> read.getLong("lr")).getMessage());
        assertEquals(path + ": state value 'dataset' should be an array of integers, found \"data/train.csv\"",
                assertThrows(CheckpointException.class, () -> read.getLongArray("dataset")).getMessage());
        assertEquals("checkpoint: state value 'position' should be a string, found 1235",
                assertThrows(CheckpointException.class, () -> sample(1).getString("position")).getMessage());
    }

    @Test
    void refusesWhatItCouldNotWrite() {
        assertEquals("checkpoint step must be at least 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(-1, Map.of(), Map.of())).getMessage());
        assertEquals("JSON has no NaN; cannot write it (at $.loss)", assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(1, Map.of(), Map.of("loss", Double.NaN))).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(1, Map.of("__metadata__", Tensor.ones(1)), Map.of()));
    }
}
