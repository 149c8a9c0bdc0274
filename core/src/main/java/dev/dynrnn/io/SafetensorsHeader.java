package dev.dynrnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The header of a safetensors file: per tensor its dtype, shape and byte range in the data
 * buffer, plus the optional {@code __metadata__} string map. Encodes it exactly as the
 * reference implementation (huggingface/safetensors, {@code tensor.rs}) does, and parses and
 * validates it as strictly.
 */
final class SafetensorsHeader {
    /** The reference implementation refuses longer headers; so do we. */
    static final long MAX_HEADER_LENGTH = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /** One tensor's entry: {@code begin}/{@code end} are byte offsets into the data buffer. */
    static final class Entry {
        final String name;
        final SafetensorsDtype dtype;
        final int[] shape;
        final long begin;
        final long end;

        Entry(String name, SafetensorsDtype dtype, int[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }

        int numel() {
            return (int) ((end - begin) / dtype.size);
        }
    }

    /** The tensors in the order of their data in the file. */
    final List<Entry> entries;
    /** The {@code __metadata__} map in header order, or null when the header has none. */
    final Map<String, String> metadata;
    /** Where the data buffer starts in the file: 8 + the header length. */
    final long dataStart;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataStart) {
        this.entries = entries;
        this.metadata = metadata;
        this.dataStart = dataStart;
    }

    /**
     * Names in the order of their UTF-8 bytes (= code points), which is Rust's {@code String}
     * order; {@link String#compareTo} differs beyond the Basic Multilingual Plane.
     */
    static final Comparator<String> UTF8_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    /**
     * The header bytes for {@code entries} in the given order: compact JSON with
     * {@code __metadata__} first (keys sorted; the reference keeps them in a HashMap, so its
     * order is arbitrary and no reader depends on it), then one object per tensor with the
     * fields {@code dtype, shape, data_offsets}, padded with spaces to a multiple of 8 bytes so
     * the data that follows stays 8-byte aligned.
     */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (metadata != null) {
            Map<String, String> sorted = new TreeMap<>(UTF8_ORDER);
            sorted.putAll(metadata);
            root.put(METADATA_KEY, sorted);
        }
        for (Entry entry : entries) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", entry.dtype.name());
            info.put("shape", entry.shape);
            info.put("data_offsets", new long[] {entry.begin, entry.end});
            root.put(entry.name, info);
        }
        byte[] json = Json.write(root).getBytes(StandardCharsets.UTF_8);
        int padding = (8 - json.length % 8) % 8;
        byte[] padded = Arrays.copyOf(json, json.length + padding);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    /** The 8-byte little-endian length that precedes a header of {@code length} bytes. */
    static byte[] lengthPrefix(long length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
    }

    /** Reads and validates the header of {@code file}, whose size must be the channel's size. */
    static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsException(file, "truncated: the file has " + size
                    + " bytes, fewer than the 8 that hold the header length");
        }
        long length = readFully(file, channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length < 0 || length > MAX_HEADER_LENGTH) {
            throw new SafetensorsException(file, "header length " + Long.toUnsignedString(length)
                    + " is over the limit of " + MAX_HEADER_LENGTH + " bytes: not a safetensors file, or a corrupt one");
        }
        if (length > size - 8) {
            throw new SafetensorsException(file, "truncated: the header length is " + length
                    + " bytes but only " + (size - 8) + " bytes follow it");
        }
        ByteBuffer headerBytes = readFully(file, channel, 8, (int) length);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(file, "the header is not valid UTF-8: not a safetensors file, or a corrupt one");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonParseException e) {
            throw new SafetensorsException(file, "the header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new SafetensorsException(file, "the header is a JSON " + jsonType(parsed) + ", not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) parsed;
        Map<String, String> metadata = null;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> field : root.entrySet()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue()));
            }
        }
        // stable: zero-byte tensors sharing an offset keep their header order
        entries.sort(Comparator.<Entry>comparingLong(e -> e.begin).thenComparingLong(e -> e.end));
        long dataEnd = checkTiling(file, entries);
        long dataLength = size - 8 - length;
        if (dataEnd > dataLength) {
            throw new SafetensorsException(file, "truncated: the header describes " + dataEnd
                    + " bytes of tensor data but only " + dataLength + " bytes follow the header");
        }
        if (dataEnd < dataLength) {
            throw new SafetensorsException(file, (dataLength - dataEnd) + " bytes at the end of the file belong to no"
                    + " tensor (the header describes " + dataEnd + " bytes of tensor data, " + dataLength
                    + " follow it)");
        }
        return new SafetensorsHeader(Collections.unmodifiableList(entries),
                metadata == null ? null : Collections.unmodifiableMap(metadata), 8 + length);
    }

    private static Map<String, String> parseMetadata(Path file, Object value) throws SafetensorsException {
        if (!(value instanceof Map)) {
            throw new SafetensorsException(file, "\"__metadata__\" must be an object of strings, found a JSON "
                    + jsonType(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            if (!(entry.getValue() instanceof String)) {
                throw new SafetensorsException(file, "\"__metadata__\" value of '" + entry.getKey()
                        + "' must be a string, found a JSON " + jsonType(entry.getValue()));
            }
            metadata.put((String) entry.getKey(), (String) entry.getValue());
        }
        return metadata;
    }

    private static Entry parseEntry(Path file, String name, Object value) throws SafetensorsException {
        String where = "tensor '" + name + "': ";
        if (!(value instanceof Map)) {
            throw new SafetensorsException(file, where + "expected an object with dtype, shape and data_offsets,"
                    + " found a JSON " + jsonType(value));
        }
        Map<?, ?> info = (Map<?, ?>) value;
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafetensorsException(file, where + "unexpected field \"" + key
                        + "\" (a tensor has dtype, shape and data_offsets)");
            }
        }
        for (String required : List.of("dtype", "shape", "data_offsets")) {
            if (!info.containsKey(required)) {
                throw new SafetensorsException(file, where + "missing \"" + required + "\"");
            }
        }
        Object dtypeName = info.get("dtype");
        if (!(dtypeName instanceof String)) {
            throw new SafetensorsException(file, where + "dtype must be a string, found a JSON " + jsonType(dtypeName));
        }
        SafetensorsDtype dtype = SafetensorsDtype.byName((String) dtypeName);
        if (dtype == null) {
            throw new SafetensorsException(file, where + "dtype " + dtypeName
                    + " cannot be read as float32 (readable: F32, F64, F16, BF16)");
        }
        long[] shape = nonNegativeIntegers(info.get("shape"));
        if (shape == null) {
            throw new SafetensorsException(file, where + "shape must be an array of non-negative integers, found "
                    + Json.write(info.get("shape")));
        }
        long[] offsets = nonNegativeIntegers(info.get("data_offsets"));
        if (offsets == null || offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new SafetensorsException(file, where + "data_offsets must be [begin, end] with 0 <= begin <= end,"
                    + " found " + Json.write(info.get("data_offsets")));
        }
        long numel = 1;
        for (long size : shape) {
            numel = size == 0 || numel == 0 ? 0 : multiplyOrMax(numel, size);
        }
        long needed = multiplyOrMax(numel, dtype.size);
        if (offsets[1] - offsets[0] != needed) {
            throw new SafetensorsException(file, where + "data_offsets " + Json.write(offsets) + " span "
                    + (offsets[1] - offsets[0]) + " bytes, but shape " + formatShape(shape) + " of " + dtype + " needs "
                    + (needed == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(needed)));
        }
        if (numel > Integer.MAX_VALUE) {
            throw new SafetensorsException(file, where + "shape " + formatShape(shape) + " has " + numel
                    + " elements, more than a Tensor holds (" + Integer.MAX_VALUE + ")");
        }
        int[] intShape = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            // numel fits an int and no size is 0 here unless numel is, so a size over the int range
            // can only come with a 0 elsewhere
            if (shape[d] > Integer.MAX_VALUE) {
                throw new SafetensorsException(file, where + "size " + shape[d] + " at dim " + d
                        + " is more than a Tensor dim holds (" + Integer.MAX_VALUE + ")");
            }
            intShape[d] = (int) shape[d];
        }
        return new Entry(name, dtype, intShape, offsets[0], offsets[1]);
    }

    /**
     * The tensors' byte ranges must tile the data buffer from 0 without gap or overlap, as the
     * reference requires: a gap or overlap means a corrupt or hostile header. Returns the end.
     */
    private static long checkTiling(Path file, List<Entry> entries) throws SafetensorsException {
        long expected = 0;
        Entry previous = null;
        for (Entry entry : entries) {
            if (entry.begin < expected) {
                throw new SafetensorsException(file, "tensors '" + previous.name + "' " + range(previous) + " and '"
                        + entry.name + "' " + range(entry) + " overlap in the data buffer");
            }
            if (entry.begin > expected) {
                throw new SafetensorsException(file, "bytes [" + expected + ", " + entry.begin + ") of the data buffer"
                        + " belong to no tensor (" + (previous == null ? "before the first tensor" : "between '"
                        + previous.name + "' and '" + entry.name + "'") + ")");
            }
            expected = entry.end;
            previous = entry;
        }
        return expected;
    }

    private static String range(Entry entry) {
        return "[" + entry.begin + ", " + entry.end + "]";
    }

    private static long multiplyOrMax(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** The values of a JSON array of non-negative integers, or null if it is anything else. */
    private static long[] nonNegativeIntegers(Object value) {
        if (!(value instanceof List)) {
            return null;
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long) || (Long) list.get(i) < 0) {
                return null;
            }
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    static String formatShape(long[] shape) {
        StringBuilder out = new StringBuilder("[");
        for (int d = 0; d < shape.length; d++) {
            out.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        return out.append(']').toString();
    }

    static String formatShape(int[] shape) {
        return formatShape(Arrays.stream(shape).asLongStream().toArray());
    }

    private static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "number";
    }

    /** Reads exactly {@code length} bytes at {@code position}; running out means the file shrank. */
    static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new SafetensorsException(file, "truncated while reading: the file ended at byte "
                        + (position + buffer.position()) + " (was it changed while being read?)");
            }
        }
        return buffer.flip();
    }
}
