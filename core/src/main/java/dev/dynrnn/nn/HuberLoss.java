package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * With d = |x - y|: l = 0.5 d^2 where d &lt; delta, else delta (d - 0.5 delta): PyTorch's
 * {@code nn.HuberLoss}. Input and target have one shape; the result is 0-dim, or that shape
 * with {@link Reduction#NONE}.
 */
public final class HuberLoss extends Module implements Loss {
    private final Reduction reduction;
    private final double delta;

    /** Mean over elements, delta = 1. */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /** {@code delta} > 0 is where the loss turns from quadratic to linear. */
    public HuberLoss(Reduction reduction, double delta) {
        if (reduction == null) {
            throw new IllegalArgumentException("HuberLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        if (!(delta > 0)) {
            throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
        }
        this.reduction = reduction;
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.huberLoss(input, target, reduction, delta);
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }

    /** Where the loss turns from quadratic to linear. */
    public double delta() {
        return delta;
    }
}
