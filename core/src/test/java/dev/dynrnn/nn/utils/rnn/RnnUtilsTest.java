package dev.dynrnn.nn.utils.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.autograd.GradCheck;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.TensorAssert;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Structure, inverses, gradients and bad input of the padding and packing functions. */
class RnnUtilsTest {

    private static void assertFails(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    /** (T=3, B=2, 1): sequence 0 is 1, 2, 3; sequence 1 is 10, 20 then padding. */
    private static Tensor padded() {
        return Tensor.of(new float[] {1, 10, 2, 20, 3, 0}, 3, 2, 1);
    }

    @Test
    void packedLayoutIsStepAfterStepInSortedOrder() {
        PackedSequence packed = RnnUtils.packPaddedSequence(padded(), new int[] {3, 2});
        assertArrayEquals(new float[] {1, 10, 2, 20, 3}, packed.data().toArray());
        assertArrayEquals(new int[] {5, 1}, packed.data().shape());
        assertArrayEquals(new int[] {2, 2, 1}, packed.batchSizes());
        assertNull(packed.sortedIndices());
        assertNull(packed.unsortedIndices());
        assertEquals(2, packed.batchSize());
        assertEquals(3, packed.maxLength());

        PackedSequence unsorted = RnnUtils.packPaddedSequence(padded().transpose(0, 1), new int[] {2, 3}, true, false);
        // Batch-first (B, T, 1): sequence 0 is 1, 2 and sequence 1 is 10, 20, 0 (its 0 counts as a step).
        assertArrayEquals(new int[] {1, 0}, unsorted.sortedIndices());
        assertArrayEquals(new int[] {1, 0}, unsorted.unsortedIndices());
        assertArrayEquals(new float[] {10, 1, 20, 2, 0}, unsorted.data().toArray());
        assertArrayEquals(new int[] {2, 3}, unsorted.lengths());
    }

    @Test
    void toStringIsPyTorchsRepr() {
        PackedSequence packed = RnnUtils.packSequence(List.of(Tensor.of(1f, 2f), Tensor.of(3f, 4f, 5f)), false);
        assertEquals("PackedSequence(data=tensor([3., 1., 4., 2., 5.]), batch_sizes=tensor([2, 2, 1]), "
                + "sorted_indices=tensor([1, 0]), unsorted_indices=tensor([1, 0]))", packed.toString());
    }

    @Test
    void padPackedInvertsPackPaddedInBothLayouts() {
        Tensor x = Tensor.randn(5, 4, 3);
        int[] lengths = {2, 5, 1, 5};
        for (boolean batchFirst : new boolean[] {false, true}) {
            Tensor input = batchFirst ? x.transpose(0, 1) : x;
            PaddedSequence back = RnnUtils.padPackedSequence(
                    RnnUtils.packPaddedSequence(input, lengths, batchFirst, false), batchFirst);
            assertArrayEquals(lengths, back.lengths());
            Tensor mask = RnnUtils.sequenceMask(lengths, 5, batchFirst).unsqueeze(2);
            TensorAssert.assertClose(input.mul(mask), back.padded(), 0, 0, "batchFirst " + batchFirst);
        }
    }

    @Test
    void emptySequencesPadToZeroSteps() {
        Tensor padded = RnnUtils.padSequence(List.of(Tensor.zeros(0, 3), Tensor.zeros(0, 3)), true);
        assertArrayEquals(new int[] {2, 0, 3}, padded.shape());
        assertArrayEquals(new int[] {1, 2}, RnnUtils.padSequence(List.of(Tensor.of(5f), Tensor.zeros(0))).shape());
    }

    @Test
    void unpackAndUnpadGiveTheSequencesBack() {
        List<Tensor> sequences = List.of(Tensor.randn(2, 3), Tensor.randn(4, 3), Tensor.randn(1, 3));
        List<Tensor> unpacked = RnnUtils.unpackSequence(RnnUtils.packSequence(sequences, false));
        List<Tensor> unpadded = RnnUtils.unpadSequence(RnnUtils.padSequence(sequences, true), new int[] {2, 4, 1}, true);
        for (int b = 0; b < sequences.size(); b++) {
            assertArrayEquals(sequences.get(b).toArray(), unpacked.get(b).toArray(), "unpacked " + b);
            assertArrayEquals(sequences.get(b).shape(), unpacked.get(b).shape());
            assertArrayEquals(sequences.get(b).toArray(), unpadded.get(b).toArray(), "unpadded " + b);
        }
    }

    @Test
    void gradientsFlowThroughEveryFunction() {
        Tensor a = Tensor.randn(3, 2).requiresGrad(true);
        Tensor b = Tensor.randn(1, 2).requiresGrad(true);
        Tensor c = Tensor.randn(2, 2).requiresGrad(true);
        GradCheck.check(in -> {
            PackedSequence packed = RnnUtils.packSequence(List.of(in[0], in[1], in[2]), false);
            Tensor padded = RnnUtils.padPackedSequence(packed.withData(packed.data().tanh()), true, 0.5f, 4).padded();
            List<Tensor> back = RnnUtils.unpadSequence(padded, new int[] {3, 1, 2}, true);
            return back.get(0).mul(back.get(0)).sum().add(back.get(2).sum()).add(padded.mul(padded).sum());
        }, a, b, c);
        GradCheck.check(in -> {
            Tensor padded = RnnUtils.padSequence(List.of(in[0], in[1], in[2]), false, -1f);
            PackedSequence packed = RnnUtils.packPaddedSequence(padded, new int[] {3, 1, 2}, false, false);
            List<Tensor> back = RnnUtils.unpackSequence(packed);
            return back.get(0).sigmoid().sum().add(back.get(1).mul(back.get(2).sum()).sum());
        }, a, b, c);
    }

    @Test
    void sequenceMaskMarksTheStepsOfEachSequence() {
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 0, 1, 1, 1}, RnnUtils.sequenceMask(new int[] {2, 1, 3}, 3, true).toArray());
        assertArrayEquals(new int[] {3, 2}, RnnUtils.sequenceMask(new int[] {2, 0}, 3, false).shape());
        assertFails(() -> RnnUtils.sequenceMask(new int[] {2, 4}, 3, true), "lengths[1] = 4", "[0, 3]");
    }

    @Test
    void packingChecksTheLengthsAsPyTorch() {
        Tensor x = Tensor.zeros(4, 3, 2);
        assertFails(() -> RnnUtils.packPaddedSequence(x, new int[] {4, 3, 0}),
                "Length of all samples has to be greater than 0", "lengths[2] = 0");
        assertFails(() -> RnnUtils.packPaddedSequence(x, new int[] {4, -1, 3}, false, false),
                "greater than 0", "lengths[1] = -1");
        assertFails(() -> RnnUtils.packPaddedSequence(x, new int[] {3, 4, 1}),
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True",
                "enforce_sorted=False", "[3, 4, 1]");
        assertFails(() -> RnnUtils.packPaddedSequence(x, new int[] {5, 3, 1}),
                "lengths[0] = 5 is longer than the padded input's 4 time steps", "[4, 3, 2]");
        assertFails(() -> RnnUtils.packPaddedSequence(x, new int[] {3, 5, 1, 2}, true, false),
                "lengths[1] = 5 is longer than the padded input's 3 time steps", "batch_first=true");
        assertFails(() -> RnnUtils.packPaddedSequence(x, new int[] {3, 2}),
                "Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)");
        assertFails(() -> RnnUtils.packPaddedSequence(Tensor.zeros(0, 3, 2), new int[] {1, 1, 1}),
                "Cannot pack empty tensors.");
        assertFails(() -> RnnUtils.packPaddedSequence(Tensor.zeros(4), new int[] {4}), "at least 2 dims", "[4]");
        assertFails(() -> RnnUtils.packPaddedSequence(x, Tensor.of(4f, 2.5f, 1f), false, true),
                "lengths must be integers", "lengths[1] = 2.5");
        assertFails(() -> RnnUtils.packSequence(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 3))),
                "sorted in decreasing order", "[2, 3]");
        assertFails(() -> RnnUtils.packSequence(List.of(Tensor.zeros(2, 3), Tensor.zeros(0, 3)), false),
                "greater than 0", "lengths[1] = 0");
    }

    @Test
    void paddingChecksItsInput() {
        assertFails(() -> RnnUtils.padSequence(List.of()), "received an empty list of sequences");
        assertFails(() -> RnnUtils.padSequence(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 2))),
                "sequences[1] has shape [3, 2]", "trailing dims of sequences[0] (shape [2, 3])");
        assertFails(() -> RnnUtils.padSequence(List.of(Tensor.scalar(1f))), "sequences[0] is a 0-dim tensor");
        PackedSequence packed = RnnUtils.packPaddedSequence(Tensor.zeros(4, 3), new int[] {4, 3, 1});
        assertFails(() -> RnnUtils.padPackedSequence(packed, false, 0f, 3),
                "Expected total_length to be at least the length of the longest sequence in input, but got "
                        + "total_length=3 and max sequence length being 4");
        assertFails(() -> RnnUtils.unpadSequence(Tensor.zeros(4, 2), new int[] {4, 5}, false),
                "lengths[1] = 5 is outside [0, 4]");
    }

    @Test
    void packedSequenceChecksItsFields() {
        Tensor data = Tensor.zeros(5, 2);
        assertFails(() -> new PackedSequence(data, new int[] {2, 2}), "add up to 4 rows, but data has 5");
        assertFails(() -> new PackedSequence(data, new int[] {2, 3}), "non-increasing", "[2, 3]");
        assertFails(() -> new PackedSequence(data, new int[] {}), "must not be empty");
        assertFails(() -> new PackedSequence(data, new int[] {3, 2}, new int[] {0, 0, 2}, null),
                "sorted_indices must be a permutation of 0..2", "[0, 0, 2]");
        assertFails(() -> new PackedSequence(data, new int[] {3, 2}, new int[] {1, 2, 0}, new int[] {1, 2, 0}),
                "is not the inverse", "expected [2, 0, 1]");
        assertFails(() -> new PackedSequence(data, new int[] {3, 2}).withData(Tensor.zeros(4, 2)), "expected data with 5 rows");
        PackedSequence packed = new PackedSequence(data, new int[] {3, 2}, new int[] {1, 2, 0}, null);
        assertArrayEquals(new int[] {2, 0, 1}, packed.unsortedIndices());
        assertArrayEquals(new int[] {1, 2, 2}, packed.lengths());
    }
}
