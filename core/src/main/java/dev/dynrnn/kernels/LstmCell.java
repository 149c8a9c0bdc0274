package dev.dynrnn.kernels;

/**
 * The LSTM cell's pointwise equations over a block of rows, for {@link ArrayKernels#lstmForward}
 * and {@link ArrayKernels#lstmBackward}, with the sigmoid and tanh of the kernels that call it:
 * one pass per gate, then c_t, tanh(c_t) and h_t. {@link VectorLstmCell} is the Vector API twin
 * (the same operations in the same order, so the same bits as this class run with the vector
 * kernels). Legend: row r's gate block (i, f, g, o), 4H floats, starts at
 * {@code gatesOff + r * 4H}; a state row (c, tanh(c), h, dh, dc) at {@code off + r * H}; only
 * hidden units [from, from + width) of each are touched.
 */
final class LstmCell {
    private LstmCell() {}

    /** See {@link ArrayKernels#lstmForward}. */
    static void forward(ArrayKernels kernels, int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                        float[] cPrev, int cPrevOff, int cPrevStride, float[] cells, int cellsOff,
                        float[] cellsTanh, int cellsTanhOff, float[] out, int outOff, float[] row) {
        int h = hidden;
        int end = from + width;
        for (int r = 0; r < rows; r++) {
            int g = gatesOff + r * 4 * h;
            if (width == h) {
                kernels.sigmoid(gates, g, gates, g, 2 * h);             // i, f
            } else {
                kernels.sigmoid(gates, g + from, gates, g + from, width);            // i
                kernels.sigmoid(gates, g + h + from, gates, g + h + from, width);    // f
            }
            kernels.tanh(gates, g + 2 * h + from, gates, g + 2 * h + from, width);       // g
            kernels.sigmoid(gates, g + 3 * h + from, gates, g + 3 * h + from, width);    // o
            int c = cellsOff + r * h;
            int cp = cPrevOff + r * cPrevStride;
            for (int j = from; j < end; j++) {
                cells[c + j] = gates[g + h + j] * cPrev[cp + j] + gates[g + j] * gates[g + 2 * h + j];
            }
            float[] t = cellsTanh != null ? cellsTanh : row;
            int tOff = cellsTanh != null ? cellsTanhOff + r * h : 0;
            kernels.tanh(cells, c + from, t, tOff + from, width);
            int o = outOff + r * h;
            for (int j = from; j < end; j++) {
                out[o + j] = gates[g + 3 * h + j] * t[tOff + j];
            }
        }
    }

    /** See {@link ArrayKernels#lstmBackward}. */
    static void backward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                         float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                         float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                         float[] dGates, int dGatesOff) {
        for (int r = 0; r < rows; r++) {
            backwardRow(hidden, from, from + width, gates, gatesOff + r * 4 * hidden, cellsTanh,
                    cellsTanhOff + r * hidden, cPrev, cPrevOff + r * cPrevStride, dh, dhOff + r * hidden,
                    dOut, dOutOff + r * hidden, dc, dcOff + r * hidden, dGates, dGatesOff + r * 4 * hidden);
        }
    }

    /**
     * Units [from, end) of one row's backward, each offset the row's start: also the scalar tail
     * of {@link VectorLstmCell#backward}, which does these operations lane by lane.
     */
    static void backwardRow(int h, int from, int end, float[] gates, int g, float[] cellsTanh, int tc,
                            float[] cPrev, int cp, float[] dh, int dr, float[] dOut, int dor, float[] dc, int dcr,
                            float[] dGates, int d) {
        // Three short loops rather than one writing five streams, which the JIT did not
        // vectorize; the same operations.
        for (int j = from; j < end; j++) {     // dc += dh o (1 - tanh(c)^2), dp_o = dh tanh(c) o (1 - o)
            float o = gates[g + 3 * h + j];
            float tanhC = cellsTanh[tc + j];
            float dhj = dOut == null ? dh[dr + j] : dh[dr + j] + dOut[dor + j];
            dc[dcr + j] = dc[dcr + j] + dhj * o * (1f - tanhC * tanhC);
            dGates[d + 3 * h + j] = dhj * tanhC * (o * (1f - o));
        }
        for (int j = from; j < end; j++) {     // dp_i = dc g i (1 - i), dp_g = dc i (1 - g^2)
            float i = gates[g + j];
            float gg = gates[g + 2 * h + j];
            float dcj = dc[dcr + j];
            dGates[d + j] = dcj * gg * (i * (1f - i));
            dGates[d + 2 * h + j] = dcj * i * (1f - gg * gg);
        }
        for (int j = from; j < end; j++) {     // dp_f = dc c_(t-1) f (1 - f), dL/dc_(t-1) = dc f
            float f = gates[g + h + j];
            float dcj = dc[dcr + j];
            dGates[d + h + j] = dcj * cPrev[cp + j] * (f * (1f - f));
            dc[dcr + j] = dcj * f;
        }
    }
}
