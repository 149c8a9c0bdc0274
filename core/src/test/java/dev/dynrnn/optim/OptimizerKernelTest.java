package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The update arithmetic alone, bit for bit: with PyTorch's gradients given (not computed), every
 * configuration reproduces PyTorch 1.13's parameters and state exactly after 20 steps, on
 * parameters of 40, 16 and 3 elements (PyTorch's vectorised loop and its scalar tail), one of
 * which gets a gradient only every other step.
 */
class OptimizerKernelTest {
    private static final Fixtures KERNELS = ReferenceModel.FIXTURES.child("kernels");
    private static final int STEPS = KERNELS.json("grads").getAsJsonArray().size();

    @Test
    void everyConfigurationWithoutClippingHasAKernelRun() {
        Set<String> expected = new HashSet<>();
        ReferenceRuns.RUNS.forEach((name, run) -> {
            if (run.clip() == null) {
                expected.add(name);
            }
        });
        assertEquals(expected, KERNELS.child("runs").keys());
    }

    @TestFactory
    Stream<DynamicTest> updatesMatchPyTorchExactly() {
        return KERNELS.child("runs").keys().stream().map(name -> dynamicTest(name, () -> checkRun(name)));
    }

    private static void checkRun(String name) {
        ReferenceRuns.Run run = ReferenceRuns.RUNS.get(name);
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            params.add(tensor("initial", i).requiresGrad(true));
        }
        Optimizer optimizer = run.optimizer().apply(params);
        LRScheduler scheduler = run.scheduler() == null ? null : run.scheduler().apply(optimizer);
        ReduceLROnPlateau plateau = run.plateau() == null ? null : run.plateau().apply(optimizer);
        for (int step = 0; step < STEPS; step++) {
            optimizer.zeroGrad();
            for (int i = 0; i < 3; i++) {
                if (i < 2 || step % 2 == 0) {
                    params.get(i).setGrad(tensor(KERNELS.json("grads").getAsJsonArray().get(step), i));
                }
            }
            optimizer.step();
            if (scheduler != null) {
                scheduler.step();
            }
            if (plateau != null) {
                plateau.step(ReferenceModel.metric(step));
            }
        }
        Fixtures expected = KERNELS.child("runs." + name);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(tensor(expected, "params", i).toArray(), params.get(i).toArray(),
                    name + ": parameter " + i + " after " + STEPS + " steps");
        }
        OptimizerState state = optimizer.stateDict();
        JsonObject expectedState = expected.json("state.state").getAsJsonObject();
        for (String index : expectedState.keySet()) {
            JsonObject entries = expectedState.getAsJsonObject(index);
            for (String key : entries.keySet()) {
                if (entries.get(key).isJsonNull()) {
                    continue;
                }
                int i = Integer.parseInt(index);
                if (key.equals("step")) {
                    assertEquals((long) entries.get(key).getAsDouble(), state.step(i), name + ": step of " + i);
                } else {
                    assertArrayEquals(expected.child("state.state." + index).tensor(key).toArray(),
                            state.tensor(i, key).toArray(), name + ": state " + key + " of parameter " + i);
                }
            }
        }
    }

    private static Tensor tensor(String path, int index) {
        return tensor(KERNELS, path, index);
    }

    private static Tensor tensor(Fixtures fixtures, String path, int index) {
        return tensor(fixtures.json(path), index);
    }

    /** Entry {@code index} of a JSON list of tensors. */
    private static Tensor tensor(JsonElement list, int index) {
        JsonObject object = list.getAsJsonArray().get(index).getAsJsonObject();
        int[] shape = new int[object.getAsJsonArray("shape").size()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = object.getAsJsonArray("shape").get(d).getAsInt();
        }
        float[] data = new float[object.getAsJsonArray("data").size()];
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) object.getAsJsonArray("data").get(k).getAsDouble();
        }
        return Tensor.of(data, shape);
    }
}
