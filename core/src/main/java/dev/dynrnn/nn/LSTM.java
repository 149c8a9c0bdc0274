package dev.dynrnn.nn;

import dev.dynrnn.kernels.recurrent.Cell;
import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.tensor.Tensor;

/**
 * Long short-term memory: PyTorch's {@code nn.LSTM}. For each layer and time step t,
 * <pre>
 *   i_t = sigmoid(x_t W_ii^T + b_ii + h_(t-1) W_hi^T + b_hi)
 *   f_t = sigmoid(x_t W_if^T + b_if + h_(t-1) W_hf^T + b_hf)
 *   g_t = tanh   (x_t W_ig^T + b_ig + h_(t-1) W_hg^T + b_hg)
 *   o_t = sigmoid(x_t W_io^T + b_io + h_(t-1) W_ho^T + b_ho)
 *   c_t = f_t * c_(t-1) + i_t * g_t
 *   h_t = o_t * tanh(c_t)
 * </pre>
 * with the four gates' weights stacked in the order (i, f, g, o) in {@code weight_ih_lk}
 * (4 * H, ...) and so on. Shapes and parameter names are described in {@link RNNBase}; the
 * cell states c0 and c_n have the shape of h0 and h_n.
 *
 * <pre>{@code
 * LSTM lstm = LSTM.builder(4, 8).numLayers(2).build();
 * LSTM.Output r = lstm.forward(x, null, null);   // zero initial state
 * r = lstm.forward(x, r.hN().detach(), r.cN().detach());
 * }</pre>
 */
public final class LSTM extends RNNBase {
    /**
     * The result of a forward pass.
     *
     * @param output the last layer's hidden state at every step: (T, B, D * H), or (B, T, D * H)
     *               with batch_first, or (T, D * H) unbatched
     * @param hN     final hidden states (L * D, B, H), or (L * D, H) unbatched
     * @param cN     final cell states, shaped as hN
     */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    /**
     * The result of a forward pass over a {@link PackedSequence}.
     *
     * @param output the last layer's hidden state at every step of every sequence, packed as the
     *               input was: data (sum(lengths), D * H)
     * @param hN     every layer's and direction's hidden state after each sequence's own last
     *               step (for the reverse direction: after its first step), (L * D, B, H) in the
     *               caller's order
     * @param cN     the cell states likewise, shaped as hN
     */
    public record PackedOutput(PackedSequence output, Tensor hN, Tensor cN) {}

    /** {@code nn.LSTM(inputSize, hiddenSize)}. */
    public LSTM(int inputSize, int hiddenSize) {
        this(builder(inputSize, hiddenSize));
    }

    /** {@code nn.LSTM(inputSize, hiddenSize, numLayers)}. */
    public LSTM(int inputSize, int hiddenSize, int numLayers) {
        this(builder(inputSize, hiddenSize).numLayers(numLayers));
    }

    private LSTM(Builder options) {
        super("LSTM", 4, options);
    }

    /** Options in PyTorch's keyword style: {@code LSTM.builder(4, 8).numLayers(3).dropout(0.5).build()}. */
    public static Builder builder(int inputSize, int hiddenSize) {
        return new Builder(inputSize, hiddenSize);
    }

    /** Runs the sequence from a zero initial state. */
    public Output forward(Tensor input) {
        return forward(input, null, null);
    }

    /**
     * Runs the sequence: PyTorch's {@code lstm(input, (h0, c0))}.
     *
     * @param input (T, B, input_size), (B, T, input_size) with batch_first, or (T, input_size)
     * @param h0    initial hidden state (L * D, B, H), or (L * D, H) unbatched
     * @param c0    initial cell state, shaped as h0; both null means zeros, one null is an error
     */
    public Output forward(Tensor input, Tensor h0, Tensor c0) {
        checkBothOrNeither(h0, c0);
        Tensor[] result = forwardSequence(input, new Tensor[] {h0, c0}, new String[] {"hidden[0]", "hidden[1]"});
        return new Output(result[0], result[1], result[2]);
    }

    /** Runs a packed batch from a zero initial state. */
    public PackedOutput forward(PackedSequence input) {
        return forward(input, null, null);
    }

    /**
     * Runs a packed batch of sequences of different lengths, computing at each step only the
     * sequences that are still running: PyTorch's {@code lstm(packed, (h0, c0))}.
     *
     * @param input data (sum(lengths), input_size), see {@link PackedSequence}
     * @param h0    initial hidden state (L * D, B, H) in the caller's order
     * @param c0    initial cell state, shaped as h0; both null means zeros, one null is an error
     */
    public PackedOutput forward(PackedSequence input, Tensor h0, Tensor c0) {
        checkBothOrNeither(h0, c0);
        PackedResult result = forwardPacked(input, new Tensor[] {h0, c0}, new String[] {"hidden[0]", "hidden[1]"});
        return new PackedOutput(result.output(), result.finalState()[0], result.finalState()[1]);
    }

    private static void checkBothOrNeither(Tensor h0, Tensor c0) {
        if ((h0 == null) != (c0 == null)) {
            throw new IllegalArgumentException("LSTM: h0 and c0 must both be given or both be null (zeros), got "
                    + (h0 == null ? "only c0" : "only h0"));
        }
    }

    @Override
    Cell cell() {
        return Cell.LSTM;
    }

    /** See {@link RNNBase.Builder}. */
    public static final class Builder extends RNNBase.Builder<Builder> {
        private Builder(int inputSize, int hiddenSize) {
            super(inputSize, hiddenSize);
        }

        /** An LSTM with these options, its weights drawn as PyTorch draws them. */
        public LSTM build() {
            return new LSTM(this);
        }
    }
}
