package dev.dynrnn.app.demo;

import dev.dynrnn.io.Json;
import dev.dynrnn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fixtures/demo.json}, written by {@code scripts/reference/demo_reference.py}: the seed
 * program run in PyTorch 1.13 and NumPy 1.24, read with core's {@link Json}.
 */
final class DemoFixture {
    private DemoFixture() {}

    static final Map<String, Object> ROOT = load();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = DemoFixture.class.getResourceAsStream("/fixtures/demo.json")) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /fixtures/demo.json: run "
                        + "scripts/reference/demo_reference.py with /usr/bin/python3");
            }
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One PyTorch run of the seed program. {@code drift} is, per iteration, the relative change
     * of the loss when PyTorch runs the same program in float64 (see the reference script): how
     * precisely float32 arithmetic determines that loss.
     */
    record Run(String name, long seed, boolean staticSteps, Cell cell, int hidden, double lr, String repr,
               Map<String, Tensor> initial, int[] steps, float[] losses, double[] drift) {
        DemoOptions options() {
            return new DemoOptions(losses.length, seed, staticSteps, lr, hidden, cell);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Run> runs() {
        Map<String, Run> out = new LinkedHashMap<>();
        ((Map<String, Object>) ROOT.get("runs")).forEach((name, value) -> {
            Map<String, Object> run = (Map<String, Object>) value;
            Map<String, Tensor> initial = null;
            if (run.containsKey("initial")) {
                initial = new LinkedHashMap<>();
                for (Map.Entry<String, Object> entry : ((Map<String, Object>) run.get("initial")).entrySet()) {
                    initial.put(entry.getKey().replace('/', '.'), tensor((Map<String, Object>) entry.getValue()));
                }
            }
            out.put(name, new Run(name, (Long) run.get("seed"), (Boolean) run.get("static"),
                    Cell.parse((String) run.get("cell")), ((Long) run.get("hidden")).intValue(),
                    ((Number) run.get("lr")).doubleValue(), (String) run.get("repr"), initial,
                    ints(run.get("steps")), floats(run.get("losses")), doubles(run.get("drift"))));
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> numpy() {
        return (Map<String, Object>) ROOT.get("numpy");
    }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Map<String, Object> json) {
        int[] shape = ints(json.get("shape"));
        return Tensor.of(floats(json.get("data")), shape);
    }

    @SuppressWarnings("unchecked")
    static float[] floats(Object list) {
        List<Object> values = (List<Object>) list;
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static double[] doubles(Object list) {
        return ((List<Object>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    static int[] ints(Object list) {
        List<Object> values = (List<Object>) list;
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).intValue();
        }
        return out;
    }
}
