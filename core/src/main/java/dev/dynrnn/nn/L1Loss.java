package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * l = |x - y|: PyTorch's {@code nn.L1Loss}. Input and target have one shape; the result is 0-dim, or that
 * shape with {@link Reduction#NONE}.
 */
public final class L1Loss extends Module implements Loss {
    private final Reduction reduction;

    /** Mean over elements. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** Reduced by {@code reduction}. */
    public L1Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("L1Loss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.l1Loss(input, target, reduction);
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }
}
