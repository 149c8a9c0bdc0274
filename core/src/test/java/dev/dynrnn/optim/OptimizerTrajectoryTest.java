package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import dev.dynrnn.testing.TensorAssert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer configuration of the fixture, run for 100 steps on the reference model from
 * PyTorch's initial values: the parameters after every step, the learning rates, the norms
 * returned by clipping and the final state dict all match PyTorch 1.13 within 1e-5.
 */
class OptimizerTrajectoryTest {
    private static final double TOLERANCE = 1e-5;
    private static final Fixtures RUN_FIXTURES = ReferenceModel.FIXTURES.child("runs");
    private static final double[] WORST = {0};

    @AfterAll
    static void reportLargestDifference() {
        System.out.printf("optim trajectories: largest |dynrnn - pytorch| over all runs and steps: %.3g%n", WORST[0]);
    }

    @Test
    void everyFixtureRunHasAJavaConfiguration() {
        assertEquals(RUN_FIXTURES.keys(), ReferenceRuns.RUNS.keySet());
    }

    @TestFactory
    Stream<DynamicTest> trajectoriesMatchPyTorch() {
        return ReferenceRuns.RUNS.keySet().stream().map(name -> dynamicTest(name, () -> checkRun(name)));
    }

    private static void checkRun(String name) {
        Fixtures run = RUN_FIXTURES.child(name);
        Tensor expected = run.tensor("params");                         // (steps, 13)
        JsonArray expectedLrs = run.json("lr").getAsJsonArray();       // (steps, groups)
        float[] expectedNorms = run.has("norms") ? run.tensor("norms").toArray() : null;
        ReferenceRuns.Training training = new ReferenceRuns.Training(ReferenceRuns.RUNS.get(name));
        float[] unusedBefore = training.model.unused().toArray();
        double worst = 0;
        for (int step = 0; step < ReferenceModel.STEPS; step++) {
            training.step(step);
            Tensor actual = Tensor.of(training.model.flatParams());
            String where = name + " after step " + (step + 1);
            TensorAssert.assertClose(expected.select(0, step), actual, TOLERANCE, TOLERANCE, where);
            worst = Math.max(worst, maxAbsDifference(expected.select(0, step).toArray(), actual.toArray()));
            double[] lrs = training.groupLrs();
            JsonArray stepLrs = expectedLrs.get(step).getAsJsonArray();
            assertEquals(stepLrs.size(), lrs.length, where + ": number of groups");
            for (int g = 0; g < lrs.length; g++) {
                double lr = stepLrs.get(g).getAsDouble();
                assertEquals(lr, lrs[g], 1e-12 * Math.abs(lr), where + ": lr of group " + g);
            }
            if (expectedNorms != null) {
                float norm = expectedNorms[step];
                assertEquals(norm, training.lastNorm, TOLERANCE * Math.max(1, Math.abs(norm)), where + ": total norm");
            }
        }
        assertNull(training.model.unused().grad(), name + ": the unused parameter got a gradient");
        assertEquals(Tensor.of(unusedBefore).toString(), Tensor.of(training.model.unused().toArray()).toString(),
                name + ": the unused parameter moved");
        checkState(name, run.json("state").getAsJsonObject(), training.optimizer.stateDict());
        synchronized (WORST) {
            WORST[0] = Math.max(WORST[0], worst);
        }
    }

    /** The state dict has PyTorch's entries (keys, tensors within 1e-5, steps) and group hyperparameters. */
    private static void checkState(String name, JsonObject expected, OptimizerState actual) {
        JsonObject state = expected.getAsJsonObject("state");
        Set<Integer> withState = new HashSet<>();
        for (String index : state.keySet()) {
            JsonObject entries = state.getAsJsonObject(index);
            Set<String> keys = new HashSet<>();
            for (String key : entries.keySet()) {
                if (!entries.get(key).isJsonNull()) {     // SGD without momentum: {'momentum_buffer': None}
                    keys.add(key);
                }
            }
            if (keys.isEmpty()) {
                continue;
            }
            int i = Integer.parseInt(index);
            withState.add(i);
            assertTrue(actual.state().containsKey(i), name + ": no state for parameter " + i);
            assertEquals(keys, actual.state().get(i).keySet(), name + ": state keys of parameter " + i);
            for (String key : keys) {
                JsonElement value = entries.get(key);
                if (key.equals("step")) {
                    assertEquals((long) value.getAsDouble(), actual.step(i), name + ": step of parameter " + i);
                } else {
                    Tensor tensor = ReferenceModel.FIXTURES.child("runs." + name + ".state.state." + index).tensor(key);
                    TensorAssert.assertClose(tensor, actual.tensor(i, key), TOLERANCE, TOLERANCE,
                            name + ": state " + key + " of parameter " + i);
                }
            }
        }
        assertEquals(withState, actual.state().keySet(), name + ": parameters with state");
        JsonArray groups = expected.getAsJsonArray("param_groups");
        assertEquals(groups.size(), actual.paramGroups().size(), name + ": number of groups");
        for (int g = 0; g < groups.size(); g++) {
            JsonObject group = groups.get(g).getAsJsonObject();
            Map<String, Object> actualGroup = actual.paramGroups().get(g);
            assertEquals(group.keySet(), actualGroup.keySet(), name + ": keys of group " + g);
            for (String key : group.keySet()) {
                assertEquals(json(group.get(key)), normalise(actualGroup.get(key)), name + ": group " + g + " " + key);
            }
        }
    }

    /** JSON numbers as doubles, booleans, and lists of those. */
    private static Object json(JsonElement element) {
        if (element.isJsonArray()) {
            List<Object> out = new ArrayList<>();
            element.getAsJsonArray().forEach(item -> out.add(json(item)));
            return out;
        }
        if (element.getAsJsonPrimitive().isBoolean()) {
            return element.getAsBoolean();
        }
        return element.getAsDouble();
    }

    private static Object normalise(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(normalise(item)));
            return out;
        }
        return value instanceof Number number ? (Object) number.doubleValue() : value;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
        }
        return worst;
    }
}
