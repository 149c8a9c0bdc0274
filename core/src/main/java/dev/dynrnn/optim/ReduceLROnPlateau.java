package dev.dynrnn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reduces the learning rate when a metric stops improving:
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}. Call {@link #step(double)} with the metric
 * (e.g. the validation loss) once per epoch.
 *
 * <p>A metric improves on the best so far when, for {@code mode} "min",
 * {@code metric < best · (1 − threshold)} ({@code thresholdMode} "rel") or
 * {@code metric < best − threshold} ("abs"); for "max", {@code metric > best · (1 + threshold)}
 * or {@code metric > best + threshold}. After more than {@code patience} epochs without
 * improvement every group's lr becomes {@code max(lr · factor, min_lr)} (unless that changes it
 * by no more than {@code eps}), and the next {@code cooldown} epochs count no bad epochs.
 *
 * <pre>{@code
 * ReduceLROnPlateau scheduler = ReduceLROnPlateau.builder(optimizer).factor(0.5).patience(3).build();
 * scheduler.step(validationLoss);
 * }</pre>
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private String mode;
    private double factor;
    private int patience;
    private double threshold;
    private String thresholdMode;
    private int cooldown;
    private double[] minLrs;
    private double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private double[] lastLr;

    /** With PyTorch's defaults: mode "min", factor 0.1, patience 10, threshold 1e-4 "rel", cooldown 0, min_lr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(builder(optimizer));
    }

    private ReduceLROnPlateau(Builder builder) {
        this.optimizer = builder.optimizer;
        int groups = optimizer.paramGroups().size();
        double[] mins = builder.minLrs;
        if (mins.length == 1 && builder.minLrIsScalar) {
            mins = new double[groups];
            java.util.Arrays.fill(mins, builder.minLrs[0]);
        } else if (mins.length != groups) {
            throw new IllegalArgumentException("expected " + groups + " min_lrs, got " + mins.length);
        }
        this.minLrs = mins;
        this.mode = builder.mode;
        this.factor = builder.factor;
        this.patience = builder.patience;
        this.threshold = builder.threshold;
        this.thresholdMode = builder.thresholdMode;
        this.cooldown = builder.cooldown;
        this.eps = builder.eps;
        this.best = modeWorse();
        this.lastLr = lrs();
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    /** The arguments of {@code ReduceLROnPlateau}, each checked as it is set. */
    public static final class Builder {
        private final Optimizer optimizer;
        private String mode = "min";
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private String thresholdMode = "rel";
        private int cooldown = 0;
        private double[] minLrs = {0};
        private boolean minLrIsScalar = true;
        private double eps = 1e-8;

        private Builder(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        /** "min" (the metric should fall, e.g. a loss) or "max" (it should rise, e.g. accuracy). */
        public Builder mode(String mode) {
            this.mode = checkMode(mode);
            return this;
        }

        /** The factor applied to the lr on a plateau, below 1 (default 0.1). */
        public Builder factor(double factor) {
            this.factor = checkFactor(factor);
            return this;
        }

        /** Epochs without improvement tolerated before reducing (default 10). */
        public Builder patience(int patience) {
            this.patience = checkCount("patience", patience);
            return this;
        }

        /** The least change that counts as an improvement (default 1e-4). */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** "rel" (threshold relative to the best) or "abs" (default "rel"). */
        public Builder thresholdMode(String thresholdMode) {
            this.thresholdMode = checkThresholdMode(thresholdMode);
            return this;
        }

        /** Epochs after a reduction during which bad epochs are not counted (default 0). */
        public Builder cooldown(int cooldown) {
            this.cooldown = checkCount("cooldown", cooldown);
            return this;
        }

        /** A lower bound for every group's lr (default 0). */
        public Builder minLr(double minLr) {
            this.minLrs = new double[] {minLr};
            this.minLrIsScalar = true;
            return this;
        }

        /** A lower bound per group, one value per param group. */
        public Builder minLrs(double... minLrs) {
            this.minLrs = minLrs.clone();
            this.minLrIsScalar = false;
            return this;
        }

        /** Reductions smaller than this are skipped (default 1e-8). */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** The scheduler; a list of min_lrs must have one value per param group. */
        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }

    private static String checkMode(String mode) {
        if (!"min".equals(mode) && !"max".equals(mode)) {
            throw new IllegalArgumentException("mode " + mode + " is unknown!");
        }
        return mode;
    }

    private static String checkThresholdMode(String thresholdMode) {
        if (!"rel".equals(thresholdMode) && !"abs".equals(thresholdMode)) {
            throw new IllegalArgumentException("threshold mode " + thresholdMode + " is unknown!");
        }
        return thresholdMode;
    }

    private static double checkFactor(double factor) {
        if (!(factor < 1.0)) {
            throw new IllegalArgumentException("Factor should be < 1.0, got " + PyRepr.of(factor));
        }
        return factor;
    }

    private static int checkCount(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau " + name + " must not be negative, got " + value);
        }
        return value;
    }

    /** Records one epoch's {@code metric} and reduces the learning rates if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;   // bad epochs in cooldown are ignored
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = lrs();
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        if (groups.size() != minLrs.length) {
            throw new IllegalStateException("ReduceLROnPlateau was created for " + minLrs.length
                    + " param groups but the optimizer now has " + groups.size());
        }
        for (int i = 0; i < groups.size(); i++) {
            double oldLr = groups.get(i).lr();
            double scaled = oldLr * factor;
            double newLr = minLrs[i] > scaled ? minLrs[i] : scaled;   // Python's max(scaled, min_lr)
            if (oldLr - newLr > eps) {
                groups.get(i).setLr(newLr);
            }
        }
    }

    private boolean isBetter(double metric, double best) {
        if (mode.equals("min") && thresholdMode.equals("rel")) {
            return metric < best * (1. - threshold);
        } else if (mode.equals("min")) {
            return metric < best - threshold;
        } else if (thresholdMode.equals("rel")) {
            return metric > best * (threshold + 1.);
        }
        return metric > best + threshold;
    }

    private double modeWorse() {
        return mode.equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private double[] lrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = groups.get(i).lr();
        }
        return out;
    }

    /** The optimizer this scheduler drives. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Every group's lr after the last {@link #step(double)} (at construction: the current ones). */
    public double[] getLastLr() {
        return lastLr.clone();
    }

    /** The best metric so far (infinite before the first step). */
    public double best() {
        return best;
    }

    /** Consecutive epochs without improvement ({@code num_bad_epochs}). */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    /** True while bad epochs are not being counted after a reduction. */
    public boolean inCooldown() {
        return cooldownCounter > 0;
    }

    /** PyTorch's state dict keys; {@code best} and {@code mode_worse} may be infinite. */
    public Map<String, Object> stateDict() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("factor", factor);
        state.put("min_lrs", StateDicts.boxed(minLrs));
        state.put("patience", patience);
        state.put("cooldown", cooldown);
        state.put("cooldown_counter", cooldownCounter);
        state.put("mode", mode);
        state.put("threshold", threshold);
        state.put("threshold_mode", thresholdMode);
        state.put("best", best);
        state.put("num_bad_epochs", numBadEpochs);
        state.put("mode_worse", modeWorse());
        state.put("eps", eps);
        state.put("last_epoch", lastEpoch);
        state.put("_last_lr", StateDicts.boxed(lastLr));
        return state;
    }

    /** Restores a state from {@link #stateDict()}, hyperparameters included ({@code load_state_dict}). */
    public void loadStateDict(Map<String, Object> state) {
        String owner = "ReduceLROnPlateau";
        int groups = optimizer.paramGroups().size();
        double loadedFactor = checkFactor(StateDicts.number(state, "factor", owner));
        double[] loadedMins = StateDicts.perGroup(state, "min_lrs", owner, groups);
        int loadedPatience = checkCount("patience", StateDicts.integer(state, "patience", owner));
        int loadedCooldown = checkCount("cooldown", StateDicts.integer(state, "cooldown", owner));
        int loadedCounter = StateDicts.integer(state, "cooldown_counter", owner);
        String loadedMode = checkMode(StateDicts.string(state, "mode", owner));
        double loadedThreshold = StateDicts.number(state, "threshold", owner);
        String loadedThresholdMode = checkThresholdMode(StateDicts.string(state, "threshold_mode", owner));
        double loadedBest = StateDicts.number(state, "best", owner);
        int loadedBad = StateDicts.integer(state, "num_bad_epochs", owner);
        double loadedEps = StateDicts.number(state, "eps", owner);
        int loadedEpoch = StateDicts.integer(state, "last_epoch", owner);
        double[] loadedLast = state.containsKey("_last_lr")
                ? StateDicts.perGroup(state, "_last_lr", owner, groups) : lrs();
        factor = loadedFactor;
        minLrs = loadedMins;
        patience = loadedPatience;
        cooldown = loadedCooldown;
        cooldownCounter = loadedCounter;
        mode = loadedMode;
        threshold = loadedThreshold;
        thresholdMode = loadedThresholdMode;
        best = loadedBest;
        numBadEpochs = loadedBad;
        eps = loadedEps;
        lastEpoch = loadedEpoch;
        lastLr = loadedLast;
    }
}
