package dev.dynrnn.optim;

import java.util.Map;

/**
 * Scales the learning rate by a factor that moves linearly from {@code startFactor} to
 * {@code endFactor} over {@code totalIters} epochs, then stays: {@code torch.optim.lr_scheduler.LinearLR}.
 * The usual linear warm-up; combine it with a decay through {@link SequentialLR} (warm up, then
 * switch) or {@link ChainedScheduler} (both at once).
 *
 * <p>Closed form: {@code lr = base_lr · (s + (e − s) · min(epoch, T) / T)}; each step applies
 * PyTorch's chainable form {@code lr ← lr · (1 + (e − s) / (T·s + (epoch − 1)(e − s)))}.
 *
 * <pre>{@code
 * LinearLR warmup = new LinearLR(optimizer, 0.1, 1.0, 10);   // 10% of the lr rising to 100% by epoch 10
 * }</pre>
 */
public final class LinearLR extends ChainableLRScheduler {
    private double startFactor;
    private double endFactor;
    private int totalIters;

    /**
     * @param startFactor the factor at epoch 0, in (0, 1]
     * @param endFactor the factor from epoch {@code totalIters} on, in [0, 1]
     * @param totalIters epochs to go from one to the other (positive)
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        check(startFactor, endFactor, totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: from 1/3 to 1 over 5 epochs. */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    private static void check(double startFactor, double endFactor, int totalIters) {
        // PyTorch 1.13 accepts a start factor of 0 and then divides by zero on the first step
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("Starting multiplicative factor expected to be greater than 0 and less "
                    + "or equal to 1, got " + PyRepr.of(startFactor));
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1, got "
                    + PyRepr.of(endFactor));
        }
        if (totalIters <= 0) {
            throw new IllegalArgumentException("LinearLR total_iters must be positive, got " + totalIters);
        }
    }

    @Override
    protected double[] getLr() {
        int epoch = lastEpoch();
        double[] lrs = groupLrs();
        if (epoch == 0) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = lrs[i] * startFactor;
            }
            return lrs;
        }
        if (epoch > totalIters) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * (1. + (endFactor - startFactor)
                    / (totalIters * startFactor + (epoch - 1) * (endFactor - startFactor)));
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * (startFactor
                    + (endFactor - startFactor) * Math.min(totalIters, lastEpoch()) / totalIters);
        }
        return lrs;
    }

    @Override
    protected void hyperparameters(Map<String, Object> state) {
        state.put("start_factor", startFactor);
        state.put("end_factor", endFactor);
        state.put("total_iters", totalIters);
    }

    @Override
    protected void loadHyperparameters(Map<String, Object> state) {
        double start = StateDicts.number(state, "start_factor", "LinearLR");
        double end = StateDicts.number(state, "end_factor", "LinearLR");
        int total = StateDicts.integer(state, "total_iters", "LinearLR");
        check(start, end, total);
        startFactor = start;
        endFactor = end;
        totalIters = total;
    }
}
