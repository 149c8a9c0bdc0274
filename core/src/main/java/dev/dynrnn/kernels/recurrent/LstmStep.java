package dev.dynrnn.kernels.recurrent;

import dev.dynrnn.kernels.ArrayKernels;

/**
 * The LSTM's step over a block of rows. Each row of the gate block holds 4H pre-activations
 * p = x_t W_ih^T + b_ih + b_hh + h_(t-1) W_hh^T, summed by the caller, stacked (i, f, g, o):
 * <pre>
 *   i = sigmoid(p_i)   f = sigmoid(p_f)   g = tanh(p_g)   o = sigmoid(p_o)
 *   c_t = f * c_(t-1) + i * g
 *   h_t = o * tanh(c_t)
 * </pre>
 * The activations replace the pre-activations in place and, with c_t and tanh(c_t), are what
 * the backward needs. Backward, given dh = dL/dh_t and dc = dL/dc_t from the later steps:
 * <pre>
 *   dc     = dc + dh * o * (1 - tanh(c_t)^2)
 *   dp_i   = dc * g * i (1 - i)
 *   dp_f   = dc * c_(t-1) * f (1 - f)
 *   dp_g   = dc * i * (1 - g^2)
 *   dp_o   = dh * tanh(c_t) * o (1 - o)
 *   dL/dc_(t-1) = dc * f
 * </pre>
 * (dL/dh_(t-1) = dp W_hh is the caller's product.) Products are grouped as the composed ops
 * group them, so both round alike.
 */
final class LstmStep {
    private LstmStep() {}

    /**
     * @param gates  (rows, 4H) at gatesOff: p in, (i, f, g, o) out
     * @param cPrev  c_(t-1), row r at cPrevOff + r * cPrevStride (stride 0: one row for all)
     * @param cells  (rows, H) at cellsOff: c_t out
     * @param cellsTanh (rows, H) at cellsTanhOff: tanh(c_t) out, for the backward; null when not
     *               saved (then {@code row} holds each row's in turn)
     * @param out    (rows, H) at outOff: h_t out
     * @param row    scratch of H floats
     */
    static void forward(ArrayKernels kernels, int rows, int hidden, float[] gates, int gatesOff,
                        float[] cPrev, int cPrevOff, int cPrevStride, float[] cells, int cellsOff,
                        float[] cellsTanh, int cellsTanhOff, float[] out, int outOff, float[] row) {
        forward(kernels, rows, hidden, 0, hidden, gates, gatesOff, cPrev, cPrevOff, cPrevStride, cells, cellsOff,
                cellsTanh, cellsTanhOff, out, outOff, row);
    }

    /**
     * {@link #forward} for hidden units [from, from + width) only (of every gate and state row,
     * all still H apart): one thread's share when the threads split the hidden units.
     */
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

    /**
     * @param gates  (rows, 4H): the activations (i, f, g, o)
     * @param cellsTanh (rows, H): tanh(c_t), saved by the forward
     * @param cPrev  c_(t-1), row r at cPrevOff + r * cPrevStride
     * @param dh     (rows, H): dL/dh_t from the later steps (read only)
     * @param dOut   (rows, H): dL/dh_t from the output, added to dh; null for none
     * @param dc     (rows, H): dL/dc_t in, dL/dc_(t-1) out
     * @param dGates (rows, 4H): dL/dp out
     */
    static void backward(int rows, int hidden, float[] gates, int gatesOff,
                         float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                         float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                         float[] dGates, int dGatesOff) {
        backward(rows, hidden, 0, hidden, gates, gatesOff, cellsTanh, cellsTanhOff, cPrev, cPrevOff, cPrevStride,
                dh, dhOff, dOut, dOutOff, dc, dcOff, dGates, dGatesOff);
    }

    /** {@link #backward} for hidden units [from, from + width) only, as {@link #forward}'s range. */
    static void backward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                         float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                         float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                         float[] dGates, int dGatesOff) {
        int h = hidden;
        int end = from + width;
        for (int r = 0; r < rows; r++) {
            int g = gatesOff + r * 4 * h;
            int d = dGatesOff + r * 4 * h;
            int tc = cellsTanhOff + r * h;
            int cp = cPrevOff + r * cPrevStride;
            int dr = dhOff + r * h;
            int dcr = dcOff + r * h;
            int dor = dOutOff + r * h;
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
}
