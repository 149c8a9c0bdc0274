package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dynrnn.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------ helpers

    private static byte[] bytes(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    private static byte[] le64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A file with this exact header text (no padding added) and data buffer. */
    private static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return concat(le64(json.length), json, data);
    }

    private Path save(byte[] content) throws IOException {
        Path path = dir.resolve("bad.safetensors");
        Files.write(path, content);
        return path;
    }

    /** Reading {@code content} fails with exactly {@code "<path>: " + problem}. */
    private void assertRejected(byte[] content, String problem) throws IOException {
        Path path = save(content);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(path));
        assertEquals(path + ": " + problem, e.getMessage());
        assertEquals(path, e.file());
    }

    private static Map<String, Tensor> map(Object... keysAndTensors) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTensors.length; i += 2) {
            map.put((String) keysAndTensors[i], (Tensor) keysAndTensors[i + 1]);
        }
        return map;
    }

    // ------------------------------------------------------------ the reference's own byte vectors

    @Test
    void matchesTheReferenceSerializationVector() throws IOException {
        // huggingface/safetensors tensor.rs, test_serialization: one F32 [1, 2, 3] tensor
        Tensor attn = Tensor.arange(6).reshape(1, 2, 3);
        String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(64, header.length(), "already a multiple of 8: no padding");
        assertArrayEquals(concat(le64(64), header.getBytes(StandardCharsets.US_ASCII), floats(0, 1, 2, 3, 4, 5)),
                bytes(map("attn.0", attn), null));
    }

    @Test
    void padsTheHeaderWithSpacesAsTheReferenceDoes() throws IOException {
        // test_serialization_forced_alignement: 65 bytes of JSON, 7 spaces, data 8-byte aligned
        Tensor attn = Tensor.arange(6).reshape(1, 1, 2, 3);
        String header = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ";
        assertArrayEquals(concat(le64(72), header.getBytes(StandardCharsets.US_ASCII), floats(0, 1, 2, 3, 4, 5)),
                bytes(map("attn0", attn), null));
    }

    @Test
    void matchesTheReferenceEmptyVectors() throws IOException {
        // test_empty: no tensors, without and with metadata
        assertArrayEquals(concat(le64(8), "{}      ".getBytes(StandardCharsets.US_ASCII)), bytes(Map.of(), null));
        assertArrayEquals(concat(le64(40), "{\"__metadata__\":{\"framework\":\"pt\"}}     "
                .getBytes(StandardCharsets.US_ASCII)), bytes(Map.of(), Map.of("framework", "pt")));
    }

    // ------------------------------------------------------------ round trips

    @Test
    void roundTripsShapesValuesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = map(
                "b.weight", Tensor.of(new float[] {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                        Float.NEGATIVE_INFINITY}, 2, 3),
                "a.bias", Tensor.of(0.25f, -7f),
                "scalar", Tensor.scalar(3f),
                "empty", Tensor.zeros(0, 4),
                "é-unicode", Tensor.ones(1, 1, 1));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("z", "last");
        metadata.put("architecture", "{\"hidden\": 64, \"cell\": \"lstm\"}");
        metadata.put("columns", "x,y\n\t\"quoted\" \u00e9 \u2603 \ud83d\ude00");
        Path path = dir.resolve("model.safetensors");
        Safetensors.write(path, tensors, metadata);

        SafetensorsFile file = Safetensors.read(path);
        assertEquals(List.of("a.bias", "b.weight", "empty", "scalar", "é-unicode"),
                List.copyOf(file.tensors().keySet()), "sorted by key");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor read = file.tensor(e.getKey());
            assertArrayEquals(e.getValue().shape(), read.shape(), e.getKey());
            float[] expected = e.getValue().toArray();
            float[] actual = read.toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), e.getKey());
            }
        }
        assertEquals(Map.of("z", "last", "architecture", metadata.get("architecture"), "columns",
                metadata.get("columns")), file.metadata());
        assertEquals(List.of("architecture", "columns", "z"), List.copyOf(file.metadata().keySet()),
                "metadata written sorted");
        assertEquals(path, file.path());
    }

    @Test
    void writesViewsRowMajor() throws IOException {
        Tensor base = Tensor.arange(6).reshape(2, 3);
        Tensor transposed = base.t(); // not contiguous
        Tensor narrowed = base.narrow(1, 1, 2); // an offset and a gap
        Path path = dir.resolve("views.safetensors");
        Safetensors.write(path, map("t", transposed, "n", narrowed), null);
        SafetensorsFile file = Safetensors.read(path);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, file.tensor("t", 3, 2).toArray());
        assertArrayEquals(new float[] {1, 2, 4, 5}, file.tensor("n", 2, 2).toArray());
    }

    @Test
    void nullMetadataWritesNoMetadataEntryAndEmptyWritesAnEmptyOne() throws IOException {
        String none = new String(bytes(map("x", Tensor.ones(1)), null), StandardCharsets.UTF_8);
        assertTrue(!none.contains("__metadata__"), none);
        String empty = new String(bytes(map("x", Tensor.ones(1)), Map.of()), StandardCharsets.UTF_8);
        assertTrue(empty.contains("{\"__metadata__\":{},\"x\":"), empty);
        Path path = save(bytes(map("x", Tensor.ones(1)), null));
        assertEquals(Map.of(), Safetensors.read(path).metadata());
    }

    @Test
    void writesAtomicallyLeavingNoTemporary() throws IOException {
        Path path = dir.resolve("m.safetensors");
        Safetensors.write(path, map("x", Tensor.ones(2)), null);
        Safetensors.write(path, map("y", Tensor.zeros(3)), null);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("m.safetensors"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertEquals(List.of("y"), List.copyOf(Safetensors.read(path).tensors().keySet()));
    }

    @Test
    void sortsKeysByUtf8BytesAsRustDoes() throws IOException {
        // U+FF5E sorts before U+1F600 in UTF-8 (and code points); String.compareTo says the opposite
        String bmp = "\uff5e";
        String astral = "\ud83d\ude00";
        assertTrue(bmp.compareTo(astral) > 0);
        Path path = save(bytes(map(astral, Tensor.ones(1), bmp, Tensor.zeros(1)), null));
        assertEquals(List.of(bmp, astral), List.copyOf(Safetensors.read(path).tensors().keySet()));
    }

    @Test
    void readsTensorsInDataOrderWhateverTheHeaderOrder() throws IOException {
        String header = "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        SafetensorsFile file = Safetensors.read(save(file(header, floats(1, 2))));
        assertEquals(List.of("first", "second"), List.copyOf(file.tensors().keySet()));
        assertEquals(2f, file.tensor("second").item());
    }

    @Test
    void acceptsTabsAndNewlinesAsPadding() throws IOException {
        String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}\n\t ";
        assertEquals(5f, Safetensors.read(save(file(header, floats(5)))).tensor("x").item());
    }

    // ------------------------------------------------------------ lookups

    @Test
    void aMissingKeyListsTheKeysThereAre() throws IOException {
        Path path = save(bytes(map("rnn.weight_ih_l0", Tensor.ones(2, 3), "out.bias", Tensor.ones(1)), null));
        SafetensorsFile file = Safetensors.read(path);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> file.tensor("out.weight"));
        assertEquals(path + ": no tensor 'out.weight' (the file has out.bias, rnn.weight_ih_l0)", e.getMessage());
    }

    @Test
    void aWrongShapeNamesTheKeyAndBothShapes() throws IOException {
        Path path = save(bytes(map("rnn.weight_ih_l0", Tensor.ones(32, 3)), null));
        SafetensorsFile file = Safetensors.read(path);
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> file.tensor("rnn.weight_ih_l0", 64, 3));
        assertEquals(path + ": tensor 'rnn.weight_ih_l0' has shape [32, 3], expected [64, 3]", e.getMessage());
        assertEquals(32, file.tensor("rnn.weight_ih_l0", 32, 3).size(0));
    }

    @Test
    void refusesKeysTheFormatReservesOrNulls() {
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> bytes(map("__metadata__", Tensor.ones(1)), null));
        assertEquals("a tensor cannot be named __metadata__: the format reserves that key for the metadata",
                reserved.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bytes(map("x", null), null));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("k", null);
        assertThrows(IllegalArgumentException.class, () -> bytes(Map.of(), metadata));
    }

    // ------------------------------------------------------------ corrupt and foreign files

    @Test
    void aMissingFileOrADirectory() {
        Path missing = dir.resolve("nope.safetensors");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        SafetensorsException d = assertThrows(SafetensorsException.class, () -> Safetensors.read(dir));
        assertEquals(dir + ": is a directory, not a safetensors file", d.getMessage());
    }

    @Test
    void tooShortForTheHeaderLength() throws IOException {
        assertRejected(new byte[0], "truncated: the file has 0 bytes, fewer than the 8 that hold the header length");
        assertRejected(new byte[7], "truncated: the file has 7 bytes, fewer than the 8 that hold the header length");
    }

    @Test
    void aHeaderLengthBeyondTheFile() throws IOException {
        assertRejected(concat(le64(64), "{}".getBytes(StandardCharsets.US_ASCII)),
                "truncated: the header length is 64 bytes but only 2 bytes follow it");
    }

    @Test
    void anAbsurdHeaderLength() throws IOException {
        assertRejected(concat(le64(100_000_001), new byte[16]),
                "header length 100000001 is over the limit of 100000000 bytes: not a safetensors file, or a corrupt one");
        assertRejected(concat(le64(-1), new byte[16]),
                "header length 18446744073709551615 is over the limit of 100000000 bytes: not a safetensors file,"
                        + " or a corrupt one");
        // a text file: "hello, w" read as the length
        assertRejected("hello, world\n".getBytes(StandardCharsets.US_ASCII), "header length "
                + Long.toUnsignedString(ByteBuffer.wrap("hello, w".getBytes(StandardCharsets.US_ASCII))
                        .order(ByteOrder.LITTLE_ENDIAN).getLong())
                + " is over the limit of 100000000 bytes: not a safetensors file, or a corrupt one");
    }

    @Test
    void aHeaderThatIsNotUtf8() throws IOException {
        assertRejected(concat(le64(4), new byte[] {'{', (byte) 0xff, '}', ' '}),
                "the header is not valid UTF-8: not a safetensors file, or a corrupt one");
    }

    @Test
    void aHeaderThatIsNotJson() throws IOException {
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",}}", new byte[0]),
                "the header is not valid JSON: line 1, column 21: expected a string key in object, found '}'");
        assertRejected(file("{\"x\":1,\"x\":2}", new byte[0]),
                "the header is not valid JSON: line 1, column 8: duplicate key \"x\" in object");
        assertRejected(file("[1, 2]  ", new byte[0]), "the header is a JSON array, not an object");
        assertRejected(file("{}\u0000      ", new byte[0]),
                "the header is not valid JSON: line 1, column 3: unexpected U+0000 after the JSON value");
    }

    @Test
    void badMetadata() throws IOException {
        assertRejected(file("{\"__metadata__\":[\"a\"]}", new byte[0]),
                "\"__metadata__\" must be an object of strings, found a JSON array");
        assertRejected(file("{\"__metadata__\":{\"epochs\":10}}", new byte[0]),
                "\"__metadata__\" value of 'epochs' must be a string, found a JSON number");
    }

    @Test
    void badTensorEntries() throws IOException {
        assertRejected(file("{\"w\":[1]}", new byte[0]),
                "tensor 'w': expected an object with dtype, shape and data_offsets, found a JSON array");
        assertRejected(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1)), "tensor 'w': missing \"dtype\"");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", floats(1)),
                "tensor 'w': missing \"data_offsets\"");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"offsets\":[0,4]}}",
                floats(1)), "tensor 'w': unexpected field \"offsets\" (a tensor has dtype, shape and data_offsets)");
        assertRejected(file("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1)),
                "tensor 'w': dtype must be a string, found a JSON number");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]}}", floats(1)),
                "tensor 'w': shape must be an array of non-negative integers, found [2,-1]");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", floats(1)),
                "tensor 'w': shape must be an array of non-negative integers, found [1.5]");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", floats(1)),
                "tensor 'w': data_offsets must be [begin, end] with 0 <= begin <= end, found [4,0]");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", floats(1)),
                "tensor 'w': data_offsets must be [begin, end] with 0 <= begin <= end, found [0,4,8]");
    }

    @Test
    void dtypesThatAreNotFloatsNameTheKeyAndDtype() throws IOException {
        assertRejected(file("{\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor 'step': dtype I64 cannot be read as float32 (readable: F32, F64, F16, BF16)");
        assertRejected(file("{\"mask\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]),
                "tensor 'mask': dtype BOOL cannot be read as float32 (readable: F32, F64, F16, BF16)");
        assertRejected(file("{\"w\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1)),
                "tensor 'w': dtype F33 cannot be read as float32 (readable: F32, F64, F16, BF16)");
    }

    @Test
    void offsetsThatDoNotMatchShapeTimesDtypeSize() throws IOException {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[20]),
                "tensor 'w': data_offsets [0,20] span 20 bytes, but shape [2, 3] of F32 needs 24");
        assertRejected(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,12]}}", new byte[12]),
                "tensor 'w': data_offsets [0,12] span 12 bytes, but shape [3] of F16 needs 6");
        assertRejected(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}",
                new byte[8]), "tensor 'w': data_offsets [0,8] span 8 bytes, but shape [4294967296, 4294967296] of F64"
                        + " needs more than 9223372036854775807");
    }

    @Test
    void moreElementsThanATensorHolds() throws IOException {
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}",
                new byte[0]), "tensor 'w': shape [65536, 65536] has 4294967296 elements, more than a Tensor holds"
                        + " (2147483647)");
    }

    @Test
    void overlappingOrGappedRanges() throws IOException {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]),
                "tensors 'a' [0, 8] and 'b' [4, 12] overlap in the data buffer");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]),
                "bytes [4, 8) of the data buffer belong to no tensor (between 'a' and 'b')");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "bytes [0, 4) of the data buffer belong to no tensor (before the first tensor)");
    }

    @Test
    void truncatedOrExtendedData() throws IOException {
        byte[] good = bytes(map("a", Tensor.ones(2, 2), "b", Tensor.ones(3)), null);
        assertRejected(Arrays.copyOf(good, good.length - 1),
                "truncated: the header describes 28 bytes of tensor data but only 27 bytes follow the header");
        assertRejected(Arrays.copyOf(good, good.length + 3),
                "3 bytes at the end of the file belong to no tensor (the header describes 28 bytes of tensor data,"
                        + " 31 follow it)");
    }

    @Test
    void everyTruncationOfARealFileIsReported() throws IOException {
        byte[] good = Files.readAllBytes(SafetensorsInteropTest.resource("pytorch_model.safetensors"));
        Path path = dir.resolve("cut.safetensors");
        for (int length = 0; length < good.length; length++) {
            Files.write(path, Arrays.copyOf(good, length));
            try {
                Safetensors.read(path);
                fail("a file cut to " + length + " of " + good.length + " bytes was read");
            } catch (SafetensorsException expected) {
                assertTrue(expected.getMessage().startsWith(path + ": "), expected.getMessage());
            }
        }
    }
}
