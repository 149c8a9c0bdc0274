package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * One step of an LSTM: PyTorch's {@code nn.LSTMCell}, with the equations of {@link LSTM} and
 * gates stacked (i, f, g, o). Shapes and parameters as in {@link RNNCellBase}, with four gates.
 */
public final class LSTMCell extends RNNCellBase {
    /**
     * The new state.
     *
     * @param h the hidden state h' (B, H) or (H)
     * @param c the cell state c', shaped as h
     */
    public record Output(Tensor h, Tensor c) {}

    /** A cell with biases. */
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** {@code nn.LSTMCell(inputSize, hiddenSize, bias)}. */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias) {
        super("LSTMCell", 4, inputSize, hiddenSize, bias);
    }

    /** One step from a zero state. */
    public Output forward(Tensor input) {
        return forward(input, null, null);
    }

    /**
     * PyTorch's {@code cell(input, (h, c))}.
     *
     * @param input (B, input_size) or (input_size)
     * @param h     (B, H) or (H)
     * @param c     shaped as h; both null means zeros, one null is an error
     */
    public Output forward(Tensor input, Tensor h, Tensor c) {
        if ((h == null) != (c == null)) {
            throw new IllegalArgumentException("LSTMCell: h and c must both be given or both be null (zeros), got "
                    + (h == null ? "only c" : "only h"));
        }
        Tensor[] in = batched(input, new Tensor[] {h, c}, new String[] {"hx[0]", "hx[1]"});
        Tensor gates = Functional.linear(in[0], weightIh, biasIh);
        Tensor[] next = Cells.lstmStep(gates, in[1], in[2], weightHh, biasHh);
        return new Output(restore(next[0], input), restore(next[1], input));
    }
}
