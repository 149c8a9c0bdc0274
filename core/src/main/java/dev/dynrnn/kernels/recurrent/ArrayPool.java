package dev.dynrnn.kernels.recurrent;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Arrays handed back once nothing reads them any more, to be handed out again for the next
 * request of the same length: the activations a recurrent layer saves for its backward, which a
 * training loop needs again, at the same size, in the next iteration. Thread-safe. At most
 * {@value #PER_LENGTH} arrays of each length are kept; more are left to the garbage collector.
 *
 * <p>Whoever gives an array back must be sure that nothing will read or write it again: the
 * next taker overwrites it.
 */
public final class ArrayPool {
    static final int PER_LENGTH = 4;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();

    /** An array of exactly {@code length} floats: a returned one (contents unspecified) or a new one. */
    public synchronized float[] take(int length) {
        ArrayDeque<float[]> arrays = free.get(length);
        float[] array = arrays == null ? null : arrays.pollFirst();
        return array != null ? array : new float[length];
    }

    /** Hands {@code array} back for a later {@link #take}; null is ignored. */
    public synchronized void give(float[] array) {
        if (array == null) {
            return;
        }
        ArrayDeque<float[]> arrays = free.computeIfAbsent(array.length, k -> new ArrayDeque<>());
        if (arrays.size() < PER_LENGTH) {
            arrays.addFirst(array);
        }
    }
}
