package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * With d = |x - y|: l = 0.5 d^2 / beta where d &lt; beta, else d - 0.5 beta: PyTorch's
 * {@code nn.SmoothL1Loss}. Input and target have one shape; the result is 0-dim, or that shape
 * with {@link Reduction#NONE}.
 */
public final class SmoothL1Loss extends Module implements Loss {
    private final Reduction reduction;
    private final double beta;

    /** Mean over elements, beta = 1. */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    /** {@code beta} >= 0 is where the loss turns from quadratic to linear (0: the L1 loss). */
    public SmoothL1Loss(Reduction reduction, double beta) {
        if (reduction == null) {
            throw new IllegalArgumentException("SmoothL1Loss: reduction must be NONE, MEAN or SUM, got null");
        }
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
        }
        this.reduction = reduction;
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.smoothL1Loss(input, target, reduction, beta);
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }

    /** Where the loss turns from quadratic to linear. */
    public double beta() {
        return beta;
    }
}
