package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam: {@code torch.optim.Adam}.
 *
 * <p>For each parameter θ with gradient g, at step t (PyTorch 1.13, {@code foreach=False}):
 * <pre>
 *   g ← −g                     if maximize
 *   g ← g + λ θ                if weight_decay λ ≠ 0   (L2 penalty; see {@link AdamW} for decoupled decay)
 *   m ← β1 m + (1 − β1) g
 *   v ← β2 v + (1 − β2) g²
 *   v̂ ← max(v̂, v)             if amsgrad, and v̂ replaces v below
 *   θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * State: {@code "step"}, {@code "exp_avg"} (m), {@code "exp_avg_sq"} (v), {@code "max_exp_avg_sq"}
 * (v̂, with amsgrad). Hyperparameters: {@code lr} = 1e-3, {@code betas} = (0.9, 0.999),
 * {@code eps} = 1e-8, {@code weight_decay} = 0, {@code amsgrad} = false, {@code maximize} = false.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 0.02);
 * Adam adam = Adam.builder(model.parameters()).lr(1e-3).betas(0.9, 0.999).eps(1e-8)
 *         .weightDecay(0).amsgrad(true).build();
 * }</pre>
 */
public final class Adam extends Optimizer {
    static final List<String> NAMES = List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize");
    /** The step's scalars (β1^t, β2^t, ...), computed once per step rather than once per parameter. */
    private final AdamStep.Cache steps = new AdamStep.Cache();

    /** Adam with PyTorch's defaults (lr 1e-3). */
    public Adam(List<Tensor> params) {
        this(builder(params));
    }

    /** Adam with learning rate {@code lr} and the other defaults. */
    public Adam(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adam(Builder builder) {
        super(builder.groups(), NAMES, builder.defaults());
    }

    /** A builder for Adam over one group of {@code params}. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(singleGroup(params));
    }

    /** A builder for Adam over parameter groups, each of which may override the defaults set on the builder. */
    public static Builder builder(ParamGroup... groups) {
        return new Builder(Arrays.asList(groups));
    }

    /** Adam's hyperparameters, named as the arguments of {@code torch.optim.Adam}. */
    public static final class Builder extends Optimizer.Builder<Builder, Adam> {
        private Builder(List<ParamGroup> groups) {
            super(groups, Adam::check, pytorchDefaults(0.0));
        }

        /** Learning rate γ (default 1e-3). */
        public Builder lr(double lr) {
            return set("lr", lr);
        }

        /** Decay rates of the moment estimates (default 0.9, 0.999), each in [0, 1). */
        public Builder betas(double beta1, double beta2) {
            return set("betas", new double[] {beta1, beta2});
        }

        /** Added to the denominator for stability (default 1e-8). */
        public Builder eps(double eps) {
            return set("eps", eps);
        }

        /** L2 penalty λ added to the gradient (default 0). */
        public Builder weightDecay(double weightDecay) {
            return set("weight_decay", weightDecay);
        }

        /** The AMSGrad variant (default false). */
        public Builder amsgrad(boolean amsgrad) {
            return set("amsgrad", amsgrad);
        }

        /** Maximize the objective instead of minimizing it (default false). */
        public Builder maximize(boolean maximize) {
            return set("maximize", maximize);
        }

        @Override
        public Adam build() {
            return new Adam(this);
        }
    }

    /** PyTorch's Adam/AdamW defaults; they differ only in weight decay. */
    static Map<String, Object> pytorchDefaults(double weightDecay) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("lr", 1e-3);
        defaults.put("betas", List.of(0.9, 0.999));
        defaults.put("eps", 1e-8);
        defaults.put("weight_decay", weightDecay);
        defaults.put("amsgrad", false);
        defaults.put("maximize", false);
        return defaults;
    }

    static Object check(String name, Object value) {
        return AdamUpdate.check("Adam", name, value);
    }

    @Override
    protected Object checkHyperparameter(String name, Object value) {
        return check(name, value);
    }

    @Override
    protected void beginStep() {
        steps.clear();
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Map<String, Object> state) {
        AdamUpdate.apply(group, param, state, false, steps);
    }
}
