package dev.dynrnn.train;

import dev.dynrnn.nn.GRU;
import dev.dynrnn.nn.LSTM;
import dev.dynrnn.nn.Linear;
import dev.dynrnn.nn.Module;
import dev.dynrnn.nn.RNN;
import dev.dynrnn.nn.RNNBase;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * The seed's model, generalised: a recurrent layer called {@code rnn} (RNN, LSTM or GRU,
 * batch-first) followed by a Linear layer called {@code out} applied at every time step:
 * <pre>
 *   r_t, state_t = rnn(x_t, state_(t-1))     x (B, T, input_size), r (B, T, H)
 *   y_t = r_t W_out^T + b_out                 y (B, T, output_size)
 * </pre>
 * Its state dict has PyTorch's keys ({@code rnn.weight_ih_l0}, {@code rnn.weight_hh_l0},
 * {@code rnn.bias_ih_l0}, {@code rnn.bias_hh_l0}, ... per layer, {@code out.weight},
 * {@code out.bias}), so it loads into, and from, this PyTorch module:
 * <pre>
 *   class Model(nn.Module):
 *       def __init__(self):
 *           super().__init__()
 *           self.rnn = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True, dropout=dropout)
 *           self.out = nn.Linear(hidden_size, output_size)
 *       def forward(self, x, state=None):
 *           r, state = self.rnn(x, state)
 *           return self.out(r), state
 * </pre>
 * (The seed applies {@code out} to {@code r[:, t, :]} in a Python loop and stacks the results;
 * applying it to the whole (B, T, H) tensor computes the same values.)
 */
public final class SequenceModel extends Module {
    private final ModelSpec spec;
    private final RNNBase rnn;
    private final Linear out;

    /**
     * Builds the model with PyTorch's initial weights drawn from {@code generator} in PyTorch's
     * order (the recurrent layer's parameters, then {@code out.weight} and {@code out.bias}):
     * with {@code new Generator(seed)} they equal those of {@code torch.manual_seed(seed);
     * Model()}. The generator also drives dropout between recurrent layers.
     */
    public SequenceModel(ModelSpec spec, Generator generator) {
        this.spec = spec;
        this.rnn = registerModule("rnn", switch (spec.cell()) {
            case RNN -> RNN.builder(spec.inputSize(), spec.hiddenSize()).numLayers(spec.numLayers())
                    .dropout(spec.dropout()).batchFirst(true).generator(generator).build();
            case LSTM -> LSTM.builder(spec.inputSize(), spec.hiddenSize()).numLayers(spec.numLayers())
                    .dropout(spec.dropout()).batchFirst(true).generator(generator).build();
            case GRU -> GRU.builder(spec.inputSize(), spec.hiddenSize()).numLayers(spec.numLayers())
                    .dropout(spec.dropout()).batchFirst(true).generator(generator).build();
        });
        this.out = registerModule("out", new Linear(spec.hiddenSize(), spec.outputSize(), true, generator));
    }

    /** What a forward pass returns: the predictions and the state after the last time step. */
    public record Output(Tensor prediction, HiddenState state) {}

    /**
     * Runs the model over a batch of sequences.
     *
     * @param x     (B, T, input_size)
     * @param state the state to start from, (L, B, H) each; null for zeros
     * @return the prediction (B, T, output_size) and the state after step T
     */
    public Output forward(Tensor x, HiddenState state) {
        if (x.dim() != 3 || x.size(2) != spec.inputSize()) {
            throw new IllegalArgumentException("model input must be (batch, time, " + spec.inputSize() + "), got "
                    + Arrays.toString(x.shape()));
        }
        Tensor h0 = state == null ? null : state.h();
        Tensor r;
        HiddenState next;
        if (rnn instanceof LSTM lstm) {
            LSTM.Output o = lstm.forward(x, h0, state == null ? null : state.c());
            r = o.output();
            next = new HiddenState(o.hN(), o.cN());
        } else if (rnn instanceof GRU gru) {
            GRU.Output o = gru.forward(x, h0);
            r = o.output();
            next = new HiddenState(o.hN(), null);
        } else {
            RNN.Output o = ((RNN) rnn).forward(x, h0);
            r = o.output();
            next = new HiddenState(o.hN(), null);
        }
        return new Output(out.forward(r), next);
    }

    /** The architecture. */
    public ModelSpec spec() {
        return spec;
    }

    /** The recurrent layer, {@code rnn}. */
    public RNNBase rnn() {
        return rnn;
    }

    /** The output layer, {@code out}. */
    public Linear out() {
        return out;
    }
}
