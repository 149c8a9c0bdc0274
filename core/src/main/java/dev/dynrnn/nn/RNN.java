package dev.dynrnn.nn;

import dev.dynrnn.kernels.recurrent.Cell;
import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.tensor.Tensor;

/**
 * Elman recurrent network: PyTorch's {@code nn.RNN}. For each layer and time step t,
 * <pre>
 *   h_t = act(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh),   act = tanh (default) or relu
 * </pre>
 * where x_t is the input for the first layer and the previous layer's h_t (after dropout in
 * training mode) otherwise. Shapes and parameter names are described in {@link RNNBase}.
 *
 * <pre>{@code
 * RNN rnn = RNN.builder(1, 32).batchFirst(true).build();   // nn.RNN(1, 32, batch_first=True)
 * RNN.Output r = rnn.forward(x, null);                      // x (batch, time, 1); null h0 = zeros
 * r.output();                                               // (batch, time, 32)
 * r.hN();                                                   // (1, batch, 32)
 * }</pre>
 */
public final class RNN extends RNNBase {
    /** The activation of the recurrence. */
    public enum Nonlinearity {
        TANH,
        RELU
    }

    /**
     * The result of a forward pass.
     *
     * @param output the last layer's hidden state at every step: (T, B, D * H), or (B, T, D * H)
     *               with batch_first, or (T, D * H) unbatched
     * @param hN     every layer's and direction's final hidden state: (L * D, B, H), or (L * D, H)
     *               unbatched
     */
    public record Output(Tensor output, Tensor hN) {}

    /**
     * The result of a forward pass over a {@link PackedSequence}.
     *
     * @param output the last layer's hidden state at every step of every sequence, packed as the
     *               input was: data (sum(lengths), D * H)
     * @param hN     every layer's and direction's hidden state after each sequence's own last
     *               step (for the reverse direction: after its first step), (L * D, B, H) in the
     *               caller's order
     */
    public record PackedOutput(PackedSequence output, Tensor hN) {}

    private final Nonlinearity nonlinearity;

    /** {@code nn.RNN(inputSize, hiddenSize)}: one layer, tanh, time-major input. */
    public RNN(int inputSize, int hiddenSize) {
        this(builder(inputSize, hiddenSize));
    }

    /** {@code nn.RNN(inputSize, hiddenSize, numLayers)}. */
    public RNN(int inputSize, int hiddenSize, int numLayers) {
        this(builder(inputSize, hiddenSize).numLayers(numLayers));
    }

    private RNN(Builder options) {
        super("RNN", 1, options);
        this.nonlinearity = options.nonlinearity;
    }

    /** Options in PyTorch's keyword style: {@code RNN.builder(1, 32).batchFirst(true).build()}. */
    public static Builder builder(int inputSize, int hiddenSize) {
        return new Builder(inputSize, hiddenSize);
    }

    /** Runs the sequence from a zero initial state. */
    public Output forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * Runs the sequence.
     *
     * @param input (T, B, input_size), (B, T, input_size) with batch_first, or (T, input_size)
     * @param h0    initial hidden state (L * D, B, H), or (L * D, H) unbatched; null for zeros
     */
    public Output forward(Tensor input, Tensor h0) {
        Tensor[] result = forwardSequence(input, new Tensor[] {h0}, new String[] {"hidden"});
        return new Output(result[0], result[1]);
    }

    /** Runs a packed batch from a zero initial state. */
    public PackedOutput forward(PackedSequence input) {
        return forward(input, null);
    }

    /**
     * Runs a packed batch of sequences of different lengths, computing at each step only the
     * sequences that are still running: PyTorch's {@code rnn(packed, h0)}.
     *
     * @param input data (sum(lengths), input_size), see {@link PackedSequence}
     * @param h0    initial hidden state (L * D, B, H) in the caller's order; null for zeros
     */
    public PackedOutput forward(PackedSequence input, Tensor h0) {
        PackedResult result = forwardPacked(input, new Tensor[] {h0}, new String[] {"hidden"});
        return new PackedOutput(result.output(), result.finalState()[0]);
    }

    @Override
    Cell cell() {
        return nonlinearity == Nonlinearity.RELU ? Cell.RNN_RELU : Cell.RNN_TANH;
    }

    /** The activation of the recurrence. */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** {@link RNNBase.Builder} plus the nonlinearity. */
    public static final class Builder extends RNNBase.Builder<Builder> {
        private Nonlinearity nonlinearity = Nonlinearity.TANH;

        private Builder(int inputSize, int hiddenSize) {
            super(inputSize, hiddenSize);
        }

        /** The activation, tanh by default. */
        public Builder nonlinearity(Nonlinearity nonlinearity) {
            if (nonlinearity == null) {
                throw new IllegalArgumentException("nonlinearity must be TANH or RELU, got null");
            }
            this.nonlinearity = nonlinearity;
            return this;
        }

        /** The activation by PyTorch's name, {@code "tanh"} or {@code "relu"}. */
        public Builder nonlinearity(String name) {
            return switch (name) {
                case "tanh" -> nonlinearity(Nonlinearity.TANH);
                case "relu" -> nonlinearity(Nonlinearity.RELU);
                default -> throw new IllegalArgumentException("Unknown nonlinearity '" + name
                        + "'. Select from 'tanh' or 'relu'.");
            };
        }

        /** An RNN with these options, its weights drawn as PyTorch draws them. */
        public RNN build() {
            return new RNN(this);
        }
    }
}
