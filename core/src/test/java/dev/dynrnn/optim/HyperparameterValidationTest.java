package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynrnn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid hyperparameters and misuse are rejected with PyTorch's messages, naming the value. */
class HyperparameterValidationTest {
    private final List<Tensor> params = List.of(Tensor.ones(2).requiresGrad(true));

    private static void rejects(String message, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(message, e.getMessage());
    }

    @Test
    void sgd() {
        rejects("Invalid learning rate: -0.1", () -> new SGD(params, -0.1));
        rejects("Invalid momentum value: -1.0", () -> SGD.builder(params).lr(0.1).momentum(-1));
        rejects("Invalid weight_decay value: -0.01", () -> SGD.builder(params).lr(0.1).weightDecay(-0.01));
        rejects("Nesterov momentum requires a momentum and zero dampening",
                () -> SGD.builder(params).lr(0.1).nesterov(true).build());
        rejects("Nesterov momentum requires a momentum and zero dampening",
                () -> SGD.builder(params).lr(0.1).momentum(0.9).dampening(0.1).nesterov(true).build());
        rejects("parameter group didn't specify a value of required optimization parameter lr",
                () -> SGD.builder(params).momentum(0.9).build());
        rejects("Invalid learning rate: nan", () -> new SGD(params, Double.NaN));
    }

    @Test
    void adamAndAdamW() {
        rejects("Invalid learning rate: -0.1", () -> new Adam(params, -0.1));
        rejects("Invalid beta parameter at index 0: 1.0", () -> Adam.builder(params).betas(1.0, 0.999));
        rejects("Invalid beta parameter at index 1: -0.1", () -> Adam.builder(params).betas(0.9, -0.1));
        rejects("Invalid epsilon value: -1e-08", () -> Adam.builder(params).eps(-1e-8));
        rejects("Invalid weight_decay value: -1e-05", () -> Adam.builder(params).weightDecay(-1e-5));
        rejects("Invalid beta parameter at index 0: 1.5", () -> AdamW.builder(params).betas(1.5, 0.9));
        rejects("Invalid learning rate: -0.001", () -> new AdamW(params, -1e-3));
    }

    @Test
    void rmspropAndAdagrad() {
        rejects("Invalid learning rate: -0.01", () -> new RMSprop(params, -0.01));
        rejects("Invalid alpha value: -0.5", () -> RMSprop.builder(params).alpha(-0.5));
        rejects("Invalid momentum value: -0.9", () -> RMSprop.builder(params).momentum(-0.9));
        rejects("Invalid epsilon value: -1.0", () -> RMSprop.builder(params).eps(-1));
        rejects("Invalid learning rate: -1.0", () -> new Adagrad(params, -1));
        rejects("Invalid lr_decay value: -1.0", () -> Adagrad.builder(params).lrDecay(-1));
        rejects("Invalid initial_accumulator_value value: -0.1", () -> Adagrad.builder(params).initialAccumulatorValue(-0.1));
        rejects("Invalid weight_decay value: -2.0", () -> Adagrad.builder(params).weightDecay(-2));
    }

    @Test
    void groupValuesAreCheckedWhenAddedAndWhenSet() {
        rejects("Invalid learning rate: -0.5",
                () -> SGD.builder(ParamGroup.of(params).set("lr", -0.5)).lr(0.1).build());
        rejects("SGD has no hyperparameter 'betas' (its hyperparameters: lr, momentum, dampening, weight_decay, "
                + "nesterov, maximize)", () -> SGD.builder(ParamGroup.of(params).set("betas", List.of(0.9, 0.99)))
                .lr(0.1).build());
        rejects("Invalid beta parameter at index 1: 1.0",
                () -> Adam.builder(ParamGroup.of(params).set("betas", new double[] {0.5, 1.0})).build());
        SGD sgd = SGD.builder(params).lr(0.1).momentum(0.9).nesterov(true).build();
        ParamGroup group = sgd.paramGroups().get(0);
        rejects("Invalid learning rate: -1.0", () -> group.set("lr", -1.0));
        rejects("Nesterov momentum requires a momentum and zero dampening", () -> group.set("momentum", 0.0));
        rejects("hyperparameter 'lr' must be a number, got String fast", () -> group.set("lr", "fast"));
        rejects("hyperparameter 'nesterov' must be a boolean, got Integer 1", () -> group.set("nesterov", 1));
        rejects("Adam has no hyperparameter 'momentum' (its hyperparameters: lr, betas, eps, weight_decay, amsgrad, "
                + "maximize)", () -> new Adam(params).paramGroups().get(0).set("momentum", 0.9));
        assertEquals(0.1, group.lr());          // rejected values leave the group as it was
        assertEquals(0.9, group.getDouble("momentum"));
        rejects("param group has no hyperparameter 'betas' (it has: lr, momentum, dampening, weight_decay, nesterov, "
                + "maximize)", () -> group.get("betas"));
    }

    @Test
    void parameterListsAreChecked() {
        rejects("optimizer got an empty parameter list", () -> new SGD(List.of(), 0.1));
        Tensor p = Tensor.ones(2).requiresGrad(true);
        rejects("optimizer contains a parameter group with duplicate parameters (parameters 0 and 1 are the same "
                + "tensor)", () -> new SGD(List.of(p, p), 0.1));
        rejects("some parameters appear in more than one parameter group",
                () -> SGD.builder(ParamGroup.of(p), ParamGroup.of(p)).lr(0.1).build());
        rejects("can't optimize a non-leaf Tensor (parameter 0 of the group has grad_fn MulBackward0)",
                () -> new SGD(List.of(p.mul(2f)), 0.1));
        ParamGroup group = ParamGroup.of(p);
        new SGD(List.of(Tensor.ones(1).requiresGrad(true)), 0.1).addParamGroup(group);
        rejects("this param group already belongs to an optimizer (SGD)", () -> new Adam(List.of(Tensor.ones(1).requiresGrad(true))).addParamGroup(group));
    }

    @Test
    void stateDictsMustFitTheOptimizer() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        Tensor b = Tensor.ones(3).requiresGrad(true);
        Adam two = Adam.builder(ParamGroup.of(a), ParamGroup.of(b)).build();
        a.setGrad(Tensor.ones(2));
        b.setGrad(Tensor.ones(3));
        two.step();
        OptimizerState saved = two.stateDict();
        rejects("loaded state dict has a different number of parameter groups (2, the optimizer has 1)",
                () -> new Adam(List.of(a, b)).loadStateDict(saved));
        rejects("loaded state dict contains a parameter group that doesn't match the size of optimizer's group "
                + "(group 0: 1 saved, 2 in the optimizer)", () -> Adam.builder(ParamGroup.of(a, Tensor.ones(1)
                .requiresGrad(true)), ParamGroup.of(b)).build().loadStateDict(saved));
        rejects("state 'exp_avg' of parameter 0 has shape [2] but the parameter has shape [3]",
                () -> Adam.builder(ParamGroup.of(b), ParamGroup.of(a)).build().loadStateDict(saved));
        Adam target = Adam.builder(ParamGroup.of(Tensor.ones(2).requiresGrad(true)), ParamGroup.of(Tensor.ones(3)
                .requiresGrad(true))).lr(0.5).build();
        OptimizerState badLr = new OptimizerState(saved.state(), List.of(
                Map.of("lr", -3.0, "params", List.of(0)), saved.paramGroups().get(1)));
        rejects("Invalid learning rate: -3.0", () -> target.loadStateDict(badLr));
        assertEquals(0.5, target.paramGroups().get(0).lr());   // a rejected state dict changes nothing
        assertEquals(Map.of(), target.state(target.paramGroups().get(0).params().get(0)));
    }

    @Test
    void schedulers() {
        SGD sgd = new SGD(params, 0.1);
        rejects("StepLR step_size must be positive, got 0", () -> new StepLR(sgd, 0, 0.1));
        rejects("CosineAnnealingLR T_max must be positive, got 0", () -> new CosineAnnealingLR(sgd, 0));
        rejects("Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got 0.0",
                () -> new LinearLR(sgd, 0, 1, 5));
        rejects("Ending multiplicative factor expected to be between 0 and 1, got 1.5", () -> new LinearLR(sgd, 0.5, 1.5, 5));
        rejects("LinearLR total_iters must be positive, got 0", () -> new LinearLR(sgd, 0.5, 1, 0));
        rejects("Constant multiplicative factor expected to be between 0 and 1, got 2.0", () -> new ConstantLR(sgd, 2, 5));
        rejects("Factor should be < 1.0, got 1.0", () -> ReduceLROnPlateau.builder(sgd).factor(1.0));
        rejects("mode median is unknown!", () -> ReduceLROnPlateau.builder(sgd).mode("median"));
        rejects("threshold mode relative is unknown!", () -> ReduceLROnPlateau.builder(sgd).thresholdMode("relative"));
        rejects("expected 1 min_lrs, got 2", () -> ReduceLROnPlateau.builder(sgd).minLrs(0.1, 0.2).build());
        SGD other = new SGD(List.of(Tensor.ones(1).requiresGrad(true)), 0.1);
        rejects("Sequential Schedulers expects number of schedulers provided to be one more than the number of "
                + "milestone points, but got number of schedulers 2 and the number of milestones to be equal to 2",
                () -> new SequentialLR(sgd, List.of(new LinearLR(sgd), new ExponentialLR(sgd, 0.9)), List.of(3, 6)));
        rejects("Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at "
                + "index 1 to be different than the optimizer passed in.",
                () -> new SequentialLR(sgd, List.of(new LinearLR(sgd), new ExponentialLR(other, 0.9)), List.of(3)));
        rejects("SequentialLR milestones must be increasing, got [6, 3]", () -> new SequentialLR(sgd,
                List.of(new LinearLR(sgd), new StepLR(sgd, 2), new ExponentialLR(sgd, 0.9)), List.of(6, 3)));
        rejects("ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at "
                + "index 0 and 1 to be different",
                () -> new ChainedScheduler(List.of(new ExponentialLR(sgd, 0.9), new ExponentialLR(other, 0.9))));
        rejects("StepLR state dict has no entry 'base_lrs' (it has: last_epoch)",
                () -> new StepLR(sgd, 3).loadStateDict(Map.of("last_epoch", 3)));
    }

    @Test
    void pythonReprOfNumbers() {
        assertEquals("-0.1", PyRepr.of(-0.1));
        assertEquals("1e-05", PyRepr.of(1e-5));
        assertEquals("1.5e-07", PyRepr.of(1.5e-7));
        assertEquals("0.0001", PyRepr.of(1e-4));
        assertEquals("1e+16", PyRepr.of(1e16));
        assertEquals("1234567890123456.0", PyRepr.of(1234567890123456.0));
        assertEquals("1.0", PyRepr.of(1.0));
        assertEquals("-0.0", PyRepr.of(-0.0));
        assertEquals("0.30000000000000004", PyRepr.of(0.1 + 0.2));
        assertEquals("nan", PyRepr.of(Double.NaN));
        assertEquals("-inf", PyRepr.of(Double.NEGATIVE_INFINITY));
    }
}
