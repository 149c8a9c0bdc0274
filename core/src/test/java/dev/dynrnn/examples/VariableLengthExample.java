package dev.dynrnn.examples;

import dev.dynrnn.nn.Functional;
import dev.dynrnn.nn.LSTM;
import dev.dynrnn.nn.Linear;
import dev.dynrnn.nn.Module;
import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.nn.utils.rnn.RnnUtils;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's example of variable-length sequences: an LSTM learns the sum of sequences of 1 to
 * 20 numbers, 32 sequences of different lengths per batch, packed so no time goes into padding.
 *
 * <pre>
 *   mvn -B -q -pl core test -Dtest=VariableLengthExampleTest
 * </pre>
 */
public final class VariableLengthExample {

    /** Reads a packed batch, predicts one number per sequence from its final hidden state. */
    static final class SequenceSum extends Module {
        final LSTM lstm = registerModule("lstm", LSTM.builder(1, 16).build());
        final Linear head = registerModule("head", new Linear(16, 1));

        /** (B, 1): one prediction per sequence, in the order the sequences were packed. */
        Tensor forward(PackedSequence batch) {
            LSTM.PackedOutput out = lstm.forward(batch);
            return head.forward(out.hN().select(0, 0));   // h_n (1, B, 16): each sequence's last step
        }
    }

    /** A batch: sequences (length, 1) of numbers in [-1, 1] and their sums (B, 1). */
    record Batch(List<Tensor> sequences, Tensor sums) {}

    static Batch batch(Generator random, int size) {
        List<Tensor> sequences = new ArrayList<>();
        float[] sums = new float[size];
        for (int b = 0; b < size; b++) {
            int length = 1 + (int) (20 * Tensor.rand(random, 1).item());   // 1..20
            Tensor sequence = Tensor.rand(random, length, 1).mul(2f).sub(1f);
            sequences.add(sequence);
            sums[b] = sequence.sum().item();
        }
        return new Batch(sequences, Tensor.of(sums, size, 1));
    }

    /** Trains for {@code steps} batches; returns the loss on a held-out batch before and after. */
    static float[] train(int steps) {
        Tensor.manualSeed(0);
        Generator random = new Generator(1);
        SequenceSum model = new SequenceSum();
        Adam optimizer = new Adam(model.parameters(), 0.01);
        Batch test = batch(random, 256);
        float before = testLoss(model, test);
        for (int step = 0; step < steps; step++) {
            Batch batch = batch(random, 32);
            // enforce_sorted=false: the batch is sorted by length inside and h_n comes back in our order.
            PackedSequence packed = RnnUtils.packSequence(batch.sequences(), false);
            Tensor loss = Functional.mseLoss(model.forward(packed), batch.sums());
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }
        return new float[] {before, testLoss(model, test)};
    }

    private static float testLoss(SequenceSum model, Batch test) {
        try (var ignored = dev.dynrnn.tensor.NoGrad.enter()) {
            return Functional.mseLoss(model.forward(RnnUtils.packSequence(test.sequences(), false)), test.sums()).item();
        }
    }

    public static void main(String[] args) {
        float[] loss = train(400);
        System.out.printf("test loss before training %.4f, after %.4f%n", loss[0], loss[1]);
    }
}
