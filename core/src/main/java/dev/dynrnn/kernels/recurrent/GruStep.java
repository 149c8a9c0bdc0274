package dev.dynrnn.kernels.recurrent;

import dev.dynrnn.kernels.ArrayKernels;

/**
 * The GRU's step over a block of rows, gates stacked (r, z, n), from gi = x_t W_ih^T + b_ih and
 * gh = h_(t-1) W_hh^T + b_hh (each (rows, 3H), computed by the caller):
 * <pre>
 *   r   = sigmoid(gi_r + gh_r)
 *   z   = sigmoid(gi_z + gh_z)
 *   n   = tanh(gi_n + r * gh_n)          (the reset gate scales the hidden part, bias included)
 *   h_t = (h_(t-1) - n) * z + n          ( = (1 - z) * n + z * h_(t-1) )
 * </pre>
 * The activations (r, z, n) replace gi in place and, with gh_n, are what the backward needs.
 * Backward, given dh = dL/dh_t:
 * <pre>
 *   dn      = dh - dh * z
 *   dz      = dh * (h_(t-1) - n)
 *   dgi_n   = dn * (1 - n^2)             dgh_n = dgi_n * r
 *   dgi_r   = dgh_r = dgi_n * gh_n * r (1 - r)
 *   dgi_z   = dgh_z = dz * z (1 - z)
 *   dL/dh_(t-1) = dh * z + dgh W_hh      (the product is the caller's)
 * </pre>
 */
final class GruStep {
    private GruStep() {}

    /**
     * @param gates    (rows, 3H): gi in, (r, z, n) out
     * @param hGates   (rows, 3H): gh (read only)
     * @param hPrev    h_(t-1), row r at hPrevOff + r * hPrevStride (stride 0: one row for all)
     * @param hiddenN  (rows, H): gh_n out, or null when nothing is saved
     * @param out      (rows, H): h_t out
     */
    static void forward(ArrayKernels kernels, int rows, int hidden, float[] gates, int gatesOff,
                        float[] hGates, int hGatesOff, float[] hPrev, int hPrevOff, int hPrevStride,
                        float[] hiddenN, int hiddenNOff, float[] out, int outOff) {
        int h = hidden;
        for (int r = 0; r < rows; r++) {
            int g = gatesOff + r * 3 * h;
            int gh = hGatesOff + r * 3 * h;
            for (int j = 0; j < 2 * h; j++) {
                gates[g + j] = gates[g + j] + hGates[gh + j];
            }
            kernels.sigmoid(gates, g, gates, g, 2 * h);                 // r, z
            for (int j = 0; j < h; j++) {
                gates[g + 2 * h + j] = gates[g + 2 * h + j] + gates[g + j] * hGates[gh + 2 * h + j];
            }
            kernels.tanh(gates, g + 2 * h, gates, g + 2 * h, h);        // n
            if (hiddenN != null) {
                System.arraycopy(hGates, gh + 2 * h, hiddenN, hiddenNOff + r * h, h);
            }
            int hp = hPrevOff + r * hPrevStride;
            int o = outOff + r * h;
            for (int j = 0; j < h; j++) {
                float n = gates[g + 2 * h + j];
                out[o + j] = (hPrev[hp + j] - n) * gates[g + h + j] + n;
            }
        }
    }

    /**
     * @param gates    (rows, 3H): the activations (r, z, n)
     * @param hiddenN  (rows, H): gh_n
     * @param hPrev    h_(t-1), row r at hPrevOff + r * hPrevStride
     * @param dh       (rows, H): dL/dh_t from the later steps in, dL/dh_t * z out
     * @param dOut     (rows, H): dL/dh_t from the output, added to dh; null for none
     * @param dGi      (rows, 3H): dL/dgi out
     * @param dGh      (rows, 3H): dL/dgh out
     */
    static void backward(int rows, int hidden, float[] gates, int gatesOff, float[] hiddenN, int hiddenNOff,
                         float[] hPrev, int hPrevOff, int hPrevStride, float[] dh, int dhOff, float[] dOut, int dOutOff,
                         float[] dGi, int dGiOff, float[] dGh, int dGhOff) {
        int h = hidden;
        // Several short loops rather than one: each has few enough arrays for the JIT to
        // vectorize it (one loop writing seven streams ran 5x slower); same operations.
        for (int r = 0; r < rows; r++) {
            int g = gatesOff + r * 3 * h;
            int di = dGiOff + r * 3 * h;
            int dg = dGhOff + r * 3 * h;
            int hn = hiddenNOff + r * h;
            int hp = hPrevOff + r * hPrevStride;
            int dr = dhOff + r * h;
            if (dOut != null) {                       // dh = dL/dh_t
                int dor = dOutOff + r * h;
                for (int j = 0; j < h; j++) {
                    dh[dr + j] = dh[dr + j] + dOut[dor + j];
                }
            }
            for (int j = 0; j < h; j++) {             // dgi_z = dh (h_(t-1) - n) z (1 - z)
                float update = gates[g + h + j];
                dGi[di + h + j] = dh[dr + j] * (hPrev[hp + j] - gates[g + 2 * h + j]) * (update * (1f - update));
            }
            for (int j = 0; j < h; j++) {             // dgi_n = (dh - dh z) (1 - n^2)
                float dhj = dh[dr + j];
                float n = gates[g + 2 * h + j];
                dGi[di + 2 * h + j] = (dhj - dhj * gates[g + h + j]) * (1f - n * n);
            }
            for (int j = 0; j < h; j++) {             // dgi_r = dgi_n gh_n r (1 - r), dgh_n = dgi_n r
                float reset = gates[g + j];
                float dnPre = dGi[di + 2 * h + j];
                dGi[di + j] = dnPre * hiddenN[hn + j] * (reset * (1f - reset));
                dGh[dg + 2 * h + j] = dnPre * reset;
            }
            System.arraycopy(dGi, di, dGh, dg, 2 * h); // dgh_r = dgi_r, dgh_z = dgi_z
            for (int j = 0; j < h; j++) {             // the direct part of dL/dh_(t-1)
                dh[dr + j] = dh[dr + j] * gates[g + h + j];
            }
        }
    }
}
