package dev.dynrnn.nn;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share: PyTorch's
 * {@code nn.RNNCellBase}. A cell computes one time step; the caller writes the loop.
 *
 * <p>Parameters, with G = 1 (RNN), 4 (LSTM) or 3 (GRU) gates and H = hidden_size:
 * {@code weight_ih} (G * H, input_size), {@code weight_hh} (G * H, H), {@code bias_ih} (G * H),
 * {@code bias_hh} (G * H), all initialised U(-1/sqrt(H), 1/sqrt(H)) in this order from the
 * default generator, as PyTorch does.
 *
 * <p>Shapes: input (B, input_size) or (input_size) unbatched; every state (B, H) or (H).
 */
public abstract class RNNCellBase extends Module {
    private final String name;
    private final int inputSize;
    private final int hiddenSize;
    private final boolean bias;
    final Tensor weightIh;
    final Tensor weightHh;
    final Tensor biasIh;
    final Tensor biasHh;

    RNNCellBase(String name, int gates, int inputSize, int hiddenSize, boolean bias) {
        if (inputSize < 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(name + ": input_size must be non-negative and hidden_size positive, got "
                    + inputSize + " and " + hiddenSize);
        }
        this.name = name;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        this.weightIh = registerParameter("weight_ih", Tensor.zeros(gates * hiddenSize, inputSize));
        this.weightHh = registerParameter("weight_hh", Tensor.zeros(gates * hiddenSize, hiddenSize));
        this.biasIh = bias ? registerParameter("bias_ih", Tensor.zeros(gates * hiddenSize)) : null;
        this.biasHh = bias ? registerParameter("bias_hh", Tensor.zeros(gates * hiddenSize)) : null;
        resetParameters();
    }

    /** Draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) in registration order. */
    public void resetParameters() {
        double bound = 1.0 / Math.sqrt(hiddenSize);
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor parameter : parameters()) {
                parameter.uniform_(-bound, bound);
            }
        }
    }

    /**
     * Checks the input and states and gives them a batch dim: returns {input (B, input_size),
     * states (B, H)...}, with zeros for null states.
     */
    final Tensor[] batched(Tensor input, Tensor[] states, String[] names) {
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException(name + ": Expected input to be 1-D or 2-D but received " + input.dim()
                    + "-D tensor (shape " + Arrays.toString(input.shape()) + ")");
        }
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": input has inconsistent input_size: got " + input.size(-1)
                    + " expected " + inputSize + " (input shape " + Arrays.toString(input.shape()) + ")");
        }
        boolean isBatched = input.dim() == 2;
        Tensor x = isBatched ? input : input.unsqueeze(0);
        Tensor[] out = new Tensor[1 + states.length];
        out[0] = x;
        int[] expected = isBatched ? new int[] {x.size(0), hiddenSize} : new int[] {hiddenSize};
        for (int s = 0; s < states.length; s++) {
            if (states[s] == null) {
                out[1 + s] = Tensor.zeros(x.size(0), hiddenSize);
                continue;
            }
            if (!Arrays.equals(states[s].shape(), expected)) {
                throw new IllegalArgumentException(name + ": Expected " + names[s] + " of shape "
                        + Arrays.toString(expected) + " for input of shape " + Arrays.toString(input.shape()) + ", got "
                        + Arrays.toString(states[s].shape()));
            }
            out[1 + s] = isBatched ? states[s] : states[s].unsqueeze(0);
        }
        return out;
    }

    /** Removes the batch dim that {@link #batched} added for unbatched input. */
    static Tensor restore(Tensor state, Tensor input) {
        return input.dim() == 1 ? state.squeeze(0) : state;
    }

    /** The number of input features ({@code input_size}). */
    public final int inputSize() {
        return inputSize;
    }

    /** The number of features of the state ({@code hidden_size}). */
    public final int hiddenSize() {
        return hiddenSize;
    }

    /** Whether the cell has biases. */
    public final boolean bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False");
    }
}
