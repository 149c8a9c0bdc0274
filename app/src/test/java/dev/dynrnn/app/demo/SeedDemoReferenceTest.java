package dev.dynrnn.app.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.dynrnn.app.plot.TrainingPlot;
import dev.dynrnn.nn.MSELoss;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.random.NumpyRandomState;
import dev.dynrnn.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The demo against the seed program run in PyTorch ({@code scripts/reference/demo_reference.py}):
 * printed model, initial weights, sequence lengths and the loss of every iteration.
 *
 * <p>Losses must agree within 1e-4 relative at every iteration. The training amplifies last-bit
 * differences (another summation order in one matmul, say) from iteration to iteration, and for
 * two seeds so much that PyTorch's own losses move by more than 1e-4 when it merely computes in
 * float64 instead (the run's {@code drift}, measured by the reference script: seed 4 from
 * iteration 55 on, seed 5 at iterations 44, 52 and 60). No float32 implementation that rounds
 * differently from PyTorch's OpenBLAS and Sleef kernels can be held to 1e-4 there, so such a run
 * is compared only while PyTorch's drift stays below a quarter of the bound.
 */
class SeedDemoReferenceTest {
    /** The bound on each iteration's loss, relative to PyTorch's. */
    private static final double LOSS_RTOL = 1e-4;
    private static final Map<String, DemoFixture.Run> RUNS = DemoFixture.runs();

    /**
     * How many leading iterations of {@code run} PyTorch's float32 arithmetic determines to the
     * bound: all of them when its drift stays below the bound throughout, else those before the
     * drift first reaches a quarter of it.
     */
    static int comparedIterations(DemoFixture.Run run) {
        double[] drift = run.drift();
        if (Arrays.stream(drift).max().orElse(0) < LOSS_RTOL) {
            return drift.length;
        }
        int determined = 0;
        while (determined < drift.length && drift[determined] < LOSS_RTOL / 4) {
            determined++;
        }
        return determined;
    }

    @Test
    void allButTwoRunsAreComparedAtEveryIteration() {
        for (DemoFixture.Run run : RUNS.values()) {
            boolean illConditioned = run.name().equals("seed4") || run.name().equals("seed5");
            assertEquals(illConditioned, comparedIterations(run) < run.losses().length, run.name());
        }
        assertTrue(comparedIterations(RUNS.get("seed4")) >= 45, "seed4 is compared for its first 45 iterations");
        assertTrue(comparedIterations(RUNS.get("seed5")) >= 30, "seed5 is compared for its first 30 iterations");
    }

    /** Every fixture run through {@link SeedDemo#run}: the whole program, seeded as the PyTorch run. */
    @TestFactory
    Stream<DynamicTest> theDemoReproducesPyTorchsLosses() {
        return RUNS.values().stream().map(run -> dynamicTest(run.name(), () -> {
            StringWriter printed = new StringWriter();
            List<Integer> steps = new ArrayList<>();
            float[] losses = SeedDemo.run(run.options(), new PrintWriter(printed, true),
                    (iteration, length, loss) -> steps.add(length), new TrainingPlot.NoPlot());
            assertEquals(run.repr() + System.lineSeparator(), printed.toString(), "print(rnn)");
            assertArrayEquals(run.steps(), steps.stream().mapToInt(Integer::intValue).toArray(), "time steps");
            assertLossesClose(run, losses, run.name());
        }));
    }

    /**
     * The optimizer criterion: the seed's model, started from PyTorch's initial weights (loaded,
     * not generated) and trained on PyTorch's sequence of lengths, follows PyTorch's losses.
     */
    @TestFactory
    Stream<DynamicTest> fromPyTorchsWeightsOnAFixedSequenceAdamFollowsPyTorch() {
        return RUNS.values().stream().filter(run -> run.initial() != null).map(run -> dynamicTest(run.name(), () -> {
            SeedDemo.Model model = new SeedDemo.Model(run.cell(), run.hidden());
            model.loadStateDict(run.initial());
            Adam optimizer = new Adam(model.parameters(), run.lr());
            MSELoss lossFunc = new MSELoss();
            Cell.State hState = null;
            float[] losses = new float[run.steps().length];
            int step = 0;
            for (int i = 0; i < losses.length; i++) {
                int dynamicSteps = run.steps()[i] / 10;
                float[] t = Numpy.linspace(step * Math.PI, (step + dynamicSteps) * Math.PI, run.steps()[i]);
                step += dynamicSteps;
                Tensor x = Tensor.of(Numpy.sin(t), 1, t.length, 1);
                Tensor y = Tensor.of(Numpy.cos(t), 1, t.length, 1);
                Cell.Output result = model.forward(x, hState);
                hState = result.hState().data();
                Tensor loss = lossFunc.forward(result.output(), y);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                losses[i] = loss.item();
            }
            assertLossesClose(run, losses, run.name() + " from loaded weights");
        }));
    }

    @TestFactory
    Stream<DynamicTest> initialWeightsArePyTorchsAfterTheSameSeed() {
        return RUNS.values().stream().filter(run -> run.initial() != null).map(run -> dynamicTest(run.name(), () -> {
            Tensor.manualSeed(run.seed());
            SeedDemo.Model model = new SeedDemo.Model(run.cell(), run.hidden());
            Map<String, Tensor> actual = model.stateDict();
            assertEquals(run.initial().keySet(), actual.keySet());
            for (Map.Entry<String, Tensor> entry : run.initial().entrySet()) {
                assertArrayEquals(entry.getValue().toArray(), actual.get(entry.getKey()).toArray(),
                        run.name() + ": " + entry.getKey());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> sequenceLengthsAreNumpysRandint() {
        return RUNS.values().stream().filter(run -> !run.staticSteps()).map(run -> dynamicTest(run.name(), () -> {
            NumpyRandomState np = new NumpyRandomState(run.seed());
            int[] steps = new int[run.steps().length];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = 10 * (int) np.randint(1, 4);
            }
            assertArrayEquals(run.steps(), steps);
        }));
    }

    /** The "done" bound: over seeds 0 to 9, the mean of the last ten losses. */
    @Test
    void seedsZeroToNineLearn() {
        double[] lastTen = new double[10];
        for (int seed = 0; seed < 10; seed++) {
            DemoOptions options = new DemoOptions(60, seed, false, SeedDemo.LR, 32, Cell.RNN);
            float[] losses = SeedDemo.run(options, new PrintWriter(new StringWriter()), (i, s, l) -> { },
                    new TrainingPlot.NoPlot());
            double sum = 0;
            for (int i = 50; i < 60; i++) {
                sum += losses[i];
            }
            lastTen[seed] = sum / 10;
            assertTrue(lastTen[seed] <= 0.1, "seed " + seed + ": mean of the last ten losses " + lastTen[seed]);
        }
        double[] sorted = lastTen.clone();
        Arrays.sort(sorted);
        double median = (sorted[4] + sorted[5]) / 2;
        System.out.printf("demo seeds 0-9, mean of the last ten losses: %s, median %.4f%n",
                Arrays.toString(Arrays.stream(lastTen).mapToObj(v -> String.format("%.4f", v)).toArray()), median);
        assertTrue(median <= 0.04, "median " + median);
    }

    /** Every compared iteration within the bound; prints the largest difference, compared or not. */
    private static void assertLossesClose(DemoFixture.Run run, float[] actual, String what) {
        float[] expected = run.losses();
        assertEquals(expected.length, actual.length, what + ": iterations");
        int compared = comparedIterations(run);
        double worst = 0;
        double worstAfter = 0;
        for (int i = 0; i < expected.length; i++) {
            double relative = Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]);
            if (i >= compared) {
                worstAfter = Math.max(worstAfter, relative);
                continue;
            }
            worst = Math.max(worst, relative);
            if (!(relative <= LOSS_RTOL)) {
                throw new AssertionError(String.format("%s: iteration %d: PyTorch's loss %.9g, got %.9g (relative "
                        + "difference %.3g > %.0e)", what, i + 1, expected[i], actual[i], relative, LOSS_RTOL));
            }
        }
        System.out.printf("%s: largest relative loss difference %.3g over iterations 1-%d%s%n", what, worst, compared,
                compared == expected.length ? "" : String.format(" (%.3g after, where PyTorch's own float64 drift "
                        + "reaches %.3g)", worstAfter, Arrays.stream(run.drift()).max().orElse(0)));
    }
}
