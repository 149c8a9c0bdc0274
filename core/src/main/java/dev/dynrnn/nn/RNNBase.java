package dev.dynrnn.nn;

import dev.dynrnn.kernels.recurrent.ArrayPool;
import dev.dynrnn.kernels.recurrent.Cell;
import dev.dynrnn.kernels.recurrent.StepLayout;
import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: PyTorch's {@code nn.RNNBase}. The
 * options, the parameters, the checks on input and state, and the loop over layers and
 * directions; each direction of each layer runs over the whole sequence as one fused op
 * ({@link FusedRecurrence}), and each subclass names only its {@link Cell}.
 *
 * <p>Shapes (L = num_layers, D = 2 if bidirectional else 1, H = hidden_size, T = time steps,
 * B = batch): input (T, B, input_size), or (B, T, input_size) with batch_first, or
 * (T, input_size) unbatched; every initial and final state (L * D, B, H), or (L * D, H)
 * unbatched, whatever batch_first says; output (T, B, D * H), or (B, T, D * H) with batch_first.
 * The output holds the last layer's hidden state at every step, the two directions concatenated
 * (forward first).
 *
 * <p>A batch of sequences of different lengths goes in as a {@link PackedSequence} (data
 * (sum(lengths), input_size)) and comes out as one (data (sum(lengths), D * H)); the initial and
 * final states stay (L * D, B, H) in the caller's order, the final state of each sequence being
 * the one after its own last step. At each step only the sequences still running are computed.
 *
 * <p>Parameters per layer k and direction (suffix {@code _reverse} for the backward direction),
 * with G = 1 (RNN), 4 (LSTM: i, f, g, o) or 3 (GRU: r, z, n) gates:
 * {@code weight_ih_lk} (G * H, input_size for k = 0, else D * H), {@code weight_hh_lk} (G * H, H),
 * {@code bias_ih_lk} (G * H), {@code bias_hh_lk} (G * H), registered in this order, layer by
 * layer, the forward direction first. All are initialised U(-1/sqrt(H), 1/sqrt(H)) in that
 * order, as PyTorch does, so equal seeds give PyTorch's initial weights.
 */
public abstract class RNNBase extends Module {
    private final String mode;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;
    private final Generator generator;
    /** [layer][direction]. */
    private final Weights[][] weights;
    /** The activations the fused layers save for backward, reused from one training step to the next. */
    private final ArrayPool savedActivations = new ArrayPool();

    /** The parameters of one layer in one direction; the biases are null without bias. */
    record Weights(Tensor ih, Tensor hh, Tensor biasIh, Tensor biasHh) {}

    RNNBase(String mode, int gates, Builder<?> options) {
        if (options.inputSize < 0) {
            throw new IllegalArgumentException(mode + ": input_size must be non-negative, got " + options.inputSize);
        }
        if (options.hiddenSize <= 0) {
            throw new IllegalArgumentException(mode + ": hidden_size must be greater than zero, got " + options.hiddenSize);
        }
        if (options.numLayers <= 0) {
            throw new IllegalArgumentException(mode + ": num_layers must be greater than zero, got " + options.numLayers);
        }
        if (!(options.dropout >= 0 && options.dropout <= 1)) {
            throw new IllegalArgumentException(mode + ": dropout should be a number in range [0, 1] representing the "
                    + "probability of an element being zeroed, got " + options.dropout);
        }
        this.mode = mode;
        this.inputSize = options.inputSize;
        this.hiddenSize = options.hiddenSize;
        this.numLayers = options.numLayers;
        this.bias = options.bias;
        this.batchFirst = options.batchFirst;
        this.dropout = options.dropout;
        this.bidirectional = options.bidirectional;
        this.generator = options.generator;
        int directions = directions();
        this.weights = new Weights[numLayers][directions];
        for (int layer = 0; layer < numLayers; layer++) {
            int layerInputSize = layer == 0 ? inputSize : hiddenSize * directions;
            for (int direction = 0; direction < directions; direction++) {
                String suffix = "_l" + layer + (direction == 1 ? "_reverse" : "");
                Tensor ih = registerParameter("weight_ih" + suffix, Tensor.zeros(gates * hiddenSize, layerInputSize));
                Tensor hh = registerParameter("weight_hh" + suffix, Tensor.zeros(gates * hiddenSize, hiddenSize));
                Tensor biasIh = bias ? registerParameter("bias_ih" + suffix, Tensor.zeros(gates * hiddenSize)) : null;
                Tensor biasHh = bias ? registerParameter("bias_hh" + suffix, Tensor.zeros(gates * hiddenSize)) : null;
                weights[layer][direction] = new Weights(ih, hh, biasIh, biasHh);
            }
        }
        resetParameters();
    }

    /**
     * Draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) in registration
     * order, from the builder's generator or the default one: PyTorch's {@code reset_parameters}.
     */
    public void resetParameters() {
        double bound = 1.0 / Math.sqrt(hiddenSize);
        Generator source = generator == null ? Generator.defaultGenerator() : generator;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor parameter : parameters()) {
                parameter.uniform_(-bound, bound, source);
            }
        }
    }

    // ---------------------------------------------------------------- the recurrence

    /** The recurrence each layer runs, for the fused kernels. */
    abstract Cell cell();

    /**
     * Checks and reshapes the arguments, runs the layers and restores the caller's layout.
     *
     * @param input   see the class comment
     * @param initial the initial state tensors (h0, and c0 for the LSTM), each null for zeros
     * @param names   how error messages call each state tensor
     * @return the output followed by the final state tensors
     */
    final Tensor[] forwardSequence(Tensor input, Tensor[] initial, String[] names) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(mode + ": Expected input to be 2-D or 3-D but received " + input.dim()
                    + "-D tensor (shape " + Arrays.toString(input.shape()) + ")");
        }
        boolean batched = input.dim() == 3;
        for (int s = 0; s < initial.length; s++) {
            if (initial[s] != null && initial[s].dim() != input.dim()) {
                throw new IllegalArgumentException(mode + ": For " + (batched ? "batched 3-D" : "unbatched 2-D")
                        + " input, " + names[s] + " should also be " + input.dim() + "-D but got " + initial[s].dim()
                        + "-D tensor (shape " + Arrays.toString(initial[s].shape()) + ")");
            }
        }
        checkInputSize(input);
        // Time-major (T, B, input_size) from here on.
        Tensor timeMajor = !batched ? input.unsqueeze(1) : batchFirst ? input.transpose(0, 1) : input;
        int steps = timeMajor.size(0);
        int batch = timeMajor.size(1);
        if (steps == 0) {
            throw new IllegalArgumentException(mode + ": expected a sequence of at least one time step, got input of shape "
                    + Arrays.toString(input.shape()));
        }
        Tensor[] state = initialState(initial, names, batch, batched);
        StepLayout layout = StepLayout.dense(steps, batch);
        Layers layers = runLayers(timeMajor.reshape(steps * batch, inputSize), layout, state);
        Tensor[] result = new Tensor[1 + state.length];
        Tensor output = layers.output().view(steps, batch, directions() * hiddenSize);
        result[0] = !batched ? output.squeeze(1) : batchFirst ? output.transpose(0, 1) : output;
        for (int s = 0; s < state.length; s++) {
            result[1 + s] = batched ? layers.finalState()[s] : layers.finalState()[s].squeeze(1);
        }
        return result;
    }

    /** A packed output and the final states, (L * D, B, H) each in the caller's order. */
    record PackedResult(PackedSequence output, Tensor[] finalState) {}

    /**
     * Runs a packed batch: at step t only the batchSizes[t] sequences that are still running are
     * computed. As PyTorch, the initial states are given and the final states returned in the
     * caller's order (permuted by the sorted indices on the way in and back on the way out), and
     * the final state of each sequence is the one after its own last step.
     *
     * @param input   data (sum(lengths), input_size)
     * @param initial the initial state tensors, (L * D, B, H) each or null for zeros
     * @param names   how error messages call each state tensor
     */
    final PackedResult forwardPacked(PackedSequence input, Tensor[] initial, String[] names) {
        Tensor data = input.data();
        if (data.dim() != 2) {
            throw new IllegalArgumentException(mode + ": packed input data must have 2 dimensions (sum(lengths), "
                    + "input_size), got " + data.dim() + " (shape " + Arrays.toString(data.shape()) + ")");
        }
        checkInputSize(data);
        for (int s = 0; s < initial.length; s++) {
            if (initial[s] != null && initial[s].dim() != 3) {
                throw new IllegalArgumentException(mode + ": For a PackedSequence input, " + names[s] + " should be 3-D "
                        + "(num_layers * num_directions, batch, hidden_size) but got " + initial[s].dim()
                        + "-D tensor (shape " + Arrays.toString(initial[s].shape()) + ")");
            }
        }
        int[] batchSizes = input.batchSizes();
        int[] sortedIndices = input.sortedIndices();
        int[] unsortedIndices = input.unsortedIndices();
        Tensor[] state = initialState(initial, names, batchSizes[0], true);
        for (int s = 0; s < state.length; s++) {
            if (sortedIndices != null && initial[s] != null) {
                state[s] = state[s].indexSelect(1, sortedIndices);
            }
        }
        Layers layers = runLayers(data, StepLayout.packed(batchSizes), state);
        Tensor[] finalState = layers.finalState();
        for (int s = 0; s < finalState.length; s++) {
            if (unsortedIndices != null) {
                finalState[s] = finalState[s].indexSelect(1, unsortedIndices);
            }
        }
        PackedSequence output = new PackedSequence(layers.output(), batchSizes, sortedIndices,
                unsortedIndices);
        return new PackedResult(output, finalState);
    }

    private void checkInputSize(Tensor input) {
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException(mode + ": input.size(-1) must be equal to input_size. Expected " + inputSize
                    + ", got " + input.size(-1) + " (input shape " + Arrays.toString(input.shape()) + ")");
        }
    }

    /** The given initial states, checked and made 3-D, (L * D, B, H) each; null where none is given (zeros). */
    private Tensor[] initialState(Tensor[] initial, String[] names, int batch, boolean batched) {
        int[] stateShape = {numLayers * directions(), batch, hiddenSize};
        Tensor[] state = new Tensor[initial.length];
        for (int s = 0; s < initial.length; s++) {
            Tensor given = initial[s] == null ? null : batched ? initial[s] : initial[s].unsqueeze(1);
            if (given != null && !given.hasShape(stateShape)) {
                throw new IllegalArgumentException(mode + ": Expected " + names[s] + " size "
                        + tuple(batched ? stateShape : new int[] {stateShape[0], hiddenSize}) + ", got "
                        + Arrays.toString(initial[s].shape()));
            }
            state[s] = given;   // null: zeros
        }
        return state;
    }

    /** The last layer's output, (N, D * H) in the layout's rows, and the final states, (L * D, B, H) each. */
    private record Layers(Tensor output, Tensor[] finalState) {}

    /**
     * All layers over the sequence, each direction of each layer one fused op
     * ({@link FusedRecurrence}); the directions' outputs are concatenated along the features.
     *
     * @param input  the sequence, (N, input_size) in the layout's rows
     * @param state  the initial state tensors, (L * D, B, H) each, null for zeros
     */
    private Layers runLayers(Tensor input, StepLayout layout, Tensor[] state) {
        int directions = directions();
        // row by row: C2 makes a 2-D array creation a call into the VM runtime, which a forward
        // of a small model noticeably paid for
        Tensor[][] finalState = new Tensor[state.length][];
        for (int s = 0; s < state.length; s++) {
            finalState[s] = new Tensor[numLayers * directions];
        }
        Tensor layerInput = input;
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] outputs = new Tensor[directions];
            for (int direction = 0; direction < directions; direction++) {
                int index = layer * directions + direction;
                Tensor h0 = state[0] == null ? null : state[0].select(0, index);
                Tensor c0 = state.length < 2 || state[1] == null ? null : state[1].select(0, index);
                FusedRecurrence.Result run = FusedRecurrence.apply(cell(), layout, direction == 1, layerInput, h0, c0,
                        weights[layer][direction], savedActivations);
                outputs[direction] = run.output();
                finalState[0][index] = run.hN();
                if (state.length > 1) {
                    finalState[1][index] = run.cN();
                }
            }
            layerInput = directions == 1 ? outputs[0] : Tensor.cat(Arrays.asList(outputs), 1);
            if (layer < numLayers - 1 && dropout > 0 && isTraining()) {
                // Drawn over the rows in order, which is the row-major order of PyTorch's
                // time-major (T, B, D * H) layer output, so the masks are the ones PyTorch draws.
                Generator source = generator == null ? Generator.defaultGenerator() : generator;
                layerInput = Functional.dropout(layerInput, dropout, true, source);
            }
        }
        Tensor[] stacked = new Tensor[state.length];
        for (int s = 0; s < state.length; s++) {
            stacked[s] = Tensor.stack(Arrays.asList(finalState[s]), 0);
        }
        return new Layers(layerInput, stacked);
    }

    private static String tuple(int[] shape) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            out.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return out.append(shape.length == 1 ? ",)" : ")").toString();
    }

    // ---------------------------------------------------------------- options

    /** 2 when bidirectional, else 1. */
    public final int directions() {
        return bidirectional ? 2 : 1;
    }

    /** The number of features of each input step ({@code input_size}). */
    public final int inputSize() {
        return inputSize;
    }

    /** The number of features of the hidden state H ({@code hidden_size}). */
    public final int hiddenSize() {
        return hiddenSize;
    }

    /** The number of stacked layers L ({@code num_layers}). */
    public final int numLayers() {
        return numLayers;
    }

    /** Whether the layers have biases. */
    public final boolean bias() {
        return bias;
    }

    /** Whether input and output are (batch, time, features) rather than (time, batch, features). */
    public final boolean batchFirst() {
        return batchFirst;
    }

    /** The dropout probability applied to each layer's output but the last, in training mode. */
    public final double dropout() {
        return dropout;
    }

    /** Whether each layer also runs backwards in time. */
    public final boolean bidirectional() {
        return bidirectional;
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (numLayers != 1) {
            s.append(", num_layers=").append(numLayers);
        }
        if (!bias) {
            s.append(", bias=False");
        }
        if (batchFirst) {
            s.append(", batch_first=True");
        }
        if (dropout != 0) {
            s.append(", dropout=").append(PyRepr.number(dropout));
        }
        if (bidirectional) {
            s.append(", bidirectional=True");
        }
        return s.toString();
    }

    /**
     * PyTorch's keyword arguments, shared by the builders of the three layers. Defaults as
     * PyTorch's: num_layers 1, bias true, batch_first false, dropout 0, bidirectional false.
     */
    public abstract static class Builder<B extends Builder<B>> {
        final int inputSize;
        final int hiddenSize;
        int numLayers = 1;
        boolean bias = true;
        boolean batchFirst;
        double dropout;
        boolean bidirectional;
        Generator generator;

        Builder(int inputSize, int hiddenSize) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Number of stacked layers, each fed the previous one's output. */
        public B numLayers(int numLayers) {
            this.numLayers = numLayers;
            return self();
        }

        /** Whether to use the biases b_ih and b_hh. */
        public B bias(boolean bias) {
            this.bias = bias;
            return self();
        }

        /** Input and output as (batch, time, features). */
        public B batchFirst(boolean batchFirst) {
            this.batchFirst = batchFirst;
            return self();
        }

        /** Dropout on the outputs of each layer except the last, in training mode. */
        public B dropout(double dropout) {
            this.dropout = dropout;
            return self();
        }

        /** Also run each layer backwards in time and concatenate both directions. */
        public B bidirectional(boolean bidirectional) {
            this.bidirectional = bidirectional;
            return self();
        }

        /**
         * The generator for the initial weights and the dropout masks (default: the default
         * generator, which is what PyTorch uses).
         */
        public B generator(Generator generator) {
            this.generator = generator;
            return self();
        }
    }
}
