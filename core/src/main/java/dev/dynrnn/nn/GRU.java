package dev.dynrnn.nn;

import dev.dynrnn.kernels.recurrent.Cell;
import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.tensor.Tensor;

/**
 * Gated recurrent unit: PyTorch's {@code nn.GRU}. For each layer and time step t,
 * <pre>
 *   r_t = sigmoid(x_t W_ir^T + b_ir + h_(t-1) W_hr^T + b_hr)
 *   z_t = sigmoid(x_t W_iz^T + b_iz + h_(t-1) W_hz^T + b_hz)
 *   n_t = tanh(x_t W_in^T + b_in + r_t * (h_(t-1) W_hn^T + b_hn))
 *   h_t = (1 - z_t) * n_t + z_t * h_(t-1)
 * </pre>
 * with the gates' weights stacked in the order (r, z, n). Shapes and parameter names are
 * described in {@link RNNBase}.
 */
public final class GRU extends RNNBase {
    /**
     * The result of a forward pass.
     *
     * @param output the last layer's hidden state at every step: (T, B, D * H), or (B, T, D * H)
     *               with batch_first, or (T, D * H) unbatched
     * @param hN     final hidden states (L * D, B, H), or (L * D, H) unbatched
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

    /** {@code nn.GRU(inputSize, hiddenSize)}. */
    public GRU(int inputSize, int hiddenSize) {
        this(builder(inputSize, hiddenSize));
    }

    /** {@code nn.GRU(inputSize, hiddenSize, numLayers)}. */
    public GRU(int inputSize, int hiddenSize, int numLayers) {
        this(builder(inputSize, hiddenSize).numLayers(numLayers));
    }

    private GRU(Builder options) {
        super("GRU", 3, options);
    }

    /** Options in PyTorch's keyword style: {@code GRU.builder(3, 5).bidirectional(true).build()}. */
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
     * sequences that are still running: PyTorch's {@code gru(packed, h0)}.
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
        return Cell.GRU;
    }

    /** See {@link RNNBase.Builder}. */
    public static final class Builder extends RNNBase.Builder<Builder> {
        private Builder(int inputSize, int hiddenSize) {
            super(inputSize, hiddenSize);
        }

        /** A GRU with these options, its weights drawn as PyTorch draws them. */
        public GRU build() {
            return new GRU(this);
        }
    }
}
