package dev.dynrnn.optim;

/**
 * The float32 arithmetic of PyTorch 1.13's CPU kernels, one element at a time, so that an update
 * written over raw arrays rounds exactly as the tensor expression it mirrors.
 *
 * <p>Scalars (learning rates, betas, ...) are Python doubles in PyTorch and are cast to float
 * before they meet a float32 tensor; callers pass them already cast. Measured against PyTorch
 * 1.13 (AVX2 build) on both its vectorised and its scalar tail loops: {@code add(alpha=)} and
 * {@code addcmul} are compiled to fused multiply-adds, {@code addcdiv} is not, and division by
 * a scalar is a true division (not a multiplication by the reciprocal).
 */
final class TorchFloat {
    private TorchFloat() {}

    /** {@code self.add(other, alpha=alpha)}: {@code self + alpha * other} with a single rounding. */
    static float add(float self, float other, float alpha) {
        return Math.fma(alpha, other, self);
    }

    /** {@code self.addcmul(t1, t2, value=value)}: {@code (value * t1) * t2 + self}, the last two fused. */
    static float addcmul(float self, float t1, float t2, float value) {
        return Math.fma(value * t1, t2, self);
    }

    /** {@code self.addcdiv(t1, t2, value=value)}: {@code self + (value * t1) / t2}, each op rounded. */
    static float addcdiv(float self, float t1, float t2, float value) {
        return self + value * t1 / t2;
    }

    /** {@code sqrt()} of a float32 value (correctly rounded, as the double root rounded once). */
    static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }
}
