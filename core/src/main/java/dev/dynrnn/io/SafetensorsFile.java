package dev.dynrnn.io;

import dev.dynrnn.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * The content of a safetensors file as read by {@link Safetensors#read}: float32 tensors under
 * their keys, the {@code __metadata__} strings, and the dtype each tensor had in the file.
 */
public final class SafetensorsFile {
    private final Path path;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;
    private final Map<String, String> dtypes;

    SafetensorsFile(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, String> dtypes) {
        this.path = path;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(metadata);
        this.dtypes = Collections.unmodifiableMap(dtypes);
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /**
     * Every tensor, as float32, in the order of its data in the file (for files written by
     * safetensors or by dynrnn: sorted by key). Read-only map; the tensors are fresh and the
     * caller's to keep.
     */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings in file order; empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The dtype {@code key} had in the file ({@code F32}, {@code F64}, {@code F16} or {@code BF16}). */
    public String dtype(String key) throws SafetensorsException {
        tensor(key);
        return dtypes.get(key);
    }

    /** The tensor under {@code key}; a missing key is an error listing the keys there are. */
    public Tensor tensor(String key) throws SafetensorsException {
        Tensor tensor = tensors.get(key);
        if (tensor == null) {
            throw new SafetensorsException(path, "no tensor '" + key + "' (the file has "
                    + (tensors.isEmpty() ? "no tensors" : String.join(", ", tensors.keySet())) + ")");
        }
        return tensor;
    }

    /**
     * The tensor under {@code key}, which must have {@code expectedShape}: loading a file into a
     * model of another size fails here with both shapes, e.g. {@code model.safetensors: tensor
     * 'rnn.weight_ih_l0' has shape [32, 3], expected [64, 3]}.
     */
    public Tensor tensor(String key, int... expectedShape) throws SafetensorsException {
        Tensor tensor = tensor(key);
        if (!Arrays.equals(tensor.shape(), expectedShape)) {
            throw new SafetensorsException(path, "tensor '" + key + "' has shape "
                    + SafetensorsHeader.formatShape(tensor.shape()) + ", expected "
                    + SafetensorsHeader.formatShape(expectedShape));
        }
        return tensor;
    }
}
