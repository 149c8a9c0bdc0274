package dev.dynrnn.kernels.recurrent;

import dev.dynrnn.kernels.ThreadArrays;
import java.util.Arrays;

/**
 * Per-thread temporary arrays of the recurrent kernels ({@link ThreadArrays}), kept between calls
 * so that repeated iterations of one shape allocate none of them again. A workspace array lives
 * only inside one kernel call: nothing that outlives the call (outputs, saved activations,
 * gradients) is ever one of them. The arrays grow to the largest size asked for and stay
 * allocated with the thread.
 */
final class Workspace {
    private Workspace() {}

    /** What a temporary holds; one array per slot per thread. */
    enum Slot {
        /** (N, G*H) pre-activations of a forward that saves nothing for backward. */
        PRE_GATES,
        /** (N, H) c_t of a forward that saves nothing for backward (LSTM). */
        CELLS,
        /** (G*H) the biases summed once per forward. */
        BIAS,
        /** (H, G*H) W_hh^T in column panels, laid out once per forward for the per-step products. */
        HIDDEN_WEIGHTS_T,
        /** (G*H, H) W_hh in column panels, laid out once per backward for the per-step products. */
        HIDDEN_WEIGHTS,
        /** (B, 3H) h_(t-1) W_hh^T + b_hh of one GRU step. */
        HIDDEN_GATES,
        /** (H) one row of tanh(c_t) in an LSTM forward that saves nothing for backward. */
        ROW,
        /** (G*H) one block's column sums of a gradient (the bias gradients). */
        ROW_SUMS,
        /** (H) zeros: the initial state when none is given. */
        ZEROS,
        /** (N, G*H) dL/d(pre-activations): of x W_ih^T for the GRU, of both products otherwise. */
        GRAD_GATES,
        /** (N, 3H) dL/d(h_(t-1) W_hh^T + b_hh) of the GRU. */
        GRAD_HIDDEN_GATES,
        /** (B, H) dL/dh carried backwards through time. */
        CARRY_H,
        /** (B, H) dL/dc carried backwards through time (LSTM). */
        CARRY_C
    }

    private static final ThreadArrays<Slot> ARRAYS = new ThreadArrays<>(Slot.class);

    /** An array of at least {@code size} floats with unspecified contents. */
    static float[] get(Slot slot, int size) {
        return ARRAYS.get(slot, size);
    }

    /** An array of at least {@code size} floats whose first {@code size} are zero. */
    static float[] zeros(Slot slot, int size) {
        float[] array = get(slot, size);
        Arrays.fill(array, 0, size, 0f);
        return array;
    }
}
