package dev.dynrnn.bench;

import dev.dynrnn.nn.GRU;
import dev.dynrnn.nn.LSTM;
import dev.dynrnn.nn.Linear;
import dev.dynrnn.nn.Module;
import dev.dynrnn.nn.RNN;
import dev.dynrnn.nn.RNNBase;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark {@link Workload}'s model, written as a user writes the seed's model: a
 * {@link Module} with a recurrent layer {@code rnn} ({@code batchFirst}) and a head
 * {@code out = Linear(hidden, 1)}, as the PyTorch peer's {@code RecurrentRegressor}
 * (bench/peers/pytorch_workloads.py), with the same parameter names ({@code rnn.weight_ih_l0},
 * ..., {@code out.weight}, {@code out.bias}).
 *
 * <p>Shapes: x (batch, time, input), the recurrent output (batch, time, hidden), the prediction
 * (batch, time, 1); each state tensor (layers, batch, hidden).
 */
public final class RecurrentRegressor extends Module {
    private final RNNBase rnn;
    private final Linear out;
    private final boolean perStepHead;

    /**
     * The prediction and the recurrent layer's final state.
     *
     * @param prediction (batch, time, 1)
     * @param state      {h_n} for RNN and GRU, {h_n, c_n} for the LSTM; each (layers, batch, hidden)
     */
    public record Output(Tensor prediction, Tensor[] state) {}

    /** The model of {@code workload}; its parameters are drawn from the default generator, rnn first. */
    public RecurrentRegressor(Workload workload) {
        this.rnn = registerModule("rnn", switch (workload.cell) {
            case RNN -> RNN.builder(workload.inputSize, workload.hidden).numLayers(workload.layers)
                    .batchFirst(true).build();
            case LSTM -> LSTM.builder(workload.inputSize, workload.hidden).numLayers(workload.layers)
                    .batchFirst(true).build();
            case GRU -> GRU.builder(workload.inputSize, workload.hidden).numLayers(workload.layers)
                    .batchFirst(true).build();
        });
        this.out = registerModule("out", new Linear(workload.hidden, 1));
        this.perStepHead = workload.perStepHead;
    }

    /**
     * @param x     (batch, time, input)
     * @param state the previous final state ({@link Output#state()}), or null for zeros
     */
    public Output forward(Tensor x, Tensor[] state) {
        Tensor rOut;                                             // (batch, time, hidden)
        Tensor[] next;
        if (rnn instanceof LSTM lstm) {
            LSTM.Output r = state == null ? lstm.forward(x) : lstm.forward(x, state[0], state[1]);
            rOut = r.output();
            next = new Tensor[] {r.hN(), r.cN()};
        } else if (rnn instanceof GRU gru) {
            GRU.Output r = gru.forward(x, state == null ? null : state[0]);
            rOut = r.output();
            next = new Tensor[] {r.hN()};
        } else {
            RNN.Output r = ((RNN) rnn).forward(x, state == null ? null : state[0]);
            rOut = r.output();
            next = new Tensor[] {r.hN()};
        }
        Tensor prediction;
        if (perStepHead) {
            // the seed's loop: one Linear call per time step on rOut[:, t, :], then stack on dim 1
            int steps = rOut.size(1);
            List<Tensor> outs = new ArrayList<>(steps);
            for (int t = 0; t < steps; t++) {
                outs.add(out.forward(rOut.select(1, t)));         // (batch, 1)
            }
            prediction = Tensor.stack(outs, 1);
        } else {
            prediction = out.forward(rOut);
        }
        return new Output(prediction, next);
    }
}
