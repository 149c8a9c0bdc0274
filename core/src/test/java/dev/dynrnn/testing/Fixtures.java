package dev.dynrnn.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dynrnn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reference values computed by PyTorch, read from {@code src/test/resources/fixtures/NAME.json}.
 *
 * <p>The files are written by the scripts under {@code scripts/reference/} (see
 * {@code fixtures.py}): a JSON object whose values are tensors {@code {"shape": [..], "data":
 * [..]}} (data flattened row-major, float32 values written exactly), numbers, strings or nested
 * objects. Keys may be dotted paths into nested objects: {@code tensor("lstm.out")}.
 */
public final class Fixtures {
    private final String name;
    private final JsonObject root;

    private Fixtures(String name, JsonObject root) {
        this.name = name;
        this.root = root;
    }

    /** Loads {@code fixtures/<name>.json} from the test classpath. */
    public static Fixtures load(String name) {
        String resource = "/fixtures/" + name + ".json";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource
                        + ": run the matching script in scripts/reference/ with /usr/bin/python3");
            }
            JsonElement parsed = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new Fixtures(name, parsed.getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys at the top level, in file order. */
    public Set<String> keys() {
        return root.keySet();
    }

    /** True when {@code path} exists. */
    public boolean has(String path) {
        return find(path, false) != null;
    }

    /** The nested object at {@code path}, as fixtures of its own. */
    public Fixtures child(String path) {
        return new Fixtures(name + ":" + path, find(path, true).getAsJsonObject());
    }

    /** The tensor stored at {@code path}. */
    public Tensor tensor(String path) {
        JsonObject object = find(path, true).getAsJsonObject();
        JsonArray shapeJson = object.getAsJsonArray("shape");
        int[] shape = new int[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).getAsInt();
        }
        return Tensor.of(floats(object.get("data")), shape);
    }

    /** A flat list of numbers at {@code path} as floats. */
    public float[] floats(String path) {
        return floats(find(path, true));
    }

    /** A flat list of integers at {@code path}. */
    public int[] ints(String path) {
        JsonArray array = find(path, true).getAsJsonArray();
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }

    /** The number at {@code path}. */
    public double number(String path) {
        return find(path, true).getAsDouble();
    }

    /** The string at {@code path}. */
    public String string(String path) {
        return find(path, true).getAsString();
    }

    /** The raw JSON at {@code path}, for shapes of data the helpers above do not cover. */
    public JsonElement json(String path) {
        return find(path, true);
    }

    private static float[] floats(JsonElement element) {
        JsonArray array = element.getAsJsonArray();
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement value = array.get(i);
            out[i] = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                    ? Float.parseFloat(value.getAsString().replace("inf", "Infinity").replace("nan", "NaN"))
                    : (float) value.getAsDouble();
        }
        return out;
    }

    private JsonElement find(String path, boolean required) {
        JsonElement current = root;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isJsonObject() || !current.getAsJsonObject().has(part)) {
                if (required) {
                    throw new IllegalArgumentException("fixture " + name + " has no entry '" + path + "'");
                }
                return null;
            }
            current = current.getAsJsonObject().get(part);
        }
        return current;
    }
}
