package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * l = (x - y)^2: PyTorch's {@code nn.MSELoss}. Input and target have one shape; the result is 0-dim, or that
 * shape with {@link Reduction#NONE}.
 */
public final class MSELoss extends Module implements Loss {
    private final Reduction reduction;

    /** Mean over elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** Reduced by {@code reduction}. */
    public MSELoss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("MSELoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.mseLoss(input, target, reduction);
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }
}
