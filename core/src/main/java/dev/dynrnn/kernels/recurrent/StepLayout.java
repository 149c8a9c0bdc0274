package dev.dynrnn.kernels.recurrent;

import java.util.Arrays;

/**
 * How the rows of a sequence are laid out: the batch size of every time step, and where each
 * step's rows start in the (rows, features) matrices that hold the whole sequence.
 *
 * <p>Time-major, step after step: step t owns rows {@code rowStart(t) .. rowStart(t) +
 * batchAt(t) - 1}, and row b of a step is batch entry b. A dense batch has the same size at every
 * step (the rows of a contiguous (T, B, features) tensor); a packed one, as PyTorch's
 * {@code PackedSequence}, has non-increasing sizes: the sequences are sorted longest first and
 * at step t only the first {@code batchAt(t)} of them are still running.
 *
 * <p>Initial and final states are (B, H) with B = {@link #batch()} = {@code batchAt(0)}. A batch
 * entry's final state is its state after its last step: the last step it takes part in when run
 * forward in time, step 0 when run in reverse (where each entry starts at its own last step from
 * its initial state).
 */
public final class StepLayout {
    private final int[] batchSizes;
    private final int[] rowStart;
    private final int rows;

    private StepLayout(int[] batchSizes) {
        this.batchSizes = batchSizes;
        this.rowStart = new int[batchSizes.length];
        long total = 0;
        for (int t = 0; t < batchSizes.length; t++) {
            rowStart[t] = (int) total;
            total += batchSizes[t];
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a sequence of " + total + " rows is more than an array holds");
        }
        this.rows = (int) total;
    }

    /** {@code steps} steps of {@code batch} rows each: a contiguous (T, B, features) layout. */
    public static StepLayout dense(int steps, int batch) {
        if (steps < 1) {
            throw new IllegalArgumentException("a sequence needs at least one step, got " + steps);
        }
        if (batch < 0) {
            throw new IllegalArgumentException("batch size must be >= 0, got " + batch);
        }
        int[] sizes = new int[steps];
        Arrays.fill(sizes, batch);
        return new StepLayout(sizes);
    }

    /**
     * PyTorch's {@code PackedSequence.batch_sizes}: step t has {@code batchSizes[t]} rows; the sizes
     * must be positive and non-increasing.
     */
    public static StepLayout packed(int... batchSizes) {
        if (batchSizes.length == 0) {
            throw new IllegalArgumentException("batch_sizes must name at least one step");
        }
        for (int t = 0; t < batchSizes.length; t++) {
            if (batchSizes[t] < 1) {
                throw new IllegalArgumentException("batch_sizes[" + t + "] must be positive, got " + batchSizes[t]
                        + " in " + Arrays.toString(batchSizes));
            }
            if (t > 0 && batchSizes[t] > batchSizes[t - 1]) {
                throw new IllegalArgumentException("batch_sizes must be non-increasing, got " + batchSizes[t - 1]
                        + " then " + batchSizes[t] + " at step " + t + " in " + Arrays.toString(batchSizes));
            }
        }
        return new StepLayout(batchSizes.clone());
    }

    /** Number of time steps T. */
    public int steps() {
        return batchSizes.length;
    }

    /** The largest batch, {@code batchAt(0)}: the rows of the initial and final states. */
    public int batch() {
        return batchSizes[0];
    }

    /** Total rows N, the sum of the batch sizes. */
    public int rows() {
        return rows;
    }

    /** Rows of step t. */
    public int batchAt(int t) {
        return batchSizes[t];
    }

    /** First row of step t. */
    public int rowStart(int t) {
        return rowStart[t];
    }

    /** Whether every step has the same batch size. */
    public boolean isDense() {
        return batchSizes[0] == batchSizes[batchSizes.length - 1];
    }

    /** The step run at position {@code i} of the recurrence: i itself, or T - 1 - i in reverse. */
    int stepAt(int i, boolean reverse) {
        return reverse ? batchSizes.length - 1 - i : i;
    }

    /** The step run just before step t, or -1 for the first one. */
    int previous(int t, boolean reverse) {
        int p = reverse ? t + 1 : t - 1;
        return p < 0 || p >= batchSizes.length ? -1 : p;
    }

    /**
     * How many of step t's rows continue from the previous step's state; rows from this count up
     * to {@code batchAt(t)} start from the initial state (0 at the first step; only in reverse are
     * there such rows later, when shorter sequences begin).
     */
    int carried(int t, boolean reverse) {
        int p = previous(t, reverse);
        return p < 0 ? 0 : Math.min(batchSizes[t], batchSizes[p]);
    }

    /** The step after which batch entry b holds its final state. */
    int finalStep(int b, boolean reverse) {
        if (reverse) {
            return 0;
        }
        int t = batchSizes.length - 1;
        while (batchSizes[t] <= b) {
            t--;
        }
        return t;
    }

    @Override
    public String toString() {
        return isDense() ? "StepLayout(steps=" + steps() + ", batch=" + batch() + ")"
                : "StepLayout(batch_sizes=" + Arrays.toString(batchSizes) + ")";
    }
}
