package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * One step of a GRU: PyTorch's {@code nn.GRUCell}, with the equations of {@link GRU} and gates
 * stacked (r, z, n). Shapes and parameters as in {@link RNNCellBase}, with three gates.
 */
public final class GRUCell extends RNNCellBase {
    /** A cell with biases. */
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** {@code nn.GRUCell(inputSize, hiddenSize, bias)}. */
    public GRUCell(int inputSize, int hiddenSize, boolean bias) {
        super("GRUCell", 3, inputSize, hiddenSize, bias);
    }

    /** One step from a zero hidden state. */
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * @param input (B, input_size) or (input_size)
     * @param hx    (B, H) or (H); null for zeros
     * @return h' of hx's shape
     */
    public Tensor forward(Tensor input, Tensor hx) {
        Tensor[] in = batched(input, new Tensor[] {hx}, new String[] {"hx"});
        Tensor gates = Functional.linear(in[0], weightIh, biasIh);
        return restore(Cells.gruStep(gates, in[1], weightHh, biasHh), input);
    }
}
