package dev.dynrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.dynrnn.io.CsvTable;
import dev.dynrnn.io.Safetensors;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trainer against PyTorch (scripts/reference/train_reference.py): the same CSV, the same
 * initial state dict, 50 iterations of bptt 20 with Adam, clipping and normalization; every
 * iteration's loss within 1e-4 relative. The reference runs each series on its own, so this
 * also shows that batching series of different lengths lets no padding into loss or state.
 */
class TrainerReferenceTest {
    static final Fixtures FIXTURES = Fixtures.load("train");

    static Path fixture(String name) throws Exception {
        return Path.of(TrainerReferenceTest.class.getResource("/fixtures/train/" + name).toURI());
    }

    @ParameterizedTest(name = "{0}, {1} layer(s)")
    @CsvSource({"rnn,1", "rnn,2", "lstm,1", "lstm,2", "gru,1", "gru,2"})
    void lossesMatchPyTorch(String cell, int layers) throws Exception {
        Fixtures config = FIXTURES.child("configs." + cell + "_" + layers);
        SeriesData raw = SeriesData.fromCsv(CsvTable.read(fixture("series.csv")), List.of("u", "v"),
                List.of("y", "z"), "series");
        Normalization normalization = Normalization.fit(raw);
        assertClose(FIXTURES.json("normalization.inputs.mean"), normalization.inputMean(), "input means");
        assertClose(FIXTURES.json("normalization.inputs.std"), normalization.inputStd(), "input stds");
        assertClose(FIXTURES.json("normalization.targets.mean"), normalization.targetMean(), "target means");
        assertClose(FIXTURES.json("normalization.targets.std"), normalization.targetStd(), "target stds");
        SeriesData data = normalization.apply(raw);
        ModelSpec spec = new ModelSpec(Cell.parse(cell), 2, 16, layers, 0, 2);
        Generator generator = new Generator((long) config.number("seed"));
        SequenceModel model = new SequenceModel(spec, generator);
        Map<String, Tensor> init = Safetensors.read(fixture(cellInit(cell, layers))).tensors();
        for (Map.Entry<String, Tensor> entry : model.stateDict().entrySet()) {
            assertArrayEquals(init.get(entry.getKey()).toArray(), entry.getValue().toArray(),
                    "torch.manual_seed(seed); Model() and new SequenceModel(spec, new Generator(seed)) differ at "
                            + entry.getKey());
        }
        ModelFile.loadWeights(fixture(cellInit(cell, layers)), model);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.02), data).bptt(Bptt.fixed(20))
                .clip(1.0).generator(generator).build();
        float[] expected = config.floats("losses");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            Trainer.Step step = trainer.step();
            double relative = Math.abs(step.loss() - expected[i]) / Math.abs(expected[i]);
            worst = Math.max(worst, relative);
            assertTrue(relative <= 1e-4, "iteration " + (i + 1) + ": loss " + step.loss() + ", PyTorch " + expected[i]);
        }
        double weights = 0;
        for (Map.Entry<String, Tensor> entry : model.stateDict().entrySet()) {
            float[] a = toFloats(config.json("final").getAsJsonObject().getAsJsonObject(entry.getKey()).get("data"));
            float[] b = entry.getValue().toArray();
            for (int i = 0; i < a.length; i++) {
                weights = Math.max(weights, Math.abs(a[i] - b[i]));
            }
        }
        assertEquals(50, trainer.iteration());
        System.out.printf("train reference %s x%d: 50 losses, max relative difference %.2e; final weights max abs "
                + "difference %.2e%n", cell, layers, worst, weights);
    }

    private static String cellInit(String cell, int layers) {
        return "init_" + cell + "_" + layers + ".safetensors";
    }

    /** Means and stds are sums in double in another order than numpy's pairwise one: equal to ~1e-15. */
    private static void assertClose(JsonElement expected, double[] actual, String what) {
        JsonArray array = expected.getAsJsonArray();
        assertEquals(array.size(), actual.length, what);
        for (int i = 0; i < actual.length; i++) {
            double e = array.get(i).getAsDouble();
            assertEquals(e, actual[i], 1e-13 * Math.abs(e), what + "[" + i + "]");
        }
    }

    private static float[] toFloats(JsonElement element) {
        JsonArray array = element.getAsJsonArray();
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsFloat();
        }
        return out;
    }
}
