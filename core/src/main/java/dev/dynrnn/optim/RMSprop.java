package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop: {@code torch.optim.RMSprop}.
 *
 * <p>For each parameter θ with gradient g (PyTorch 1.13, {@code foreach=False}):
 * <pre>
 *   g ← −g                         if maximize
 *   g ← g + λ θ                    if weight_decay λ ≠ 0
 *   v ← α v + (1 − α) g²
 *   a ← √v + ε,   or, if centered:  ḡ ← α ḡ + (1 − α) g,  a ← √(v − ḡ²) + ε
 *   b ← μ b + g / a,  θ ← θ − γ b   if momentum μ > 0
 *   θ ← θ − γ g / a                  otherwise
 * </pre>
 * State: {@code "step"}, {@code "square_avg"} (v), {@code "momentum_buffer"} (b, with momentum),
 * {@code "grad_avg"} (ḡ, when centered). Hyperparameters: {@code lr} = 1e-2, {@code momentum} = 0,
 * {@code alpha} = 0.99, {@code eps} = 1e-8, {@code centered} = false, {@code weight_decay} = 0,
 * {@code maximize} = false.
 *
 * <pre>{@code
 * RMSprop rmsprop = RMSprop.builder(model.parameters()).lr(1e-3).momentum(0.9).centered(true).build();
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    static final List<String> NAMES =
            List.of("lr", "momentum", "alpha", "eps", "centered", "weight_decay", "maximize");

    /** RMSprop with PyTorch's defaults (lr 1e-2). */
    public RMSprop(List<Tensor> params) {
        this(builder(params));
    }

    /** RMSprop with learning rate {@code lr} and the other defaults. */
    public RMSprop(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private RMSprop(Builder builder) {
        super(builder.groups(), NAMES, builder.defaults());
    }

    /** A builder for RMSprop over one group of {@code params}. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(singleGroup(params));
    }

    /** A builder for RMSprop over parameter groups, each of which may override the defaults set on the builder. */
    public static Builder builder(ParamGroup... groups) {
        return new Builder(Arrays.asList(groups));
    }

    /** RMSprop's hyperparameters, named as the arguments of {@code torch.optim.RMSprop}. */
    public static final class Builder extends Optimizer.Builder<Builder, RMSprop> {
        private Builder(List<ParamGroup> groups) {
            super(groups, RMSprop::check, pytorchDefaults());
        }

        private static Map<String, Object> pytorchDefaults() {
            Map<String, Object> defaults = new LinkedHashMap<>();
            defaults.put("lr", 1e-2);
            defaults.put("momentum", 0.0);
            defaults.put("alpha", 0.99);
            defaults.put("eps", 1e-8);
            defaults.put("centered", false);
            defaults.put("weight_decay", 0.0);
            defaults.put("maximize", false);
            return defaults;
        }

        /** Learning rate γ (default 1e-2). */
        public Builder lr(double lr) {
            return set("lr", lr);
        }

        /** Momentum factor μ (default 0). */
        public Builder momentum(double momentum) {
            return set("momentum", momentum);
        }

        /** Smoothing constant α of the squared-gradient average (default 0.99). */
        public Builder alpha(double alpha) {
            return set("alpha", alpha);
        }

        /** Added to the denominator for stability (default 1e-8). */
        public Builder eps(double eps) {
            return set("eps", eps);
        }

        /** Normalise by the estimated variance of the gradient instead of its second moment (default false). */
        public Builder centered(boolean centered) {
            return set("centered", centered);
        }

        /** L2 penalty λ added to the gradient (default 0). */
        public Builder weightDecay(double weightDecay) {
            return set("weight_decay", weightDecay);
        }

        /** Maximize the objective instead of minimizing it (default false). */
        public Builder maximize(boolean maximize) {
            return set("maximize", maximize);
        }

        @Override
        public RMSprop build() {
            return new RMSprop(this);
        }
    }

    static Object check(String name, Object value) {
        return switch (name) {
            case "lr" -> Checks.atLeastZero(name, value, "Invalid learning rate: ");
            case "eps" -> Checks.atLeastZero(name, value, "Invalid epsilon value: ");
            case "momentum" -> Checks.atLeastZero(name, value, "Invalid momentum value: ");
            case "weight_decay" -> Checks.atLeastZero(name, value, "Invalid weight_decay value: ");
            case "alpha" -> Checks.atLeastZero(name, value, "Invalid alpha value: ");
            case "centered", "maximize" -> Checks.flag(name, value);
            default -> throw Checks.unknown("RMSprop", name, NAMES);
        };
    }

    @Override
    protected Object checkHyperparameter(String name, Object value) {
        return check(name, value);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Map<String, Object> state) {
        double alpha = group.getDouble("alpha");
        double momentum = group.getDouble("momentum");
        double weightDecay = group.getDouble("weight_decay");
        boolean centered = group.getBoolean("centered");
        boolean maximize = group.getBoolean("maximize");
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        float mu = (float) momentum;
        float eps = (float) group.getDouble("eps");
        float decay = (float) weightDecay;
        float negLr = (float) -group.lr();

        Optimizer.incrementStep(state);   // counted as PyTorch does, though the update does not use it
        float[] squareAvg = buffer(state, "square_avg", param).storage();
        float[] gradAvg = centered ? buffer(state, "grad_avg", param).storage() : null;
        float[] b = momentum > 0 ? buffer(state, "momentum_buffer", param).storage() : null;

        Tensor target = writable(param);
        Tensor grad = contiguousGrad(param);
        float[] p = target.storage();
        float[] g = grad.storage();
        int po = target.storageOffset();
        int go = grad.storageOffset();
        int n = param.numel();
        for (int i = 0; i < n; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (SubnormalFloat.tiny(squareAvg[i]) | (centered && SubnormalFloat.tiny(gradAvg[i]))
                    | (momentum > 0 && SubnormalFloat.tiny(b[i]))) {
                // Averages and buffers whose gradients stopped decay into the subnormal range: the same
                // operations without the hardware's penalty there (see SubnormalFloat).
                double gd = SubnormalFloat.widen(gi);
                double pd = SubnormalFloat.widen(p[po + i]);
                if (weightDecay != 0) {
                    gd = SubnormalFloat.add(gd, pd, decay);
                }
                double square = SubnormalFloat.addcmul(
                        SubnormalFloat.mul(SubnormalFloat.widen(squareAvg[i]), a), gd, gd, oneMinusA);
                squareAvg[i] = SubnormalFloat.narrow(square);
                double avg;
                if (centered) {
                    double mean = SubnormalFloat.add(
                            SubnormalFloat.mul(SubnormalFloat.widen(gradAvg[i]), a), gd, oneMinusA);
                    gradAvg[i] = SubnormalFloat.narrow(mean);
                    avg = SubnormalFloat.sqrt(SubnormalFloat.addcmul(square, mean, mean, -1f));
                } else {
                    avg = SubnormalFloat.sqrt(square);
                }
                avg = SubnormalFloat.plus(avg, eps);
                if (momentum > 0) {
                    double buf = SubnormalFloat.addcdiv(
                            SubnormalFloat.mul(SubnormalFloat.widen(b[i]), mu), gd, avg, 1f);
                    b[i] = SubnormalFloat.narrow(buf);
                    p[po + i] = SubnormalFloat.narrow(SubnormalFloat.add(pd, buf, negLr));
                } else {
                    p[po + i] = SubnormalFloat.narrow(SubnormalFloat.addcdiv(pd, gd, avg, negLr));
                }
                continue;
            }
            if (weightDecay != 0) {
                gi = TorchFloat.add(gi, p[po + i], decay);                        // grad.add(param, alpha=wd)
            }
            squareAvg[i] = TorchFloat.addcmul(squareAvg[i] * a, gi, gi, oneMinusA);
            float avg;
            if (centered) {
                gradAvg[i] = TorchFloat.add(gradAvg[i] * a, gi, oneMinusA);      // grad_avg.mul_(α).add_(g, 1-α)
                avg = TorchFloat.sqrt(TorchFloat.addcmul(squareAvg[i], gradAvg[i], gradAvg[i], -1f));
            } else {
                avg = TorchFloat.sqrt(squareAvg[i]);
            }
            avg += eps;
            if (momentum > 0) {
                b[i] = TorchFloat.addcdiv(b[i] * mu, gi, avg, 1f);               // buf.mul_(μ).addcdiv_(g, avg)
                p[po + i] = TorchFloat.add(p[po + i], b[i], negLr);              // param.add_(buf, alpha=-lr)
            } else {
                p[po + i] = TorchFloat.addcdiv(p[po + i], gi, avg, negLr);       // param.addcdiv_(g, avg, -lr)
            }
        }
        writeBack(param, target);
    }
}
