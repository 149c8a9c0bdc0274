package dev.dynrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.io.Checkpoint;
import dev.dynrnn.optim.Adagrad;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.optim.AdamW;
import dev.dynrnn.optim.Optimizer;
import dev.dynrnn.optim.RMSprop;
import dev.dynrnn.optim.SGD;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping at any iteration, writing a checkpoint, reading it into a freshly built trainer and
 * going on gives bit-identical weights and losses: for every optimizer, with dropout and random
 * chunk lengths drawing from the generator, series of different lengths, and stops inside an
 * epoch (hidden state carried) and at its end.
 */
class TrainingCheckpointTest {
    @TempDir
    Path dir;

    static final List<Function<List<Tensor>, Optimizer>> OPTIMIZERS = List.of(
            p -> SGD.builder(p).lr(0.05).momentum(0.9).nesterov(true).build(),
            p -> new Adam(p, 0.02),
            p -> AdamW.builder(p).lr(0.02).amsgrad(true).build(),
            p -> RMSprop.builder(p).lr(0.01).centered(true).momentum(0.5).build(),
            p -> new Adagrad(p, 0.05));

    Trainer trainer(Cell cell, Function<List<Tensor>, Optimizer> optimizer, long seed) throws Exception {
        Generator generator = new Generator(seed);
        SequenceModel model = new SequenceModel(new ModelSpec(cell, 2, 6, 2, 0.25, 1), generator);
        return Trainer.builder(model, optimizer.apply(model.parameters()), TrainerTest.series(23, 9, 16))
                .bptt(Bptt.parse("3:8")).clip(0.5).generator(generator).build();
    }

    @Test
    void resumingIsBitIdentical() throws Exception {
        Cell[] cells = Cell.values();
        for (int o = 0; o < OPTIMIZERS.size(); o++) {
            Cell cell = cells[o % cells.length];
            Trainer straight = trainer(cell, OPTIMIZERS.get(o), 11);
            float[] losses = new float[20];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = straight.step().loss();
            }
            for (int stop : new int[] {1, 4, 7, 13}) {
                Trainer first = trainer(cell, OPTIMIZERS.get(o), 11);
                for (int i = 0; i < stop; i++) {
                    first.step();
                }
                Path file = dir.resolve("c" + o + "-" + stop + ".safetensors");
                TrainingCheckpoint.capture(first, Map.of("note", "test")).write(file);
                Trainer second = trainer(cell, OPTIMIZERS.get(o), 999);   // other initial weights and generator
                Checkpoint read = Checkpoint.read(file);
                TrainingCheckpoint.restore(second, read);
                assertEquals("test", TrainingCheckpoint.extra(read).get("note"));
                assertEquals(stop, second.iteration());
                for (int i = stop; i < losses.length; i++) {
                    assertEquals(losses[i], second.step().loss(), cell + " optimizer " + o + " stop " + stop
                            + " iteration " + (i + 1));
                }
                Map<String, Tensor> expected = straight.model().stateDict();
                second.model().stateDict().forEach((key, value) -> assertArrayEquals(expected.get(key).toArray(),
                        value.toArray(), key));
            }
        }
    }

    @Test
    void aCheckpointOfAnotherModelIsRefused() throws Exception {
        Trainer first = trainer(Cell.LSTM, OPTIMIZERS.get(1), 1);
        first.step();
        Path file = dir.resolve("lstm.safetensors");
        TrainingCheckpoint.capture(first, Map.of()).write(file);
        Trainer gru = trainer(Cell.GRU, OPTIMIZERS.get(1), 1);
        TrainingCheckpointException e = assertThrows(TrainingCheckpointException.class,
                () -> TrainingCheckpoint.restore(gru, Checkpoint.read(file)));
        assertEquals(file + ": the checkpoint's model is lstm, 2 inputs, hidden 6, 2 layers, 1 output, the model being"
                + " trained is gru, 2 inputs, hidden 6, 2 layers, 1 output", e.getMessage());
        Trainer sgd = trainer(Cell.LSTM, OPTIMIZERS.get(0), 1);
        e = assertThrows(TrainingCheckpointException.class, () -> TrainingCheckpoint.restore(sgd, Checkpoint.read(file)));
        assertTrue(e.getMessage().startsWith(file + ": does not fit this training run: "), e.getMessage());
    }
}
