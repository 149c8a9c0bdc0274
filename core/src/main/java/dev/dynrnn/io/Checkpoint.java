package dev.dynrnn.io;

import dev.dynrnn.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything needed to resume training where it stopped: named float tensors (model
 * parameters, optimizer state, hidden state) and a JSON object of everything else (the step,
 * the position in the data, the RNG state as a {@code long[]}, hyperparameters), at one step.
 *
 * <p>The file is one safetensors file (so any safetensors reader can inspect it) whose
 * {@code __metadata__} holds:
 * <pre>
 *   dynrnn.format   "checkpoint/1"
 *   dynrnn.step     the step, in decimal
 *   dynrnn.state    the JSON object
 *   dynrnn.sha256   SHA-256, in lowercase hex, of the file this would be without this entry
 * </pre>
 * The checksum covers every byte that carries meaning: tensor names, shapes, data, the state
 * and the step. A flipped bit, a truncation or a partial write fails {@link #read} with a
 * {@link CheckpointException} that says which; a flipped bit in the space padding breaks the
 * JSON (no single-bit change turns a space into other whitespace), so no single-bit change
 * passes unseen (the tests flip every bit of a small checkpoint).
 * {@link #write} replaces its file only after the new file is fsynced and read back whole.
 *
 * <p>The tensors are held by reference, not copied: write the checkpoint before training
 * changes them.
 */
public final class Checkpoint {
    static final String FORMAT_KEY = "dynrnn.format";
    static final String FORMAT = "checkpoint/1";
    static final String STEP_KEY = "dynrnn.step";
    static final String STATE_KEY = "dynrnn.state";
    static final String SHA256_KEY = "dynrnn.sha256";

    private final long step;
    private final Map<String, Tensor> tensors;
    private final Map<String, Object> state;
    private final Path source;

    /**
     * A checkpoint at {@code step} (at least 0).
     *
     * @param tensors name to tensor; written sorted by name
     * @param state a JSON object: values as {@link Json#write} accepts (numbers, strings,
     *     booleans, null, lists, maps, {@code long[]}, {@code double[]}, ...). It is kept as
     *     {@link Json#parse} would read it back, so {@link #state()} is the same before and after
     *     a write and read: a {@code long[]} becomes a {@code List<Long>}, a float a Double.
     * @throws IllegalArgumentException for a negative step, a null or reserved name, or a state
     *     JSON cannot hold (NaN, infinity, a type outside the table), naming where
     */
    public Checkpoint(long step, Map<String, Tensor> tensors, Map<String, ?> state) {
        this(step, new LinkedHashMap<>(tensors), normalize(Objects.requireNonNull(state, "state")), null);
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must be at least 0, got " + step);
        }
        Safetensors.prepare(tensors, Map.of()); // rejects null and reserved names now, not at write time
    }

    private Checkpoint(long step, Map<String, Tensor> tensors, Map<String, Object> state, Path source) {
        this.step = step;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.state = state;
        this.source = source;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(Map<String, ?> state) {
        return Collections.unmodifiableMap((Map<String, Object>) Json.parse(Json.write(state)));
    }

    /** The training step this checkpoint was taken at. */
    public long step() {
        return step;
    }

    /** Every tensor by name (read-only map; for a checkpoint read from a file, sorted by name). */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The state object as {@link Json#parse} gives it (read-only at the top level). */
    public Map<String, Object> state() {
        return state;
    }

    /** The file this checkpoint was read from, or null if it was built in memory. */
    public Path source() {
        return source;
    }

    /** The tensor {@code name}; a missing one is an error listing the names there are. */
    public Tensor tensor(String name) throws CheckpointException {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException(source, "no tensor '" + name + "' (the checkpoint has "
                    + (tensors.isEmpty() ? "no tensors" : String.join(", ", tensors.keySet())) + ")");
        }
        return tensor;
    }

    /** The integer state value {@code key}. */
    public long getLong(String key) throws CheckpointException {
        Object value = stateValue(key);
        if (!(value instanceof Long)) {
            throw wrongType(key, "an integer", value);
        }
        return (Long) value;
    }

    /** The number state value {@code key} (an integer is widened). */
    public double getDouble(String key) throws CheckpointException {
        Object value = stateValue(key);
        if (!(value instanceof Long) && !(value instanceof Double)) {
            throw wrongType(key, "a number", value);
        }
        return ((Number) value).doubleValue();
    }

    /** The string state value {@code key}. */
    public String getString(String key) throws CheckpointException {
        Object value = stateValue(key);
        if (!(value instanceof String)) {
            throw wrongType(key, "a string", value);
        }
        return (String) value;
    }

    /** The state value {@code key}, an array of integers (such as an RNG state). */
    public long[] getLongArray(String key) throws CheckpointException {
        Object value = stateValue(key);
        if (!(value instanceof List)) {
            throw wrongType(key, "an array of integers", value);
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long)) {
                throw wrongType(key + "[" + i + "]", "an integer", list.get(i));
            }
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    private Object stateValue(String key) throws CheckpointException {
        if (!state.containsKey(key)) {
            throw new CheckpointException(source, "no state value '" + key + "' (the state has "
                    + (state.isEmpty() ? "no values" : String.join(", ", state.keySet())) + ")");
        }
        return state.get(key);
    }

    private CheckpointException wrongType(String key, String expected, Object value) {
        return new CheckpointException(source, "state value '" + key + "' should be " + expected + ", found "
                + Json.write(value));
    }

    // ---------------------------------------------------------------- files

    /**
     * Writes this checkpoint to {@code file} atomically: the new file replaces an old one only
     * after it has been fsynced and read back with a matching checksum (see {@link AtomicFiles}).
     */
    public void write(Path file) throws IOException {
        write(file, UnaryOperator.identity());
    }

    /** As {@link #write(Path)}, with the file's bytes passing through {@code disk}: a test seam. */
    void write(Path file, UnaryOperator<OutputStream> disk) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT);
        metadata.put(STEP_KEY, Long.toString(step));
        metadata.put(STATE_KEY, Json.write(state));
        MessageDigest sha256 = sha256();
        Safetensors.prepare(tensors, metadata).writeTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
        metadata.put(SHA256_KEY, HexFormat.of().formatHex(sha256.digest()));
        Safetensors.Prepared signed = Safetensors.prepare(tensors, metadata);
        AtomicFiles.write(file, out -> signed.writeTo(disk.apply(out)), written -> {
            try {
                verify(written);
            } catch (CheckpointException e) {
                throw new CheckpointException(file, "the new file did not verify after writing, so it did not"
                        + " replace this one: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Reads and verifies a checkpoint.
     *
     * @throws CheckpointException naming the file and the problem: missing, truncated, not a
     *     safetensors file, not a dynrnn checkpoint, or a checksum mismatch
     */
    public static Checkpoint read(Path file) throws IOException {
        try (SafetensorsReader reader = openChecked(file)) {
            MessageDigest sha256 = digestHeader(reader);
            Map<String, Tensor> tensors = reader.readTensors(sha256);
            checkDigest(reader, sha256);
            Map<String, String> metadata = reader.header.metadata;
            long step = parseStep(file, metadata.get(STEP_KEY));
            Object state;
            try {
                state = Json.parse(metadata.get(STATE_KEY));
            } catch (JsonParseException e) {
                throw new CheckpointException(file, "the state is not valid JSON: " + e.getMessage());
            }
            if (!(state instanceof Map)) {
                throw new CheckpointException(file, "the state is not a JSON object: " + metadata.get(STATE_KEY));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> stateObject = Collections.unmodifiableMap((Map<String, Object>) state);
            return new Checkpoint(step, new LinkedHashMap<>(tensors), stateObject, file);
        } catch (SafetensorsException e) {
            throw new CheckpointException(file, stripFile(e), e);
        }
    }

    /**
     * Checks {@code file} as {@link #read} does (structure and checksum) without keeping the
     * tensors; returns the step it holds.
     */
    public static long verify(Path file) throws IOException {
        try (SafetensorsReader reader = openChecked(file)) {
            MessageDigest sha256 = digestHeader(reader);
            reader.digestData(sha256);
            checkDigest(reader, sha256);
            return parseStep(file, reader.header.metadata.get(STEP_KEY));
        } catch (SafetensorsException e) {
            throw new CheckpointException(file, stripFile(e), e);
        }
    }

    private static SafetensorsReader openChecked(Path file) throws IOException {
        SafetensorsReader reader = SafetensorsReader.open(file);
        try {
            Map<String, String> metadata = reader.header.metadata;
            if (metadata == null || !FORMAT.equals(metadata.get(FORMAT_KEY))) {
                throw new CheckpointException(file, "not a dynrnn checkpoint: its metadata has no \"" + FORMAT_KEY
                        + "\": \"" + FORMAT + "\"" + (metadata != null && metadata.containsKey(FORMAT_KEY)
                        ? " (it has \"" + metadata.get(FORMAT_KEY) + "\")" : ""));
            }
            List<String> expected = List.of(FORMAT_KEY, STEP_KEY, STATE_KEY, SHA256_KEY);
            for (String key : expected) {
                if (!metadata.containsKey(key)) {
                    throw new CheckpointException(file, "corrupt: the metadata has no \"" + key + "\"");
                }
            }
            for (String key : metadata.keySet()) {
                if (!expected.contains(key)) {
                    throw new CheckpointException(file, "corrupt: unexpected metadata \"" + key + "\"");
                }
            }
            for (SafetensorsHeader.Entry entry : reader.header.entries) {
                if (entry.dtype != SafetensorsDtype.F32) {
                    throw new CheckpointException(file, "corrupt: tensor '" + entry.name + "' is " + entry.dtype
                            + ", a checkpoint holds F32 only");
                }
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Starts the digest with the header the file would have without its checksum entry. */
    private static MessageDigest digestHeader(SafetensorsReader reader) {
        Map<String, String> unsigned = new LinkedHashMap<>(reader.header.metadata);
        unsigned.remove(SHA256_KEY);
        byte[] header = SafetensorsHeader.encode(reader.header.entries, unsigned);
        MessageDigest sha256 = sha256();
        sha256.update(SafetensorsHeader.lengthPrefix(header.length));
        sha256.update(header);
        return sha256;
    }

    private static void checkDigest(SafetensorsReader reader, MessageDigest sha256) throws CheckpointException {
        String actual = HexFormat.of().formatHex(sha256.digest());
        String recorded = reader.header.metadata.get(SHA256_KEY);
        if (!actual.equals(recorded)) {
            throw new CheckpointException(reader.file, "corrupt: checksum mismatch (the file records sha256 "
                    + recorded + ", its content hashes to " + actual + ")");
        }
    }

    private static long parseStep(Path file, String text) throws CheckpointException {
        try {
            long step = Long.parseLong(text);
            if (step >= 0 && Long.toString(step).equals(text)) {
                return step;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CheckpointException(file, "corrupt: step \"" + text + "\" is not a non-negative integer");
    }

    private static String stripFile(SafetensorsException e) {
        String prefix = e.file() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
