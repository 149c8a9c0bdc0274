package dev.dynrnn.optim;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping: PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 * Both work in place on the gradients of the given parameters and skip parameters whose gradient
 * is null. Call them between {@code backward()} and {@code step()}.
 */
public final class ClipGrad {
    private ClipGrad() {}

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the 2-norm. */
    public static float clipGradNorm(Iterable<Tensor> parameters, double maxNorm) {
        return clipGradNorm(parameters, maxNorm, 2.0, false);
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} without the non-finite check. */
    public static float clipGradNorm(Iterable<Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm(parameters, maxNorm, normType, false);
    }

    /**
     * Rescales the gradients so that their total norm is at most {@code maxNorm}:
     * {@code clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite)}.
     *
     * <p>The total norm is the {@code normType}-norm of the vector of every gradient's norm (the
     * norm of all gradients concatenated): {@code ‖g‖_p = (Σ|g_i|^p)^(1/p)}, the largest
     * {@code |g_i|} for {@code normType = ∞}. Every gradient is multiplied by
     * {@code min(1, maxNorm / (total + 1e-6))}, in float32 as PyTorch does. Each norm is summed
     * in double and rounded to float, so it can differ from PyTorch's float32 reduction in the
     * last bit.
     *
     * @return the total norm before clipping (0 when no parameter has a gradient)
     * @throws IllegalStateException if {@code errorIfNonfinite} and the total norm is NaN or infinite
     */
    public static float clipGradNorm(Iterable<Tensor> parameters, double maxNorm, double normType,
            boolean errorIfNonfinite) {
        if (Double.isNaN(normType)) {
            throw new IllegalArgumentException("clipGradNorm: norm type must be a number or infinity, got nan");
        }
        List<Tensor> grads = new ArrayList<>();
        for (Tensor param : parameters) {
            if (param.grad() != null) {
                grads.add(param.grad());
            }
        }
        if (grads.isEmpty()) {
            return 0f;
        }
        float[] norms = new float[grads.size()];
        for (int i = 0; i < norms.length; i++) {
            Tensor grad = grads.get(i).contiguous();
            norms[i] = norm(grad.storage(), grad.storageOffset(), grad.numel(), normType);
        }
        float total = norm(norms, 0, norms.length, normType);
        if (errorIfNonfinite && !Float.isFinite(total)) {
            throw new IllegalStateException("The total norm of order " + PyRepr.of(normType) + " for gradients from "
                    + "`parameters` is non-finite, so it cannot be clipped. To disable this error and scale the "
                    + "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
        }
        float clipCoef = (float) maxNorm / (total + 1e-6f);
        float clamped = Float.isNaN(clipCoef) ? clipCoef : Math.min(clipCoef, 1f);   // torch.clamp(max=1.0)
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor grad : grads) {
                if (grad.isContiguous()) {
                    float[] g = grad.storage();
                    for (int i = grad.storageOffset(), end = i + grad.numel(); i < end; i++) {
                        g[i] *= clamped;
                    }
                } else {
                    grad.mul_(clamped);
                }
            }
        }
        return total;
    }

    /**
     * Clamps every gradient element into {@code [-clipValue, clipValue]}:
     * {@code clip_grad_value_(parameters, clip_value)}. NaN elements stay NaN.
     */
    public static void clipGradValue(Iterable<Tensor> parameters, double clipValue) {
        float bound = (float) clipValue;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor param : parameters) {
                if (param.grad() != null) {
                    param.grad().clamp_(-bound, bound);
                }
            }
        }
    }

    /**
     * PyTorch's vector norm of float values, accumulated in double and rounded to float:
     * ∞ the largest |x|, −∞ the smallest, 0 the count of non-zeros, otherwise (Σ|x|^p)^(1/p).
     */
    static float norm(float[] values, int offset, int length, double p) {
        int end = offset + length;
        if (p == Double.POSITIVE_INFINITY || p == Double.NEGATIVE_INFINITY) {
            float extreme = p > 0 ? 0f : Float.POSITIVE_INFINITY;
            for (int i = offset; i < end; i++) {
                float magnitude = Math.abs(values[i]);
                if (Float.isNaN(magnitude)) {
                    return Float.NaN;
                }
                extreme = p > 0 ? Math.max(extreme, magnitude) : Math.min(extreme, magnitude);
            }
            return extreme;
        }
        double sum = 0;
        if (p == 0) {
            for (int i = offset; i < end; i++) {
                sum += values[i] != 0 ? 1 : 0;
            }
            return (float) sum;
        }
        if (p == 2) {
            for (int i = offset; i < end; i++) {
                sum += (double) values[i] * values[i];
            }
            return (float) Math.sqrt(sum);
        }
        if (p == 1) {
            for (int i = offset; i < end; i++) {
                sum += Math.abs(values[i]);
            }
            return (float) sum;
        }
        for (int i = offset; i < end; i++) {
            sum += Math.pow(Math.abs(values[i]), p);
        }
        return (float) Math.pow(sum, 1 / p);
    }
}
