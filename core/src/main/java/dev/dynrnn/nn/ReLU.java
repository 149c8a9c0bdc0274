package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/** Elementwise y = max(x, 0): PyTorch's {@code nn.ReLU}. Any shape in, the same shape out. */
public final class ReLU extends Module implements UnaryModule {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
