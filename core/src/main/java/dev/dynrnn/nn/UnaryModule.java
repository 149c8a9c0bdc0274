package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * A module whose forward maps one tensor to one tensor (Linear, Tanh, Dropout, ...): what
 * {@link Sequential} can chain. Recurrent layers are not unary: they also return a state.
 */
public interface UnaryModule {
    /** Applies the module to {@code input}. */
    Tensor forward(Tensor input);
}
