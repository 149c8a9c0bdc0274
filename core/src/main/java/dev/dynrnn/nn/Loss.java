package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/** A loss module: compares a prediction with a target. Implemented by the {@code *Loss} modules. */
public interface Loss {
    /** The loss of {@code input} against {@code target}, reduced as the loss was configured. */
    Tensor forward(Tensor input, Tensor target);

    /** How per-element losses are combined. */
    Reduction reduction();
}
