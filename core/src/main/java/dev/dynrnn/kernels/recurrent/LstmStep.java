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
 * group them, so both round alike. The arithmetic is the kernels' ({@link ArrayKernels#lstmForward},
 * {@link ArrayKernels#lstmBackward}).
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
        kernels.lstmForward(rows, hidden, from, width, gates, gatesOff, cPrev, cPrevOff, cPrevStride, cells, cellsOff,
                cellsTanh, cellsTanhOff, out, outOff, row);
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
    static void backward(ArrayKernels kernels, int rows, int hidden, float[] gates, int gatesOff,
                         float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                         float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                         float[] dGates, int dGatesOff) {
        backward(kernels, rows, hidden, 0, hidden, gates, gatesOff, cellsTanh, cellsTanhOff, cPrev, cPrevOff,
                cPrevStride, dh, dhOff, dOut, dOutOff, dc, dcOff, dGates, dGatesOff);
    }

    /** {@link #backward} for hidden units [from, from + width) only, as {@link #forward}'s range. */
    static void backward(ArrayKernels kernels, int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                         float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                         float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                         float[] dGates, int dGatesOff) {
        kernels.lstmBackward(rows, hidden, from, width, gates, gatesOff, cellsTanh, cellsTanhOff, cPrev, cPrevOff,
                cPrevStride, dh, dhOff, dOut, dOutOff, dc, dcOff, dGates, dGatesOff);
    }
}
