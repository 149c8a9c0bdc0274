package dev.dynrnn.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Compact JSON output behind {@link Json#write}. */
final class JsonWriter {
    /** Deeper values are rejected: in practice only a cycle gets this deep. */
    static final int MAX_DEPTH = 1000;

    private final StringBuilder out = new StringBuilder();
    /** Keys and indices from the root to the value being written, for error messages. */
    private final Deque<Object> path = new ArrayDeque<>();
    private int depth;

    private JsonWriter() {}

    static String write(Object value) {
        JsonWriter writer = new JsonWriter();
        writer.value(value);
        return writer.out.toString();
    }

    private void value(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            string((String) value);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number) {
            number((Number) value);
        } else if (value instanceof Map) {
            object((Map<?, ?>) value);
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            array(list.size(), i -> value(list.get(i)));
        } else if (value instanceof float[]) {
            float[] a = (float[]) value;
            array(a.length, i -> floatValue(a[i]));
        } else if (value instanceof double[]) {
            double[] a = (double[]) value;
            array(a.length, i -> doubleValue(a[i]));
        } else if (value instanceof int[]) {
            int[] a = (int[]) value;
            array(a.length, i -> out.append(a[i]));
        } else if (value instanceof long[]) {
            long[] a = (long[]) value;
            array(a.length, i -> out.append(a[i]));
        } else {
            throw error("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private void object(Map<?, ?> map) {
        enter();
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                Object key = entry.getKey();
                throw error("object key " + key + " is a " + (key == null ? "null" : key.getClass().getName())
                        + ", not a String");
            }
            String key = (String) entry.getKey();
            if (!first) {
                out.append(',');
            }
            first = false;
            string(key);
            out.append(':');
            path.addLast(key);
            value(entry.getValue());
            path.removeLast();
        }
        out.append('}');
        leave();
    }

    private interface Element {
        void write(int index);
    }

    private void array(int length, Element element) {
        enter();
        out.append('[');
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(',');
            }
            path.addLast(i);
            element.write(i);
            path.removeLast();
        }
        out.append(']');
        leave();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels (a cycle?)");
        }
    }

    private void leave() {
        depth--;
    }

    private void number(Number number) {
        if (number instanceof Double) {
            doubleValue(number.doubleValue());
        } else if (number instanceof Float) {
            floatValue(number.floatValue());
        } else if (number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger) {
            out.append(number);
        } else if (number instanceof BigDecimal) {
            out.append(number); // BigDecimal.toString is valid JSON, e.g. 1E+3
        } else {
            throw error("cannot write a " + number.getClass().getName() + " as JSON");
        }
    }

    private void doubleValue(double value) {
        if (!Double.isFinite(value)) {
            throw error("JSON has no " + value + "; cannot write it");
        }
        out.append(Double.toString(value));
    }

    private void floatValue(float value) {
        if (!Float.isFinite(value)) {
            throw error("JSON has no " + value + "; cannot write it");
        }
        out.append(Float.toString(value));
    }

    /** Quotes and escapes; a lone surrogate is escaped so the output stays valid UTF-8. */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private IllegalArgumentException error(String problem) {
        StringBuilder where = new StringBuilder("$");
        for (Object step : path) {
            if (step instanceof Integer) {
                where.append('[').append(step).append(']');
            } else {
                where.append('.').append(step);
            }
        }
        return new IllegalArgumentException(problem + " (at " + where + ")");
    }
}
