package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * One step of an Elman RNN: PyTorch's {@code nn.RNNCell}.
 * <pre>
 *   h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh),   act = tanh (default) or relu
 * </pre>
 * Shapes and parameters as in {@link RNNCellBase}, with one gate.
 */
public final class RNNCell extends RNNCellBase {
    private final RNN.Nonlinearity nonlinearity;

    /** A tanh cell with biases. */
    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, RNN.Nonlinearity.TANH);
    }

    /** {@code nn.RNNCell(inputSize, hiddenSize, bias, nonlinearity)}. */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, RNN.Nonlinearity nonlinearity) {
        super("RNNCell", 1, inputSize, hiddenSize, bias);
        if (nonlinearity == null) {
            throw new IllegalArgumentException("RNNCell: nonlinearity must be TANH or RELU, got null");
        }
        this.nonlinearity = nonlinearity;
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
        return restore(Cells.rnnStep(gates, in[1], weightHh, biasHh, nonlinearity == RNN.Nonlinearity.RELU), input);
    }

    /** The activation of the recurrence. */
    public RNN.Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == RNN.Nonlinearity.TANH ? "" : ", nonlinearity=relu");
    }
}
