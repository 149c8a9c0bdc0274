package dev.dynrnn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads from a scheduler's state dict, with errors that name the scheduler and the key. */
final class StateDicts {
    private StateDicts() {}

    static Object require(Map<String, Object> state, String key, String owner) {
        Object value = state.get(key);
        if (value == null) {
            throw new IllegalArgumentException(owner + " state dict has no entry '" + key + "' (it has: "
                    + String.join(", ", state.keySet()) + ")");
        }
        return value;
    }

    static double number(Map<String, Object> state, String key, String owner) {
        Object value = require(state, key, owner);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(owner + " state dict entry '" + key + "' must be a number, got "
                    + Checks.describe(value));
        }
        return number.doubleValue();
    }

    static int integer(Map<String, Object> state, String key, String owner) {
        double value = number(state, key, owner);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(owner + " state dict entry '" + key + "' must be an integer, got "
                    + value);
        }
        return (int) value;
    }

    static String string(Map<String, Object> state, String key, String owner) {
        Object value = require(state, key, owner);
        if (!(value instanceof String string)) {
            throw new IllegalArgumentException(owner + " state dict entry '" + key + "' must be a string, got "
                    + Checks.describe(value));
        }
        return string;
    }

    static List<?> list(Map<String, Object> state, String key, String owner) {
        Object value = require(state, key, owner);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(owner + " state dict entry '" + key + "' must be a list, got "
                    + Checks.describe(value));
        }
        return list;
    }

    /** A list of numbers, one per param group. */
    static double[] perGroup(Map<String, Object> state, String key, String owner, int groups) {
        List<?> list = list(state, key, owner);
        if (list.size() != groups) {
            throw new IllegalArgumentException(owner + " state dict entry '" + key + "' has " + list.size()
                    + " values but the optimizer has " + groups + " param groups");
        }
        double[] out = new double[groups];
        for (int i = 0; i < groups; i++) {
            if (!(list.get(i) instanceof Number number)) {
                throw new IllegalArgumentException(owner + " state dict entry '" + key + "' holds a non-number: "
                        + Checks.describe(list.get(i)));
            }
            out[i] = number.doubleValue();
        }
        return out;
    }

    /** A list of nested state dicts (SequentialLR's and ChainedScheduler's {@code _schedulers}). */
    static List<Map<String, Object>> maps(Map<String, Object> state, String key, String owner, int expected) {
        List<?> list = list(state, key, owner);
        if (list.size() != expected) {
            throw new IllegalArgumentException(owner + " state dict entry '" + key + "' has " + list.size()
                    + " entries but the scheduler has " + expected);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(owner + " state dict entry '" + key + "' holds a non-map: "
                        + Checks.describe(item));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            out.add(typed);
        }
        return out;
    }

    static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double value : values) {
            out.add(value);
        }
        return List.copyOf(out);
    }
}
