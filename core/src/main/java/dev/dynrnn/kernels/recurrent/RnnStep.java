package dev.dynrnn.kernels.recurrent;

import dev.dynrnn.kernels.ArrayKernels;

/**
 * The Elman RNN's step over a block of rows, once the caller has summed the pre-activation
 * <pre>
 *   p   = x_t W_ih^T + b_ih + b_hh + h_(t-1) W_hh^T        (rows, H)
 *   h_t = act(p),  act = tanh or relu
 * </pre>
 * and its backward, given dh = dL/dh_t:
 * <pre>
 *   dp = dh * (1 - h_t^2)    (tanh)
 *   dp = dh * [h_t > 0]      (relu)
 * </pre>
 * (dL/dh_(t-1) = dp W_hh is the caller's product.) h_t is all the backward needs, so the output
 * is the only saved activation.
 */
final class RnnStep {
    private RnnStep() {}

    /** In place over n = rows * H elements: p becomes h_t. */
    static void forward(ArrayKernels kernels, boolean relu, float[] out, int outOff, int n) {
        if (relu) {
            kernels.relu(out, outOff, out, outOff, n);
        } else {
            kernels.tanh(out, outOff, out, outOff, n);
        }
    }

    /**
     * dp from h_t and dL/dh_t = dh + dOut (dOut null when the output has no gradient), over
     * n = rows * H elements. For tanh, the sum and then {@link ArrayKernels#tanhBackward}: the
     * vector kernels, where a plain loop of H = 32 (workload a's) is too short for C2 to
     * vectorize; each element rounds as (dh + dOut) * (1 - h^2) either way.
     */
    static void backward(ArrayKernels kernels, boolean relu, float[] out, int outOff, float[] dh, int dhOff,
                         float[] dOut, int dOutOff, float[] dPre, int dPreOff, int n) {
        if (relu) {
            for (int i = 0; i < n; i++) {
                float g = dOut == null ? dh[dhOff + i] : dh[dhOff + i] + dOut[dOutOff + i];
                dPre[dPreOff + i] = out[outOff + i] > 0 ? g : 0f;
            }
        } else if (dOut == null) {
            kernels.tanhBackward(out, outOff, dh, dhOff, dPre, dPreOff, n);
        } else {
            kernels.add(dh, dhOff, dOut, dOutOff, dPre, dPreOff, n);
            kernels.tanhBackward(out, outOff, dPre, dPreOff, dPre, dPreOff, n);
        }
    }
}
