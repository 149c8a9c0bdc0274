package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the optimizers do beyond the update formulas (which the PyTorch fixtures cover). */
class OptimizerBehaviourTest {

    @Test
    void zeroGradSetsGradientsToNullOrZeroes() {
        Tensor p = Tensor.of(1f, 2f).requiresGrad(true);
        SGD sgd = new SGD(List.of(p), 0.1);
        p.mul(p).sum().backward();
        sgd.zeroGrad(false);
        assertArrayEquals(new float[] {0f, 0f}, p.grad().toArray());
        sgd.zeroGrad();
        assertNull(p.grad());
    }

    @Test
    void aParameterWithoutGradientIsNeitherMovedNorGivenState() {
        Tensor used = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor unused = Tensor.of(3f).requiresGrad(true);
        Adam adam = new Adam(List.of(used, unused), 0.1);
        used.setGrad(Tensor.of(1f, -1f));
        adam.step();
        assertArrayEquals(new float[] {3f}, unused.toArray());
        assertEquals(Map.of(), adam.state(unused));
        assertEquals(1L, adam.state(used).get("step"));
        assertEquals(List.of(0), List.copyOf(adam.stateDict().state().keySet()));
    }

    /** A strided (transposed) parameter is updated exactly as a contiguous one with the same values. */
    @Test
    void stridedParametersAreUpdatedInPlace() {
        List<Function<List<Tensor>, Optimizer>> optimizers = List.of(
                p -> SGD.builder(p).lr(0.1).momentum(0.9).weightDecay(0.01).build(),
                p -> Adam.builder(p).lr(0.01).amsgrad(true).weightDecay(0.1).build(),
                p -> new AdamW(p, 0.01),
                p -> RMSprop.builder(p).centered(true).momentum(0.5).build(),
                p -> Adagrad.builder(p).lrDecay(0.1).build());
        for (Function<List<Tensor>, Optimizer> make : optimizers) {
            Tensor base = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor strided = base.t().requiresGrad(true);                 // (3, 2), not contiguous
            Tensor contiguous = Tensor.of(strided.toArray(), 3, 2).requiresGrad(true);
            assertFalse(strided.isContiguous());
            Optimizer a = make.apply(List.of(strided));
            Optimizer b = make.apply(List.of(contiguous));
            for (int step = 0; step < 3; step++) {
                Tensor grad = Tensor.of(new float[] {0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f}, 3, 2).mul(step + 1f);
                strided.setGrad(grad);
                contiguous.setGrad(grad);
                a.step();
                b.step();
            }
            assertArrayEquals(contiguous.toArray(), strided.toArray(), a.getClass().getSimpleName());
            assertArrayEquals(contiguous.t().toArray(), base.toArray(), a.getClass().getSimpleName() + " storage");
        }
    }

    @Test
    void hyperparametersChangedBetweenStepsTakeEffect() {
        Tensor p = Tensor.of(1f).requiresGrad(true);
        SGD sgd = new SGD(List.of(p), 0.1);
        p.setGrad(Tensor.of(1f));
        sgd.step();
        assertArrayEquals(new float[] {0.9f}, p.toArray());
        sgd.paramGroups().get(0).setLr(0.0);
        sgd.step();
        assertArrayEquals(new float[] {0.9f}, p.toArray());
        sgd.paramGroups().get(0).set("weight_decay", 1.0).setLr(0.5);   // g = 1 + 0.9
        sgd.step();
        assertArrayEquals(new float[] {0.9f - 0.5f * 1.9f}, p.toArray(), 1e-7f);
    }

    @Test
    void groupsTakeTheDefaultsTheyDoNotSet() {
        Tensor a = Tensor.ones(1).requiresGrad(true);
        Tensor b = Tensor.ones(1).requiresGrad(true);
        Adam adam = Adam.builder(ParamGroup.of(a), ParamGroup.of(b).set("lr", 0.5).set("betas", List.of(0.5, 0.6)))
                .lr(0.01).amsgrad(true).build();
        assertEquals(Map.of("lr", 0.01, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", 0.0,
                "amsgrad", true, "maximize", false), adam.paramGroups().get(0).options());
        assertEquals(0.5, adam.paramGroups().get(1).lr());
        assertArrayEquals(new double[] {0.5, 0.6}, adam.paramGroups().get(1).getDoubles("betas"));
        assertTrue(adam.paramGroups().get(1).getBoolean("amsgrad"));
        assertEquals(0.01, adam.defaults().get("lr"));
        assertSame(adam, adam.paramGroups().get(0).optimizer());
    }

    @Test
    void adagradCreatesStateForEveryParameterUpFront() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        Adagrad adagrad = Adagrad.builder(List.of(a)).initialAccumulatorValue(0.25).build();
        assertEquals(0L, adagrad.state(a).get("step"));
        assertArrayEquals(new float[] {0.25f, 0.25f}, ((Tensor) adagrad.state(a).get("sum")).toArray());
        Tensor late = Tensor.ones(3).requiresGrad(true);
        adagrad.addParamGroup(ParamGroup.of(late).set("initial_accumulator_value", 1.0));
        assertArrayEquals(new float[] {1f, 1f, 1f}, ((Tensor) adagrad.state(late).get("sum")).toArray());
        assertEquals(0.01, adagrad.paramGroups().get(1).lr());
    }

    @Test
    void stepWithClosureReturnsTheLossAndSteps() {
        Tensor p = Tensor.of(3f).requiresGrad(true);
        SGD sgd = new SGD(List.of(p), 0.25);
        Tensor loss = sgd.step(() -> {
            sgd.zeroGrad();
            Tensor l = p.mul(p).sum();   // dl/dp = 2p = 6
            l.backward();
            return l;
        });
        assertEquals(9f, loss.item());
        assertArrayEquals(new float[] {1.5f}, p.toArray());
    }

    @Test
    void stateDictIsASnapshotWithPyTorchsLayout() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor b = Tensor.of(3f).requiresGrad(true);
        SGD sgd = SGD.builder(ParamGroup.of(a), ParamGroup.of(b).set("lr", 0.5)).lr(0.1).momentum(0.9).build();
        a.setGrad(Tensor.of(1f, 1f));
        b.setGrad(Tensor.of(1f));
        sgd.step();
        OptimizerState state = sgd.stateDict();
        assertEquals(List.of(0), state.paramGroups().get(0).get("params"));
        assertEquals(List.of(1), state.paramGroups().get(1).get("params"));
        assertEquals(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "params"),
                List.copyOf(state.paramGroups().get(1).keySet()));
        float[] saved = state.tensor(0, "momentum_buffer").toArray();
        sgd.step();
        assertArrayEquals(saved, state.tensor(0, "momentum_buffer").toArray());   // not a view of the live buffer
        assertThrows(UnsupportedOperationException.class, () -> state.state().put(5, Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> state.tensor(1, "exp_avg"));
        assertEquals("parameter 1 has no state 'exp_avg' (it has: momentum_buffer)", e.getMessage());
    }

    @Test
    void loadingPyTorchsNullMomentumBufferMeansNoBuffer() {
        Tensor a = Tensor.of(1f).requiresGrad(true);
        SGD sgd = SGD.builder(List.of(a)).lr(0.1).momentum(0.5).build();
        Map<String, Object> entry = new java.util.HashMap<>();
        entry.put("momentum_buffer", null);
        sgd.loadStateDict(new OptimizerState(Map.of(0, entry), List.of(Map.of("lr", 0.1, "momentum", 0.5,
                "params", List.of(0)))));
        a.setGrad(Tensor.of(2f));
        sgd.step();       // first momentum step: the buffer is the gradient itself
        assertArrayEquals(new float[] {0.8f}, a.toArray());
    }

    @Test
    void loadsPyTorchsTensorStepAndRejectsMisshapenEntries() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Adam adam = new Adam(List.of(a), 0.1);
        Map<String, Object> entry = Map.of("step", Tensor.scalar(7f), "exp_avg", Tensor.zeros(2), "exp_avg_sq",
                Tensor.zeros(2));
        List<Map<String, Object>> groups = List.of(Map.of("params", List.of(0)));
        adam.loadStateDict(new OptimizerState(Map.of(0, entry), groups));
        assertEquals(7L, adam.state(a).get("step"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(
                new OptimizerState(Map.of(0, Map.of("exp_avg", 0.5)), groups)));
        assertEquals("state 'exp_avg' of parameter 0 must be a tensor, got Double 0.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(
                new OptimizerState(Map.of(0, Map.of("step", 2.5)), groups)));
        assertEquals("state 'step' of parameter 0 must be a non-negative integer, got 2.5", e.getMessage());
        assertEquals(7L, adam.state(a).get("step"));
    }

    @Test
    void printsLikePyTorch() {
        SGD sgd = SGD.builder(List.of(Tensor.ones(1).requiresGrad(true))).lr(0.1).momentum(0.9).build();
        assertEquals("SGD (\nParameter Group 0\n    dampening: 0.0\n    lr: 0.1\n    maximize: False\n"
                + "    momentum: 0.9\n    nesterov: False\n    weight_decay: 0.0\n)", sgd.toString());
        Adam adam = new Adam(List.of(Tensor.ones(1).requiresGrad(true)));
        assertTrue(adam.toString().contains("    betas: (0.9, 0.999)\n    eps: 1e-08\n"), adam.toString());
    }

    @Test
    void schedulersSetInitialLrOnTheGroups() {
        SGD sgd = new SGD(List.of(Tensor.ones(1).requiresGrad(true)), 0.1);
        new LinearLR(sgd, 0.5, 1.0, 4);
        ParamGroup group = sgd.paramGroups().get(0);
        assertEquals(0.1, group.getDouble("initial_lr"));
        assertEquals(0.05, group.lr());
        assertNotNull(sgd.stateDict().paramGroups().get(0).get("initial_lr"));
    }
}
