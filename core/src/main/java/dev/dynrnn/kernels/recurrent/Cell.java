package dev.dynrnn.kernels.recurrent;

/** The recurrences the kernels implement, with PyTorch's gate order (see {@link RecurrentKernel}). */
public enum Cell {
    /** Elman RNN with tanh: one gate. */
    RNN_TANH(1),
    /** Elman RNN with relu: one gate. */
    RNN_RELU(1),
    /** LSTM: gates i, f, g, o. */
    LSTM(4),
    /** GRU: gates r, z, n. */
    GRU(3);

    private final int gates;

    Cell(int gates) {
        this.gates = gates;
    }

    /** G: how many blocks of H rows W_ih and W_hh stack. */
    public int gates() {
        return gates;
    }
}
