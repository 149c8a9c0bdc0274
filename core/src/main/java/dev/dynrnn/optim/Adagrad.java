package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad: {@code torch.optim.Adagrad}.
 *
 * <p>For each parameter θ with gradient g, at step t (PyTorch 1.13, {@code foreach=False}):
 * <pre>
 *   g ← −g                 if maximize
 *   g ← g + λ θ            if weight_decay λ ≠ 0
 *   γ̃ ← γ / (1 + (t − 1) η)          (lr_decay η)
 *   s ← s + g²
 *   θ ← θ − γ̃ g / (√s + ε)
 * </pre>
 * State, created for every parameter when its group is added (as PyTorch does in the
 * constructor): {@code "step"} = 0 and {@code "sum"} (s) filled with
 * {@code initial_accumulator_value}. Hyperparameters: {@code lr} = 1e-2, {@code lr_decay} = 0,
 * {@code eps} = 1e-10, {@code weight_decay} = 0, {@code initial_accumulator_value} = 0,
 * {@code maximize} = false.
 *
 * <pre>{@code
 * Adagrad adagrad = Adagrad.builder(model.parameters()).lr(0.1).lrDecay(1e-3).build();
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    static final List<String> NAMES =
            List.of("lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value", "maximize");

    /** Adagrad with PyTorch's defaults (lr 1e-2). */
    public Adagrad(List<Tensor> params) {
        this(builder(params));
    }

    /** Adagrad with learning rate {@code lr} and the other defaults. */
    public Adagrad(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adagrad(Builder builder) {
        super(builder.groups(), NAMES, builder.defaults());
    }

    /** A builder for Adagrad over one group of {@code params}. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(singleGroup(params));
    }

    /** A builder for Adagrad over parameter groups, each of which may override the defaults set on the builder. */
    public static Builder builder(ParamGroup... groups) {
        return new Builder(Arrays.asList(groups));
    }

    /** Adagrad's hyperparameters, named as the arguments of {@code torch.optim.Adagrad}. */
    public static final class Builder extends Optimizer.Builder<Builder, Adagrad> {
        private Builder(List<ParamGroup> groups) {
            super(groups, Adagrad::check, pytorchDefaults());
        }

        private static Map<String, Object> pytorchDefaults() {
            Map<String, Object> defaults = new LinkedHashMap<>();
            defaults.put("lr", 1e-2);
            defaults.put("lr_decay", 0.0);
            defaults.put("eps", 1e-10);
            defaults.put("weight_decay", 0.0);
            defaults.put("initial_accumulator_value", 0.0);
            defaults.put("maximize", false);
            return defaults;
        }

        /** Learning rate γ (default 1e-2). */
        public Builder lr(double lr) {
            return set("lr", lr);
        }

        /** Learning-rate decay η: step t uses γ / (1 + (t − 1) η) (default 0). */
        public Builder lrDecay(double lrDecay) {
            return set("lr_decay", lrDecay);
        }

        /** Added to the denominator for stability (default 1e-10). */
        public Builder eps(double eps) {
            return set("eps", eps);
        }

        /** L2 penalty λ added to the gradient (default 0). */
        public Builder weightDecay(double weightDecay) {
            return set("weight_decay", weightDecay);
        }

        /** The starting value of the sum of squared gradients (default 0). */
        public Builder initialAccumulatorValue(double value) {
            return set("initial_accumulator_value", value);
        }

        /** Maximize the objective instead of minimizing it (default false). */
        public Builder maximize(boolean maximize) {
            return set("maximize", maximize);
        }

        @Override
        public Adagrad build() {
            return new Adagrad(this);
        }
    }

    static Object check(String name, Object value) {
        return switch (name) {
            case "lr" -> Checks.atLeastZero(name, value, "Invalid learning rate: ");
            case "lr_decay" -> Checks.atLeastZero(name, value, "Invalid lr_decay value: ");
            case "weight_decay" -> Checks.atLeastZero(name, value, "Invalid weight_decay value: ");
            case "initial_accumulator_value" ->
                    Checks.atLeastZero(name, value, "Invalid initial_accumulator_value value: ");
            case "eps" -> Checks.atLeastZero(name, value, "Invalid epsilon value: ");
            case "maximize" -> Checks.flag(name, value);
            default -> throw Checks.unknown("Adagrad", name, NAMES);
        };
    }

    @Override
    protected Object checkHyperparameter(String name, Object value) {
        return check(name, value);
    }

    /** PyTorch creates Adagrad's state up front, so a state dict lists every parameter. */
    @Override
    protected void onParamGroupAdded(ParamGroup group) {
        float initial = (float) group.getDouble("initial_accumulator_value");
        for (Tensor param : group.params()) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("step", 0L);
            state.put("sum", Tensor.full(initial, param.shape()));
            initialState(param, state);
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Map<String, Object> state) {
        long step = Optimizer.incrementStep(state);
        double weightDecay = group.getDouble("weight_decay");
        boolean maximize = group.getBoolean("maximize");
        double clr = group.lr() / (1 + (step - 1) * group.getDouble("lr_decay"));
        float negClr = (float) -clr;
        float eps = (float) group.getDouble("eps");
        float decay = (float) weightDecay;
        float[] sum = buffer(state, "sum", param).storage();

        Tensor target = writable(param);
        Tensor grad = contiguousGrad(param);
        float[] p = target.storage();
        float[] g = grad.storage();
        int po = target.storageOffset();
        int go = grad.storageOffset();
        int n = param.numel();
        for (int i = 0; i < n; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (weightDecay != 0) {
                gi = TorchFloat.add(gi, p[po + i], decay);                  // grad.add(param, alpha=wd)
            }
            sum[i] = TorchFloat.addcmul(sum[i], gi, gi, 1f);               // state_sum.addcmul_(g, g, value=1)
            float std = TorchFloat.sqrt(sum[i]) + eps;                      // state_sum.sqrt().add_(eps)
            p[po + i] = TorchFloat.addcdiv(p[po + i], gi, std, negClr);    // param.addcdiv_(g, std, -clr)
        }
        writeBack(param, target);
    }
}
