package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/** How a loss combines its per-element values: PyTorch's {@code reduction=} argument. */
public enum Reduction {
    /** The per-element losses, unreduced ({@code 'none'}). */
    NONE,
    /** The mean of the per-element losses ({@code 'mean'}, the default). */
    MEAN,
    /** The sum of the per-element losses ({@code 'sum'}). */
    SUM;

    /** Applies this reduction to per-element losses. */
    Tensor apply(Tensor losses) {
        return switch (this) {
            case NONE -> losses;
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
        };
    }

    /** PyTorch's string for this reduction: {@code "none"}, {@code "mean"} or {@code "sum"}. */
    public String pyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The reduction named as in PyTorch ({@code "mean"}, {@code "sum"}, {@code "none"}). */
    public static Reduction of(String name) {
        for (Reduction reduction : values()) {
            if (reduction.pyName().equals(name)) {
                return reduction;
            }
        }
        throw new IllegalArgumentException(name + " is not a valid value for reduction (expected 'none', 'mean' or 'sum')");
    }
}
