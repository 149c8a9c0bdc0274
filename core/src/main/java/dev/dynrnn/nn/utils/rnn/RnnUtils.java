package dev.dynrnn.nn.utils.rnn;

import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Padding and packing of variable-length sequences: PyTorch's {@code torch.nn.utils.rnn}
 * ({@code pad_sequence}, {@code pack_padded_sequence}, {@code pad_packed_sequence},
 * {@code pack_sequence}, {@code unpack_sequence}, {@code unpad_sequence}).
 *
 * <p>Shapes (T = time steps, B = batch, * = any trailing feature dims): a padded batch is
 * (T, B, *), or (B, T, *) with batch_first; one sequence is (length, *); a
 * {@link PackedSequence} holds (sum(lengths), *). Every function is differentiable: each
 * element's gradient flows back to the element it was copied from, and padding gets none.
 *
 * <pre>{@code
 * Tensor padded = RnnUtils.padSequence(sequences, true);                  // (B, T, features)
 * PackedSequence packed = RnnUtils.packPaddedSequence(padded, lengths, true, false);
 * LSTM.PackedOutput r = lstm.forward(packed);                               // no time spent on padding
 * PaddedSequence out = RnnUtils.padPackedSequence(r.output(), true);       // (B, T, D * H), lengths
 * }</pre>
 *
 * <p>Unlike PyTorch 1.13, which builds a corrupt PackedSequence from lengths longer than the
 * padded tensor, every length is checked against it. Sorting for {@code enforceSorted = false}
 * is stable (equal lengths keep the caller's order), as PyTorch's CPU sort is for batches of
 * up to 16; for larger batches with equal lengths PyTorch's order depends on its C++ library,
 * which changes only the row order inside the packed data, never a result in the caller's order.
 */
public final class RnnUtils {
    private RnnUtils() {}

    // ---------------------------------------------------------------- padding

    /** {@link #padSequence(List, boolean, float)} time-major, padded with zeros. */
    public static Tensor padSequence(List<Tensor> sequences) {
        return padSequence(sequences, false, 0f);
    }

    /** {@link #padSequence(List, boolean, float)} padded with zeros. */
    public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst) {
        return padSequence(sequences, batchFirst, 0f);
    }

    /**
     * Stacks sequences of different lengths into one tensor, padding the shorter ones at the end:
     * {@code pad_sequence(sequences, batch_first, padding_value)}.
     *
     * @param sequences    B tensors (length_b, *) with equal trailing dims; lengths may be 0
     * @param batchFirst   whether the result is (B, T, *) rather than (T, B, *)
     * @param paddingValue the value past each sequence's end
     * @return (T, B, *) or (B, T, *), T = the longest length
     */
    public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, float paddingValue) {
        int[] trailing = checkSequences("pad_sequence", sequences);
        int batch = sequences.size();
        int[] lengths = new int[batch];
        int[] starts = new int[batch];
        int steps = 0;
        for (int b = 0, row = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).size(0);
            starts[b] = row;
            row += lengths[b];
            steps = Math.max(steps, lengths[b]);
        }
        // Every slot of the padded tensor picks a row of the concatenated sequences, or the
        // padding row appended after them.
        int paddingRow = starts[batch - 1] + lengths[batch - 1];
        int[] source = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                source[slot(t, b, steps, batch, batchFirst)] = t < lengths[b] ? starts[b] + t : paddingRow;
            }
        }
        List<Tensor> rows = new ArrayList<>(sequences);
        rows.add(Tensor.full(paddingValue, prepend(1, trailing)));
        return Tensor.cat(rows, 0).indexSelect(0, source).view(layout(steps, batch, batchFirst, trailing));
    }

    /**
     * The sequences of a padded batch without their padding: {@code unpad_sequence(padded,
     * lengths, batch_first)}.
     *
     * @param padded     (T, B, *), or (B, T, *) with batch_first
     * @param lengths    B lengths in [0, T]
     * @return B tensors (length_b, *)
     */
    public static List<Tensor> unpadSequence(Tensor padded, int[] lengths, boolean batchFirst) {
        if (padded.dim() < 2) {
            throw new IllegalArgumentException("unpad_sequence: expected a padded batch " + layoutName(batchFirst)
                    + " of at least 2 dims, got shape " + Arrays.toString(padded.shape()));
        }
        int steps = padded.size(batchFirst ? 1 : 0);
        int batch = padded.size(batchFirst ? 0 : 1);
        checkLengthCount("unpad_sequence", lengths, batch);
        int total = 0;
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("unpad_sequence: lengths[" + b + "] = " + lengths[b]
                        + " is outside [0, " + steps + "], the padded batch's time steps (shape "
                        + Arrays.toString(padded.shape()) + ", batch_first=" + batchFirst + ")");
            }
            total += lengths[b];
        }
        int[] source = new int[total];
        for (int b = 0, row = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                source[row++] = slot(t, b, steps, batch, batchFirst);
            }
        }
        int[] trailing = Arrays.copyOfRange(padded.shape(), 2, padded.dim());
        return padded.reshape(prepend(steps * batch, trailing)).indexSelect(0, source).split(lengths, 0);
    }

    // ---------------------------------------------------------------- packing

    /** {@link #packPaddedSequence(Tensor, int[], boolean, boolean)} time-major, lengths sorted. */
    public static PackedSequence packPaddedSequence(Tensor input, int[] lengths) {
        return packPaddedSequence(input, lengths, false, true);
    }

    /** {@link #packPaddedSequence(Tensor, int[], boolean, boolean)} with lengths sorted (decreasing). */
    public static PackedSequence packPaddedSequence(Tensor input, int[] lengths, boolean batchFirst) {
        return packPaddedSequence(input, lengths, batchFirst, true);
    }

    /**
     * Packs a padded batch, leaving out the padding: {@code pack_padded_sequence(input, lengths,
     * batch_first, enforce_sorted)}.
     *
     * @param input         (T, B, *), or (B, T, *) with batch_first
     * @param lengths       B lengths in [1, T]
     * @param enforceSorted whether the lengths must already decrease (then the result has no
     *                      sorted indices); otherwise the batch is sorted here and the
     *                      layers return their results in the caller's order
     */
    public static PackedSequence packPaddedSequence(Tensor input, int[] lengths, boolean batchFirst,
                                                    boolean enforceSorted) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException("pack_padded_sequence: expected a padded batch " + layoutName(batchFirst)
                    + " of at least 2 dims, got shape " + Arrays.toString(input.shape()));
        }
        if (input.numel() == 0) {
            throw new IllegalArgumentException("Cannot pack empty tensors. (input shape " + Arrays.toString(input.shape())
                    + ")");
        }
        int steps = input.size(batchFirst ? 1 : 0);
        int batch = input.size(batchFirst ? 0 : 1);
        checkLengthCount("pack_padded_sequence", lengths, batch);
        checkLengths("pack_padded_sequence", lengths);
        for (int b = 0; b < batch; b++) {
            if (lengths[b] > steps) {
                throw new IllegalArgumentException("pack_padded_sequence: lengths[" + b + "] = " + lengths[b]
                        + " is longer than the padded input's " + steps + " time steps (input shape "
                        + Arrays.toString(input.shape()) + ", batch_first=" + batchFirst + ")");
            }
        }
        int[] sortedIndices = sortedIndices(lengths, enforceSorted);
        int[] batchSizes = batchSizes(lengths, sortedIndices);
        int[] source = new int[sum(batchSizes)];
        for (int t = 0, row = 0; t < batchSizes.length; t++) {
            for (int position = 0; position < batchSizes[t]; position++) {
                int b = sortedIndices == null ? position : sortedIndices[position];
                source[row++] = slot(t, b, steps, batch, batchFirst);
            }
        }
        int[] trailing = Arrays.copyOfRange(input.shape(), 2, input.dim());
        Tensor data = input.reshape(prepend(steps * batch, trailing)).indexSelect(0, source);
        return new PackedSequence(data, batchSizes, sortedIndices, null);
    }

    /**
     * {@link #packPaddedSequence(Tensor, int[], boolean, boolean)} with the lengths in a 1-D
     * tensor of integral values (PyTorch takes a list or an int64 tensor).
     */
    public static PackedSequence packPaddedSequence(Tensor input, Tensor lengths, boolean batchFirst,
                                                    boolean enforceSorted) {
        if (lengths.dim() != 1) {
            throw new IllegalArgumentException("'lengths' argument should be a 1D tensor, but got " + lengths.dim()
                    + "D tensor (shape " + Arrays.toString(lengths.shape()) + ")");
        }
        float[] values = lengths.toArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw new IllegalArgumentException("pack_padded_sequence: lengths must be integers, got lengths[" + i
                        + "] = " + values[i]);
            }
            out[i] = (int) values[i];
        }
        return packPaddedSequence(input, out, batchFirst, enforceSorted);
    }

    /** {@link #packSequence(List, boolean)} with lengths sorted (decreasing). */
    public static PackedSequence packSequence(List<Tensor> sequences) {
        return packSequence(sequences, true);
    }

    /**
     * Packs sequences of different lengths: {@code pack_sequence(sequences, enforce_sorted)}.
     * Copies each row once, without building the padded batch that PyTorch builds first.
     *
     * @param sequences     B tensors (length_b, *), lengths at least 1, equal trailing dims
     * @param enforceSorted whether the lengths must already decrease
     */
    public static PackedSequence packSequence(List<Tensor> sequences, boolean enforceSorted) {
        checkSequences("pack_sequence", sequences);
        int batch = sequences.size();
        int[] lengths = new int[batch];
        int[] starts = new int[batch];
        for (int b = 0, row = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).size(0);
            starts[b] = row;
            row += lengths[b];
        }
        checkLengths("pack_sequence", lengths);
        int[] sortedIndices = sortedIndices(lengths, enforceSorted);
        int[] batchSizes = batchSizes(lengths, sortedIndices);
        int[] source = new int[sum(batchSizes)];
        for (int t = 0, row = 0; t < batchSizes.length; t++) {
            for (int position = 0; position < batchSizes[t]; position++) {
                source[row++] = starts[sortedIndices == null ? position : sortedIndices[position]] + t;
            }
        }
        Tensor data = Tensor.cat(sequences, 0).indexSelect(0, source);
        return new PackedSequence(data, batchSizes, sortedIndices, null);
    }

    /** The sequences of a packed batch, in the caller's order: {@code unpack_sequence(packed)}. */
    public static List<Tensor> unpackSequence(PackedSequence sequence) {
        int batch = sequence.batchSize();
        int[] rowOfStep = rowOfStep(sequence.batchSizes());
        int[] lengths = sequence.lengths();
        int[] source = new int[sequence.data().size(0)];
        for (int b = 0, row = 0; b < batch; b++) {
            int position = sequence.positionOf(b);
            for (int t = 0; t < lengths[b]; t++) {
                source[row++] = rowOfStep[t] + position;
            }
        }
        return sequence.data().indexSelect(0, source).split(lengths, 0);
    }

    /** {@link #padPackedSequence(PackedSequence, boolean, float, int)} time-major, zeros, T = the longest length. */
    public static PaddedSequence padPackedSequence(PackedSequence sequence) {
        return padPackedSequence(sequence, false, 0f, sequence.maxLength());
    }

    /** {@link #padPackedSequence(PackedSequence, boolean, float, int)} padded with zeros to the longest length. */
    public static PaddedSequence padPackedSequence(PackedSequence sequence, boolean batchFirst) {
        return padPackedSequence(sequence, batchFirst, 0f, sequence.maxLength());
    }

    /** {@link #padPackedSequence(PackedSequence, boolean, float, int)} padded to the longest length. */
    public static PaddedSequence padPackedSequence(PackedSequence sequence, boolean batchFirst, float paddingValue) {
        return padPackedSequence(sequence, batchFirst, paddingValue, sequence.maxLength());
    }

    /**
     * Unpacks into a padded batch in the caller's order: {@code pad_packed_sequence(sequence,
     * batch_first, padding_value, total_length)}, the inverse of {@link #packPaddedSequence}.
     *
     * @param sequence     data (sum(lengths), *)
     * @param totalLength  T, at least the longest length (to pad back to an input's length)
     * @return padded (T, B, *) or (B, T, *), and the lengths in the caller's order
     */
    public static PaddedSequence padPackedSequence(PackedSequence sequence, boolean batchFirst, float paddingValue,
                                                   int totalLength) {
        int longest = sequence.maxLength();
        if (totalLength < longest) {
            throw new IllegalArgumentException("Expected total_length to be at least the length of the longest sequence "
                    + "in input, but got total_length=" + totalLength + " and max sequence length being " + longest);
        }
        Tensor data = sequence.data();
        int batch = sequence.batchSize();
        int[] rowOfStep = rowOfStep(sequence.batchSizes());
        int[] lengths = sequence.lengths();
        int paddingRow = data.size(0);
        int[] source = new int[totalLength * batch];
        for (int b = 0; b < batch; b++) {
            int position = sequence.positionOf(b);
            for (int t = 0; t < totalLength; t++) {
                source[slot(t, b, totalLength, batch, batchFirst)] = t < lengths[b] ? rowOfStep[t] + position : paddingRow;
            }
        }
        int[] trailing = Arrays.copyOfRange(data.shape(), 1, data.dim());
        Tensor rows = Tensor.cat(List.of(data, Tensor.full(paddingValue, prepend(1, trailing))), 0);
        Tensor padded = rows.indexSelect(0, source).view(layout(totalLength, batch, batchFirst, trailing));
        return new PaddedSequence(padded, lengths);
    }

    // ---------------------------------------------------------------- masks

    /**
     * 1 where a step belongs to its sequence, 0 in the padding (TensorFlow's {@code sequence_mask};
     * PyTorch code writes {@code arange(T)[None, :] < lengths[:, None]}). Multiply a per-step loss
     * by it, or pass it to {@link dev.dynrnn.nn.Functional#maskedMean}.
     *
     * @param lengths   B lengths in [0, maxLength]
     * @param maxLength T
     * @return (B, T), or (T, B) when not batch_first
     */
    public static Tensor sequenceMask(int[] lengths, int maxLength, boolean batchFirst) {
        int batch = lengths.length;
        float[] mask = new float[batch * maxLength];
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > maxLength) {
                throw new IllegalArgumentException("sequence_mask: lengths[" + b + "] = " + lengths[b]
                        + " is outside [0, " + maxLength + "] (maxLength " + maxLength + ")");
            }
            for (int t = 0; t < lengths[b]; t++) {
                mask[slot(t, b, maxLength, batch, batchFirst)] = 1f;
            }
        }
        return Tensor.wrap(mask, batchFirst ? new int[] {batch, maxLength} : new int[] {maxLength, batch});
    }

    // ---------------------------------------------------------------- helpers

    /** The row of step t, sequence b in a padded batch flattened to (T * B, *) or (B * T, *). */
    private static int slot(int t, int b, int steps, int batch, boolean batchFirst) {
        return batchFirst ? b * steps + t : t * batch + b;
    }

    private static int[] layout(int steps, int batch, boolean batchFirst, int[] trailing) {
        int[] shape = new int[2 + trailing.length];
        shape[0] = batchFirst ? batch : steps;
        shape[1] = batchFirst ? steps : batch;
        System.arraycopy(trailing, 0, shape, 2, trailing.length);
        return shape;
    }

    private static String layoutName(boolean batchFirst) {
        return batchFirst ? "(B, T, *)" : "(T, B, *)";
    }

    private static int[] prepend(int first, int[] rest) {
        int[] shape = new int[1 + rest.length];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }

    /** The first packed row of each step. */
    private static int[] rowOfStep(int[] batchSizes) {
        int[] rows = new int[batchSizes.length];
        for (int t = 1; t < batchSizes.length; t++) {
            rows[t] = rows[t - 1] + batchSizes[t - 1];
        }
        return rows;
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int value : values) {
            total += value;
        }
        return total;
    }

    /** Checks a list of sequences (length, *) with equal trailing dims; returns those dims. */
    private static int[] checkSequences(String function, List<Tensor> sequences) {
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException(function + ": received an empty list of sequences");
        }
        int[] first = sequences.get(0).shape();
        for (int b = 0; b < sequences.size(); b++) {
            int[] shape = sequences.get(b).shape();
            if (shape.length == 0) {
                throw new IllegalArgumentException(function + ": sequences[" + b + "] is a 0-dim tensor; each sequence "
                        + "must be (length, *)");
            }
            if (!Arrays.equals(shape, 1, shape.length, first, 1, first.length)) {
                throw new IllegalArgumentException(function + ": sequences[" + b + "] has shape " + Arrays.toString(shape)
                        + ", but every sequence must have the trailing dims of sequences[0] (shape "
                        + Arrays.toString(first) + ")");
            }
        }
        return Arrays.copyOfRange(first, 1, first.length);
    }

    private static void checkLengthCount(String function, int[] lengths, int batch) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException(function + ": Expected `len(lengths)` to be equal to batch_size, but got "
                    + lengths.length + " (batch_size=" + batch + ")");
        }
    }

    private static void checkLengths(String function, int[] lengths) {
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] <= 0) {
                throw new IllegalArgumentException(function + ": Length of all samples has to be greater than 0, but "
                        + "found an element in 'lengths' that is <= 0: lengths[" + b + "] = " + lengths[b]);
            }
        }
    }

    /**
     * Null when {@code enforceSorted} (after checking that the lengths decrease), else the
     * indices that sort the lengths in decreasing order, stably.
     */
    private static int[] sortedIndices(int[] lengths, boolean enforceSorted) {
        if (enforceSorted) {
            for (int b = 1; b < lengths.length; b++) {
                if (lengths[b] > lengths[b - 1]) {
                    throw new IllegalArgumentException("`lengths` array must be sorted in decreasing order when "
                            + "`enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence "
                            + "and/or pack_sequence to sidestep this requirement if you do not need ONNX "
                            + "exportability. (got lengths " + Arrays.toString(lengths) + ")");
                }
            }
            return null;
        }
        return java.util.stream.IntStream.range(0, lengths.length).boxed()
                .sorted((a, b) -> Integer.compare(lengths[b], lengths[a]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The number of sequences longer than t, for each t below the longest length. */
    private static int[] batchSizes(int[] lengths, int[] sortedIndices) {
        int longest = sortedIndices == null ? lengths[0] : lengths[sortedIndices[0]];
        int[] batchSizes = new int[longest];
        for (int length : lengths) {
            for (int t = 0; t < length; t++) {
                batchSizes[t]++;
            }
        }
        return batchSizes;
    }
}
