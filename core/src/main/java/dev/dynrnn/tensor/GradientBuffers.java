package dev.dynrnn.tensor;

import dev.dynrnn.kernels.PerThread;
import java.util.IdentityHashMap;

/**
 * Storage for the gradients that backward functions return, reused from one backward pass to the
 * next: what makes a training iteration not allocate its activations' gradients again each time.
 *
 * <p>During a pass, {@link #take} lends large arrays from a per-thread free list and remembers
 * them. When the pass completes, every lent array that nobody kept goes back to the list. An
 * array is kept (and never reused) when the engine makes it a leaf's {@code grad} or hands it to a
 * backward function that may hold on to it (see {@link Node.PureBackward}); the engine reports
 * those through {@link #kept}. A pass that fails returns nothing: its arrays may be anywhere.
 *
 * <p>Arrays shorter than {@value #MIN_LENGTH} floats are always new: Java allocates those from
 * the thread's buffer for about the cost of the bookkeeping, and the target is the gradients that
 * grow with batch, steps and hidden size. Free arrays of a length that no pass has used for
 * {@value #IDLE_PASSES} passes are dropped (sequences of ever new lengths must not fill the list),
 * and the list never holds more than {@code min(256 MiB, max heap / 8)}.
 */
final class GradientBuffers {
    /** Shortest array that is pooled (16 KiB). */
    static final int MIN_LENGTH = 1 << 12;

    /** Completed passes after which an unused length's free arrays are dropped. */
    static final int IDLE_PASSES = FreeArrays.IDLE_ROUNDS;

    private static final PerThread<GradientBuffers> PER_THREAD = new PerThread<>(GradientBuffers::new);

    /** Free arrays by length; a round is an outermost pass. */
    private final FreeArrays free = new FreeArrays();
    /** The arrays lent during the running pass, by identity (null until it lends one). */
    private IdentityHashMap<float[], Boolean> lent;
    /** An emptied map of an earlier pass, for the next pass that lends. */
    private IdentityHashMap<float[], Boolean> spare;
    /** Backward passes running on this thread (more than one when they nest). */
    private int depth;

    private GradientBuffers() {}

    /** This thread's buffers. */
    static GradientBuffers get() {
        return PER_THREAD.get();
    }

    /**
     * Starts a pass and returns the lent arrays of the pass it interrupts (a backward run from
     * inside a backward function nests; null when none, or when that pass lent nothing yet), for
     * {@link #end}.
     */
    IdentityHashMap<float[], Boolean> begin() {
        IdentityHashMap<float[], Boolean> outer = lent;
        lent = null;       // made when the pass first lends: most passes of small models never do
        depth++;
        return outer;
    }

    /**
     * Ends the running pass: when it completed, its lent arrays that were not kept are free
     * again; then the interrupted pass, if any, resumes.
     */
    void end(boolean completed, IdentityHashMap<float[], Boolean> outer) {
        if (lent != null) {
            if (completed) {
                for (float[] array : lent.keySet()) {
                    free.giveBack(array);
                }
            }
            lent.clear();
            spare = lent;
        }
        lent = outer;
        if (--depth == 0) {
            free.endRound();
        }
    }

    /** A zero-filled array of {@code length} floats (see the class comment). */
    float[] take(int length) {
        if (depth == 0 || length < MIN_LENGTH) {
            return new float[length];
        }
        if (lent == null) {
            lent = spare != null ? spare : new IdentityHashMap<>();
            spare = null;
        }
        float[] array = free.take(length);
        lent.put(array, Boolean.TRUE);
        return array;
    }

    /** {@code array} is kept by someone: it is not given back when the pass ends. */
    void kept(float[] array) {
        if (lent != null && !lent.isEmpty()) {
            lent.remove(array);
        }
    }
}
