package dev.dynrnn.optim;

import java.util.Map;

/**
 * Scales the learning rate by {@code factor} for the first {@code totalIters} epochs, then
 * restores it: {@code torch.optim.lr_scheduler.ConstantLR} (a constant warm-up).
 * Closed form: {@code lr = base_lr · (epoch < T ? factor : 1)}.
 */
public final class ConstantLR extends ChainableLRScheduler {
    private double factor;
    private int totalIters;

    /** Scales by {@code factor} in (0, 1] until epoch {@code totalIters} (at least 0). */
    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        super(optimizer);
        check(factor, totalIters);
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: a third of the lr for 5 epochs. */
    public ConstantLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 5);
    }

    private static void check(double factor, int totalIters) {
        if (factor > 1.0 || factor < 0) {
            throw new IllegalArgumentException("Constant multiplicative factor expected to be between 0 and 1, got "
                    + PyRepr.of(factor));
        }
        if (!(factor > 0)) {
            // PyTorch divides by the factor at total_iters (ZeroDivisionError)
            throw new IllegalArgumentException("Constant multiplicative factor must be greater than 0 (the lr is "
                    + "divided by it at total_iters), got " + PyRepr.of(factor));
        }
        if (totalIters < 0) {
            throw new IllegalArgumentException("ConstantLR total_iters must not be negative, got " + totalIters);
        }
    }

    @Override
    protected double[] getLr() {
        int epoch = lastEpoch();
        double[] lrs = groupLrs();
        if (epoch == 0) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = lrs[i] * factor;
            }
        } else if (epoch == totalIters) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = lrs[i] * (1.0 / factor);
            }
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * (factor + (lastEpoch() >= totalIters ? 1 - factor : 0.0));
        }
        return lrs;
    }

    @Override
    protected void hyperparameters(Map<String, Object> state) {
        state.put("factor", factor);
        state.put("total_iters", totalIters);
    }

    @Override
    protected void loadHyperparameters(Map<String, Object> state) {
        double loadedFactor = StateDicts.number(state, "factor", "ConstantLR");
        int total = StateDicts.integer(state, "total_iters", "ConstantLR");
        check(loadedFactor, total);
        factor = loadedFactor;
        totalIters = total;
    }
}
