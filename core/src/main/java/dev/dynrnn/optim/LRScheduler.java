package dev.dynrnn.optim;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Base of the learning-rate schedulers that step once per epoch (or per iteration) without a
 * metric: PyTorch's {@code torch.optim.lr_scheduler._LRScheduler}. Call {@link #step()} after
 * {@code optimizer.step()}:
 * <pre>{@code
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     train(optimizer);          // optimizer.step() inside
 *     scheduler.step();
 * }
 * }</pre>
 * A scheduler writes each group's {@code lr}; {@link #getLastLr()} returns what it last wrote.
 * {@link #stateDict()} / {@link #loadStateDict} save and restore it for checkpoints, with
 * PyTorch's keys. See {@link ReduceLROnPlateau} for the metric-driven scheduler.
 */
public abstract class LRScheduler {
    /** The optimizer whose groups' learning rates this scheduler sets. */
    protected final Optimizer optimizer;
    private double[] lastLr;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.lastLr = groupLrs();
    }

    /** The optimizer this scheduler drives. */
    public final Optimizer optimizer() {
        return optimizer;
    }

    /** Advances the schedule by one epoch and sets every group's learning rate. */
    public abstract void step();

    /** The learning rate of each group as last set by this scheduler ({@code get_last_lr()}). */
    public double[] getLastLr() {
        return lastLr.clone();
    }

    /** The scheduler's state by PyTorch's keys ({@code state_dict()}): progress and hyperparameters. */
    public abstract Map<String, Object> stateDict();

    /** Restores a state from {@link #stateDict()} ({@code load_state_dict}), hyperparameters included. */
    public abstract void loadStateDict(Map<String, Object> state);

    // ------------------------------------------------------------- helpers for subclasses

    protected final void setLastLr(double[] lrs) {
        lastLr = lrs.clone();
    }

    /** The current {@code lr} of every param group. */
    protected final double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = groups.get(i).lr();
        }
        return lrs;
    }

    /** Sets every group's {@code lr}; one value per group. */
    protected final void setGroupLrs(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        checkGroupCount(lrs.length);
        for (int i = 0; i < lrs.length; i++) {
            groups.get(i).setLr(lrs[i]);
        }
    }

    /** Rejects an optimizer whose number of groups changed since the scheduler was made. */
    protected final void checkGroupCount(int expected) {
        int actual = optimizer.paramGroups().size();
        if (actual != expected) {
            throw new IllegalStateException(getClass().getSimpleName() + " was created for " + expected
                    + " param groups but the optimizer now has " + actual);
        }
    }
}
