package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checkpoint and resume: 50 steps, a state dict, a fresh optimizer (and scheduler) restored from
 * it, 50 more steps: bit-identical to 100 steps straight, for every reference configuration.
 */
class OptimizerResumeTest {

    @TestFactory
    Stream<DynamicTest> resumedRunIsBitIdenticalToStraightRun() {
        return ReferenceRuns.RUNS.keySet().stream().map(name -> dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) {
        ReferenceRuns.Run run = ReferenceRuns.RUNS.get(name);
        ReferenceRuns.Training straight = new ReferenceRuns.Training(run);
        ReferenceRuns.Training first = new ReferenceRuns.Training(run);
        for (int step = 0; step < 50; step++) {
            straight.step(step);
            first.step(step);
        }
        OptimizerState saved = first.optimizer.stateDict();
        Map<String, Object> savedScheduler = first.scheduler == null ? null : first.scheduler.stateDict();
        Map<String, Object> savedPlateau = first.plateau == null ? null : first.plateau.stateDict();
        // the snapshot does not follow the optimizer it came from
        first.step(50);
        assertStatesEqual(saved, reloadedState(run, saved), name + ": snapshot changed or did not round-trip");

        ReferenceRuns.Training resumed = new ReferenceRuns.Training(run);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < resumed.model.params.size(); i++) {
                resumed.model.params.get(i).copy_(straight.model.params.get(i));
            }
        }
        resumed.optimizer.loadStateDict(saved);
        if (savedScheduler != null) {
            resumed.scheduler.loadStateDict(savedScheduler);
        }
        if (savedPlateau != null) {
            resumed.plateau.loadStateDict(savedPlateau);
        }
        for (int step = 50; step < ReferenceModel.STEPS; step++) {
            straight.step(step);
            resumed.step(step);
            assertArrayEquals(straight.model.flatParams(), resumed.model.flatParams(), name + " after step " + (step + 1));
            assertArrayEquals(straight.groupLrs(), resumed.groupLrs(), name + ": lrs after step " + (step + 1));
        }
        assertStatesEqual(straight.optimizer.stateDict(), resumed.optimizer.stateDict(), name + ": final state dicts");
    }

    /** The state dict of a fresh optimizer loaded from {@code saved}. */
    private static OptimizerState reloadedState(ReferenceRuns.Run run, OptimizerState saved) {
        Optimizer fresh = new ReferenceRuns.Training(run).optimizer;
        fresh.loadStateDict(saved);
        return fresh.stateDict();
    }

    /** Same structure, same numbers, and tensors with bit-identical elements. */
    static void assertStatesEqual(OptimizerState expected, OptimizerState actual, String what) {
        assertDeepEquals(expected.state(), actual.state(), what + ": state");
        assertDeepEquals(expected.paramGroups(), actual.paramGroups(), what + ": param_groups");
    }

    private static void assertDeepEquals(Object expected, Object actual, String where) {
        if (expected instanceof Tensor e && actual instanceof Tensor a) {
            assertArrayEquals(e.shape(), a.shape(), where + ": shape");
            assertArrayEquals(e.toArray(), a.toArray(), where);
        } else if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            assertEquals(e.keySet(), a.keySet(), where + ": keys");
            for (Object key : e.keySet()) {
                assertDeepEquals(e.get(key), a.get(key), where + "." + key);
            }
        } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
            assertEquals(e.size(), a.size(), where + ": size");
            for (int i = 0; i < e.size(); i++) {
                assertDeepEquals(e.get(i), a.get(i), where + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

}
