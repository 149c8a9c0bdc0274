package dev.dynrnn.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multiplies the learning rate by {@code gamma} at each milestone epoch:
 * {@code torch.optim.lr_scheduler.MultiStepLR}. A milestone listed k times multiplies by γ^k
 * (PyTorch keeps them in a Counter). Closed form: {@code lr = base_lr · γ^(milestones ≤ epoch)}.
 *
 * <pre>{@code
 * MultiStepLR scheduler = new MultiStepLR(optimizer, List.of(30, 80), 0.1);
 * }</pre>
 */
public final class MultiStepLR extends ChainableLRScheduler {
    private Map<Integer, Integer> milestones;   // epoch -> how many times it was listed
    private double gamma;

    /** Decays by {@code gamma} at every epoch in {@code milestones}. */
    public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma) {
        super(optimizer);
        this.milestones = count(milestones);
        this.gamma = gamma;
        initialStep();
    }

    /** Decays by PyTorch's default {@code gamma} = 0.1 at every epoch in {@code milestones}. */
    public MultiStepLR(Optimizer optimizer, List<Integer> milestones) {
        this(optimizer, milestones, 0.1);
    }

    private static Map<Integer, Integer> count(List<Integer> milestones) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Integer milestone : milestones) {
            if (milestone == null) {
                throw new IllegalArgumentException("MultiStepLR milestones contain null: " + milestones);
            }
            counts.merge(milestone, 1, Integer::sum);
        }
        return counts;
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        Integer times = milestones.get(lastEpoch());
        if (times == null) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * StrictMath.pow(gamma, times);
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;   // bisect_right over the sorted milestones, repeats included
        for (Map.Entry<Integer, Integer> entry : milestones.entrySet()) {
            if (entry.getKey() <= lastEpoch()) {
                passed += entry.getValue();
            }
        }
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * StrictMath.pow(gamma, passed);
        }
        return lrs;
    }

    /** The milestones in increasing order, each as often as it was given. */
    public List<Integer> milestones() {
        List<Integer> out = new ArrayList<>();
        milestones.forEach((epoch, times) -> out.addAll(Collections.nCopies(times, epoch)));
        return out;
    }

    @Override
    protected void hyperparameters(Map<String, Object> state) {
        state.put("milestones", Collections.unmodifiableMap(new LinkedHashMap<>(milestones)));
        state.put("gamma", gamma);
    }

    @Override
    protected void loadHyperparameters(Map<String, Object> state) {
        Object value = StateDicts.require(state, "milestones", "MultiStepLR");
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("MultiStepLR state dict entry 'milestones' must map epochs to counts, got "
                    + Checks.describe(value));
        }
        Map<Integer, Integer> loaded = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object epoch = entry.getKey() instanceof String text ? Integer.valueOf(text) : entry.getKey();
            if (!(epoch instanceof Number e) || !(entry.getValue() instanceof Number times)) {
                throw new IllegalArgumentException("MultiStepLR state dict entry 'milestones' holds a non-integer: "
                        + entry);
            }
            loaded.put(e.intValue(), times.intValue());
        }
        gamma = StateDicts.number(state, "gamma", "MultiStepLR");
        milestones = loaded;
    }
}
