package dev.dynrnn.kernels.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Running the batch in two halves (one per core) changes no bit of any result: every row's
 * arithmetic is the same as in one pass over the whole batch. The composed-op comparisons
 * (FusedRecurrenceTest) check the values themselves on small shapes.
 */
class BatchSplitTest {

    @Test
    void splitAndWholeBatchGiveTheSameBits() {
        StepLayout[] layouts = {StepLayout.dense(12, 16), StepLayout.packed(16, 16, 16, 16, 16, 16, 16, 16, 15, 12, 12, 9, 9, 9, 3, 1, 1)};
        for (Cell cell : Cell.values()) {
            for (StepLayout layout : layouts) {
                for (boolean reverse : new boolean[] {false, true}) {
                    String what = cell + " " + layout + " reverse=" + reverse;
                    Run split = new Run(cell, layout, reverse, true, 160);
                    Run whole = new Run(cell, layout, reverse, false, 160);
                    assertEquals(3, split.kernel.batchSplit().length, what + ": large enough to split");
                    assertEquals(2, whole.kernel.batchSplit().length, what);
                    assertFalse(split.kernel.splitsHidden(), what + ": W_hh fits in L2");
                    assertArrayEquals(whole.trace.output, split.trace.output, what + " output");
                    assertArrayEquals(whole.trace.hN, split.trace.hN, what + " hN");
                    for (int i = 0; i < whole.grads.length; i++) {
                        assertArrayEquals(whole.grads[i], split.grads[i], what + " gradient " + i);
                    }
                }
            }
        }
    }

    /**
     * An LSTM whose W_hh is larger than L2 splits its hidden units between the threads instead,
     * meeting after every step: again the bits of the whole batch in one pass, whatever the
     * number of threads (on one, the halves alternate step by step). 384 hidden units: 2.25 MB
     * of W_hh, halves of 6 panels.
     */
    @Test
    void hiddenSplitAndWholeBatchGiveTheSameBits() {
        StepLayout[] layouts = {StepLayout.dense(5, 6), StepLayout.packed(6, 6, 5, 2, 2, 1)};
        for (StepLayout layout : layouts) {
            for (boolean reverse : new boolean[] {false, true}) {
                String what = "LSTM " + layout + " reverse=" + reverse;
                Run split = new Run(Cell.LSTM, layout, reverse, true, 384);
                Run whole = new Run(Cell.LSTM, layout, reverse, false, 384);
                assertTrue(split.kernel.splitsHidden(), what + ": W_hh larger than L2");
                assertFalse(whole.kernel.splitsHidden(), what);
                assertArrayEquals(whole.trace.output, split.trace.output, what + " output");
                assertArrayEquals(whole.trace.hN, split.trace.hN, what + " hN");
                assertArrayEquals(whole.trace.cN, split.trace.cN, what + " cN");
                for (int i = 0; i < whole.grads.length; i++) {
                    assertArrayEquals(whole.grads[i], split.grads[i], what + " gradient " + i);
                }
            }
        }
    }

    /** One forward and backward of a fixed random problem: 7 inputs, {@code hidden} hidden units. */
    private static final class Run {
        final RecurrentKernel kernel;
        final RecurrentKernel.Trace trace;
        final float[][] grads;

        Run(Cell cell, StepLayout layout, boolean reverse, boolean splitBatch, int hidden) {
            int inputSize = 7;
            int gates = cell.gates() * hidden;
            int n = layout.rows();
            int b = layout.batch();
            Random random = new Random(3);
            RecurrentKernel.Weights w = new RecurrentKernel.Weights(values(random, gates * inputSize, 0.3f), 0,
                    values(random, gates * hidden, 0.1f), 0, values(random, gates, 0.1f), 0, values(random, gates, 0.1f), 0);
            RecurrentKernel.Sequence in = new RecurrentKernel.Sequence(values(random, n * inputSize, 1f), 0,
                    values(random, b * hidden, 1f), 0, cell == Cell.LSTM ? values(random, b * hidden, 1f) : null, 0);
            kernel = new RecurrentKernel(cell, inputSize, hidden, layout, reverse, splitBatch);
            trace = kernel.newTrace(true);
            kernel.forward(w, in, trace);
            grads = new float[][] {new float[n * inputSize], new float[b * hidden],
                cell == Cell.LSTM ? new float[b * hidden] : null, new float[gates * inputSize], new float[gates * hidden],
                new float[gates], new float[gates]};
            kernel.backward(w, in, trace, new RecurrentKernel.OutputGradients(values(random, n * hidden, 1f), 0,
                            values(random, b * hidden, 1f), 0, cell == Cell.LSTM ? values(random, b * hidden, 1f) : null, 0),
                    new RecurrentKernel.Gradients(grads[0], grads[1], grads[2], grads[3], grads[4], grads[5], grads[6]));
        }

        private static float[] values(Random random, int n, float scale) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = scale * (float) random.nextGaussian();
            }
            return x;
        }
    }
}
