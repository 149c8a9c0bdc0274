package dev.dynrnn.io;

import dev.dynrnn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file dynrnn writes for PyTorch to load:
 * {@code core/src/test/resources/fixtures/java_model.safetensors}, the state dict of the
 * {@code nn.RNN(3, 4, num_layers=2) + nn.Linear(4, 2)} model of
 * {@code scripts/reference/safetensors_reference.py}, with values from a formula both sides
 * compute exactly. {@link SafetensorsInteropTest} checks the committed file is what this writes;
 * the Python script loads it with {@code load_state_dict(strict=True)}.
 *
 * <p>Regenerate with {@code java -cp core/target/classes:core/target/test-classes
 * dev.dynrnn.io.JavaModelFixture} from the repository root, then rerun the Python script.
 */
public final class JavaModelFixture {
    static final Path FILE = Paths.get("src/test/resources/fixtures/java_model.safetensors");
    static final Map<String, String> METADATA = Map.of("format", "pt", "producer", "dynrnn JavaModelFixture");

    private JavaModelFixture() {}

    /** The state dict, in PyTorch's state_dict order. */
    static Map<String, Tensor> tensors() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int layer = 0; layer < 2; layer++) {
            shapes.put("rnn.weight_ih_l" + layer, new int[] {4, layer == 0 ? 3 : 4});
            shapes.put("rnn.weight_hh_l" + layer, new int[] {4, 4});
            shapes.put("rnn.bias_ih_l" + layer, new int[] {4});
            shapes.put("rnn.bias_hh_l" + layer, new int[] {4});
        }
        shapes.put("out.weight", new int[] {2, 4});
        shapes.put("out.bias", new int[] {2});
        List<String> sorted = new ArrayList<>(shapes.keySet());
        sorted.sort(SafetensorsHeader.UTF8_ORDER);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
            int keyIndex = sorted.indexOf(entry.getKey());
            int numel = 1;
            for (int size : entry.getValue()) {
                numel *= size;
            }
            float[] values = new float[numel];
            for (int i = 0; i < numel; i++) {
                // java_value() in the Python script: exact in float32 on both sides
                values[i] = (float) ((i * 7919 + keyIndex * 104729) % 2001 - 1000) / 1000f;
            }
            tensors.put(entry.getKey(), Tensor.wrap(values, entry.getValue()));
        }
        return tensors;
    }

    public static void main(String[] args) throws IOException {
        Path file = Paths.get("core").resolve(FILE);
        Safetensors.write(file, tensors(), METADATA);
        System.out.println("wrote " + file);
    }
}
