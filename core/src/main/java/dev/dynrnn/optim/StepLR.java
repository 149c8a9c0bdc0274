package dev.dynrnn.optim;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs:
 * {@code torch.optim.lr_scheduler.StepLR}. Closed form: {@code lr = base_lr · γ^⌊epoch / stepSize⌋}.
 *
 * <pre>{@code
 * StepLR scheduler = new StepLR(optimizer, 30, 0.1);   // 0.05 for epochs 0-29, 0.005 for 30-59, ...
 * }</pre>
 */
public final class StepLR extends ChainableLRScheduler {
    private int stepSize;
    private double gamma;

    /** Decays by {@code gamma} every {@code stepSize} epochs; {@code stepSize} must be positive. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        this.stepSize = checkStepSize(stepSize);
        this.gamma = gamma;
        initialStep();
    }

    /** Decays by PyTorch's default {@code gamma} = 0.1 every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    private static int checkStepSize(int stepSize) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR step_size must be positive, got " + stepSize);
        }
        return stepSize;
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        if (lastEpoch() == 0 || lastEpoch() % stepSize != 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * gamma;
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * StrictMath.pow(gamma, Math.floorDiv(lastEpoch(), stepSize));
        }
        return lrs;
    }

    @Override
    protected void hyperparameters(Map<String, Object> state) {
        state.put("step_size", stepSize);
        state.put("gamma", gamma);
    }

    @Override
    protected void loadHyperparameters(Map<String, Object> state) {
        int loadedStepSize = checkStepSize(StateDicts.integer(state, "step_size", "StepLR"));
        gamma = StateDicts.number(state, "gamma", "StepLR");
        stepSize = loadedStepSize;
    }
}
