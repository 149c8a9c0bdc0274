package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After the same {@code manualSeed}, a model built here starts with exactly the weights PyTorch
 * gives the same model: the parameters are created and drawn in PyTorch's order, with PyTorch's
 * bounds, from the PyTorch-compatible generator.
 */
class InitReferenceTest {
    private static final Fixtures FIXTURES = Fixtures.load("nn_init");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void theSeedsModel(int seed) {
        check("seed_model_" + seed, seed, LayerReferenceTest.SeedModel::new);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void aTwoLayerLstm(int seed) {
        check("lstm2_" + seed, seed, () -> new LSTM(3, 5, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void aBidirectionalGru(int seed) {
        check("gru_" + seed, seed, () -> GRU.builder(4, 6).bidirectional(true).batchFirst(true).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void anEmbeddingWithAPaddingRow(int seed) {
        check("embedding_" + seed, seed, () -> new Embedding(10, 3, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void cells(int seed) {
        check("cells_" + seed, seed, () -> new Module() {
            {
                registerModule("0", new RNNCell(2, 3));
                registerModule("1", new LSTMCell(3, 2));
                registerModule("2", new GRUCell(2, 4));
            }
        });
    }

    private static void check(String name, long seed, Supplier<Module> build) {
        Tensor.manualSeed(seed);
        Module model = build.get();
        Map<String, Tensor> expected = Reference.stateDict(FIXTURES, name);
        Map<String, Tensor> actual = model.stateDict();
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "state dict keys");
        for (Map.Entry<String, Tensor> entry : expected.entrySet()) {
            assertArrayEquals(entry.getValue().toArray(), actual.get(entry.getKey()).toArray(),
                    name + ": " + entry.getKey() + " after manualSeed(" + seed + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 32})
    void boundsAreOneOverSqrtOfTheFanIn(int size) {
        Tensor.manualSeed(3);
        Linear linear = new Linear(size, 50);
        GRU gru = new GRU(2, size);
        double linearBound = 1 / Math.sqrt(size);
        for (Tensor parameter : linear.parameters()) {
            assertWithin(parameter, linearBound);
        }
        for (Tensor parameter : gru.parameters()) {
            assertWithin(parameter, 1 / Math.sqrt(size));
        }
    }

    private static void assertWithin(Tensor parameter, double bound) {
        for (float v : parameter.toArray()) {
            assertTrue(Math.abs(v) <= bound, v + " outside +-" + bound);
        }
    }
}
