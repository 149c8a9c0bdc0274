package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/** Elementwise y = tanh x: PyTorch's {@code nn.Tanh}. Any shape in, the same shape out. */
public final class Tanh extends Module implements UnaryModule {
    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
