package dev.dynrnn.nn;

import static dev.dynrnn.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynrnn.autograd.GradCheck;
import dev.dynrnn.kernels.recurrent.Cell;
import dev.dynrnn.kernels.recurrent.StepLayout;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused layer kernels against the composed per-step ops of {@link Cells} (values and every
 * gradient, within float rounding), and against finite differences.
 */
class FusedRecurrenceTest {
    static final double TOLERANCE = 1e-5;

    /** A problem: one layer in one direction with its inputs, all fresh leaves that require grad. */
    static final class Problem {
        final Cell cell;
        final StepLayout layout;
        final boolean reverse;
        final Tensor x;
        final Tensor h0;
        final Tensor c0;
        final RNNBase.Weights weights;

        Problem(Cell cell, StepLayout layout, boolean reverse, int inputSize, int hidden, boolean bias,
                boolean initialState, long seed) {
            Generator g = new Generator(seed);
            this.cell = cell;
            this.layout = layout;
            this.reverse = reverse;
            int gates = cell.gates() * hidden;
            x = leaf(g, layout.rows(), inputSize);
            h0 = initialState ? leaf(g, layout.batch(), hidden) : null;
            c0 = initialState && cell == Cell.LSTM ? leaf(g, layout.batch(), hidden) : null;
            float scale = (float) (1 / Math.sqrt(hidden));
            weights = new RNNBase.Weights(leaf(g, gates, inputSize).detach().mul(scale).requiresGrad(true),
                    leaf(g, gates, hidden).detach().mul(scale).requiresGrad(true),
                    bias ? leaf(g, gates).detach().mul(scale).requiresGrad(true) : null,
                    bias ? leaf(g, gates).detach().mul(scale).requiresGrad(true) : null);
        }

        private static Tensor leaf(Generator g, int... shape) {
            return Tensor.randn(g, shape).requiresGrad(true);
        }

        List<Tensor> leaves() {
            List<Tensor> out = new ArrayList<>();
            for (Tensor t : new Tensor[] {x, h0, c0, weights.ih(), weights.hh(), weights.biasIh(), weights.biasHh()}) {
                if (t != null) {
                    out.add(t);
                }
            }
            return out;
        }

        FusedRecurrence.Result fused() {
            return FusedRecurrence.apply(cell, layout, reverse, x, h0, c0, weights);
        }

        /** The same recurrence with the composed ops, step by step; rows past a step's batch keep their state. */
        FusedRecurrence.Result composed() {
            int batch = layout.batch();
            int hidden = weights.hh().size(1);
            Tensor h = h0 != null ? h0 : Tensor.zeros(batch, hidden);
            Tensor c = cell != Cell.LSTM ? null : c0 != null ? c0 : Tensor.zeros(batch, hidden);
            Tensor[] outputs = new Tensor[layout.steps()];
            for (int i = 0; i < layout.steps(); i++) {
                int t = reverse ? layout.steps() - 1 - i : i;
                int rows = layout.batchAt(t);
                Tensor inputGates = Functional.linear(x.narrow(0, layout.rowStart(t), rows), weights.ih(), weights.biasIh());
                Tensor hPrev = h.narrow(0, 0, rows);
                Tensor[] next = switch (cell) {
                    case RNN_TANH, RNN_RELU -> new Tensor[] {
                        Cells.rnnStep(inputGates, hPrev, weights.hh(), weights.biasHh(), cell == Cell.RNN_RELU)};
                    case LSTM -> Cells.lstmStep(inputGates, hPrev, c.narrow(0, 0, rows), weights.hh(), weights.biasHh());
                    case GRU -> new Tensor[] {Cells.gruStep(inputGates, hPrev, weights.hh(), weights.biasHh())};
                };
                outputs[t] = next[0];
                h = keepRest(next[0], h, rows);
                if (c != null) {
                    c = keepRest(next[1], c, rows);
                }
            }
            return new FusedRecurrence.Result(Tensor.cat(List.of(outputs), 0), h, c);
        }

        private static Tensor keepRest(Tensor updated, Tensor state, int rows) {
            return rows == state.size(0) ? updated
                    : Tensor.cat(List.of(updated, state.narrow(0, rows, state.size(0) - rows)), 0);
        }
    }

    /** A scalar of every output, with fixed weights, so every gradient path is used. */
    static Tensor loss(FusedRecurrence.Result r) {
        Generator g = new Generator(99);
        Tensor loss = r.output().mul(Tensor.randn(g, r.output().shape())).sum()
                .add(r.hN().mul(Tensor.randn(g, r.hN().shape())).sum());
        if (r.cN() != null) {
            loss = loss.add(r.cN().mul(Tensor.randn(g, r.cN().shape())).sum());
        }
        return loss;
    }

    static Stream<Arguments> problems() {
        List<Arguments> out = new ArrayList<>();
        StepLayout[] layouts = {StepLayout.dense(5, 3), StepLayout.packed(4, 3, 3, 1), StepLayout.dense(1, 2),
            StepLayout.packed(2, 2, 1, 1, 1)};
        long seed = 1;
        for (Cell cell : Cell.values()) {
            for (StepLayout layout : layouts) {
                for (boolean reverse : new boolean[] {false, true}) {
                    out.add(Arguments.of(cell, layout, reverse, true, true, seed++));
                }
            }
            out.add(Arguments.of(cell, StepLayout.dense(4, 2), false, false, true, seed++));   // no bias
            out.add(Arguments.of(cell, StepLayout.packed(3, 2, 2), true, true, false, seed++));  // zero initial state
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} reverse={2} bias={3} h0={4}")
    @MethodSource("problems")
    void matchesTheComposedOps(Cell cell, StepLayout layout, boolean reverse, boolean bias, boolean initialState, long seed) {
        compare(new Problem(cell, layout, reverse, 3, 5, bias, initialState, seed));
    }

    private static void compare(Problem p) {
        FusedRecurrence.Result fused = p.fused();
        loss(fused).backward();
        List<Tensor> fusedGrads = grads(p);
        for (Tensor leaf : p.leaves()) {
            leaf.zeroGrad();
        }
        FusedRecurrence.Result composed = p.composed();
        loss(composed).backward();
        List<Tensor> composedGrads = grads(p);

        assertClose(composed.output(), fused.output(), TOLERANCE, TOLERANCE, "output");
        assertClose(composed.hN(), fused.hN(), TOLERANCE, TOLERANCE, "hN");
        if (p.cell == Cell.LSTM) {
            assertClose(composed.cN(), fused.cN(), TOLERANCE, TOLERANCE, "cN");
        } else {
            assertNull(fused.cN());
        }
        String[] names = {"x", "h0", "c0", "weight_ih", "weight_hh", "bias_ih", "bias_hh"};
        Tensor[] all = {p.x, p.h0, p.c0, p.weights.ih(), p.weights.hh(), p.weights.biasIh(), p.weights.biasHh()};
        for (int i = 0, k = 0; i < all.length; i++) {
            if (all[i] != null) {
                assertClose(composedGrads.get(k), fusedGrads.get(k), TOLERANCE, TOLERANCE, "grad " + names[i]);
                k++;
            }
        }
    }

    private static List<Tensor> grads(Problem p) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor leaf : p.leaves()) {
            out.add(leaf.grad());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} reverse={2}")
    @MethodSource("gradCheckProblems")
    void gradientsMatchFiniteDifferences(Cell cell, StepLayout layout, boolean reverse) {
        // With seed 12 every relu pre-activation is at least 0.037 from the kink at 0, more than the
        // finite-difference step (1e-2).
        Problem p = new Problem(cell, layout, reverse, 2, 3, true, true, 12);
        Tensor[] leaves = p.leaves().toArray(new Tensor[0]);
        boolean lstm = cell == Cell.LSTM;
        GradCheck.check(in -> {
            RNNBase.Weights w = new RNNBase.Weights(in[lstm ? 3 : 2], in[lstm ? 4 : 3], in[lstm ? 5 : 4], in[lstm ? 6 : 5]);
            FusedRecurrence.Result r = FusedRecurrence.apply(cell, layout, reverse, in[0], in[1], lstm ? in[2] : null, w);
            List<Tensor> parts = new ArrayList<>(List.of(r.output(), r.hN()));
            if (lstm) {
                parts.add(r.cN());
            }
            return Tensor.cat(parts, 0);
        }, leaves);
    }

    static Stream<Arguments> gradCheckProblems() {
        List<Arguments> out = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            out.add(Arguments.of(cell, StepLayout.dense(3, 2), false));
            out.add(Arguments.of(cell, StepLayout.packed(3, 2, 1), true));
        }
        return out.stream();
    }

    @Test
    void onlyTheFinalStateCarriesAGradient() {
        Problem p = new Problem(Cell.LSTM, StepLayout.packed(3, 2, 1), false, 2, 4, true, true, 21);
        p.fused().cN().sum().backward();
        Tensor fused = p.weights.hh().grad();
        p.weights.hh().zeroGrad();
        p.composed().cN().sum().backward();
        assertClose(p.weights.hh().grad(), fused, TOLERANCE, TOLERANCE, "grad weight_hh from cN alone");
    }

    @Test
    void withoutRecordingNothingRequiresGrad() {
        Problem p = new Problem(Cell.GRU, StepLayout.dense(4, 3), true, 2, 4, true, true, 31);
        FusedRecurrence.Result expected = p.fused();
        FusedRecurrence.Result r;
        try (NoGrad ignored = NoGrad.enter()) {
            r = p.fused();
        }
        assertNull(r.output().gradFn());
        assertArrayEquals(expected.output().toArray(), r.output().toArray());
        assertArrayEquals(expected.hN().toArray(), r.hN().toArray());
    }

    @Test
    void resultsAreBitIdenticalAcrossRuns() {
        for (Cell cell : Cell.values()) {
            // Large enough for the batch to run in two halves and the products on two threads.
            Problem p = new Problem(cell, StepLayout.dense(12, 16), false, 7, 80, true, true, 41);
            FusedRecurrence.Result first = p.fused();
            loss(first).backward();
            float[] grad = p.weights.hh().grad().toArray();
            p.weights.hh().zeroGrad();
            FusedRecurrence.Result second = p.fused();
            loss(second).backward();
            assertArrayEquals(first.output().toArray(), second.output().toArray(), cell + " output");
            assertArrayEquals(grad, p.weights.hh().grad().toArray(), cell + " grad weight_hh");
        }
    }

    /**
     * A layer hands the activations it saved back to its pool when the graph is freed, and takes
     * them for the next forward: results are those of fresh arrays, and a graph kept alive
     * (retainGraph) keeps its own arrays while other graphs come and go.
     */
    @Test
    void savedActivationsAreReusedOnlyOnceTheirGraphIsFreed() {
        for (String kind : List.of("lstm", "gru")) {
            Tensor.manualSeed(7);
            RNNBase layer = kind.equals("lstm") ? LSTM.builder(3, 5).build() : GRU.builder(3, 5).build();
            Generator g = new Generator(8);
            Tensor x1 = Tensor.randn(g, 6, 2, 3);
            Tensor x2 = Tensor.randn(g, 6, 2, 3);
            Tensor weightHh = layer.namedParameters().get("weight_hh_l0");

            Tensor kept = output(layer, x1).pow(2f).sum();
            kept.backward(Tensor.scalar(1f), true);            // saved arrays stay with this graph
            float[] first = weightHh.grad().toArray();
            layer.zeroGrad();
            for (int i = 0; i < 3; i++) {                      // other graphs, freed: their arrays recycle
                output(layer, x2).sum().backward();
            }
            float[] recycled = weightHh.grad().toArray();
            layer.zeroGrad();
            kept.backward(Tensor.scalar(1f), false);           // the kept graph's arrays were not reused
            assertArrayEquals(first, weightHh.grad().toArray(), kind + ": second walk of the kept graph");

            RNNBase fresh = kind.equals("lstm") ? LSTM.builder(3, 5).build() : GRU.builder(3, 5).build();
            fresh.loadStateDict(layer.stateDict());
            for (int i = 0; i < 3; i++) {
                output(fresh, x2).sum().backward();
            }
            assertArrayEquals(fresh.namedParameters().get("weight_hh_l0").grad().toArray(), recycled,
                    kind + ": recycled arrays give the bits of new ones");
        }
    }

    private static Tensor output(RNNBase layer, Tensor x) {
        return layer instanceof LSTM lstm ? lstm.forward(x).output() : ((GRU) layer).forward(x).output();
    }

    @Test
    void badShapesAreNamed() {
        Problem p = new Problem(Cell.LSTM, StepLayout.dense(2, 3), false, 2, 4, true, true, 51);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FusedRecurrence.apply(Cell.LSTM, StepLayout.dense(3, 3), false, p.x, p.h0, p.c0, p.weights));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("(9, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StepLayout.packed(2, 3));
        assertThrows(IllegalArgumentException.class, () -> StepLayout.packed(2, 0));
    }
}
