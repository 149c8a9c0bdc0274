package dev.dynrnn.nn;

import dev.dynrnn.tensor.Node;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * The losses that are single ops with their own backward: negative log likelihood over class
 * indices (it gathers, which composed ops cannot express), binary cross entropy with logits
 * (written in its overflow-safe form, with PyTorch's gradient formulas) and the mean squared
 * error (the loss of every regression step, one node instead of five). The other regression
 * losses are composed from tensor ops in {@link Functional}.
 */
final class LossOps {
    private LossOps() {}

    /**
     * {@code mse_loss(x, y)} with the mean reduction, x and y of one shape with n elements:
     * <pre>
     *   d = x - y,   loss = (sum_i d_i * d_i) / n       (the sum in double, in row-major order)
     *   dx_i = t * d_i + t * d_i,   dy_i = -dx_i,      t = g / n
     * </pre>
     * each operation rounded to float as the composed ops round it ({@code (x - y)}, its square,
     * {@code mean()}, and the two products of the square's backward summed), so the values and
     * gradients are bit for bit those of {@code (x - y).pow(2).mean()} written out.
     */
    static Tensor mseLossMean(Tensor input, Tensor target) {
        Tensor xRows = input.detach().contiguous();     // row-major, unrecorded
        Tensor yRows = target.detach().contiguous();
        float[] x = xRows.storage();
        int xOff = xRows.storageOffset();
        float[] y = yRows.storage();
        int yOff = yRows.storageOffset();
        int n = input.numel();
        double total = 0;
        for (int i = 0; i < n; i++) {
            float d = x[xOff + i] - y[yOff + i];
            total += d * d;
        }
        Tensor loss = Tensor.scalar((float) total / (float) n);
        int[] shape = input.shape();
        // the backward computes d again from the inputs rather than keeping (n) floats per loss
        return Tensor.customOp(loss, "MseLossBackward0", (Node.PureBackward) g -> {
            Tensor xAgain = input.detach().contiguous();
            Tensor yAgain = target.detach().contiguous();
            float[] xb = xAgain.storage();
            int xbOff = xAgain.storageOffset();
            float[] yb = yAgain.storage();
            int ybOff = yAgain.storageOffset();
            float t = g.item() / (float) n;
            float[] dx = input.requiresGrad() ? Tensor.gradientStorage(n) : null;
            float[] dy = target.requiresGrad() ? Tensor.gradientStorage(n) : null;
            for (int i = 0; i < n; i++) {
                float half = t * (xb[xbOff + i] - yb[ybOff + i]);
                float both = half + half;
                if (dx != null) {
                    dx[i] = both;
                }
                if (dy != null) {
                    dy[i] = -both;
                }
            }
            return new Tensor[] {dx == null ? null : Tensor.wrapGradient(dx, shape),
                dy == null ? null : Tensor.wrapGradient(dy, shape.clone())};
        }, input, target);
    }

    /**
     * {@code nll_loss}: with input log-probabilities x of shape (C), (N, C) or (N, C, d1, .., dk)
     * and class indices t of shape (), (N) or (N, d1, .., dk),
     * <pre>
     *   l[n, i] = -w[t[n, i]] * x[n, t[n, i], i]      (0 where t[n, i] == ignoreIndex)
     *   mean    = sum l / sum_{t not ignored} w[t]    (NaN when every target is ignored)
     * </pre>
     * The gradient puts -w[t] g (divided by that total weight for the mean) at each picked entry.
     */
    static Tensor nllLoss(Tensor input, int[] target, int[] targetShape, Tensor weight, int ignoreIndex,
                          Reduction reduction) {
        int[] shape = input.shape();
        if (shape.length < 1) {
            throw new IllegalArgumentException("nll_loss: expected input of shape (C), (N, C) or (N, C, d1, ...), "
                    + "got a 0-dim tensor");
        }
        boolean unbatched = shape.length == 1;
        int batch = unbatched ? 1 : shape[0];
        int classes = unbatched ? shape[0] : shape[1];
        int inner = productFrom(shape, 2);
        checkTargetShape(shape, targetShape);
        if (target.length != batch * inner) {
            throw new IllegalArgumentException("nll_loss: expected " + batch * inner + " target indices for input of shape "
                    + Arrays.toString(shape) + ", got " + target.length);
        }
        float[] classWeight = classWeights(weight, classes);
        for (int j = 0; j < target.length; j++) {
            if (target[j] != ignoreIndex && (target[j] < 0 || target[j] >= classes)) {
                throw new IndexOutOfBoundsException("Target " + target[j] + " is out of bounds: expected a class index in [0, "
                        + classes + ") or ignore_index " + ignoreIndex + " (at target element " + j + ")");
            }
        }
        float[] x = input.toArray();
        float[] losses = new float[target.length];
        double total = 0;
        double totalWeight = 0;
        for (int n = 0; n < batch; n++) {
            for (int i = 0; i < inner; i++) {
                int j = n * inner + i;
                int t = target[j];
                if (t == ignoreIndex) {
                    continue;
                }
                float w = classWeight[t];
                losses[j] = -w * x[(n * classes + t) * inner + i];
                total += losses[j];
                totalWeight += w;
            }
        }
        Tensor out = switch (reduction) {
            case NONE -> Tensor.wrap(losses, targetShape.clone());
            case SUM -> Tensor.scalar((float) total);
            case MEAN -> Tensor.scalar((float) (total / totalWeight));
        };
        float meanScale = (float) totalWeight;
        return Tensor.customOp(out, "NllLossBackward0", (Node.PureBackward) g -> {
            float[] gradOut = g.toArray();
            float[] dx = new float[x.length];
            for (int n = 0; n < batch; n++) {
                for (int i = 0; i < inner; i++) {
                    int j = n * inner + i;
                    int t = target[j];
                    if (t == ignoreIndex) {
                        continue;
                    }
                    float upstream = switch (reduction) {
                        case NONE -> gradOut[j];
                        case SUM -> gradOut[0];
                        case MEAN -> gradOut[0] / meanScale;
                    };
                    dx[(n * classes + t) * inner + i] = -classWeight[t] * upstream;
                }
            }
            return new Tensor[] {Tensor.wrap(dx, shape)};
        }, input);
    }

    private static int productFrom(int[] shape, int first) {
        int product = 1;
        for (int d = first; d < shape.length; d++) {
            product *= shape[d];
        }
        return product;
    }

    private static void checkTargetShape(int[] inputShape, int[] targetShape) {
        int[] expected;
        if (inputShape.length == 1) {
            expected = new int[0];
        } else {
            expected = new int[inputShape.length - 1];
            expected[0] = inputShape[0];
            System.arraycopy(inputShape, 2, expected, 1, inputShape.length - 2);
        }
        if (!Arrays.equals(expected, targetShape)) {
            throw new IllegalArgumentException("nll_loss: for input of shape " + Arrays.toString(inputShape)
                    + " expected target of shape " + Arrays.toString(expected) + ", got " + Arrays.toString(targetShape));
        }
    }

    private static float[] classWeights(Tensor weight, int classes) {
        if (weight == null) {
            float[] ones = new float[classes];
            Arrays.fill(ones, 1f);
            return ones;
        }
        if (weight.dim() != 1 || weight.numel() != classes) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + Arrays.toString(weight.shape()));
        }
        return weight.toArray();
    }

    /**
     * Unreduced {@code binary_cross_entropy_with_logits}, with m = max(-x, 0) so no exponential
     * overflows, sp(x) = ln(1 + e^-x) = ln(e^-m + e^(-x-m)) + m and lw = 1 + (pw - 1) y:
     * <pre>
     *   l     = w ((1 - y) x + lw sp(x))
     *   dl/dx = w ((pw y + 1 - y) sigmoid(x) - pw y)
     *   dl/dy = w (-x + (pw - 1) sp(x))
     * </pre>
     * {@code weight} and {@code posWeight} (pw; null means 1) broadcast to the input's shape and
     * are constants (no gradient flows to them).
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight) {
        if (!input.sameShape(target)) {
            throw new IllegalArgumentException("Target size (" + Arrays.toString(target.shape())
                    + ") must be the same as input size (" + Arrays.toString(input.shape()) + ")");
        }
        int[] shape = input.shape();
        float[] x = input.toArray();
        float[] y = target.toArray();
        float[] w = weight == null ? null : broadcastValues("weight", weight, shape);
        float[] pw = posWeight == null ? null : broadcastValues("pos_weight", posWeight, shape);
        float[] losses = new float[x.length];
        float[] softplus = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float maxValue = Math.max(-x[i], 0f);
            softplus[i] = (float) Math.log(Math.exp(-maxValue) + Math.exp(-x[i] - maxValue)) + maxValue;
            float logWeight = pw == null ? 1f : (pw[i] - 1f) * y[i] + 1f;
            losses[i] = ((1f - y[i]) * x[i] + logWeight * softplus[i]) * (w == null ? 1f : w[i]);
        }
        Tensor out = Tensor.wrap(losses, shape);
        return Tensor.customOp(out, "BinaryCrossEntropyWithLogitsBackward0", (Node.PureBackward) g -> {
            float[] gradOut = g.toArray();
            float[] dx = input.requiresGrad() ? new float[x.length] : null;
            float[] dy = target.requiresGrad() ? new float[x.length] : null;
            for (int i = 0; i < x.length; i++) {
                float scale = gradOut[i] * (w == null ? 1f : w[i]);
                float sigmoid = (float) (1.0 / (1.0 + Math.exp(-x[i])));
                if (dx != null) {
                    dx[i] = scale * (pw == null ? sigmoid - y[i] : (pw[i] * y[i] + 1f - y[i]) * sigmoid - pw[i] * y[i]);
                }
                if (dy != null) {
                    dy[i] = scale * (pw == null ? -x[i] : -x[i] + (pw[i] - 1f) * softplus[i]);
                }
            }
            return new Tensor[] {dx == null ? null : Tensor.wrap(dx, shape), dy == null ? null : Tensor.wrap(dy, shape)};
        }, input, target);
    }

    private static float[] broadcastValues(String name, Tensor values, int[] shape) {
        try {
            return values.detach().expand(shape).toArray();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " of shape " + Arrays.toString(values.shape())
                    + " cannot be broadcast to the input's shape " + Arrays.toString(shape), e);
        }
    }
}
