package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * Sigmoid plus binary cross entropy in one overflow-safe op: PyTorch's
 * {@code nn.BCEWithLogitsLoss}.
 * <pre>
 *   l = -w (pw y log sigmoid(x) + (1 - y) log(1 - sigmoid(x)))
 * </pre>
 * Input logits and target (in [0, 1]) have one shape. The optional {@code weight} w and
 * {@code pos_weight} pw broadcast to it and are kept as buffers, as in PyTorch.
 */
public final class BCEWithLogitsLoss extends Module implements Loss {
    private final Tensor weight;
    private final Tensor posWeight;
    private final Reduction reduction;

    /** Mean over elements, no weights. */
    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    /** No weights, reduced by {@code reduction}. */
    public BCEWithLogitsLoss(Reduction reduction) {
        this(null, null, reduction);
    }

    /**
     * @param weight    per-element weight broadcast to the input's shape, or null
     * @param posWeight weight of positive examples broadcast to the input's shape (typically
     *                  (classes)), or null
     */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.weight = weight == null ? null : registerBuffer("weight", weight.detach());
        this.posWeight = posWeight == null ? null : registerBuffer("pos_weight", posWeight.detach());
        this.reduction = reduction;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }
}
