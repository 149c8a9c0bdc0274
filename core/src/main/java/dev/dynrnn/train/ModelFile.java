package dev.dynrnn.train;

import dev.dynrnn.io.Json;
import dev.dynrnn.io.Safetensors;
import dev.dynrnn.io.SafetensorsFile;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model files: a {@link TrainedModel} as a safetensors file that PyTorch reads.
 *
 * <p>The tensors are the model's state dict as float32 under PyTorch's keys
 * ({@code rnn.weight_ih_l0}, {@code rnn.weight_hh_l0}, {@code rnn.bias_ih_l0},
 * {@code rnn.bias_hh_l0}, ..., {@code out.weight}, {@code out.bias}), so
 * {@code model.load_state_dict(safetensors.torch.load_file(path))} loads them into the PyTorch
 * module shown in {@link SequenceModel}. The {@code __metadata__} holds
 * <pre>
 *   format        "pt" (what safetensors.torch writes; some loaders look for it)
 *   dynrnn.model  JSON: {"format": "dynrnn-model/1", "cell": "lstm", "input_size": 2,
 *                 "hidden_size": 32, "num_layers": 1, "dropout": 0.0, "output_size": 1,
 *                 "inputs": ["x", "u"], "targets": ["y"], "series": "id" or null,
 *                 "normalization": {"inputs": {"x": {"mean": m, "std": s}, ...},
 *                                   "targets": {...}} or null}
 * </pre>
 * The write is atomic (temporary file, fsync, rename).
 */
public final class ModelFile {
    static final String METADATA_KEY = "dynrnn.model";
    static final String FORMAT = "dynrnn-model/1";

    private ModelFile() {}

    /** Writes {@code trained} to {@code file}, atomically. */
    public static void save(Path file, TrainedModel trained) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.putAll(trained.model().spec().toJson());
        json.put("inputs", trained.inputColumns());
        json.put("targets", trained.targetColumns());
        json.put("series", trained.seriesColumn());
        json.put("normalization", trained.normalization() == null ? null : trained.normalization().toJson());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(METADATA_KEY, Json.write(json));
        Safetensors.write(file, trained.model().stateDict(), metadata);
    }

    /**
     * Reads a model file written by {@link #save}: rebuilds the model from its metadata and loads
     * the weights.
     *
     * @throws IOException naming the file: missing or corrupt file, no {@code dynrnn.model}
     *     metadata (a bare state dict: use {@link #loadWeights} into a model you build), or
     *     weights that do not fit the recorded architecture
     */
    public static TrainedModel load(Path file) throws IOException {
        SafetensorsFile read = Safetensors.read(file);
        String text = read.metadata().get(METADATA_KEY);
        if (text == null) {
            throw new ModelFileException(file, "not a dynrnn model file: its metadata has no \"" + METADATA_KEY
                    + "\" (a plain state dict can initialise training with --init)");
        }
        try {
            if (!(Json.parse(text) instanceof Map<?, ?> parsed)) {
                throw new ModelFileException(file, "\"" + METADATA_KEY + "\" is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) parsed;
            if (!FORMAT.equals(json.get("format"))) {
                throw new ModelFileException(file, "unknown model format " + json.get("format") + " (expected " + FORMAT + ")");
            }
            ModelSpec spec = ModelSpec.fromJson(json);
            SequenceModel model = new SequenceModel(spec, new Generator(0));
            loadWeights(read, model);
            Normalization normalization = json.get("normalization") instanceof Map<?, ?> n
                    ? Normalization.fromJson(castMap(n)) : null;
            return new TrainedModel(model, strings(json, "inputs"), strings(json, "targets"),
                    (String) json.get("series"), normalization);
        } catch (IllegalArgumentException | ClassCastException e) { // JsonParseException is one too
            throw new ModelFileException(file, "bad \"" + METADATA_KEY + "\" metadata: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static List<String> strings(Map<String, Object> json, String key) {
        if (!(json.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException("\"" + key + "\" must be a list of column names, got " + json.get(key));
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            out.add((String) item);
        }
        return out;
    }

    /**
     * Copies the weights of a safetensors state dict into {@code model}: a file from
     * {@link #save}, or one PyTorch saved with {@code safetensors.torch.save_file(model.state_dict(), path)}
     * (F32, F64, F16 or BF16, converted to float32). The keys must be exactly the model's.
     *
     * @throws ModelFileException naming the file and every problem: missing and unexpected keys,
     *     and each key whose shape differs, with both shapes; nothing is copied then
     */
    public static void loadWeights(Path file, SequenceModel model) throws IOException {
        loadWeights(Safetensors.read(file), model);
    }

    private static void loadWeights(SafetensorsFile read, SequenceModel model) throws IOException {
        Map<String, Tensor> own = model.stateDict();
        Map<String, Tensor> given = read.tensors();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> entry : own.entrySet()) {
            Tensor tensor = given.get(entry.getKey());
            if (tensor == null) {
                problems.add("missing tensor '" + entry.getKey() + "' (shape " + Arrays.toString(entry.getValue().shape())
                        + ")");
            } else if (!tensor.sameShape(entry.getValue())) {
                problems.add("tensor '" + entry.getKey() + "' has shape " + Arrays.toString(tensor.shape())
                        + " in the file, the model's is " + Arrays.toString(entry.getValue().shape()));
            }
        }
        for (String key : given.keySet()) {
            if (!own.containsKey(key)) {
                problems.add("unexpected tensor '" + key + "' (shape " + Arrays.toString(given.get(key).shape()) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelFileException(read.path(), "does not fit the model (" + model.spec().describe() + "): "
                    + String.join("; ", problems));
        }
        model.loadStateDict(given);
    }
}
