package dev.dynrnn.bench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.dynrnn.bench.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark {@link Workload}'s model in DJL: a recurrent block ({@code batchFirst}, returning its
 * state) followed by {@code Linear(hidden, 1)}, as the PyTorch peer's {@code RecurrentRegressor}.
 *
 * <p>Inputs: {@code x (batch, steps, input)}, then optionally the state from the previous
 * iteration, {@code h (layers, batch, hidden)} and for the LSTM {@code c} of the same shape.
 * Outputs: the prediction {@code (batch, steps, 1)}, then the new state in the same layout.
 *
 * <p>Parameters start as PyTorch's do: every weight and bias uniform in
 * {@code [-1/sqrt(hidden), 1/sqrt(hidden)]} (for the head that is PyTorch's kaiming-uniform bound
 * {@code 1/sqrt(fan_in)} with {@code fan_in = hidden}), not DJL's default Xavier and zero bias.
 */
final class RecurrentRegressor extends AbstractBlock {
    private final Workload workload;
    private final RecurrentBlock recurrent;
    private final Linear head;

    RecurrentRegressor(Workload workload) {
        this.workload = workload;
        RecurrentBlock block = switch (workload.cell) {
            case RNN -> RNN.builder().setActivation(RNN.Activation.TANH).setStateSize(workload.hidden)
                    .setNumLayers(workload.layers).optBatchFirst(true).optReturnState(true).build();
            case LSTM -> LSTM.builder().setStateSize(workload.hidden).setNumLayers(workload.layers)
                    .optBatchFirst(true).optReturnState(true).build();
            case GRU -> GRU.builder().setStateSize(workload.hidden).setNumLayers(workload.layers)
                    .optBatchFirst(true).optReturnState(true).build();
        };
        recurrent = addChildBlock("rnn", block);
        head = addChildBlock("out", Linear.builder().setUnits(1).build());
        float bound = (float) (1 / Math.sqrt(workload.hidden));
        recurrent.setInitializer(new UniformInitializer(bound), p -> true);
        head.setInitializer(new UniformInitializer(bound), p -> true);
    }

    /** Number of state arrays carried between iterations: 2 for the LSTM (h, c), else 1. */
    int stateCount() {
        return workload.cell == Workload.Cell.LSTM ? 2 : 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList recurrentOut = recurrent.forward(parameterStore, inputs, training);
        NDArray rOut = recurrentOut.get(0);                                    // (batch, steps, hidden)
        NDArray prediction;
        if (workload.perStepHead) {
            // the seed's loop: one Linear call per time step on rOut[:, t, :], then stack on dim 1
            long steps = rOut.getShape().get(1);
            NDList outs = new NDList((int) steps);
            for (long t = 0; t < steps; t++) {
                NDArray slice = rOut.get(new NDIndex().addAllDim().addIndices(t));  // (batch, hidden)
                outs.add(head.forward(parameterStore, new NDList(slice), training).singletonOrThrow());
            }
            prediction = NDArrays.stack(outs, 1);                                 // (batch, steps, 1)
        } else {
            prediction = head.forward(parameterStore, new NDList(rOut), training).singletonOrThrow();
        }
        NDList result = new NDList(prediction);
        result.addAll(recurrentOut.subNDList(1));
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape(x.get(0), x.get(1), 1));
        for (int i = 0; i < stateCount(); i++) {
            shapes.add(new Shape(workload.layers, x.get(0), workload.hidden));
        }
        return shapes.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        recurrent.initialize(manager, dataType, x);
        head.initialize(manager, dataType, workload.perStepHead
                ? new Shape(x.get(0), workload.hidden) : new Shape(x.get(0), x.get(1), workload.hidden));
    }
}
