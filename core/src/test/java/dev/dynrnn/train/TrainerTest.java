package dev.dynrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.optim.Adam;
import dev.dynrnn.optim.SGD;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** Series of the given lengths, 2 inputs and 1 target, values from a fixed formula. */
    static SeriesData series(int... lengths) {
        List<SeriesData.Series> list = new ArrayList<>();
        for (int s = 0; s < lengths.length; s++) {
            double[][] x = new double[lengths[s]][2];
            double[][] y = new double[lengths[s]][1];
            for (int t = 0; t < lengths[s]; t++) {
                x[t][0] = Math.sin(0.3 * t + s);
                x[t][1] = Math.cos(0.2 * t * (s + 1));
                y[t][0] = Math.sin(0.3 * (t - 2) + s) * 0.8;
            }
            list.add(SeriesData.Series.of("s" + s, x, y));
        }
        return SeriesData.of(List.of("u", "v"), List.of("y"), list);
    }

    static SequenceModel model(Cell cell, int layers, double dropout, long seed) {
        return new SequenceModel(new ModelSpec(cell, 2, 5, layers, dropout, 1), new Generator(seed));
    }

    /**
     * Each series run alone (batch of one) from its own state; the chunk's loss is the sum of
     * all squared errors over their count. The trainer, which batches the series, must agree
     * on every loss, and a series without rows left must keep its state.
     */
    @Test
    void seriesOfDifferentLengthsTrainAsIfRunAlone() throws Exception {
        for (Cell cell : Cell.values()) {
            SeriesData data = series(7, 2, 4, 7);
            SequenceModel batched = model(cell, 2, 0, 3);
            SequenceModel alone = model(cell, 2, 0, 3);
            Trainer trainer = Trainer.builder(batched, new SGD(batched.parameters(), 0.1), data).bptt(Bptt.fixed(3))
                    .build();
            SGD reference = new SGD(alone.parameters(), 0.1);
            Map<Integer, HiddenState> states = new LinkedHashMap<>();
            int position = 0;
            for (int iteration = 1; iteration <= 9; iteration++) {
                int steps = Math.min(3, 7 - position);
                Tensor squared = Tensor.scalar(0);
                int count = 0;
                Map<Integer, HiddenState> carried = new LinkedHashMap<>();
                for (int s = 0; s < data.seriesCount(); s++) {
                    SeriesData.Series series = data.series(s);
                    int rows = Math.min(steps, series.length() - position);
                    if (rows <= 0) {
                        continue;
                    }
                    float[] x = new float[rows * 2];
                    float[] y = new float[rows];
                    System.arraycopy(series.inputs(), position * 2, x, 0, rows * 2);
                    System.arraycopy(series.targets(), position, y, 0, rows);
                    SequenceModel.Output out = alone.forward(Tensor.wrap(x, 1, rows, 2), states.get(s));
                    Tensor error = out.prediction().sub(Tensor.wrap(y, 1, rows, 1));
                    squared = squared.add(error.mul(error).sum());
                    count += rows;
                    carried.put(s, out.state().detach());
                }
                Tensor loss = squared.div(count);
                reference.zeroGrad();
                loss.backward();
                reference.step();
                HiddenState before = trainer.hiddenState();
                Trainer.Step step = trainer.step();
                assertEquals(loss.item(), step.loss(), 2e-6 * loss.item(), cell + " iteration " + iteration);
                assertEquals(steps, step.steps());
                assertEquals(position, step.start());
                HiddenState after = trainer.hiddenState();
                states.putAll(carried);
                position += steps;
                if (position >= 7) {
                    position = 0;
                    states.clear();
                    assertNull(after, "the state is reset at the end of the data");
                    continue;
                }
                for (int s = 0; s < data.seriesCount(); s++) {
                    if (!carried.containsKey(s)) {
                        // untouched: bit for bit what it was before the chunk
                        assertArrayEquals(before.h().select(1, s).toArray(), after.h().select(1, s).toArray(),
                                cell + ": series " + s + " has no rows left, its state must not change");
                    } else {
                        float[] expected = carried.get(s).h().select(1, 0).toArray();
                        float[] actual = after.h().select(1, s).toArray();
                        for (int i = 0; i < expected.length; i++) {
                            assertEquals(expected[i], actual[i], 1e-5, cell + " state of series " + s);
                        }
                    }
                }
            }
            assertEquals(9, trainer.iteration());
            assertEquals(3, trainer.epochsCompleted());
        }
    }

    @Test
    void randomChunkLengthsComeFromTheGenerator() throws Exception {
        SeriesData data = series(50);
        SequenceModel model = model(Cell.GRU, 1, 0, 1);
        Generator generator = new Generator(42);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.01), data).bptt(Bptt.parse("2:9"))
                .generator(generator).build();
        Generator expected = new Generator(42);
        int position = 0;
        for (int i = 0; i < 30; i++) {
            int steps = Math.min((int) expected.randint(2, 10), 50 - position);
            Trainer.Step step = trainer.step();
            assertEquals(steps, step.steps(), "iteration " + (i + 1));
            position = (position + steps) % 50;
        }
    }

    @Test
    void lastChunkOfAnEpochIsShorter() throws Exception {
        SeriesData data = series(25);
        SequenceModel model = model(Cell.RNN, 1, 0, 1);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.01), data).bptt(Bptt.fixed(10)).build();
        int[] expected = {10, 10, 5, 10, 10, 5};
        long[] epochs = {1, 1, 1, 2, 2, 2};
        for (int i = 0; i < expected.length; i++) {
            Trainer.Step step = trainer.step();
            assertEquals(expected[i], step.steps());
            assertEquals(epochs[i], step.epoch());
            assertEquals(i + 1, step.iteration());
        }
        assertEquals(2, trainer.epochsCompleted());
    }

    @Test
    void tooFewRows() {
        SeriesData data = series(1, 1);
        SequenceModel model = model(Cell.RNN, 1, 0, 1);
        DataException e = assertThrows(DataException.class,
                () -> Trainer.builder(model, new Adam(model.parameters()), data).build());
        assertTrue(e.getMessage().contains("the longest series has 1 row"), e.getMessage());
    }

    @Test
    void columnsMustFitTheModel() {
        SeriesData data = series(10);
        SequenceModel model = new SequenceModel(new ModelSpec(Cell.RNN, 3, 4, 1, 0, 1), new Generator(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(model, new Adam(model.parameters()), data).build());
        assertEquals("the model takes 3 input(s), the data has 2 [u, v]", e.getMessage());
    }

    @Test
    void aLossThatIsNotFiniteStopsBeforeTheStep() throws Exception {
        SeriesData data = series(30);
        SequenceModel model = model(Cell.LSTM, 1, 0, 1);
        Adam adam = new Adam(model.parameters(), 0.01);
        Trainer trainer = Trainer.builder(model, adam, data).bptt(Bptt.fixed(10)).build();
        trainer.step();
        try (NoGrad ignored = NoGrad.enter()) {
            model.out().bias().fill_(1e30f);   // squared: infinity
        }
        Map<String, float[]> before = snapshot(model);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::step);
        assertEquals(2, e.iteration());
        assertEquals(Float.POSITIVE_INFINITY, e.loss());
        assertTrue(e.getMessage().startsWith("the loss became Infinity at iteration 2 (epoch 1)"), e.getMessage());
        Map<String, float[]> after = snapshot(model);
        for (String key : before.keySet()) {
            assertArrayEquals(before.get(key), after.get(key), key + " must not have been stepped");
        }
        assertEquals(1, trainer.iteration());
        assertEquals(1L, adam.stateDict().step(0));
    }

    static Map<String, float[]> snapshot(SequenceModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.stateDict().forEach((key, value) -> out.put(key, value.toArray()));
        return out;
    }

    /**
     * Chunks large enough for their results to be lent by the step's TensorScope (160 series x
     * 30 steps: the predictions are 4800 floats, the LSTM's outputs 153600): a run on a new thread (no free arrays yet) and two runs on one thread (the
     * second on arrays the first left dirty) agree bit for bit on every loss and prediction, and
     * a Step's predictions stay readable after later steps reused the chunk's storage.
     */
    @Test
    void lentChunkStorageChangesNoResult() throws Exception {
        FutureTask<List<float[]>> onNewThread = new FutureTask<>(TrainerTest::trainLarge);
        new Thread(onNewThread).start();
        List<float[]> fresh = onNewThread.get();
        List<float[]> once = trainLarge();
        List<float[]> again = trainLarge();
        assertEquals(fresh.size(), once.size());
        for (int i = 0; i < once.size(); i++) {
            assertArrayEquals(fresh.get(i), once.get(i), "value " + i + ", new thread vs this one");
            assertArrayEquals(once.get(i), again.get(i), "value " + i + ", first vs second run");
        }
    }

    /** 6 steps of a 2-layer LSTM, hidden 32, over 160 series of 90 rows; each step's loss and predictions. */
    private static List<float[]> trainLarge() throws DataException {
        int[] lengths = new int[160];
        Arrays.fill(lengths, 90);
        SeriesData data = series(lengths);
        SequenceModel model = new SequenceModel(new ModelSpec(Cell.LSTM, 2, 32, 2, 0, 1), new Generator(5));
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.01), data).bptt(Bptt.fixed(30)).build();
        List<Trainer.Step> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            steps.add(trainer.step());
        }
        List<float[]> values = new ArrayList<>();
        for (Trainer.Step step : steps) {   // read after all steps: the predictions were kept
            values.add(new float[] {step.loss()});
            for (int series = 0; series < lengths.length; series++) {
                values.add(step.prediction(series));
            }
        }
        return values;
    }
}
