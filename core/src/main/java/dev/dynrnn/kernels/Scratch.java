package dev.dynrnn.kernels;

/**
 * Per-thread temporary arrays ({@link ThreadArrays}) for the kernels (packed panels, activation scratch), so that a
 * kernel called thousands of times per training iteration does not allocate each time. A slot's
 * array is only used inside one kernel call and never handed out, and no kernel that holds a slot
 * calls another that takes the same slot.
 */
final class Scratch {
    private Scratch() {}

    /** What a temporary is for; one array per slot per thread. */
    enum Slot {
        PACK_A,
        PACK_B,
        EDGE_A,
        EDGE_B,
        TILE,
        ACTIVATION,
        ROW,
        ACCUMULATOR,
        CARRY,
        LANES,
        SUMS
    }

    private static final ThreadArrays<Slot> ARRAYS = new ThreadArrays<>(Slot.class);

    /** An array of at least {@code size} floats with unspecified contents. */
    static float[] get(Slot slot, int size) {
        return ARRAYS.get(slot, size);
    }
}
