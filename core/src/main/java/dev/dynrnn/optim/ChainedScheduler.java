package dev.dynrnn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps several schedulers of one optimizer together, so that their factors multiply:
 * {@code torch.optim.lr_scheduler.ChainedScheduler}. Each scheduler's chainable form starts
 * from the lr the previous one left.
 *
 * <pre>{@code
 * // warm up over 8 epochs while decaying exponentially
 * ChainedScheduler scheduler = new ChainedScheduler(List.of(
 *         new LinearLR(optimizer, 0.2, 1.0, 8), new ExponentialLR(optimizer, 0.95)));
 * }</pre>
 */
public final class ChainedScheduler extends LRScheduler {
    private final List<LRScheduler> schedulers;

    /** Chains {@code schedulers} (at least one), which must all drive the same optimizer. */
    public ChainedScheduler(List<? extends LRScheduler> schedulers) {
        super(first(schedulers).optimizer());
        for (int i = 1; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("ChainedScheduler expects all schedulers to belong to the same "
                        + "optimizer, but got schedulers at index 0 and " + i + " to be different");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        setLastLr(groupLrs());
    }

    private static LRScheduler first(List<? extends LRScheduler> schedulers) {
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("ChainedScheduler needs at least one scheduler");
        }
        return schedulers.get(0);
    }

    @Override
    public void step() {
        for (LRScheduler scheduler : schedulers) {
            scheduler.step();
        }
        setLastLr(groupLrs());
    }

    /** PyTorch's keys: _schedulers (their state dicts) and _last_lr. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> state = new LinkedHashMap<>();
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
        List<Map<String, Object>> nested = StateDicts.maps(state, "_schedulers", "ChainedScheduler", schedulers.size());
        double[] loadedLast = StateDicts.perGroup(state, "_last_lr", "ChainedScheduler",
                optimizer.paramGroups().size());
        for (int i = 0; i < schedulers.size(); i++) {
            schedulers.get(i).loadStateDict(nested.get(i));
        }
        setLastLr(loadedLast);
    }
}
