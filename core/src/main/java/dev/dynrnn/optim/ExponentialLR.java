package dev.dynrnn.optim;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code gamma} every epoch:
 * {@code torch.optim.lr_scheduler.ExponentialLR}. Closed form: {@code lr = base_lr · γ^epoch}.
 */
public final class ExponentialLR extends ChainableLRScheduler {
    private double gamma;

    /** Decays by {@code gamma} every epoch. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        if (lastEpoch() == 0) {
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
            lrs[i] = lrs[i] * StrictMath.pow(gamma, lastEpoch());
        }
        return lrs;
    }

    @Override
    protected void hyperparameters(Map<String, Object> state) {
        state.put("gamma", gamma);
    }

    @Override
    protected void loadHyperparameters(Map<String, Object> state) {
        gamma = StateDicts.number(state, "gamma", "ExponentialLR");
    }
}
