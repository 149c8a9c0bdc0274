package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * Softmax cross entropy over class indices: PyTorch's {@code nn.CrossEntropyLoss}.
 * <pre>
 *   l_n = -w[t_n] log(softmax(x_n)[t_n])    (0 for targets equal to ignore_index)
 *   mean = sum_n l_n / sum_{n not ignored} w[t_n]
 * </pre>
 * Input logits (C), (N, C) or (N, C, d1, .., dk); target class indices (), (N) or
 * (N, d1, .., dk). An optional class weight (C) is kept as the buffer {@code weight}, as in PyTorch.
 */
public final class CrossEntropyLoss extends Module implements Loss {
    /** PyTorch's default ignore_index. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    private final Tensor weight;
    private final int ignoreIndex;
    private final Reduction reduction;

    /** Mean over targets, no class weights, ignore_index -100. */
    public CrossEntropyLoss() {
        this(null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /** No class weights, ignore_index -100, reduced by {@code reduction}. */
    public CrossEntropyLoss(Reduction reduction) {
        this(null, DEFAULT_IGNORE_INDEX, reduction);
    }

    /**
     * @param weight      per-class weights (C), or null
     * @param ignoreIndex a target value that contributes neither loss nor weight
     */
    public CrossEntropyLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("CrossEntropyLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.weight = weight == null ? null : registerBuffer("weight", weight.detach());
        this.ignoreIndex = ignoreIndex;
        this.reduction = reduction;
    }

    /** @param target class indices as integral values */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.crossEntropy(input, target, weight, ignoreIndex, reduction);
    }

    /** @param target class indices in row-major order of the target shape */
    public Tensor forward(Tensor input, int... target) {
        return Functional.crossEntropy(input, target, weight, ignoreIndex, reduction);
    }

    @Override
    public Reduction reduction() {
        return reduction;
    }

    /** The target value that is skipped ({@code ignore_index}). */
    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** The class weights, or null. */
    public Tensor weight() {
        return weight;
    }
}
