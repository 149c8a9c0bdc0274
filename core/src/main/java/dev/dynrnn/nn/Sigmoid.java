package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/** Elementwise y = 1 / (1 + e^-x): PyTorch's {@code nn.Sigmoid}. Any shape in, the same shape out. */
public final class Sigmoid extends Module implements UnaryModule {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
