package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum: {@code torch.optim.SGD}.
 *
 * <p>For each parameter θ with gradient g, at step t (PyTorch 1.13, {@code foreach=False}):
 * <pre>
 *   g ← −g                                  if maximize
 *   g ← g + λ θ                             if weight_decay λ ≠ 0
 *   b ← g (t = 1),  b ← μ b + (1 − τ) g (t > 1)    if momentum μ ≠ 0 (dampening τ)
 *   g ← g + μ b  if nesterov,  else  g ← b         if momentum μ ≠ 0
 *   θ ← θ − γ g                              (lr γ)
 * </pre>
 * The momentum buffer is state {@code "momentum_buffer"}. Hyperparameters (PyTorch's names):
 * {@code lr} (required), {@code momentum} = 0, {@code dampening} = 0, {@code weight_decay} = 0,
 * {@code nesterov} = false, {@code maximize} = false.
 *
 * <pre>{@code
 * SGD sgd = new SGD(model.parameters(), 0.1);
 * SGD sgd = SGD.builder(model.parameters()).lr(0.1).momentum(0.9).nesterov(true).build();
 * }</pre>
 */
public final class SGD extends Optimizer {
    static final List<String> NAMES = List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");

    /** Plain SGD on {@code params} with learning rate {@code lr}. */
    public SGD(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private SGD(Builder builder) {
        super(builder.groups(), NAMES, builder.defaults());
    }

    /** A builder for SGD over one group of {@code params}. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(singleGroup(params));
    }

    /** A builder for SGD over parameter groups, each of which may override the defaults set on the builder. */
    public static Builder builder(ParamGroup... groups) {
        return new Builder(Arrays.asList(groups));
    }

    /** SGD's hyperparameters, named as the arguments of {@code torch.optim.SGD}. */
    public static final class Builder extends Optimizer.Builder<Builder, SGD> {
        private Builder(List<ParamGroup> groups) {
            super(groups, SGD::check, pytorchDefaults());
        }

        private static Map<String, Object> pytorchDefaults() {
            Map<String, Object> defaults = new LinkedHashMap<>();
            defaults.put("momentum", 0.0);
            defaults.put("dampening", 0.0);
            defaults.put("weight_decay", 0.0);
            defaults.put("nesterov", false);
            defaults.put("maximize", false);
            return defaults;
        }

        /** Learning rate γ (required, as in PyTorch, unless every group sets it). */
        public Builder lr(double lr) {
            return set("lr", lr);
        }

        /** Momentum factor μ (default 0). */
        public Builder momentum(double momentum) {
            return set("momentum", momentum);
        }

        /** Dampening τ for momentum (default 0). */
        public Builder dampening(double dampening) {
            return set("dampening", dampening);
        }

        /** L2 penalty λ added to the gradient (default 0). */
        public Builder weightDecay(double weightDecay) {
            return set("weight_decay", weightDecay);
        }

        /** Nesterov momentum (default false); needs momentum > 0 and zero dampening. */
        public Builder nesterov(boolean nesterov) {
            return set("nesterov", nesterov);
        }

        /** Maximize the objective instead of minimizing it (default false). */
        public Builder maximize(boolean maximize) {
            return set("maximize", maximize);
        }

        @Override
        public SGD build() {
            return new SGD(this);
        }
    }

    static Object check(String name, Object value) {
        return switch (name) {
            case "lr" -> Checks.atLeastZero(name, value, "Invalid learning rate: ");
            case "momentum" -> Checks.atLeastZero(name, value, "Invalid momentum value: ");
            case "dampening" -> Checks.number(name, value);
            case "weight_decay" -> Checks.atLeastZero(name, value, "Invalid weight_decay value: ");
            case "nesterov", "maximize" -> Checks.flag(name, value);
            default -> throw Checks.unknown("SGD", name, NAMES);
        };
    }

    @Override
    protected Object checkHyperparameter(String name, Object value) {
        return check(name, value);
    }

    @Override
    protected void checkGroup(Map<String, Object> options) {
        if (Boolean.TRUE.equals(options.get("nesterov"))
                && (((Double) options.get("momentum")) <= 0 || ((Double) options.get("dampening")) != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Map<String, Object> state) {
        double momentum = group.getDouble("momentum");
        double weightDecay = group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov");
        boolean maximize = group.getBoolean("maximize");
        float decay = (float) weightDecay;
        float mu = (float) momentum;
        float keep = (float) (1 - group.getDouble("dampening"));
        float negLr = (float) -group.lr();

        Tensor target = writable(param);
        Tensor grad = contiguousGrad(param);
        float[] p = target.storage();
        float[] g = grad.storage();
        int po = target.storageOffset();
        int go = grad.storageOffset();
        int n = param.numel();
        // The first step copies d_p into the buffer (torch.clone(d_p)); later steps decay it.
        boolean firstMomentumStep = momentum != 0 && !state.containsKey("momentum_buffer");
        float[] b = momentum != 0 ? buffer(state, "momentum_buffer", param).storage() : null;
        for (int i = 0; i < n; i++) {
            float dp = maximize ? -g[go + i] : g[go + i];
            if (b != null && SubnormalFloat.tiny(b[i])) {
                // A buffer whose gradients stopped decays into the subnormal range (so it is past its first
                // step): the same operations without the hardware's penalty there (see SubnormalFloat).
                double d = SubnormalFloat.widen(dp);
                double pd = SubnormalFloat.widen(p[po + i]);
                if (weightDecay != 0) {
                    d = SubnormalFloat.add(d, pd, decay);
                }
                double buf = SubnormalFloat.add(SubnormalFloat.mul(SubnormalFloat.widen(b[i]), mu), d, keep);
                b[i] = SubnormalFloat.narrow(buf);
                d = nesterov ? SubnormalFloat.add(d, buf, mu) : buf;
                p[po + i] = SubnormalFloat.narrow(SubnormalFloat.add(pd, d, negLr));
                continue;
            }
            if (weightDecay != 0) {
                dp = TorchFloat.add(dp, p[po + i], decay);                  // d_p.add(param, alpha=wd)
            }
            if (momentum != 0) {
                b[i] = firstMomentumStep ? dp : TorchFloat.add(b[i] * mu, dp, keep);   // buf.mul_(μ).add_(d_p, 1-τ)
                dp = nesterov ? TorchFloat.add(dp, b[i], mu) : b[i];        // d_p.add(buf, alpha=μ) or buf
            }
            p[po + i] = TorchFloat.add(p[po + i], dp, negLr);               // param.add_(d_p, alpha=-lr)
        }
        writeBack(param, target);
    }
}
