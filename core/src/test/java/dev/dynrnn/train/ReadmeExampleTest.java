package dev.dynrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.io.CsvTable;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.random.Generator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "From Java" example, as written there but for one epoch instead of 20. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleRuns() throws Exception {
        Path csv = Path.of("../examples/stations.csv");
        Path file = dir.resolve("demand.safetensors");

        SeriesData raw = SeriesData.fromCsv(CsvTable.read(csv),
                List.of("temperature", "humidity"), List.of("demand"), "station");
        Normalization normalization = Normalization.fit(raw);
        Generator generator = new Generator(1);
        SequenceModel model = new SequenceModel(new ModelSpec(Cell.LSTM, 2, 32, 1, 0.0, 1), generator);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.02), normalization.apply(raw))
                .bptt(Bptt.fixed(20)).generator(generator).build();
        float first = Float.NaN;
        float last = Float.NaN;
        while (trainer.epochsCompleted() < 1) {
            Trainer.Step step = trainer.step();
            first = Float.isNaN(first) ? step.loss() : first;
            last = step.loss();
        }
        TrainedModel trained = new TrainedModel(model, raw.inputColumns(), raw.targetColumns(), "station", normalization);
        ModelFile.save(file, trained);
        List<float[]> predictions = ModelFile.load(file).predict(raw);

        assertEquals(36, trainer.iteration(), "720 rows of the longest station in chunks of 20");
        assertTrue(last < first / 2, "one epoch learns something: loss " + first + " -> " + last);
        assertEquals(List.of(720, 600, 480), predictions.stream().map(p -> p.length).toList());
    }
}
