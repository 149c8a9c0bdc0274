package dev.dynrnn.bench;

import dev.dynrnn.nn.MSELoss;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.tensor.TensorScope;

/**
 * One {@link Workload} being trained in dynrnn, one {@link #iteration()} at a time, as the PyTorch
 * peer trains it (bench/peers/pytorch_workloads.py): forward, MSE, backward, Adam step, with the
 * recurrent state carried from the previous iteration and detached (truncated BPTT).
 *
 * <p>Construction does what the peer does, in its order: seed the default generator, build the
 * {@link RecurrentRegressor} (which draws its parameters), make Adam with the workload's learning
 * rate, then for {@code c-*} and {@code d} draw the fixed input (batch, steps, input) and target
 * (batch, steps, 1) from N(0, 1). {@code a} and {@code b} take a new piece of the seed's sine
 * data from {@link SeedData} in every iteration instead.
 */
public final class TrainingLoop {
    private final RecurrentRegressor model;
    private final Adam optimizer;
    private final MSELoss lossFunction = new MSELoss();
    private final SeedData seedData;
    private final Tensor fixedX;
    private final Tensor fixedY;
    /** The state after the previous iteration, detached; null before the first (zeros). */
    private Tensor[] state;

    /** Builds the model, optimizer and data of {@code workload} from {@code seed}. */
    public TrainingLoop(Workload workload, long seed) {
        Tensor.manualSeed(seed);
        this.model = new RecurrentRegressor(workload);
        this.optimizer = new Adam(model.parameters(), workload.learningRate);
        if (workload.isSeed()) {
            this.seedData = new SeedData(seed);
            this.fixedX = null;
            this.fixedY = null;
        } else {
            this.seedData = null;
            this.fixedX = Tensor.randn(workload.batch, workload.steps, workload.inputSize);
            this.fixedY = Tensor.randn(workload.batch, workload.steps, 1);
        }
    }

    /** One training iteration; returns its loss (0-dim). */
    public Tensor iteration() {
        Tensor x;
        Tensor y;
        if (seedData != null) {
            float[][] xy = seedData.next();
            x = Tensor.wrap(xy[0], 1, xy[0].length, 1);      // (1, 10 * d, 1)
            y = Tensor.wrap(xy[1], 1, xy[1].length, 1);
        } else {
            x = fixedX;
            y = fixedY;
        }
        // The iteration's large results (layer outputs, copies) are lent by the scope and reused by
        // the next iteration, as the DJL peer closes a sub-manager per iteration; the loss is small
        // (never lent), so it stays usable.
        try (TensorScope step = TensorScope.open()) {
            if (state != null) {
                step.attach(state);   // read for the last time in this iteration (DJL's loop closes it)
            }
            RecurrentRegressor.Output out = model.forward(x, state);
            state = step.keep(detach(out.state()));   // truncated BPTT: cut the graph to the previous iteration
            Tensor loss = lossFunction.forward(out.prediction(), y);
            optimizer.zeroGrad(false);   // PyTorch 1.13's zero_grad(), the peer's: gradients zeroed in place
            loss.backward();
            optimizer.step();
            return loss;
        }
    }

    /** The model being trained. */
    public RecurrentRegressor model() {
        return model;
    }

    private static Tensor[] detach(Tensor[] tensors) {
        Tensor[] detached = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            detached[i] = tensors[i].detach();
        }
        return detached;
    }
}
