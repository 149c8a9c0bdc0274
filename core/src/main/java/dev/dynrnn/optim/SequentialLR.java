package dev.dynrnn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs schedulers one after another, switching at milestone epochs:
 * {@code torch.optim.lr_scheduler.SequentialLR}. Scheduler {@code i} drives epochs
 * {@code [milestones[i-1], milestones[i])}; at its milestone it restarts from its own epoch 0
 * (through its closed form, from the base learning rates).
 *
 * <pre>{@code
 * // linear warm-up for 5 epochs, then cosine decay over the remaining 95
 * SequentialLR scheduler = new SequentialLR(optimizer,
 *         List.of(new LinearLR(optimizer, 0.05, 1.0, 5), new CosineAnnealingLR(optimizer, 95)),
 *         List.of(5));
 * }</pre>
 * As in PyTorch, construction resets every group's lr to its {@code initial_lr} and repeats the
 * first scheduler's initial step, undoing what constructing the others did.
 */
public final class SequentialLR extends LRScheduler {
    private final List<ChainableLRScheduler> schedulers;
    private List<Integer> milestones;
    private int lastEpoch;

    /**
     * @param schedulers the schedulers in order, all of {@code optimizer}
     * @param milestones the epochs at which to switch to the next one: one fewer than the
     *     schedulers, increasing
     */
    public SequentialLR(Optimizer optimizer, List<? extends ChainableLRScheduler> schedulers, List<Integer> milestones) {
        super(optimizer);
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("Sequential Schedulers expects all schedulers to belong to the same "
                        + "optimizer, but got schedulers at index " + i + " to be different than the optimizer passed in.");
            }
        }
        if (schedulers.isEmpty() || milestones.size() != schedulers.size() - 1) {
            throw new IllegalArgumentException("Sequential Schedulers expects number of schedulers provided to be one "
                    + "more than the number of milestone points, but got number of schedulers " + schedulers.size()
                    + " and the number of milestones to be equal to " + milestones.size());
        }
        checkIncreasing(milestones);
        this.schedulers = List.copyOf(schedulers);
        this.milestones = List.copyOf(milestones);
        this.lastEpoch = 0;
        for (ParamGroup group : optimizer.paramGroups()) {
            group.setLr(group.getDouble("initial_lr"));
        }
        for (ChainableLRScheduler scheduler : this.schedulers) {
            scheduler.undoInitialEpoch();
        }
        this.schedulers.get(0).initialStep();
        setLastLr(this.schedulers.get(0).getLastLr());
    }

    private static void checkIncreasing(List<Integer> milestones) {
        for (int i = 1; i < milestones.size(); i++) {
            if (milestones.get(i) <= milestones.get(i - 1)) {
                throw new IllegalArgumentException("SequentialLR milestones must be increasing, got " + milestones);
            }
        }
    }

    @Override
    public void step() {
        lastEpoch++;
        int index = 0;   // bisect_right(milestones, lastEpoch)
        while (index < milestones.size() && milestones.get(index) <= lastEpoch) {
            index++;
        }
        ChainableLRScheduler scheduler = schedulers.get(index);
        if (index > 0 && milestones.get(index - 1) == lastEpoch) {
            scheduler.stepToEpoch(0);
        } else {
            scheduler.step();
        }
        setLastLr(scheduler.getLastLr());
    }

    /** Epochs since construction ({@code last_epoch}). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** PyTorch's keys: _milestones, last_epoch, _last_lr and _schedulers (their state dicts). */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("_milestones", milestones);
        state.put("last_epoch", lastEpoch);
        state.put("_last_lr", StateDicts.boxed(getLastLr()));
        List<Map<String, Object>> nested = new ArrayList<>();
        for (LRScheduler scheduler : schedulers) {
            nested.add(scheduler.stateDict());
        }
        state.put("_schedulers", nested);
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        List<Map<String, Object>> nested = StateDicts.maps(state, "_schedulers", "SequentialLR", schedulers.size());
        List<Integer> loadedMilestones = new ArrayList<>();
        for (Object milestone : StateDicts.list(state, "_milestones", "SequentialLR")) {
            if (!(milestone instanceof Number number)) {
                throw new IllegalArgumentException("SequentialLR state dict entry '_milestones' holds a non-integer: "
                        + Checks.describe(milestone));
            }
            loadedMilestones.add(number.intValue());
        }
        if (loadedMilestones.size() != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR state dict has " + loadedMilestones.size()
                    + " milestones for " + schedulers.size() + " schedulers");
        }
        checkIncreasing(loadedMilestones);
        int loadedEpoch = StateDicts.integer(state, "last_epoch", "SequentialLR");
        double[] loadedLast = StateDicts.perGroup(state, "_last_lr", "SequentialLR", optimizer.paramGroups().size());
        for (int i = 0; i < schedulers.size(); i++) {
            schedulers.get(i).loadStateDict(nested.get(i));
        }
        milestones = List.copyOf(loadedMilestones);
        lastEpoch = loadedEpoch;
        setLastLr(loadedLast);
    }
}
