package dev.dynrnn.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture of a {@link SequenceModel}: everything needed to build it again before its
 * weights are loaded. Saved in model files and checkpoints as the JSON object of {@link #toJson()}.
 *
 * @param cell        the recurrent layer
 * @param inputSize   features per time step (the number of input columns)
 * @param hiddenSize  H, the size of the hidden state
 * @param numLayers   stacked recurrent layers
 * @param dropout     dropout between recurrent layers in training mode, in [0, 1)
 * @param outputSize  values predicted per time step (the number of target columns)
 */
public record ModelSpec(Cell cell, int inputSize, int hiddenSize, int numLayers, double dropout, int outputSize) {

    /** Checks every field, naming the bad one. */
    public ModelSpec {
        if (cell == null) {
            throw new IllegalArgumentException("model cell must be rnn, lstm or gru, got null");
        }
        positive("input size", inputSize);
        positive("hidden size", hiddenSize);
        positive("number of layers", numLayers);
        positive("output size", outputSize);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    /** As a JSON object: {@code {"cell":"lstm","input_size":2,"hidden_size":32,"num_layers":1,"dropout":0.0,"output_size":1}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cell", cell.id());
        json.put("input_size", inputSize);
        json.put("hidden_size", hiddenSize);
        json.put("num_layers", numLayers);
        json.put("dropout", dropout);
        json.put("output_size", outputSize);
        return json;
    }

    /** Reads what {@link #toJson()} wrote (as {@link dev.dynrnn.io.Json#parse} gives it). */
    public static ModelSpec fromJson(Map<String, Object> json) {
        for (String key : List.of("cell", "input_size", "hidden_size", "num_layers", "dropout", "output_size")) {
            if (!json.containsKey(key)) {
                throw new IllegalArgumentException("model spec has no \"" + key + "\" (it has " + json.keySet() + ")");
            }
        }
        if (!(json.get("cell") instanceof String cell)) {
            throw new IllegalArgumentException("model spec \"cell\" must be a string, got " + json.get("cell"));
        }
        return new ModelSpec(Cell.parse(cell), integer(json, "input_size"), integer(json, "hidden_size"),
                integer(json, "num_layers"), number(json, "dropout"), integer(json, "output_size"));
    }

    private static int integer(Map<String, Object> json, String key) {
        if (!(json.get(key) instanceof Long value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("model spec \"" + key + "\" must be an integer, got " + json.get(key));
        }
        return (int) (long) value;
    }

    private static double number(Map<String, Object> json, String key) {
        if (!(json.get(key) instanceof Number value)) {
            throw new IllegalArgumentException("model spec \"" + key + "\" must be a number, got " + json.get(key));
        }
        return value.doubleValue();
    }

    /** The architecture in words, for messages: {@code lstm, 2 inputs, hidden 32, 1 layer, 1 output}. */
    public String describe() {
        return cell.id() + ", " + inputSize + " input" + (inputSize == 1 ? "" : "s") + ", hidden " + hiddenSize + ", "
                + numLayers + " layer" + (numLayers == 1 ? "" : "s") + ", " + outputSize + " output"
                + (outputSize == 1 ? "" : "s");
    }
}
