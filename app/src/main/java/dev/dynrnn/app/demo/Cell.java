package dev.dynrnn.app.demo;

import dev.dynrnn.nn.RNNBase;
import dev.dynrnn.tensor.Tensor;
import java.util.Locale;

/**
 * The recurrent layer of the demo's model ({@code --cell}): the seed's {@code nn.RNN}, or an
 * {@code nn.LSTM} or {@code nn.GRU} in its place. Runs whichever it is with one kind of state.
 */
public enum Cell {
    RNN,
    LSTM,
    GRU;

    /**
     * The recurrent state carried between iterations: h (n_layers, batch, hidden_size), and for
     * the LSTM also its cell state c of the same shape (PyTorch's tuple {@code (h, c)}); c is
     * null for RNN and GRU.
     */
    public record State(Tensor h, Tensor c) {
        /**
         * {@code h_state.data}: the same values cut from the graph, so the next iteration's
         * backward stops here (truncated back-propagation through time).
         */
        public State data() {
            return new State(h.detach(), c == null ? null : c.detach());
        }
    }

    /** A forward result: the per-step output (batch, time_step, features) and the final state. */
    public record Output(Tensor output, State hState) {}

    /**
     * {@code r_out, h_state = self.rnn(x, h_state)}: runs {@code layer} over x (batch, time_step,
     * input_size) from {@code hState}, or from zeros when it is null.
     */
    // The layer classes are written out in full: inside this enum RNN, LSTM and GRU name its constants.
    static Output forward(RNNBase layer, Tensor x, State hState) {
        Tensor h = hState == null ? null : hState.h();
        if (layer instanceof dev.dynrnn.nn.LSTM lstm) {
            var r = lstm.forward(x, h, hState == null ? null : hState.c());
            return new Output(r.output(), new State(r.hN(), r.cN()));
        }
        if (layer instanceof dev.dynrnn.nn.GRU gru) {
            var r = gru.forward(x, h);
            return new Output(r.output(), new State(r.hN(), null));
        }
        if (layer instanceof dev.dynrnn.nn.RNN rnn) {
            var r = rnn.forward(x, h);
            return new Output(r.output(), new State(r.hN(), null));
        }
        throw new IllegalArgumentException("expected an RNN, LSTM or GRU layer, got " + layer.getClass().getName());
    }

    /** The cell named {@code name} ({@code rnn}, {@code lstm} or {@code gru}, any case). */
    public static Cell parse(String name) {
        for (Cell cell : values()) {
            if (cell.name().equalsIgnoreCase(name)) {
                return cell;
            }
        }
        throw new IllegalArgumentException("--cell: expected rnn, lstm or gru, got '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
