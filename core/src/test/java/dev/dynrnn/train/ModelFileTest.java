package dev.dynrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynrnn.io.Json;
import dev.dynrnn.io.Safetensors;
import dev.dynrnn.io.SafetensorsFile;
import dev.dynrnn.random.Generator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void saveAndLoadGiveTheSamePredictions() throws Exception {
        SeriesData data = TrainerTest.series(12, 5);
        Normalization normalization = Normalization.fit(data);
        SequenceModel model = new SequenceModel(new ModelSpec(Cell.LSTM, 2, 4, 2, 0.1, 1), new Generator(5));
        TrainedModel trained = new TrainedModel(model, List.of("u", "v"), List.of("y"), "station", normalization);
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, trained);

        SafetensorsFile raw = Safetensors.read(file);
        assertEquals(List.of("out.bias", "out.weight", "rnn.bias_hh_l0", "rnn.bias_hh_l1", "rnn.bias_ih_l0",
                "rnn.bias_ih_l1", "rnn.weight_hh_l0", "rnn.weight_hh_l1", "rnn.weight_ih_l0", "rnn.weight_ih_l1"),
                List.copyOf(raw.tensors().keySet()));
        assertEquals("pt", raw.metadata().get("format"));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(raw.metadata().get("dynrnn.model"));
        assertEquals("lstm", json.get("cell"));
        assertEquals(List.of("u", "v"), json.get("inputs"));
        assertEquals("station", json.get("series"));

        TrainedModel loaded = ModelFile.load(file);
        assertEquals(model.spec(), loaded.model().spec());
        assertEquals(normalization, loaded.normalization());
        assertEquals("station", loaded.seriesColumn());
        List<float[]> expected = trained.predict(data);
        List<float[]> actual = loaded.predict(data);
        for (int s = 0; s < expected.size(); s++) {
            assertArrayEquals(expected.get(s), actual.get(s));
        }
        assertEquals(12, actual.get(0).length);
    }

    @Test
    void predictionIsStatefulOverTheWholeSeries() throws Exception {
        SeriesData data = TrainerTest.series(10000);
        SequenceModel model = new SequenceModel(new ModelSpec(Cell.GRU, 2, 3, 1, 0, 1), new Generator(5));
        TrainedModel trained = new TrainedModel(model, List.of("u", "v"), List.of("y"), null, null);
        float[] chunked = trained.predict(data).get(0);   // 3 forward calls of up to 4096 steps
        float[] x = data.series(0).inputs();
        float[] whole = model.forward(dev.dynrnn.tensor.Tensor.wrap(x.clone(), 1, 10000, 2), null).prediction()
                .toArray();
        assertArrayEquals(whole, chunked);
    }

    @Test
    void weightsThatDoNotFitNameKeyAndShapes() throws Exception {
        SequenceModel small = new SequenceModel(new ModelSpec(Cell.RNN, 2, 4, 1, 0, 1), new Generator(1));
        Path file = dir.resolve("small.safetensors");
        Safetensors.write(file, small.stateDict(), Map.of("format", "pt"));
        SequenceModel big = new SequenceModel(new ModelSpec(Cell.RNN, 2, 8, 1, 0, 1), new Generator(1));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.loadWeights(file, big));
        assertEquals(file + ": does not fit the model (rnn, 2 inputs, hidden 8, 1 layer, 1 output): tensor "
                + "'rnn.weight_ih_l0' has shape [4, 2] in the file, the model's is [8, 2]; tensor 'rnn.weight_hh_l0' "
                + "has shape [4, 4] in the file, the model's is [8, 8]; tensor 'rnn.bias_ih_l0' has shape [4] in the "
                + "file, the model's is [8]; tensor 'rnn.bias_hh_l0' has shape [4] in the file, the model's is [8]; "
                + "tensor 'out.weight' has shape [1, 4] in the file, the model's is [1, 8]", e.getMessage());
        SequenceModel deep = new SequenceModel(new ModelSpec(Cell.RNN, 2, 4, 2, 0, 1), new Generator(1));
        e = assertThrows(ModelFileException.class, () -> ModelFile.loadWeights(file, deep));
        assertEquals(file + ": does not fit the model (rnn, 2 inputs, hidden 4, 2 layers, 1 output): missing tensor "
                + "'rnn.weight_ih_l1' (shape [4, 4]); missing tensor 'rnn.weight_hh_l1' (shape [4, 4]); missing tensor "
                + "'rnn.bias_ih_l1' (shape [4]); missing tensor 'rnn.bias_hh_l1' (shape [4])", e.getMessage());
        e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": not a dynrnn model file: its metadata has no \"dynrnn.model\" (a plain state dict can "
                + "initialise training with --init)", e.getMessage());
    }

    @Test
    void normalizationRoundTripsThroughJson() {
        SeriesData data = TrainerTest.series(12, 5);
        Normalization n = Normalization.fit(data);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(n.toJson()));
        assertEquals(n, Normalization.fromJson(json));
    }
}
