package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files PyTorch wrote (scripts/reference/safetensors_reference.py) read here, the same tensors
 * written here byte for byte as PyTorch wrote them, and the file PyTorch loads back.
 */
class SafetensorsInteropTest {
    private static final Fixtures FIXTURES = Fixtures.load("safetensors_reference");

    static Path resource(String name) {
        try {
            return Paths.get(SafetensorsInteropTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model's state dict in PyTorch's state_dict order, as the JSON fixture has it. */
    private static Map<String, Tensor> pytorchStateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int count = FIXTURES.child("model.tensors").keys().size();
        for (int i = 0; i < count; i++) {
            Fixtures entry = FIXTURES.child("model.tensors." + i);
            tensors.put(entry.string("key"), entry.tensor("value"));
        }
        return tensors;
    }

    private static Map<String, String> pytorchMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : FIXTURES.json("model.metadata").getAsJsonObject().entrySet()) {
            metadata.put(e.getKey(), e.getValue().getAsString());
        }
        return metadata;
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            // assertEquals(float, float) compares bit patterns: -0.0 != 0.0, NaN == NaN
            assertEquals(e[i], a[i], 0f, what + "[" + i + "]");
            assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]), what + "[" + i + "] bits");
        }
    }

    @Test
    void readsTheStateDictPyTorchWrote() throws IOException {
        SafetensorsFile file = Safetensors.read(resource("pytorch_model.safetensors"));
        Map<String, Tensor> expected = pytorchStateDict();
        List<String> sortedKeys = new ArrayList<>(expected.keySet());
        sortedKeys.sort(null); // ASCII keys: String order is byte order
        assertEquals(sortedKeys, new ArrayList<>(file.tensors().keySet()), "keys in the file's (sorted) order");
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            assertSameBits(e.getValue(), file.tensor(e.getKey()), e.getKey());
            assertEquals("F32", file.dtype(e.getKey()));
        }
        assertEquals(pytorchMetadata(), file.metadata());
    }

    @Test
    void writesTheSameBytesAsPyTorch() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // given in state_dict order and with the metadata in another order: the writer sorts both
        Map<String, String> metadata = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(pytorchMetadata().keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            metadata.put(keys.get(i), pytorchMetadata().get(keys.get(i)));
        }
        Safetensors.write(out, pytorchStateDict(), metadata);
        assertArrayEquals(Files.readAllBytes(resource("pytorch_model.safetensors")), out.toByteArray());
    }

    @Test
    void convertsF64F16AndBF16AsPyTorchDoes() throws IOException {
        SafetensorsFile file = Safetensors.read(resource("dtypes.safetensors"));
        int count = FIXTURES.child("dtypes").keys().size();
        assertEquals(count, file.tensors().size());
        for (int i = 0; i < count; i++) {
            Fixtures entry = FIXTURES.child("dtypes." + i);
            String key = entry.string("key");
            assertEquals(entry.string("dtype"), file.dtype(key), key);
            assertSameBits(entry.tensor("value"), file.tensor(key), key);
        }
        // F64 first, then F32, BF16, F16: the reference's order of descending dtype, then name
        assertEquals(List.of("f64", "empty", "f32", "bf16", "f16"), new ArrayList<>(file.tensors().keySet()));
        assertEquals(0, file.tensor("f32").dim(), "a 0-dim tensor stays 0-dim");
    }

    @Test
    void theCommittedJavaFileIsWhatTheWriterWritesNow() throws IOException {
        // PyTorch loaded this file (see JavaModelFixture); it must not drift from the writer
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, JavaModelFixture.tensors(), JavaModelFixture.METADATA);
        assertArrayEquals(Files.readAllBytes(resource("java_model.safetensors")), out.toByteArray(),
                "rerun JavaModelFixture and scripts/reference/safetensors_reference.py");
    }

    @Test
    void theJavaFileHasPyTorchsKeysAndShapes() throws IOException {
        SafetensorsFile javaFile = Safetensors.read(resource("java_model.safetensors"));
        Map<String, Tensor> pytorch = pytorchStateDict();
        assertEquals(pytorch.keySet(), javaFile.tensors().keySet());
        for (Map.Entry<String, Tensor> e : pytorch.entrySet()) {
            javaFile.tensor(e.getKey(), e.getValue().shape());
        }
    }
}
