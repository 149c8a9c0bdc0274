package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonArray;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each scheduler of the fixture, on an SGD optimizer with two groups (lr 0.1 and 0.05): the
 * learning rates at construction and after each of 100 steps equal PyTorch 1.13's, and a run
 * saved after 50 steps and restored into fresh objects continues exactly as an uninterrupted one.
 */
class SchedulerTest {
    private static final Fixtures SCHEDULES = ReferenceModel.FIXTURES.child("schedules");

    /** The fixture's SCHEDULES, one for one. */
    static final Map<String, Function<Optimizer, LRScheduler>> SCHEDULERS = new LinkedHashMap<>();
    /** The fixture's PLATEAUS, one for one. */
    static final Map<String, Function<Optimizer, ReduceLROnPlateau>> PLATEAUS = new LinkedHashMap<>();

    static {
        SCHEDULERS.put("step", o -> new StepLR(o, 7, 0.5));
        SCHEDULERS.put("multi_step", o -> new MultiStepLR(o, List.of(10, 25, 25, 60), 0.5));
        SCHEDULERS.put("exponential", o -> new ExponentialLR(o, 0.97));
        SCHEDULERS.put("cosine", o -> new CosineAnnealingLR(o, 30, 0.001));
        SCHEDULERS.put("cosine_no_min", o -> new CosineAnnealingLR(o, 45));
        SCHEDULERS.put("linear", o -> new LinearLR(o, 0.1, 1.0, 10));
        SCHEDULERS.put("linear_decay", o -> new LinearLR(o, 1.0, 0.2, 60));
        SCHEDULERS.put("constant", o -> new ConstantLR(o, 0.5, 4));
        SCHEDULERS.put("warmup_cosine", o -> new SequentialLR(o,
                List.of(new LinearLR(o, 0.05, 1.0, 5), new CosineAnnealingLR(o, 95)), List.of(5)));
        SCHEDULERS.put("warmup_step_exponential", o -> new SequentialLR(o,
                List.of(new ConstantLR(o, 0.25, 10), new StepLR(o, 10, 0.7), new ExponentialLR(o, 0.95)),
                List.of(10, 40)));
        SCHEDULERS.put("chained_warmup_exponential", o -> new ChainedScheduler(
                List.of(new LinearLR(o, 0.2, 1.0, 8), new ExponentialLR(o, 0.95))));
        SCHEDULERS.put("chained_warmup_cosine", o -> new ChainedScheduler(
                List.of(new LinearLR(o, 0.1, 1.0, 10), new CosineAnnealingLR(o, 25, 0.0))));
        PLATEAUS.put("plateau_min_rel", o -> ReduceLROnPlateau.builder(o).mode("min").factor(0.5).patience(3)
                .threshold(0.01).thresholdMode("rel").cooldown(2).minLrs(0.01, 0.002).build());
        PLATEAUS.put("plateau_min_abs", o -> ReduceLROnPlateau.builder(o).mode("min").factor(0.3).patience(0)
                .threshold(0.005).thresholdMode("abs").build());
        PLATEAUS.put("plateau_max_rel", o -> ReduceLROnPlateau.builder(o).mode("max").factor(0.1).patience(5)
                .minLr(1e-4).eps(1e-3).build());
        PLATEAUS.put("plateau_max_abs", o -> ReduceLROnPlateau.builder(o).mode("max").factor(0.5).patience(2)
                .threshold(0.1).thresholdMode("abs").cooldown(5).build());
    }

    /** SGD over two groups, lr 0.1 and 0.05, as the fixture's schedule() builds it. */
    static SGD twoGroupSgd() {
        return SGD.builder(ParamGroup.of(Tensor.zeros(2).requiresGrad(true)),
                ParamGroup.of(Tensor.zeros(3).requiresGrad(true)).set("lr", 0.05)).lr(0.1).build();
    }

    @Test
    void everyFixtureScheduleHasAJavaScheduler() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(SCHEDULERS.keySet());
        names.addAll(PLATEAUS.keySet());
        assertEquals(SCHEDULES.keys(), names);
    }

    @TestFactory
    Stream<DynamicTest> learningRatesMatchPyTorch() {
        Stream<DynamicTest> plain = SCHEDULERS.keySet().stream().map(name -> dynamicTest(name, () -> {
            SGD sgd = twoGroupSgd();
            LRScheduler scheduler = SCHEDULERS.get(name).apply(sgd);
            JsonArray expected = SCHEDULES.json(name).getAsJsonArray();
            assertLrs(expected, 0, scheduler.getLastLr(), name);
            for (int step = 1; step < expected.size(); step++) {
                sgd.step();
                scheduler.step();
                assertLrs(expected, step, scheduler.getLastLr(), name);
                assertArrayEquals(scheduler.getLastLr(), groupLrs(sgd), name + ": getLastLr vs the groups");
            }
        }));
        Stream<DynamicTest> plateaus = PLATEAUS.keySet().stream().map(name -> dynamicTest(name, () -> {
            SGD sgd = twoGroupSgd();
            ReduceLROnPlateau scheduler = PLATEAUS.get(name).apply(sgd);
            JsonArray expected = SCHEDULES.json(name).getAsJsonArray();
            assertLrs(expected, 0, groupLrs(sgd), name);
            for (int step = 1; step < expected.size(); step++) {
                sgd.step();
                scheduler.step(ReferenceModel.metric(step - 1));
                assertLrs(expected, step, scheduler.getLastLr(), name);
            }
        }));
        return Stream.concat(plain, plateaus);
    }

    @TestFactory
    Stream<DynamicTest> resumingFromStateDictsContinuesExactly() {
        Stream<DynamicTest> plain = SCHEDULERS.keySet().stream().map(name -> dynamicTest(name, () -> {
            SGD straight = twoGroupSgd();
            LRScheduler straightScheduler = SCHEDULERS.get(name).apply(straight);
            SGD first = twoGroupSgd();
            LRScheduler firstScheduler = SCHEDULERS.get(name).apply(first);
            for (int step = 0; step < 50; step++) {
                straightScheduler.step();
                firstScheduler.step();
            }
            OptimizerState optimizerState = first.stateDict();
            Map<String, Object> schedulerState = firstScheduler.stateDict();
            SGD resumed = twoGroupSgd();
            LRScheduler resumedScheduler = SCHEDULERS.get(name).apply(resumed);
            resumed.loadStateDict(optimizerState);
            resumedScheduler.loadStateDict(schedulerState);
            assertEquals(schedulerState, resumedScheduler.stateDict(), name + ": state dict after loading");
            for (int step = 50; step < 100; step++) {
                straightScheduler.step();
                resumedScheduler.step();
                assertArrayEquals(straightScheduler.getLastLr(), resumedScheduler.getLastLr(), name + " step " + step);
                assertArrayEquals(groupLrs(straight), groupLrs(resumed), name + " step " + step);
            }
        }));
        Stream<DynamicTest> plateaus = PLATEAUS.keySet().stream().map(name -> dynamicTest(name, () -> {
            SGD straight = twoGroupSgd();
            ReduceLROnPlateau straightScheduler = PLATEAUS.get(name).apply(straight);
            SGD first = twoGroupSgd();
            ReduceLROnPlateau firstScheduler = PLATEAUS.get(name).apply(first);
            for (int step = 0; step < 50; step++) {
                straightScheduler.step(ReferenceModel.metric(step));
                firstScheduler.step(ReferenceModel.metric(step));
            }
            SGD resumed = twoGroupSgd();
            ReduceLROnPlateau resumedScheduler = ReduceLROnPlateau.builder(resumed).build();   // other settings
            resumed.loadStateDict(first.stateDict());
            resumedScheduler.loadStateDict(firstScheduler.stateDict());
            for (int step = 50; step < 100; step++) {
                straightScheduler.step(ReferenceModel.metric(step));
                resumedScheduler.step(ReferenceModel.metric(step));
                assertArrayEquals(straightScheduler.getLastLr(), resumedScheduler.getLastLr(), name + " step " + step);
            }
        }));
        return Stream.concat(plain, plateaus);
    }

    /**
     * Equal up to a few units in the last place of a double: the schedules compute as PyTorch's
     * Python code, and only {@code cos} comes from a different library (on the x86-64 JVMs this
     * was written on, HotSpot's cos agrees with glibc's and the rates are identical).
     */
    private static void assertLrs(JsonArray expected, int step, double[] actual, String name) {
        JsonArray row = expected.get(step).getAsJsonArray();
        assertEquals(row.size(), actual.length, name + ": number of groups");
        for (int g = 0; g < actual.length; g++) {
            double wanted = row.get(g).getAsDouble();
            assertEquals(wanted, actual[g], 4 * Math.ulp(wanted), name + ": lr of group " + g + " after step " + step);
        }
    }

    static double[] groupLrs(Optimizer optimizer) {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }
}
