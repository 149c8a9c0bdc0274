package dev.dynrnn.nn;

import dev.dynrnn.nn.utils.rnn.RnnUtils;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * Stateless functions behind the modules: PyTorch's {@code torch.nn.functional}. Every function
 * is differentiable; the modules hold parameters and options and call these.
 */
public final class Functional {
    private Functional() {}

    // ---------------------------------------------------------------- layers

    /**
     * y = x W^T + b: {@code F.linear}, one autograd node ({@link LinearOp}).
     *
     * @param input  (*, in_features)
     * @param weight (out_features, in_features)
     * @param bias   (out_features), or null for none
     * @return (*, out_features)
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return LinearOp.linear(input, weight, bias);
    }

    /** {@link #dropout(Tensor, double, boolean, Generator)} drawing from the default generator. */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        return dropout(input, p, training, Generator.defaultGenerator());
    }

    /**
     * Inverted dropout, {@code F.dropout}: in training, each element is kept with probability
     * 1 - p and scaled by 1 / (1 - p) (so the expected value is unchanged), otherwise zeroed; the
     * gradient flows through the same mask. Returns {@code input} itself when not training or
     * when p = 0, and zeros without drawing when p = 1, as PyTorch does.
     *
     * <p>The mask is drawn as PyTorch's CPU dropout draws it, {@code bernoulli_(1 - p)} over the
     * elements in row-major order, then divided by 1 - p in float; so after the same seed the
     * masks equal PyTorch's where its bernoulli does (see {@link Generator#bernoulli}).
     */
    public static Tensor dropout(Tensor input, double p, boolean training, Generator generator) {
        checkProbability(p);
        if (!training || p == 0 || input.numel() == 0) {
            return input;
        }
        float[] mask = new float[input.numel()];
        if (p < 1) {
            generator.bernoulli(mask, 0, mask.length, 1 - p);
            float scale = 1f / (float) (1 - p);
            for (int i = 0; i < mask.length; i++) {
                mask[i] *= scale;
            }
        }
        return input.mul(Tensor.wrap(mask, input.shape()));
    }

    static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    /**
     * Rows of {@code weight} picked by {@code indices}: {@code F.embedding}.
     *
     * @param indices any shape S, integral values in [0, num_embeddings)
     * @param weight  (num_embeddings, embedding_dim)
     * @return S + (embedding_dim); the gradient adds each output row into the row it came from
     */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return EmbeddingOp.lookup(indices, weight, null);
    }

    /**
     * {@link #embedding(Tensor, Tensor)} whose row {@code paddingIdx} receives no gradient
     * (negative values count from the end, as PyTorch's {@code padding_idx}).
     */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        return EmbeddingOp.lookup(indices, weight, paddingIdx);
    }

    // ---------------------------------------------------------------- activations

    /** e^(x - max) / sum e^(x - max) along {@code dim}: {@code F.softmax}. */
    public static Tensor softmax(Tensor input, int dim) {
        return SoftmaxOps.softmax(input, dim);
    }

    /** x - max - ln sum e^(x - max) along {@code dim}: {@code F.log_softmax}. */
    public static Tensor logSoftmax(Tensor input, int dim) {
        return SoftmaxOps.logSoftmax(input, dim);
    }

    // ---------------------------------------------------------------- regression losses

    /** Mean squared error, mean over elements: {@code F.mse_loss}. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** l = (x - y)^2, reduced: {@code F.mse_loss}. Input and target must have one shape. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        if (reduction == Reduction.MEAN) {
            return LossOps.mseLossMean(input, sameShape("mse_loss", input, target));
        }
        Tensor difference = input.sub(sameShape("mse_loss", input, target));
        return reduction.apply(difference.mul(difference));
    }

    /** Mean absolute error, mean over elements: {@code F.l1_loss}. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /** l = |x - y|, reduced: {@code F.l1_loss}. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return reduction.apply(input.sub(sameShape("l1_loss", input, target)).abs());
    }

    /**
     * With d = |x - y|: l = 0.5 d^2 / beta where d &lt; beta, else d - 0.5 beta: {@code F.smooth_l1_loss}.
     * beta = 0 is the L1 loss.
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta, got " + beta);
        }
        Tensor distance = input.sub(sameShape("smooth_l1_loss", input, target)).abs();
        if (beta == 0) {
            return reduction.apply(distance);
        }
        // With m = min(d, beta): 0.5 m^2 / beta + (d - m) is each branch of the formula, and its
        // derivative is continuous at d = beta, so no select op is needed.
        Tensor inside = distance.clampMax((float) beta);
        return reduction.apply(inside.mul(inside).mul((float) (0.5 / beta)).add(distance.sub(inside)));
    }

    /**
     * With d = |x - y|: l = 0.5 d^2 where d &lt; delta, else delta (d - 0.5 delta): {@code F.huber_loss}.
     */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss does not support non-positive values for delta, got " + delta);
        }
        Tensor distance = input.sub(sameShape("huber_loss", input, target)).abs();
        // With m = min(d, delta): 0.5 m^2 + delta (d - m) is each branch of the formula.
        Tensor inside = distance.clampMax((float) delta);
        return reduction.apply(inside.mul(inside).mul(0.5f).add(distance.sub(inside).mul((float) delta)));
    }

    /**
     * Unlike PyTorch, which only warns and then broadcasts (usually a bug: a (N, 1) input against
     * a (N) target gives an (N, N) loss), a target whose shape differs from the input's is refused.
     */
    private static Tensor sameShape(String loss, Tensor input, Tensor target) {
        if (!input.sameShape(target)) {
            throw new IllegalArgumentException(loss + ": target size " + Arrays.toString(target.shape())
                    + " is different from the input size " + Arrays.toString(input.shape()));
        }
        return target;
    }

    // ---------------------------------------------------------------- losses over padded batches

    /**
     * The mean of {@code values} over the entries the mask keeps, the padding of a batch of
     * sequences left out:
     * <pre>
     *   masked_mean = sum(values * mask) / sum(mask expanded to values' shape)
     * </pre>
     * PyTorch code writes {@code (loss * mask).sum() / mask.expand_as(loss).sum()}. Use it on a loss
     * computed with {@link Reduction#NONE}; for whole packed outputs no mask is needed (their data
     * holds no padding), and class-index targets can mark padding with {@code ignoreIndex}.
     *
     * @param values (d0, .., dk), e.g. per-element losses (B, T, F)
     * @param mask   the leading dims of values, (d0, .., dj) with j &le; k, e.g. (B, T) from
     *               {@link RnnUtils#sequenceMask}; 1 keeps an entry (with its trailing dims), 0
     *               drops it, other values weigh it
     * @return a 0-dim tensor; NaN when the mask keeps nothing, as the mean of nothing (and where
     *         a dropped entry is infinite or NaN, as 0 * inf is)
     */
    public static Tensor maskedMean(Tensor values, Tensor mask) {
        int[] shape = values.shape();
        int[] maskShape = mask.shape();
        if (maskShape.length > shape.length || !Arrays.equals(shape, 0, maskShape.length, maskShape, 0, maskShape.length)) {
            throw new IllegalArgumentException("masked_mean: the mask's shape " + Arrays.toString(maskShape)
                    + " must be the leading dims of the values' shape " + Arrays.toString(shape));
        }
        int[] aligned = new int[shape.length];
        Arrays.fill(aligned, 1);
        System.arraycopy(maskShape, 0, aligned, 0, maskShape.length);
        int perMaskEntry = mask.numel() == 0 ? 0 : values.numel() / mask.numel();
        Tensor kept = mask.reshape(aligned);
        return values.mul(kept).sum().div(kept.sum().mul(perMaskEntry));
    }

    /**
     * {@link #maskedMean(Tensor, Tensor)} over the first {@code lengths[b]} steps of each sequence b.
     *
     * @param values  (T, B, *), or (B, T, *) with batch_first
     * @param lengths B lengths in [0, T]
     */
    public static Tensor maskedMean(Tensor values, int[] lengths, boolean batchFirst) {
        return maskedMean(values, lengthMask("masked_mean", values, lengths, batchFirst));
    }

    /**
     * Mean squared error over the entries the mask keeps: {@code maskedMean(mseLoss(input,
     * target, NONE), mask)}. Input and target have one shape, the mask its leading dims.
     */
    public static Tensor maskedMseLoss(Tensor input, Tensor target, Tensor mask) {
        return maskedMean(mseLoss(input, target, Reduction.NONE), mask);
    }

    /**
     * Mean squared error over the first {@code lengths[b]} steps of each sequence b of a padded
     * batch: input and target (T, B, *), or (B, T, *) with batch_first; the padding counts for
     * nothing, neither in the loss nor in its gradient.
     */
    public static Tensor maskedMseLoss(Tensor input, Tensor target, int[] lengths, boolean batchFirst) {
        Tensor losses = mseLoss(input, target, Reduction.NONE);
        return maskedMean(losses, lengthMask("masked_mse_loss", losses, lengths, batchFirst));
    }

    private static Tensor lengthMask(String function, Tensor values, int[] lengths, boolean batchFirst) {
        if (values.dim() < 2) {
            throw new IllegalArgumentException(function + ": expected a padded batch " + (batchFirst ? "(B, T, *)" : "(T, B, *)")
                    + " of at least 2 dims, got shape " + Arrays.toString(values.shape()));
        }
        int batch = values.size(batchFirst ? 0 : 1);
        if (lengths.length != batch) {
            throw new IllegalArgumentException(function + ": expected " + batch + " lengths, one per sequence of the batch "
                    + "of shape " + Arrays.toString(values.shape()) + " (batch_first=" + batchFirst + "), got "
                    + lengths.length);
        }
        return RnnUtils.sequenceMask(lengths, values.size(batchFirst ? 1 : 0), batchFirst);
    }

    // ---------------------------------------------------------------- classification losses

    /** Binary cross entropy on logits, mean over elements: {@code F.binary_cross_entropy_with_logits}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * l = -w (pw y ln sigmoid(x) + (1 - y) ln(1 - sigmoid(x))), computed without overflow:
     * {@code F.binary_cross_entropy_with_logits}.
     *
     * @param input     logits x, any shape
     * @param target    y in [0, 1], the input's shape
     * @param weight    w broadcast to the input's shape, or null
     * @param posWeight pw (weight of positive examples, e.g. shape (classes)) broadcast to the
     *                  input's shape, or null
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        return reduction.apply(LossOps.binaryCrossEntropyWithLogits(input, target, weight, posWeight));
    }

    /** Cross entropy over class indices, mean over targets: {@code F.cross_entropy}. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, -100, Reduction.MEAN);
    }

    /**
     * nll_loss(log_softmax(x, class dim), t): {@code F.cross_entropy} with class-index targets.
     *
     * @param input       logits (C), (N, C) or (N, C, d1, .., dk)
     * @param target      class indices as integral values, shape (), (N) or (N, d1, .., dk)
     * @param weight      per-class weights (C), or null
     * @param ignoreIndex a target value that contributes neither loss nor weight (PyTorch's default -100)
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        return nllLoss(logSoftmax(input, classDim(input)), target, weight, ignoreIndex, reduction);
    }

    /**
     * {@link #crossEntropy(Tensor, Tensor, Tensor, int, Reduction)} with the indices as an array
     * in row-major order of the target shape (the input's shape without its class dim).
     */
    public static Tensor crossEntropy(Tensor input, int[] target, Tensor weight, int ignoreIndex, Reduction reduction) {
        return LossOps.nllLoss(logSoftmax(input, classDim(input)), target, targetShape(input), weight, ignoreIndex,
                reduction);
    }

    /** Negative log likelihood of class indices given log-probabilities: {@code F.nll_loss}. */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        return LossOps.nllLoss(input, classIndices(target), target.shape(), weight, ignoreIndex, reduction);
    }

    private static int classDim(Tensor input) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException("cross_entropy: expected input of shape (C), (N, C) or (N, C, d1, ...), "
                    + "got a 0-dim tensor");
        }
        return input.dim() == 1 ? 0 : 1;
    }

    private static int[] targetShape(Tensor input) {
        int[] shape = input.shape();
        if (shape.length <= 1) {
            return new int[0];
        }
        int[] out = new int[shape.length - 1];
        out[0] = shape[0];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        return out;
    }

    /** The values of a tensor of class indices, which must be integral. */
    static int[] classIndices(Tensor target) {
        float[] values = target.toArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i]) || Math.abs(values[i]) > 1 << 24) {
                throw new IllegalArgumentException("expected class indices (integral values), got " + values[i]
                        + " at target element " + i);
            }
            out[i] = (int) values[i];
        }
        return out;
    }
}
