package dev.dynrnn.optim;

import java.util.Map;

/**
 * Cosine annealing from the base learning rate down to {@code etaMin} over {@code tMax} epochs:
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR}.
 *
 * <p>The closed form is {@code η_t = η_min + (η_base − η_min)(1 + cos(π t / T_max)) / 2}, but
 * like PyTorch 1.13 each step applies the recursive (chainable) form
 * <pre>
 *   η_t = (1 + cos(π t / T_max)) / (1 + cos(π (t − 1) / T_max)) · (η_{t−1} − η_min) + η_min
 * </pre>
 * with an additive rule when {@code (t − 1 − T_max) mod 2T_max = 0} (the restart from the
 * minimum), which rounds differently from the closed form, and past {@code T_max} the rate climbs
 * back up. Both are reproduced here, so the rates equal PyTorch's (bit for bit where
 * {@link Math#cos} agrees with the C library's cos, as HotSpot's does on x86-64).
 */
public final class CosineAnnealingLR extends ChainableLRScheduler {
    private int tMax;
    private double etaMin;

    /** Anneals over {@code tMax} epochs (positive) down to {@code etaMin}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        this.tMax = checkTMax(tMax);
        this.etaMin = etaMin;
        initialStep();
    }

    /** Anneals over {@code tMax} epochs down to 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    private static int checkTMax(int tMax) {
        if (tMax <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLR T_max must be positive, got " + tMax);
        }
        return tMax;
    }

    @Override
    protected double[] getLr() {
        int epoch = lastEpoch();
        double[] lrs = groupLrs();
        double[] base = baseLrs();
        if (epoch == 0) {
            return lrs;
        }
        if (stepCount() == 1 && epoch > 0) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = etaMin + (base[i] - etaMin) * (1 + Math.cos(epoch * Math.PI / tMax)) / 2;
            }
        } else if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = lrs[i] + (base[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            }
        } else {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = (1 + Math.cos(Math.PI * epoch / tMax)) / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = etaMin + (lrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch() / tMax)) / 2;
        }
        return lrs;
    }

    @Override
    protected void hyperparameters(Map<String, Object> state) {
        state.put("T_max", tMax);
        state.put("eta_min", etaMin);
    }

    @Override
    protected void loadHyperparameters(Map<String, Object> state) {
        int loadedTMax = checkTMax(StateDicts.integer(state, "T_max", "CosineAnnealingLR"));
        etaMin = StateDicts.number(state, "eta_min", "CosineAnnealingLR");
        tMax = loadedTMax;
    }
}
