package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of an optimizer, laid out as PyTorch's {@code optimizer.state_dict()}: everything a
 * checkpoint needs so that {@link Optimizer#loadStateDict} resumes bit-identically.
 *
 * <ul>
 *   <li>{@code state}: parameter index to that parameter's state by PyTorch's names, e.g. Adam's
 *       {@code {"step": Long, "exp_avg": Tensor, "exp_avg_sq": Tensor}}. Indices number the
 *       parameters of all groups in order (group 0's first). Parameters without state are absent.
 *   <li>{@code paramGroups}: per group, its hyperparameters ({@code Double}, {@code Boolean},
 *       {@code List<Double>} for {@code betas}) and {@code "params"}, the {@code List<Integer>}
 *       of its parameters' indices.
 * </ul>
 *
 * Tensors here are copies owned by the snapshot (the optimizer copies them again on load). The
 * maps and lists are unmodifiable and keep their order, so a serialiser can walk them as a tree of
 * maps, lists, tensors, numbers and booleans.
 */
public record OptimizerState(Map<Integer, Map<String, Object>> state, List<Map<String, Object>> paramGroups) {

    /** Copies both structures into unmodifiable ones (tensors are not copied). */
    public OptimizerState {
        Map<Integer, Map<String, Object>> stateCopy = new TreeMap<>();
        state.forEach((index, entries) -> stateCopy.put(index, freeze(entries)));
        state = Collections.unmodifiableMap(stateCopy);
        List<Map<String, Object>> groupsCopy = new ArrayList<>();
        for (Map<String, Object> group : paramGroups) {
            groupsCopy.add(freeze(group));
        }
        paramGroups = Collections.unmodifiableList(groupsCopy);
    }

    private static Map<String, Object> freeze(Map<String, Object> entries) {
        Map<String, Object> copy = new LinkedHashMap<>();
        entries.forEach((key, value) -> copy.put(key, value instanceof List<?> list ? List.copyOf(list) : value));
        return Collections.unmodifiableMap(copy);
    }

    /** The state tensor {@code key} of parameter {@code index} (e.g. {@code "exp_avg"}). */
    public Tensor tensor(int index, String key) {
        Object value = entry(index, key);
        if (!(value instanceof Tensor tensor)) {
            throw new IllegalArgumentException("state '" + key + "' of parameter " + index + " is not a tensor: "
                    + Checks.describe(value));
        }
        return tensor;
    }

    /** The step count of parameter {@code index}. */
    public long step(int index) {
        Object value = entry(index, "step");
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("state 'step' of parameter " + index + " is not a number: "
                    + Checks.describe(value));
        }
        return number.longValue();
    }

    private Object entry(int index, String key) {
        Map<String, Object> entries = state.get(index);
        if (entries == null) {
            throw new IllegalArgumentException("no state for parameter " + index + " (parameters with state: "
                    + state.keySet() + ")");
        }
        Object value = entries.get(key);
        if (value == null) {
            throw new IllegalArgumentException("parameter " + index + " has no state '" + key + "' (it has: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        return value;
    }
}
