package dev.dynrnn.train;

import java.util.Locale;

/** The recurrent layer of a {@link SequenceModel}: PyTorch's {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU}. */
public enum Cell {
    /** Elman RNN with tanh ({@code nn.RNN}); gates 1. */
    RNN(1),
    /** Long short-term memory ({@code nn.LSTM}); gates 4, and a cell state beside the hidden state. */
    LSTM(4),
    /** Gated recurrent unit ({@code nn.GRU}); gates 3. */
    GRU(3);

    private final int gates;

    Cell(int gates) {
        this.gates = gates;
    }

    /** How many gate blocks the weights stack: {@code weight_ih_l0} is (gates * hidden, input). */
    public int gates() {
        return gates;
    }

    /** The name on the command line and in model files: {@code rnn}, {@code lstm}, {@code gru}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cell called {@code id} ({@code rnn}, {@code lstm} or {@code gru}, any case). */
    public static Cell parse(String id) {
        for (Cell cell : values()) {
            if (cell.id().equalsIgnoreCase(id.strip())) {
                return cell;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + id + "' (expected rnn, lstm or gru)");
    }
}
