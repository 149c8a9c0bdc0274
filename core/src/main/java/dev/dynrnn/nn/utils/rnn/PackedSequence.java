package dev.dynrnn.nn.utils.rnn;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * A batch of sequences of different lengths with no padding: PyTorch's
 * {@code torch.nn.utils.rnn.PackedSequence}. Made by {@link RnnUtils#packPaddedSequence} or
 * {@link RnnUtils#packSequence}; {@link dev.dynrnn.nn.RNN}, {@link dev.dynrnn.nn.LSTM} and
 * {@link dev.dynrnn.nn.GRU} take and return it, spending no time on padding.
 *
 * <p>The sequences are sorted by decreasing length (sorted position j holds the caller's
 * sequence {@code sortedIndices[j]}) and stored time step by time step: {@code data} holds the
 * steps t = 0, 1, .. one after the other, and step t holds one row for each of the
 * {@code batchSizes[t]} sequences that are longer than t, in sorted order. With lengths
 * [3, 2, 1] (sorted), data holds rows a0 b0 c0 a1 b1 a2 and batchSizes is [3, 2, 1].
 *
 * <p>Shapes: data (sum(lengths), *); batchSizes (max length), non-increasing, batchSizes[0] = B;
 * sortedIndices and unsortedIndices (B), each other's inverse permutation, or both null when the
 * batch was packed in the caller's (already sorted) order. Arrays are copied in and out.
 */
public final class PackedSequence {
    private final Tensor data;
    private final int[] batchSizes;
    private final int[] sortedIndices;
    private final int[] unsortedIndices;

    /**
     * A packed batch in the caller's order (no sorting was needed).
     *
     * @param data       (sum(lengths), *): the rows of every step, one step after the other
     * @param batchSizes the number of sequences at each step, positive and non-increasing
     */
    public PackedSequence(Tensor data, int[] batchSizes) {
        this(data, batchSizes, null, null);
    }

    /**
     * A packed batch: PyTorch's {@code PackedSequence(data, batch_sizes, sorted_indices,
     * unsorted_indices)}. Users normally get one from {@link RnnUtils#packPaddedSequence} instead.
     *
     * @param data            (sum(lengths), *)
     * @param batchSizes      the number of sequences at each step, positive and non-increasing,
     *                        adding up to data.size(0)
     * @param sortedIndices   the caller's index of the sequence at each sorted position, or null
     *                        when the caller's order is the sorted order
     * @param unsortedIndices the sorted position of each of the caller's sequences, or null to
     *                        compute it from {@code sortedIndices} (as PyTorch does)
     */
    public PackedSequence(Tensor data, int[] batchSizes, int[] sortedIndices, int[] unsortedIndices) {
        if (data == null || batchSizes == null) {
            throw new IllegalArgumentException("PackedSequence: data and batch_sizes must not be null");
        }
        if (data.dim() == 0) {
            throw new IllegalArgumentException("PackedSequence: data must have at least 1 dimension (sum(lengths), *), "
                    + "got a 0-dim tensor");
        }
        this.data = data;
        this.batchSizes = checkBatchSizes(batchSizes, data);
        int batch = this.batchSizes[0];
        if (sortedIndices == null) {
            if (unsortedIndices != null) {
                throw new IllegalArgumentException("PackedSequence: unsorted_indices " + Arrays.toString(unsortedIndices)
                        + " given without sorted_indices");
            }
            this.sortedIndices = null;
            this.unsortedIndices = null;
            return;
        }
        this.sortedIndices = checkPermutation("sorted_indices", sortedIndices, batch);
        this.unsortedIndices = invert(this.sortedIndices);
        if (unsortedIndices != null && !Arrays.equals(this.unsortedIndices, unsortedIndices)) {
            throw new IllegalArgumentException("PackedSequence: unsorted_indices " + Arrays.toString(unsortedIndices)
                    + " is not the inverse of sorted_indices " + Arrays.toString(sortedIndices) + " (expected "
                    + Arrays.toString(this.unsortedIndices) + ")");
        }
    }

    private static int[] checkBatchSizes(int[] batchSizes, Tensor data) {
        if (batchSizes.length == 0) {
            throw new IllegalArgumentException("PackedSequence: batch_sizes must not be empty (every sequence has at "
                    + "least one step)");
        }
        long total = 0;
        for (int t = 0; t < batchSizes.length; t++) {
            if (batchSizes[t] <= 0 || (t > 0 && batchSizes[t] > batchSizes[t - 1])) {
                throw new IllegalArgumentException("PackedSequence: batch_sizes must be positive and non-increasing, got "
                        + Arrays.toString(batchSizes) + " (batch_sizes[" + t + "] = " + batchSizes[t] + ")");
            }
            total += batchSizes[t];
        }
        if (total != data.size(0)) {
            throw new IllegalArgumentException("PackedSequence: batch_sizes " + Arrays.toString(batchSizes)
                    + " add up to " + total + " rows, but data has " + data.size(0) + " (shape "
                    + Arrays.toString(data.shape()) + ")");
        }
        return batchSizes.clone();
    }

    private static int[] checkPermutation(String name, int[] indices, int batch) {
        boolean[] seen = new boolean[batch];
        boolean valid = indices.length == batch;
        for (int i = 0; valid && i < batch; i++) {
            valid = indices[i] >= 0 && indices[i] < batch && !seen[indices[i]];
            if (valid) {
                seen[indices[i]] = true;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException("PackedSequence: " + name + " must be a permutation of 0.." + (batch - 1)
                    + " (batch_sizes[0] = " + batch + "), got " + Arrays.toString(indices));
        }
        return indices.clone();
    }

    private static int[] invert(int[] permutation) {
        int[] inverse = new int[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            inverse[permutation[i]] = i;
        }
        return inverse;
    }

    /** The rows of every step, step after step: (sum(lengths), *). */
    public Tensor data() {
        return data;
    }

    /** The number of sequences at each step: (max length), non-increasing. */
    public int[] batchSizes() {
        return batchSizes.clone();
    }

    /** The caller's index of the sequence at each sorted position, or null when no sorting was needed. */
    public int[] sortedIndices() {
        return sortedIndices == null ? null : sortedIndices.clone();
    }

    /** The sorted position of each of the caller's sequences, or null when no sorting was needed. */
    public int[] unsortedIndices() {
        return unsortedIndices == null ? null : unsortedIndices.clone();
    }

    /** The number of sequences B, batchSizes[0]. */
    public int batchSize() {
        return batchSizes[0];
    }

    /** The length of the longest sequence, batchSizes.length. */
    public int maxLength() {
        return batchSizes.length;
    }

    /** The length of each sequence, in the caller's order. */
    public int[] lengths() {
        int[] lengths = new int[batchSize()];
        for (int position = 0; position < lengths.length; position++) {
            lengths[sequenceAt(position)] = lengthAt(position);
        }
        return lengths;
    }

    /** The length of the sequence at a sorted position: the number of steps with more sequences than that. */
    int lengthAt(int position) {
        int length = 0;
        while (length < batchSizes.length && batchSizes[length] > position) {
            length++;
        }
        return length;
    }

    /** The caller's index of the sequence at a sorted position. */
    int sequenceAt(int position) {
        return sortedIndices == null ? position : sortedIndices[position];
    }

    /** The sorted position of the caller's sequence {@code sequence}. */
    int positionOf(int sequence) {
        return unsortedIndices == null ? sequence : unsortedIndices[sequence];
    }

    /**
     * The same batch structure over other rows, such as a layer applied to every step:
     * PyTorch's {@code packed._replace(data=...)}. {@code data} needs the same number of rows.
     */
    public PackedSequence withData(Tensor data) {
        if (data == null || data.dim() == 0 || data.size(0) != this.data.size(0)) {
            throw new IllegalArgumentException("PackedSequence.withData: expected data with " + this.data.size(0)
                    + " rows (sum of the lengths), got " + (data == null ? "null" : "shape " + Arrays.toString(data.shape())));
        }
        return new PackedSequence(data, batchSizes, sortedIndices, unsortedIndices);
    }

    /** PyTorch's repr: {@code PackedSequence(data=tensor(..), batch_sizes=tensor([3, 2, 1]), sorted_indices=None, unsorted_indices=None)}. */
    @Override
    public String toString() {
        return "PackedSequence(data=" + data + ", batch_sizes=" + indices(batchSizes) + ", sorted_indices="
                + indices(sortedIndices) + ", unsorted_indices=" + indices(unsortedIndices) + ")";
    }

    private static String indices(int[] values) {
        if (values == null) {
            return "None";
        }
        StringBuilder out = new StringBuilder("tensor([");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return out.append("])").toString();
    }
}
