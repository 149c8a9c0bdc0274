package dev.dynrnn.tensor;

import dev.dynrnn.kernels.PerThread;

/**
 * Whether ops record the autograd graph on the current thread. Changed only through the scope
 * objects {@link NoGrad} and {@link EnableGrad}, never set directly, so a scope always restores
 * what it found.
 */
public final class GradMode {
    private GradMode() {}

    private static final PerThread<boolean[]> ENABLED = new PerThread<>(() -> new boolean[] {true});

    /** True when ops on tensors that require grad record the graph (PyTorch's {@code torch.is_grad_enabled()}). */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    static boolean set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = enabled;
        return previous;
    }
}
