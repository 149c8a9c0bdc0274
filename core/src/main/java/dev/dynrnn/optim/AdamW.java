package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay: {@code torch.optim.AdamW}.
 *
 * <p>As {@link Adam}, except that weight decay shrinks the parameter instead of adding to the
 * gradient, before the moments are updated:
 * <pre>
 *   θ ← θ (1 − γ λ)
 *   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²,   v̂ ← max(v̂, v) if amsgrad
 *   θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * State as Adam's. Hyperparameters: {@code lr} = 1e-3, {@code betas} = (0.9, 0.999),
 * {@code eps} = 1e-8, {@code weight_decay} = 1e-2, {@code amsgrad} = false, {@code maximize} = false.
 *
 * <pre>{@code
 * AdamW adamw = AdamW.builder(model.parameters()).lr(3e-4).weightDecay(0.1).build();
 * }</pre>
 */
public final class AdamW extends Optimizer {
    /** The step's scalars (β1^t, β2^t, ...), computed once per step rather than once per parameter. */
    private final AdamStep.Cache steps = new AdamStep.Cache();

    /** AdamW with PyTorch's defaults (lr 1e-3, weight decay 1e-2). */
    public AdamW(List<Tensor> params) {
        this(builder(params));
    }

    /** AdamW with learning rate {@code lr} and the other defaults. */
    public AdamW(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private AdamW(Builder builder) {
        super(builder.groups(), Adam.NAMES, builder.defaults());
    }

    /** A builder for AdamW over one group of {@code params}. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(singleGroup(params));
    }

    /** A builder for AdamW over parameter groups, each of which may override the defaults set on the builder. */
    public static Builder builder(ParamGroup... groups) {
        return new Builder(Arrays.asList(groups));
    }

    /** AdamW's hyperparameters, named as the arguments of {@code torch.optim.AdamW}. */
    public static final class Builder extends Optimizer.Builder<Builder, AdamW> {
        private Builder(List<ParamGroup> groups) {
            super(groups, AdamW::check, Adam.pytorchDefaults(1e-2));
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

        /** Decoupled weight decay λ (default 1e-2). */
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
        public AdamW build() {
            return new AdamW(this);
        }
    }

    static Object check(String name, Object value) {
        return AdamUpdate.check("AdamW", name, value);
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
        AdamUpdate.apply(group, param, state, true, steps);
    }
}
