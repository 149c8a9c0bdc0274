package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.nn.utils.rnn.RnnUtils;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.TensorAssert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The layers on packed batches: what packing means, beyond the PyTorch fixtures. */
class PackedLayerTest {

    private static String message(Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    @Test
    void equalLengthsGiveTheDenseResultBitForBit() {
        LSTM lstm = LSTM.builder(3, 4).numLayers(2).bidirectional(true).generator(new Generator(1)).build();
        Tensor x = Tensor.randn(new Generator(2), 6, 5, 3);
        Tensor h0 = Tensor.randn(new Generator(3), 4, 5, 4);
        Tensor c0 = Tensor.randn(new Generator(4), 4, 5, 4);
        LSTM.Output dense = lstm.forward(x, h0, c0);
        LSTM.PackedOutput packed = lstm.forward(RnnUtils.packPaddedSequence(x, new int[] {6, 6, 6, 6, 6}), h0, c0);
        assertArrayEquals(dense.output().toArray(), RnnUtils.padPackedSequence(packed.output()).padded().toArray());
        assertArrayEquals(dense.hN().toArray(), packed.hN().toArray());
        assertArrayEquals(dense.cN().toArray(), packed.cN().toArray());
    }

    /**
     * Each sequence of a packed batch gets what it gets alone: its outputs, and final states taken
     * after its own last step (before its first step for the reverse direction), in the caller's order.
     */
    @Test
    void eachSequenceGetsWhatItGetsAlone() {
        GRU gru = GRU.builder(3, 4).numLayers(2).bidirectional(true).batchFirst(true).generator(new Generator(5)).build();
        int[] lengths = {2, 7, 1, 7, 4};
        List<Tensor> sequences = new ArrayList<>();
        for (int length : lengths) {
            sequences.add(Tensor.randn(new Generator(10 + length), length, 3));
        }
        Tensor h0 = Tensor.randn(new Generator(6), 4, lengths.length, 4);
        GRU.PackedOutput packed = gru.forward(RnnUtils.packSequence(sequences, false), h0);
        List<Tensor> outputs = RnnUtils.unpackSequence(packed.output());
        for (int b = 0; b < lengths.length; b++) {
            GRU.Output alone = gru.forward(sequences.get(b).unsqueeze(0), h0.narrow(1, b, 1).contiguous());
            TensorAssert.assertClose(alone.output().squeeze(0), outputs.get(b), 1e-6, "output of sequence " + b);
            TensorAssert.assertClose(alone.hN().squeeze(1), packed.hN().select(1, b), 1e-6, "h_n of sequence " + b);
        }
    }

    @Test
    void gradientsOfAPackedBatchPassTheGradientCheck() {
        RNN rnn = RNN.builder(2, 3).bidirectional(true).generator(new Generator(7)).build();
        Tensor x = Tensor.randn(new Generator(8), 4, 3, 2).mul(0.5f).requiresGrad(true);
        Tensor h0 = Tensor.randn(new Generator(9), 2, 3, 3).mul(0.5f).requiresGrad(true);
        dev.dynrnn.autograd.GradCheck.check(in -> {
            RNN.PackedOutput r = rnn.forward(RnnUtils.packPaddedSequence(in[0], new int[] {2, 4, 1}, false, false), in[1]);
            Tensor out = RnnUtils.padPackedSequence(r.output()).padded();
            return out.mul(out).sum().add(r.hN().sum());
        }, x, h0);
    }

    @Test
    void badPackedInputIsNamed() {
        LSTM lstm = LSTM.builder(3, 4).numLayers(2).build();
        PackedSequence packed = RnnUtils.packPaddedSequence(Tensor.zeros(4, 3, 3), new int[] {4, 2, 1}, false, false);
        assertEquals("LSTM: Expected hidden[0] size (2, 3, 4), got [2, 5, 4]",
                message(() -> lstm.forward(packed, Tensor.zeros(2, 5, 4), Tensor.zeros(2, 5, 4))));
        assertEquals("LSTM: For a PackedSequence input, hidden[0] should be 3-D (num_layers * num_directions, batch, "
                        + "hidden_size) but got 2-D tensor (shape [2, 4])",
                message(() -> lstm.forward(packed, Tensor.zeros(2, 4), Tensor.zeros(2, 4))));
        assertEquals("LSTM: h0 and c0 must both be given or both be null (zeros), got only c0",
                message(() -> lstm.forward(packed, null, Tensor.zeros(2, 3, 4))));
        PackedSequence wide = RnnUtils.packPaddedSequence(Tensor.zeros(4, 3, 5), new int[] {4, 2, 1});
        assertEquals("LSTM: input.size(-1) must be equal to input_size. Expected 3, got 5 (input shape [7, 5])",
                message(() -> lstm.forward(wide)));
        PackedSequence images = RnnUtils.packPaddedSequence(Tensor.zeros(4, 3, 2, 3), new int[] {4, 2, 1});
        assertEquals("LSTM: packed input data must have 2 dimensions (sum(lengths), input_size), got 3 (shape [7, 2, 3])",
                message(() -> lstm.forward(images)));
    }
}
