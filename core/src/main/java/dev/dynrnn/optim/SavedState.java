package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Packing and checking of the entries of an {@link OptimizerState}, for {@link Optimizer}. */
final class SavedState {
    private SavedState() {}

    /** The parameter indices of saved group {@code group} (its {@code "params"} list). */
    static List<Integer> indices(Map<String, Object> savedGroup, int group) {
        Object value = savedGroup.get("params");
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("loaded state dict's parameter group " + group
                    + " has no 'params' list of parameter indices");
        }
        List<Integer> indices = new ArrayList<>();
        for (Object index : list) {
            if (!(index instanceof Number number) || number.doubleValue() != number.intValue()) {
                throw new IllegalArgumentException("loaded state dict's parameter group " + group
                        + " has a non-integer parameter index: " + Checks.describe(index));
            }
            indices.add(number.intValue());
        }
        return indices;
    }

    /** A parameter's state with its tensors copied. */
    static Map<String, Object> copyEntries(Map<String, Object> entries) {
        Map<String, Object> copy = new LinkedHashMap<>();
        entries.forEach((key, value) -> copy.put(key, value instanceof Tensor t ? copyOf(t) : value));
        return copy;
    }

    /**
     * A saved parameter state, checked against {@code param}: {@code "step"} a non-negative
     * integer, as a number or a one-element tensor (kept as a Long), every other entry a tensor of the parameter's shape (copied);
     * null entries are dropped.
     */
    static Map<String, Object> loadEntries(int index, Map<String, Object> entries, Tensor param) {
        Map<String, Object> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (value == null) {
                continue;   // PyTorch's SGD saves {'momentum_buffer': None}: the same as no buffer
            }
            if (key.equals("step") && value instanceof Tensor tensor && tensor.numel() == 1) {
                value = (double) tensor.item();   // PyTorch's Adam, AdamW and Adagrad keep step as a tensor
            }
            if (value instanceof Tensor tensor) {
                if (!param.sameShape(tensor)) {
                    throw new IllegalArgumentException("state '" + key + "' of parameter " + index + " has shape "
                            + Arrays.toString(tensor.shape()) + " but the parameter has shape "
                            + Arrays.toString(param.shape()));
                }
                loaded.put(key, copyOf(tensor));
            } else if (value instanceof Number number && key.equals("step")) {
                if (number.doubleValue() != number.longValue() || number.longValue() < 0) {
                    throw new IllegalArgumentException("state 'step' of parameter " + index
                            + " must be a non-negative integer, got " + number);
                }
                loaded.put(key, number.longValue());
            } else {
                throw new IllegalArgumentException("state '" + key + "' of parameter " + index
                        + " must be a tensor, got " + Checks.describe(value));
            }
        }
        return loaded;
    }

    /** A contiguous copy from storage offset 0, with no autograd history. */
    static Tensor copyOf(Tensor tensor) {
        return Tensor.of(tensor.toArray(), tensor.shape());
    }
}
