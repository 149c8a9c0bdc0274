package dev.dynrnn.random;

import dev.dynrnn.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch and NumPy outputs in {@code fixtures/random.json}, written by
 * {@code scripts/reference/random_reference.py}. Floats are stored as their bit patterns.
 */
final class RandomFixture {
    private static final Map<String, Object> ROOT = load();

    private RandomFixture() {}

    /** Cases of {@code library} ("torch" or "numpy"): each has a name, a seed and its calls. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(String library) {
        return (List<Map<String, Object>>) ROOT.get(library);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> calls(Map<String, Object> testCase) {
        return (List<Map<String, Object>>) testCase.get("calls");
    }

    static long integer(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    static double real(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    /** A list of JSON integers as longs. */
    static long[] longs(Map<String, Object> map, String key) {
        List<?> list = (List<?>) map.get(key);
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Number) list.get(i)).longValue();
        }
        return values;
    }

    /** A list of float32 bit patterns as the float values they encode. */
    static float[] floatsFromBits(Map<String, Object> map, String key) {
        long[] bits = longs(map, key);
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = Float.intBitsToFloat((int) bits[i]);
        }
        return values;
    }

    static String describe(Map<String, Object> testCase) {
        return testCase.get("name") + " (seed " + testCase.get("seed") + ")";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = RandomFixture.class.getResourceAsStream("/fixtures/random.json")) {
            if (in == null) {
                throw new IllegalStateException("fixtures/random.json is missing from the test classpath");
            }
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
