package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.autograd.GradCheck;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the ops that have a backward of their own, and of the layers built on them. */
class FunctionalGradCheckTest {

    private static Tensor values(int... shape) {
        return Tensor.randn(new Generator(42), shape).requiresGrad(true);
    }

    @Test
    void logSoftmaxAlongEveryDim() {
        for (int dim : new int[] {0, 1, 2, -1}) {
            GradCheck.check(in -> Functional.logSoftmax(in[0], dim), values(2, 3, 4));
        }
    }

    @Test
    void softmaxAlongEveryDim() {
        for (int dim : new int[] {0, 1, 2}) {
            GradCheck.check(in -> Functional.softmax(in[0], dim), values(2, 3, 4));
        }
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor y = Functional.softmax(values(3, 5), 1);
        assertArrayEquals(new float[] {1f, 1f, 1f}, y.sum(1).toArray(), 1e-6f);
    }

    @Test
    void crossEntropyWithWeightsAndIgnoredTargets() {
        Tensor weight = Tensor.of(0.5f, 2f, 1f, 1.5f);
        Tensor target = Tensor.of(1f, 0f, 3f, -100f, 2f);
        for (Reduction reduction : Reduction.values()) {
            GradCheck.check(in -> Functional.crossEntropy(in[0], target, weight, -100, reduction), values(5, 4));
        }
        Tensor spatialTarget = Tensor.of(new float[] {0, 3, 1, 2, 2, 1}, 2, 3);
        GradCheck.check(in -> Functional.crossEntropy(in[0], spatialTarget, null, 3, Reduction.MEAN), values(2, 4, 3));
    }

    @Test
    void crossEntropyAcceptsIndicesAsAnArray() {
        Tensor logits = values(3, 4);
        Tensor fromTensor = Functional.crossEntropy(logits, Tensor.of(1f, 3f, 0f));
        Tensor fromArray = new CrossEntropyLoss().forward(logits, 1, 3, 0);
        assertEquals(fromTensor.item(), fromArray.item());
    }

    @Test
    void binaryCrossEntropyWithLogitsForInputAndTarget() {
        Tensor target = Tensor.rand(new Generator(3), 3, 4).requiresGrad(true);
        Tensor weight = Tensor.of(1f, 0.5f, 2f, 1.5f);
        Tensor posWeight = Tensor.of(0.3f, 1f, 2f, 4f);
        GradCheck.check(in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], weight, posWeight, Reduction.NONE),
                values(3, 4), target);
        GradCheck.check(in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], null, null, Reduction.MEAN),
                values(3, 4), target);
    }

    @Test
    void embeddingScatterAddsRepeatedRows() {
        Tensor indices = Tensor.of(new float[] {0, 2, 2, 4, 0, 1}, 2, 3);
        GradCheck.check(in -> Functional.embedding(indices, in[0]), values(5, 3));
    }

    @Test
    void embeddingPaddingRowGetsNoGradient() {
        Tensor indices = Tensor.of(new float[] {0, 2, 2, 4, 0, 1}, 2, 3);
        Tensor plain = values(5, 3);
        Tensor padded = values(5, 3);
        Functional.embedding(indices, plain).sum().backward();
        Functional.embedding(indices, padded, -3).sum().backward();
        assertArrayEquals(new float[] {2, 2, 2, 1, 1, 1, 2, 2, 2, 0, 0, 0, 1, 1, 1}, plain.grad().toArray());
        assertArrayEquals(new float[] {2, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1}, padded.grad().toArray());
    }

    @Test
    void regressionLossesAwayFromTheirKinks() {
        Tensor input = Tensor.of(new float[] {0.3f, -1.7f, 2.4f, 0.9f, -0.2f, 1.1f}, 2, 3).requiresGrad(true);
        Tensor target = Tensor.of(new float[] {-0.4f, 0.2f, 0.1f, 0.85f, 1.5f, -0.6f}, 2, 3).requiresGrad(true);
        GradCheck.check(in -> Functional.mseLoss(in[0], in[1], Reduction.NONE), input, target);
        GradCheck.check(in -> Functional.l1Loss(in[0], in[1], Reduction.SUM), input, target);
        GradCheck.check(in -> Functional.smoothL1Loss(in[0], in[1], Reduction.MEAN, 1.0), input, target);
        GradCheck.check(in -> Functional.huberLoss(in[0], in[1], Reduction.NONE, 1.3), input, target);
    }

    @Test
    void dropoutWithAFixedMask() {
        GradCheck.check(in -> Functional.dropout(in[0], 0.4, true, new Generator(7)), values(4, 5));
    }

    @Test
    void recurrentLayersAndCells() {
        Tensor.manualSeed(5);
        LSTM lstm = LSTM.builder(2, 3).numLayers(2).bidirectional(true).build();
        GRU gru = GRU.builder(2, 3).batchFirst(true).build();
        RNN rnn = RNN.builder(2, 3).numLayers(2).build();
        GradCheck.check(in -> lstm.forward(in[0], in[1], in[2]).output(), values(4, 2, 2), values(4, 2, 3),
                values(4, 2, 3));
        GradCheck.check(in -> gru.forward(in[0], in[1]).hN(), values(2, 5, 2), values(1, 2, 3));
        GradCheck.check(in -> rnn.forward(in[0]).output(), values(3, 1, 2));
        LSTMCell cell = new LSTMCell(2, 3);
        GradCheck.check(in -> cell.forward(in[0], in[1], in[2]).c(), values(2, 2), values(2, 3), values(2, 3));
    }
}
