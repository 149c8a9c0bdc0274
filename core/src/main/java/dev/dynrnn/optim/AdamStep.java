package dev.dynrnn.optim;

/**
 * The scalars of one Adam / AdamW step of a parameter group at step count t (Python doubles in
 * PyTorch, cast to float where they meet a tensor): the hyperparameters, the bias corrections
 * 1 − β^t and what {@link AdamUpdate} derives from them. The same for every parameter of the
 * group at the same t, so an optimizer computes them once per step ({@link Cache}) rather than
 * once per parameter (two map lookups per hyperparameter, and a list copied to an array for the
 * betas, for each of the RNN(1,32) benchmark's six small parameters).
 */
final class AdamStep {
    final boolean amsgrad;
    final boolean maximize;
    final boolean weightDecay;
    final float b1;
    final float b2;
    final float oneMinusB1;
    final float oneMinusB2;
    final float bc2Sqrt;
    final float eps;
    /** ε as a double, the least denominator, for {@link AdamUpdate}'s test of a decayed element; NaN to skip it. */
    final double leastDenominator;
    /** |step size| as a double, for the same test. */
    final double stepMagnitude;
    final float negStepSize;
    final float decay;
    final float shrink;

    AdamStep(ParamGroup group, long step, Powers powers) {
        double lr = group.lr();
        double[] betas = group.getDoubles("betas");
        double weightDecay = group.getDouble("weight_decay");
        double biasCorrection1 = 1 - powers.pow(betas[0], step);
        double biasCorrection2 = 1 - powers.pow(betas[1], step);
        this.amsgrad = group.getBoolean("amsgrad");
        this.maximize = group.getBoolean("maximize");
        this.weightDecay = weightDecay != 0;
        this.b1 = (float) betas[0];
        this.b2 = (float) betas[1];
        this.oneMinusB1 = (float) (1 - betas[0]);
        this.oneMinusB2 = (float) (1 - betas[1]);
        this.bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        this.eps = (float) group.getDouble("eps");
        // the denominator √v / √(1 − β2^t) + ε of a finite v ≥ 0 is at least ε, and finite
        // (√v < 2⁶⁴) when these bounds hold, as they do for any β2 < 1 and ordinary ε
        this.leastDenominator = bc2Sqrt >= 0x1p-60f && eps <= 0x1p100f ? SubnormalFloat.widen(eps) : Double.NaN;
        this.negStepSize = (float) -(lr / biasCorrection1);
        this.decay = (float) weightDecay;
        this.stepMagnitude = Math.abs(SubnormalFloat.widen(negStepSize));
        this.shrink = (float) (1 - lr * weightDecay);
    }

    /**
     * An optimizer's {@link AdamStep} of the last (group, t) asked for, valid until the next
     * {@link #clear} (at the start of every optimizer step: the hyperparameters may change
     * between steps), and its {@link Powers}.
     */
    static final class Cache {
        private final Powers powers = new Powers();
        private ParamGroup group;
        private long step;
        private AdamStep scalars;

        /** The scalars of {@code group} at step count {@code step}. */
        AdamStep get(ParamGroup group, long step) {
            if (scalars == null || group != this.group || step != this.step) {
                scalars = new AdamStep(group, step, powers);
                this.group = group;
                this.step = step;
            }
            return scalars;
        }

        /** Forgets the scalars (not the powers, which depend on nothing else). */
        void clear() {
            scalars = null;
            group = null;
        }
    }
}
