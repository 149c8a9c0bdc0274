package dev.dynrnn.nn.utils.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Padding and packing against PyTorch (scripts/reference/packed_reference.py, "utils"). These
 * only move values, so values and gradients must agree exactly.
 */
class RnnUtilsReferenceTest {
    private static final Fixtures UTILS = Fixtures.load("packed").child("utils");

    private static List<Tensor> sequences(Fixtures c) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < c.ints("lengths").length; i++) {
            out.add(c.tensor("sequences." + i).requiresGrad(true));
        }
        return out;
    }

    private static void assertExact(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        assertArrayEquals(expected.toArray(), actual.toArray(), what);
    }

    private static void assertGrads(Fixtures c, List<Tensor> sequences) {
        for (int i = 0; i < sequences.size(); i++) {
            assertExact(c.tensor("grads." + i), sequences.get(i).grad(), "grad of sequence " + i);
        }
    }

    @Test
    void padSequence() {
        for (String name : List.of("pad_zero_length", "pad_batch_first")) {
            Fixtures c = UTILS.child(name);
            List<Tensor> sequences = sequences(c);
            Tensor padded = RnnUtils.padSequence(sequences, c.json("batch_first").getAsBoolean(),
                    (float) c.number("padding_value"));
            assertExact(c.tensor("padded"), padded, name);
            padded.mul(c.tensor("w")).sum().backward();
            assertGrads(c, sequences);
        }
    }

    @Test
    void packSequence() {
        for (String name : List.of("pack_sorted", "pack_unsorted")) {
            Fixtures c = UTILS.child(name);
            List<Tensor> sequences = sequences(c);
            PackedSequence packed = RnnUtils.packSequence(sequences, c.json("enforce_sorted").getAsBoolean());
            assertExact(c.tensor("data"), packed.data(), name);
            assertArrayEquals(c.ints("batch_sizes"), packed.batchSizes(), name + " batch_sizes");
            if (c.json("sorted_indices").isJsonNull()) {
                assertNull(packed.sortedIndices());
            } else {
                assertArrayEquals(c.ints("sorted_indices"), packed.sortedIndices(), name + " sorted_indices");
            }
            assertArrayEquals(c.ints("lengths"), packed.lengths(), name + " lengths");
            packed.data().mul(c.tensor("w")).sum().backward();
            assertGrads(c, sequences);
        }
    }

    @Test
    void packPaddedThenPadPackedWithPaddingValueAndTotalLength() {
        Fixtures c = UTILS.child("round_trip");
        Tensor input = c.tensor("input").requiresGrad(true);
        PackedSequence packed = RnnUtils.packPaddedSequence(input, c.ints("lengths"), false, false);
        assertExact(c.tensor("data"), packed.data(), "packed data");
        assertArrayEquals(c.ints("batch_sizes"), packed.batchSizes());
        assertArrayEquals(c.ints("sorted_indices"), packed.sortedIndices());
        PaddedSequence padded = RnnUtils.padPackedSequence(packed, true, 9f, 6);
        assertExact(c.tensor("padded"), padded.padded(), "padded");
        assertArrayEquals(c.ints("lengths"), padded.lengths());
        padded.padded().mul(c.tensor("w")).sum().backward();
        assertExact(c.tensor("grad"), input.grad(), "grad input");
    }
}
