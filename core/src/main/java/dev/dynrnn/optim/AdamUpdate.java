package dev.dynrnn.optim;

import dev.dynrnn.kernels.ArrayKernels;
import dev.dynrnn.kernels.Kernels;
import dev.dynrnn.kernels.Parallel;
import dev.dynrnn.tensor.Tensor;
import java.util.Map;

/**
 * The Adam / AdamW update of one parameter, PyTorch 1.13's {@code _single_tensor_adam(w)}.
 *
 * <p>The elements run through float code (for plain Adam, the vectorized
 * {@link dev.dynrnn.kernels.ArrayKernels#adamUntilTiny}), except those with a {@link SubnormalFloat#tiny}
 * operand, typically an {@code exp_avg} that decayed into the subnormal range after its gradient
 * became zero: those go through {@link #exactSteps}, the same operations in
 * {@link SubnormalFloat}'s arithmetic, which gives the same bits without the hardware's
 * subnormal penalty (4–7 times faster for such an element; see {@link SubnormalFloat}).
 */
final class AdamUpdate {
    /**
     * From this many elements a parameter's update is split between the two threads of
     * {@link Parallel}: memory-bound work that pays for the hand-off (workload d's 3.2M
     * parameters took 5.6% of an iteration in a wall-clock profile, about 19 ms, on one core
     * while the other waited).
     */
    static final int PARALLEL_ELEMENTS = 1 << 16;

    private final float[] p;              // (n) the parameter, from offset po
    private final float[] g;              // (n) its gradient, from offset go
    private final int po;
    private final int go;
    private final float[] expAvg;         // (n) m
    private final float[] expAvgSq;       // (n) v
    private final float[] maxExpAvgSq;    // (n) v̂, null without amsgrad
    private final boolean decoupled;
    private final boolean weightDecay;
    private final boolean maximize;
    // the step's scalars (see AdamStep), copied into fields of this object for the loops
    private final float b1;
    private final float b2;
    private final float oneMinusB1;
    private final float oneMinusB2;
    private final float bc2Sqrt;
    private final float eps;
    private final double leastDenominator;
    private final double stepMagnitude;
    private final float negStepSize;
    private final float decay;
    private final float shrink;

    private AdamUpdate(AdamStep s, Map<String, Object> state, Tensor param, Tensor target, Tensor grad,
                       boolean decoupled) {
        this.p = target.storage();
        this.g = grad.storage();
        this.po = target.storageOffset();
        this.go = grad.storageOffset();
        this.expAvg = Optimizer.buffer(state, "exp_avg", param).storage();
        this.expAvgSq = Optimizer.buffer(state, "exp_avg_sq", param).storage();
        this.maxExpAvgSq = s.amsgrad ? Optimizer.buffer(state, "max_exp_avg_sq", param).storage() : null;
        this.decoupled = decoupled;
        this.weightDecay = s.weightDecay;
        this.maximize = s.maximize;
        this.b1 = s.b1;
        this.b2 = s.b2;
        this.oneMinusB1 = s.oneMinusB1;
        this.oneMinusB2 = s.oneMinusB2;
        this.bc2Sqrt = s.bc2Sqrt;
        this.eps = s.eps;
        this.leastDenominator = s.leastDenominator;
        this.stepMagnitude = s.stepMagnitude;
        this.negStepSize = s.negStepSize;
        this.decay = s.decay;
        this.shrink = s.shrink;
    }

    /**
     * One step for {@code param}. {@code decoupled} selects AdamW's weight decay
     * (θ ← θ (1 − γλ) before the update) over Adam's (g ← g + λθ). {@code steps} is the
     * optimizer's own, cleared at the start of each of its steps.
     */
    static void apply(ParamGroup group, Tensor param, Map<String, Object> state, boolean decoupled,
                      AdamStep.Cache steps) {
        long step = Optimizer.incrementStep(state);
        Tensor target = Optimizer.writable(param);
        Tensor grad = Optimizer.contiguousGrad(param);
        new AdamUpdate(steps.get(group, step), state, param, target, grad, decoupled).run(param.numel());
        Optimizer.writeBack(param, target);
    }

    /**
     * Plain Adam (no weight decay, maximize or amsgrad) on elements without a tiny operand runs
     * through {@link ArrayKernels#adamUntilTiny}, vectorized, which stops at the first element
     * with one; the run of such elements that starts there (a unit that stopped learning leaves
     * a row of them) goes element by element ({@link #decayedSteps}, {@link #exactSteps}), then
     * the kernel goes on after it. Every element of the other variants alternates runs of
     * elements without a tiny operand (float) and runs with one (exact, in double). Every path
     * rounds each element the same way.
     */
    private void run(int n) {
        if (n < PARALLEL_ELEMENTS) {
            run(0, n);
            return;
        }
        // Elements do not interact and each is rounded the same on either thread: the two
        // halves give the bits of one pass.
        int half = n / 2;
        Parallel.forEach(2, part -> run(part == 0 ? 0 : half, part == 0 ? half : n));
    }

    /** {@link #run(int)} for elements [from, to). */
    private void run(int from, int to) {
        if (!plain()) {
            steps(from, to);
            return;
        }
        ArrayKernels kernels = Kernels.get();
        for (int i = from; i < to; ) {
            i += kernels.adamUntilTiny(SubnormalFloat.TINY, p, po + i, g, go + i, expAvg, i, expAvgSq, i, b1,
                    oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, negStepSize, to - i);
            // element i, if any, has a tiny operand: exactSteps takes at least it
            i = decayedSteps(i, to);
            i = exactSteps(i, to);
        }
    }

    private boolean plain() {
        return !maximize && !decoupled && !weightDecay && maxExpAvgSq == null;
    }

    /** Elements [from, to) element by element: float where no operand is tiny, else exact. */
    private void steps(int from, int to) {
        for (int i = from; i < to; ) {
            i = floatSteps(i, to);
            i = exactSteps(i, to);
        }
    }

    /**
     * {@link #decayedMomentumStep} from {@code from} up to the first element it does not take,
     * whose index it returns: a tight loop for the runs of them that a dead unit leaves (a row of
     * a weight matrix).
     */
    private int decayedSteps(int from, int to) {
        int i = from;
        while (i < to && decayedMomentumStep(i)) {
            i++;
        }
        return i;
    }

    private boolean mayUnderflow(int i) {
        return SubnormalFloat.tiny(p[po + i]) | SubnormalFloat.tiny(g[go + i])
                | SubnormalFloat.tiny(expAvg[i]) | SubnormalFloat.tiny(expAvgSq[i])
                | (maxExpAvgSq != null && SubnormalFloat.tiny(maxExpAvgSq[i]));
    }

    /** Updates the elements from {@code from} up to the first that may underflow, whose index it returns. */
    private int floatSteps(int from, int n) {
        int i = from;
        for (; i < n && !mayUnderflow(i); i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (decoupled) {
                p[po + i] *= shrink;                                       // param.mul_(1 - lr * wd)
            } else if (weightDecay) {
                gi = TorchFloat.add(gi, p[po + i], decay);                 // grad.add(param, alpha=wd)
            }
            expAvg[i] = TorchFloat.add(expAvg[i] * b1, gi, oneMinusB1);   // exp_avg.mul_(β1).add_(g, 1-β1)
            float denom = denominator(i, gi);
            p[po + i] = TorchFloat.addcdiv(p[po + i], expAvg[i], denom, negStepSize);
        }
        return i;
    }

    /** Updates v (and v̂) of element {@code i} for gradient {@code gi}; returns √v / √(1 − β2^t) + ε. */
    private float denominator(int i, float gi) {
        expAvgSq[i] = TorchFloat.addcmul(expAvgSq[i] * b2, gi, gi, oneMinusB2);   // exp_avg_sq.mul_(β2).addcmul_
        float second = expAvgSq[i];
        if (maxExpAvgSq != null) {
            maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], second);                    // torch.maximum (NaN wins)
            second = maxExpAvgSq[i];
        }
        return TorchFloat.sqrt(second) / bc2Sqrt + eps;                           // (v.sqrt() / bc2_sqrt).add_(eps)
    }

    /**
     * {@link #floatSteps}, operation for operation, in {@link SubnormalFloat}'s arithmetic: the
     * elements from {@code from} up to the first that cannot underflow, whose index it returns.
     * The second moment stays in float when neither it nor the gradient is tiny (typically only
     * {@code exp_avg} is: it decays 100 times faster), which halves the cost of such an element.
     */
    private int exactSteps(int from, int n) {
        boolean plain = plain();
        int i = from;
        for (; i < n && mayUnderflow(i); i++) {
            if (plain && decayedMomentumStep(i)) {
                continue;
            }
            float gf = maximize ? -g[go + i] : g[go + i];
            double gi = SubnormalFloat.widen(gf);
            double pi = SubnormalFloat.widen(p[po + i]);
            if (decoupled) {
                pi = SubnormalFloat.mul(pi, shrink);
            } else if (weightDecay) {
                gi = SubnormalFloat.add(gi, pi, decay);
                gf = SubnormalFloat.narrow(gi);
            }
            double m = SubnormalFloat.add(SubnormalFloat.mul(SubnormalFloat.widen(expAvg[i]), b1), gi, oneMinusB1);
            expAvg[i] = SubnormalFloat.narrow(m);
            double denom = SubnormalFloat.tiny(gf) | SubnormalFloat.tiny(expAvgSq[i])
                    | (maxExpAvgSq != null && SubnormalFloat.tiny(maxExpAvgSq[i]))
                    ? exactDenominator(i, gi) : SubnormalFloat.widen(denominator(i, gf));
            p[po + i] = SubnormalFloat.narrow(SubnormalFloat.addcdiv(pi, m, denom, negStepSize));
        }
        return i;
    }

    /**
     * {@link #floatSteps} of plain Adam for the element that makes nearly all of the slow path:
     * a unit that stopped learning (gradient exactly ±0) whose {@code exp_avg} decayed to a tiny
     * value, p not tiny (zero or ordinary), v finite: ordinary at first, and tiny itself some
     * 60,000 steps later. Returns false, having done nothing, for any other element, and for an
     * m·β1 that rounds to zero (then the sign of a sum of zeros decides: left to the general path).
     * Each operation rounds as in {@link #exactSteps}; what differs is what is computed:
     * <ul>
     *   <li>A subnormal m stays in an integer register ({@link SubnormalFloat#scaleSubnormalBits}).
     *   <li>The update of p is {@link SubnormalFloat#addcdiv}, which returns p when the increment
     *       is below half its ulp. That is first tested with ε for the denominator, which is at
     *       least ε for a finite v ≥ 0, so the square root and the division are only computed
     *       for a p that may change (for a decayed element: none), and the test does not wait
     *       for them.
     *   <li>What is rare is in methods of its own, so that this one stays small enough for the
     *       JIT to inline it into {@link #decayedSteps}' loop.
     * </ul>
     * A step of 1024 decayed elements takes 6 µs (v ordinary or tiny), where it took 22 and 29.
     */
    private boolean decayedMomentumStep(int i) {
        int mBits = Float.floatToRawIntBits(expAvg[i]);
        float gf = g[go + i];
        float pf = p[po + i];
        int vBits = Float.floatToRawIntBits(expAvgSq[i]);
        // on bits: even a float compare of a subnormal can take the assist; v ≥ +0 and finite
        if ((Float.floatToRawIntBits(gf) & 0x7fffffff) != 0 || !SubnormalFloat.tinyBits(mBits) || SubnormalFloat.tiny(pf)
                || vBits < 0 || vBits >= 0x7f800000) {
            return false;
        }
        int m = SubnormalFloat.subnormalBits(mBits) ? SubnormalFloat.scaleSubnormalBits(mBits, b1)
                : (mBits & 0x7fffffff) >= NORMAL_PRODUCT_BITS && b1 >= 0.5f
                ? Float.floatToRawIntBits(Float.intBitsToFloat(mBits) * b1) : normalMomentum(mBits);
        if ((m & 0x7fffffff) == 0) {
            return false;
        }
        expAvg[i] = Float.intBitsToFloat(m);                  // m·β1 + (1 − β1)·g, the product being zero
        float v = decayedSecondMoment(vBits, gf);
        expAvgSq[i] = v;
        if (!SubnormalFloat.addcdivLeaves(SubnormalFloat.magnitude(Float.floatToRawIntBits(pf)),
                SubnormalFloat.magnitude(m) * stepMagnitude, leastDenominator)) {
            p[po + i] = decayedParameter(pf, m, v);
        }
        return true;
    }

    /** Bits of 2⁻¹²⁵: a float m at least this large has a normal m·β1 for any β1 ≥ 1/2. */
    private static final int NORMAL_PRODUCT_BITS = 0x01000000;

    /**
     * m·β1 for a normal tiny m (these bits) whose product may be subnormal, in
     * {@link SubnormalFloat}'s arithmetic. {@link #decayedMomentumStep} multiplies in float where
     * the product is normal (|m| ≥ 2⁻¹²⁵, β1 ≥ 1/2): no operand or result is subnormal there, and
     * the float product is the exact product rounded once, as here (half of a dead unit's steps
     * with a tiny m have a normal one: 3.7% of workload a's iteration went to this path).
     */
    private int normalMomentum(int mBits) {
        return Float.floatToRawIntBits(SubnormalFloat.narrow(SubnormalFloat.mul(SubnormalFloat.widenBits(mBits), b1)));
    }

    /**
     * v·β2 + (1 − β2)·g·g for a gradient ±0 (v of these bits, finite, not negative): v·β2
     * rounded to float, a tiny v through its bits. Apart from {@link #decayedMomentumStep} so
     * that the JIT inlines that into its loop (at most 325 bytes of bytecode).
     */
    private float decayedSecondMoment(int vBits, float gf) {
        if (!SubnormalFloat.tinyBits(vBits)) {
            return TorchFloat.addcmul(Float.intBitsToFloat(vBits) * b2, gf, gf, oneMinusB2);
        }
        return SubnormalFloat.subnormalBits(vBits) ? Float.intBitsToFloat(SubnormalFloat.scaleSubnormalBits(vBits, b2))
                : SubnormalFloat.narrow(SubnormalFloat.mul(SubnormalFloat.widenBits(vBits), b2));
    }

    /**
     * p + (−step size)·m / (√v / √(1 − β2^t) + ε), each op rounded, for the rare decayed element
     * whose p may change: in float for an ordinary v, in {@link SubnormalFloat}'s arithmetic for
     * a tiny one (m has these bits).
     */
    private float decayedParameter(float pf, int m, float v) {
        double denom = SubnormalFloat.tiny(v)
                ? SubnormalFloat.plus(SubnormalFloat.div(SubnormalFloat.sqrt(SubnormalFloat.widen(v)), bc2Sqrt), eps)
                : SubnormalFloat.widen(TorchFloat.sqrt(v) / bc2Sqrt + eps);
        return SubnormalFloat.narrow(SubnormalFloat.addcdiv(SubnormalFloat.widen(pf), SubnormalFloat.widenBits(m), denom,
                negStepSize));
    }

    /** {@link #denominator} in {@link SubnormalFloat}'s arithmetic. */
    private double exactDenominator(int i, double gi) {
        double v = SubnormalFloat.addcmul(
                SubnormalFloat.mul(SubnormalFloat.widen(expAvgSq[i]), b2), gi, gi, oneMinusB2);
        expAvgSq[i] = SubnormalFloat.narrow(v);
        double second = v;
        if (maxExpAvgSq != null) {
            second = Math.max(SubnormalFloat.widen(maxExpAvgSq[i]), v);
            maxExpAvgSq[i] = SubnormalFloat.narrow(second);
        }
        return SubnormalFloat.plus(SubnormalFloat.div(SubnormalFloat.sqrt(second), bc2Sqrt), eps);
    }

    /** The checks shared by Adam and AdamW, with PyTorch's messages. */
    static Object check(String optimizer, String name, Object value) {
        return switch (name) {
            case "lr" -> Checks.atLeastZero(name, value, "Invalid learning rate: ");
            case "betas" -> Checks.betas(value);
            case "eps" -> Checks.atLeastZero(name, value, "Invalid epsilon value: ");
            case "weight_decay" -> Checks.atLeastZero(name, value, "Invalid weight_decay value: ");
            case "amsgrad", "maximize" -> Checks.flag(name, value);
            default -> throw Checks.unknown(optimizer, name, Adam.NAMES);
        };
    }
}
