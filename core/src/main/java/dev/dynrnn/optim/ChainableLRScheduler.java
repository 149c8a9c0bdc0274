package dev.dynrnn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scheduler whose next learning rate follows from the current one (PyTorch's "chainable
 * form"), so that several can drive one optimizer together, and which also has a closed form
 * for any epoch: the common core of StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR,
 * LinearLR and ConstantLR (PyTorch's {@code _LRScheduler} with {@code last_epoch=-1}).
 *
 * <p>On construction each group gets {@code initial_lr} (if it has none) from its {@code lr};
 * those are the base learning rates. The constructor of a concrete scheduler ends with
 * {@link #initialStep()}, which moves to epoch 0 and may already change the lr (LinearLR does).
 */
public abstract class ChainableLRScheduler extends LRScheduler {
    private double[] baseLrs;
    private int lastEpoch = -1;
    private int stepCount;

    protected ChainableLRScheduler(Optimizer optimizer) {
        super(optimizer);
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup group = groups.get(i);
            if (!group.has("initial_lr")) {
                group.set("initial_lr", group.lr());
            }
            baseLrs[i] = group.getDouble("initial_lr");
        }
    }

    /** PyTorch's {@code _initial_step}: the step to epoch 0 that every constructor ends with. */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    @Override
    public void step() {
        stepCount++;
        lastEpoch++;
        apply(getLr());
    }

    /**
     * Jumps to {@code epoch} using the closed form ({@code step(epoch)}, deprecated in PyTorch
     * but used by SequentialLR to restart a scheduler at its milestone).
     */
    void stepToEpoch(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        apply(closedFormLr());
    }

    private void apply(double[] lrs) {
        setGroupLrs(lrs);
        setLastLr(groupLrs());
    }

    /**
     * The learning rates for epoch {@link #lastEpoch()} from the groups' current ones
     * (PyTorch's {@code get_lr()}), one per group.
     */
    protected abstract double[] getLr();

    /** The learning rates at epoch {@link #lastEpoch()} from the base rates alone. */
    protected abstract double[] closedFormLr();

    /** The current epoch: -1 before the initial step, then 0, 1, ... ({@code last_epoch}). */
    public final int lastEpoch() {
        return lastEpoch;
    }

    /** How many times this scheduler has stepped, the initial step included ({@code _step_count}). */
    protected final int stepCount() {
        return stepCount;
    }

    /** The base learning rates, the groups' {@code initial_lr} ({@code base_lrs}). */
    public final double[] baseLrs() {
        return baseLrs.clone();
    }

    /** Moves the epoch counter back by one; SequentialLR undoes its schedulers' initial steps so. */
    void undoInitialEpoch() {
        lastEpoch--;
    }

    /** PyTorch's state dict keys: base_lrs, last_epoch, _step_count, _last_lr, then the hyperparameters. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> state = new LinkedHashMap<>();
        hyperparameters(state);
        state.put("base_lrs", StateDicts.boxed(baseLrs));
        state.put("last_epoch", lastEpoch);
        state.put("_step_count", stepCount);
        state.put("_last_lr", StateDicts.boxed(getLastLr()));
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        String owner = getClass().getSimpleName();
        int groups = optimizer.paramGroups().size();
        double[] loadedBase = StateDicts.perGroup(state, "base_lrs", owner, groups);
        double[] loadedLast = StateDicts.perGroup(state, "_last_lr", owner, groups);
        int loadedEpoch = StateDicts.integer(state, "last_epoch", owner);
        int loadedCount = StateDicts.integer(state, "_step_count", owner);
        loadHyperparameters(state);
        baseLrs = loadedBase;
        lastEpoch = loadedEpoch;
        stepCount = loadedCount;
        setLastLr(loadedLast);
    }

    /** Puts the scheduler's hyperparameters into its state dict, by PyTorch's attribute names. */
    protected abstract void hyperparameters(Map<String, Object> state);

    /** Reads back what {@link #hyperparameters} wrote, checking it as the constructor does. */
    protected abstract void loadHyperparameters(Map<String, Object> state);
}
