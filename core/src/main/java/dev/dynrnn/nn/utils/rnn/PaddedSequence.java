package dev.dynrnn.nn.utils.rnn;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * What {@link RnnUtils#padPackedSequence} returns: PyTorch's tuple {@code (padded, lengths)}.
 *
 * @param padded  (T, B, *), or (B, T, *) with batch_first; entries past a sequence's length hold
 *                the padding value
 * @param lengths the length of each sequence, in the caller's order (copied in and out)
 */
public record PaddedSequence(Tensor padded, int[] lengths) {
    /** Copies {@code lengths}, so the record stays as created. */
    public PaddedSequence {
        lengths = lengths.clone();
    }

    /** The length of each sequence, in the caller's order. */
    @Override
    public int[] lengths() {
        return lengths.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PaddedSequence that && padded.equals(that.padded) && Arrays.equals(lengths, that.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * padded.hashCode() + Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return "PaddedSequence[padded=" + padded + ", lengths=" + Arrays.toString(lengths) + "]";
    }
}
