package dev.dynrnn.nn;

import dev.dynrnn.kernels.recurrent.ArrayPool;
import dev.dynrnn.kernels.recurrent.Cell;
import dev.dynrnn.kernels.recurrent.RecurrentKernel;
import dev.dynrnn.kernels.recurrent.StepLayout;
import dev.dynrnn.tensor.GradMode;
import dev.dynrnn.tensor.Node;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * One recurrent layer in one direction over a whole sequence as a single autograd node: the
 * forward and the backward through time of {@link RecurrentKernel}, which computes what
 * {@link Cells} computes step by step (same equations, same gate order as PyTorch).
 *
 * <p>Shapes (N rows of the sequence laid out as {@code layout} says, B = {@code layout.batch()}):
 * x (N, I), h0 and c0 (B, H) or null for zeros; returns output (N, H), hN (B, H) and, for the
 * LSTM, cN (B, H).
 *
 * <p>Autograd: the output's node has inputs (x, h0, c0, W_ih, W_hh, b_ih, b_hh) and runs the
 * whole backward through time. hN and cN each get a small node whose only input is the output:
 * its backward hands dL/dhN (dL/dcN) to the output's node and returns no gradient itself. The
 * engine runs a node only after every consumer of its output has, so the output's node always
 * sees those gradients; it consumes them, so a graph walked twice (retainGraph) adds them once
 * per walk.
 *
 * <p>Memory: the output and final states are new arrays (the caller keeps them), or lent by the
 * open {@link dev.dynrnn.tensor.TensorScope}; the activations
 * saved for backward (gates, c_t, h W_hn^T + b_hn) come from the layer's {@link ArrayPool} and
 * return to it when the graph frees them, so a training loop of one shape allocates them once.
 */
final class FusedRecurrence {
    private FusedRecurrence() {}

    /** output (N, H), hN (B, H), cN (B, H) or null. */
    record Result(Tensor output, Tensor hN, Tensor cN) {}

    /** dL/dhN and dL/dcN on their way from the state nodes to the output's node. */
    private static final class StateGradients {
        Tensor hN;
        Tensor cN;
    }

    /** {@link #apply(Cell, StepLayout, boolean, Tensor, Tensor, Tensor, RNNBase.Weights, ArrayPool)} without a pool. */
    static Result apply(Cell cell, StepLayout layout, boolean reverse, Tensor x, Tensor h0, Tensor c0,
                        RNNBase.Weights w) {
        return apply(cell, layout, reverse, x, h0, c0, w, null);
    }

    /**
     * @param pool where the activations saved for backward come from and go back to once the
     *             graph frees them (a layer's own pool, so a training loop reuses them), or null
     */
    static Result apply(Cell cell, StepLayout layout, boolean reverse, Tensor x, Tensor h0, Tensor c0,
                        RNNBase.Weights w, ArrayPool pool) {
        int hidden = w.hh().size(1);
        int inputSize = w.ih().size(1);
        check(cell, layout, x, h0, c0, hidden, inputSize);
        Tensor input = x.contiguous();
        Tensor hInit = h0 == null ? null : h0.contiguous();
        Tensor cInit = c0 == null ? null : c0.contiguous();
        Tensor ih = w.ih().contiguous();
        Tensor hh = w.hh().contiguous();
        Tensor biasIh = w.biasIh() == null ? null : w.biasIh().contiguous();
        Tensor biasHh = w.biasHh() == null ? null : w.biasHh().contiguous();
        Tensor[] inputs = {input, hInit, cInit, ih, hh, biasIh, biasHh};
        boolean recording = GradMode.isEnabled() && anyRequiresGrad(inputs);

        RecurrentKernel kernel = new RecurrentKernel(cell, inputSize, hidden, layout, reverse);
        RecurrentKernel.Weights weights = new RecurrentKernel.Weights(ih.storage(), ih.storageOffset(),
                hh.storage(), hh.storageOffset(), array(biasIh), offset(biasIh), array(biasHh), offset(biasHh));
        RecurrentKernel.Sequence sequence = new RecurrentKernel.Sequence(input.storage(), input.storageOffset(),
                array(hInit), offset(hInit), array(cInit), offset(cInit));
        // the results are lent by the open TensorScope, if any
        Tensor output = Tensor.empty(layout.rows(), hidden);
        Tensor hN = Tensor.empty(layout.batch(), hidden);
        Tensor cN = cell == Cell.LSTM ? Tensor.empty(layout.batch(), hidden) : null;
        RecurrentKernel.Trace trace = kernel.newTrace(recording, recording ? pool : null,
                new RecurrentKernel.Outputs(output.storage(), hN.storage(), array(cN)));
        kernel.forward(weights, sequence, trace);
        if (!recording) {
            return new Result(output, hN, cN);
        }
        StateGradients states = new StateGradients();
        Tensor.customOp(output, nodeName(cell), new Backward(kernel, weights, sequence, trace, inputs, states, pool),
                inputs);
        Tensor.customOp(hN, finalStateName(cell, false), new HandOver(states, false), output);
        if (cN != null) {
            Tensor.customOp(cN, finalStateName(cell, true), new HandOver(states, true), output);
        }
        return new Result(output, hN, cN);
    }

    /**
     * The backward of hN (or cN): hands dL/dhN (dL/dcN) to the output's node and returns no
     * gradient itself. A class rather than a lambda: a lambda made in a method as large as
     * {@link #apply} compiled to a call into the VM to allocate it.
     */
    private record HandOver(StateGradients states, boolean cellState) implements Node.BackwardFunction {
        @Override
        public Tensor[] apply(Tensor g) {
            if (cellState) {
                states.cN = states.cN == null ? g : states.cN.add(g);
            } else {
                states.hN = states.hN == null ? g : states.hN.add(g);
            }
            return new Tensor[] {null};
        }
    }

    /**
     * The backward through time of one forward: dL/d(output) and the final states' gradients
     * (handed over by their nodes) to dL/d(x, h0, c0, W_ih, W_hh, b_ih, b_hh). When the graph is
     * freed, the saved activations go back to the pool.
     */
    private record Backward(RecurrentKernel kernel, RecurrentKernel.Weights weights,
                            RecurrentKernel.Sequence sequence, RecurrentKernel.Trace trace, Tensor[] inputs,
                            StateGradients states, ArrayPool pool) implements Node.PureBackward {
        @Override
        public Tensor[] apply(Tensor gradOutput) {
            Tensor dOutput = gradOutput.contiguous();
            Tensor dhN = states.hN == null ? null : states.hN.contiguous();
            Tensor dcN = states.cN == null ? null : states.cN.contiguous();
            states.hN = null;
            states.cN = null;
            float[][] grads = new float[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = inputs[i] != null && inputs[i].requiresGrad() ? Tensor.gradientStorage(inputs[i].numel()) : null;
            }
            kernel.backward(weights, sequence, trace,
                    new RecurrentKernel.OutputGradients(dOutput.storage(), dOutput.storageOffset(),
                            array(dhN), offset(dhN), array(dcN), offset(dcN)),
                    new RecurrentKernel.Gradients(grads[0], grads[1], grads[2], grads[3], grads[4], grads[5], grads[6]));
            Tensor[] result = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                // each array is new and returned once: the engine may keep it as a grad without a copy
                result[i] = grads[i] == null ? null : Tensor.wrapGradient(grads[i], inputs[i].shape());
            }
            return result;
        }

        @Override
        public void release() {
            if (pool != null) {
                trace.releaseTo(pool);
            }
        }
    }

    /** The name of the final hidden (or cell) state's node, a constant rather than a concatenation per call. */
    private static String finalStateName(Cell cell, boolean cellState) {
        return switch (cell) {
            case RNN_TANH -> "RnnTanhBackwardFinalHidden";
            case RNN_RELU -> "RnnReluBackwardFinalHidden";
            case LSTM -> cellState ? "LstmBackwardFinalCell" : "LstmBackwardFinalHidden";
            case GRU -> "GruBackwardFinalHidden";
        };
    }

    private static String nodeName(Cell cell) {
        return switch (cell) {
            case RNN_TANH -> "RnnTanhBackward";
            case RNN_RELU -> "RnnReluBackward";
            case LSTM -> "LstmBackward";
            case GRU -> "GruBackward";
        };
    }

    private static void check(Cell cell, StepLayout layout, Tensor x, Tensor h0, Tensor c0, int hidden, int inputSize) {
        if (x.dim() != 2 || x.size(0) != layout.rows() || x.size(1) != inputSize) {
            throw new IllegalArgumentException(cell + ": expected input of shape (" + layout.rows() + ", " + inputSize
                    + ") for " + layout + ", got " + Arrays.toString(x.shape()));
        }
        int[] stateShape = {layout.batch(), hidden};
        if (h0 != null && !h0.hasShape(stateShape)) {
            throw new IllegalArgumentException(cell + ": expected h0 of shape " + Arrays.toString(stateShape) + ", got "
                    + Arrays.toString(h0.shape()));
        }
        if (c0 != null && (cell != Cell.LSTM || !c0.hasShape(stateShape))) {
            throw new IllegalArgumentException(cell + ": expected " + (cell == Cell.LSTM
                    ? "c0 of shape " + Arrays.toString(stateShape) : "no c0") + ", got " + Arrays.toString(c0.shape()));
        }
    }

    private static boolean anyRequiresGrad(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    private static float[] array(Tensor t) {
        return t == null ? null : t.storage();
    }

    private static int offset(Tensor t) {
        return t == null ? 0 : t.storageOffset();
    }
}
