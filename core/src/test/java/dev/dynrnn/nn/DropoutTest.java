package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static final int N = 200_000;

    @Test
    void keptFractionAndScaleAreRight() {
        for (double p : new double[] {0.1, 0.3, 0.5, 0.9}) {
            Tensor x = Tensor.randn(new Generator(1), N);
            float[] in = x.toArray();
            float[] out = Functional.dropout(x, p, true, new Generator(2)).toArray();
            float scale = 1f / (float) (1 - p);
            int kept = 0;
            for (int i = 0; i < N; i++) {
                if (out[i] != 0f) {
                    kept++;
                    assertEquals(in[i] * scale, out[i], "a kept element is scaled by 1/(1-p), p=" + p);
                }
            }
            // The kept count is Binomial(N, 1 - p): allow five standard deviations.
            double sigma = Math.sqrt(N * p * (1 - p));
            assertEquals(N * (1 - p), kept, 5 * sigma, "kept elements for p=" + p);
        }
    }

    @Test
    void theExpectedValueIsUnchanged() {
        double p = 0.3;
        float[] out = Functional.dropout(Tensor.ones(N), p, true, new Generator(3)).toArray();
        double mean = 0;
        for (float v : out) {
            mean += v / (double) N;
        }
        // Each element is 1/(1-p) with probability 1-p, else 0: variance p/(1-p).
        assertEquals(1.0, mean, 5 * Math.sqrt(p / (1 - p) / N));
    }

    @Test
    void theGradientFlowsThroughTheSameMask() {
        Tensor x = Tensor.randn(new Generator(4), 50).requiresGrad(true);
        Tensor y = Functional.dropout(x, 0.5, true, new Generator(5));
        y.sum().backward();
        float[] out = y.toArray();
        float[] in = x.toArray();
        float[] grad = x.grad().toArray();
        for (int i = 0; i < out.length; i++) {
            assertEquals(out[i] == 0f && in[i] != 0f ? 0f : 2f, grad[i]);
        }
    }

    @Test
    void zeroProbabilityAndEvalModeAreTheIdentity() {
        Tensor x = Tensor.randn(new Generator(6), 3, 4);
        assertSame(x, Functional.dropout(x, 0.0, true));
        assertSame(x, Functional.dropout(x, 0.7, false));
        Dropout dropout = new Dropout(0.7);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        for (float v : Functional.dropout(x, 1.0, true).toArray()) {
            assertEquals(0.0, v, 0.0, "p = 1 zeroes everything");
        }
    }

    @Test
    void aSeededGeneratorGivesTheSameMask() {
        Tensor x = Tensor.ones(100);
        float[] a = new Dropout(0.5, new Generator(9)).forward(x).toArray();
        float[] b = new Dropout(0.5, new Generator(9)).forward(x).toArray();
        float[] c = new Dropout(0.5, new Generator(10)).forward(x).toArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void invalidProbabilityIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LSTM.builder(2, 3).dropout(-0.1).build());
    }

    @Test
    void recurrentDropoutActsBetweenLayersOnlyInTraining() {
        Tensor x = Tensor.randn(new Generator(11), 6, 2, 3);
        // Zero probability: the same as no dropout at all.
        LSTM plain = LSTM.builder(3, 4).numLayers(2).build();
        LSTM zero = LSTM.builder(3, 4).numLayers(2).dropout(0.0).build();
        zero.loadStateDict(plain.stateDict());
        assertArrayEquals(plain.forward(x).output().toArray(), zero.forward(x).output().toArray());

        // One layer: nothing lies between layers, so dropout changes nothing.
        GRU single = GRU.builder(3, 4).dropout(0.5).build();
        float[] training = single.forward(x).output().toArray();
        single.eval();
        assertArrayEquals(single.forward(x).output().toArray(), training);

        // Two layers: training differs from eval; a seeded generator makes it reproducible.
        LSTM a = LSTM.builder(3, 4).numLayers(2).dropout(0.5).generator(new Generator(12)).build();
        LSTM b = LSTM.builder(3, 4).numLayers(2).dropout(0.5).generator(new Generator(12)).build();
        float[] trainA = a.forward(x).output().toArray();
        assertArrayEquals(trainA, b.forward(x).output().toArray());
        a.eval();
        float[] evalA = a.forward(x).output().toArray();
        assertFalse(Arrays.equals(trainA, evalA));
        assertTrue(evalA.length == trainA.length);
    }
}
