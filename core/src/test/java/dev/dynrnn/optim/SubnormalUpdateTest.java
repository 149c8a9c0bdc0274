package dev.dynrnn.optim;

import static dev.dynrnn.optim.SubnormalFloatTest.assertSameFloat;

import dev.dynrnn.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The optimizers' updates against their plain float formulas (the reference loops below, as the
 * updates were written before elements with tiny operands got {@link SubnormalFloat}'s path),
 * bit for bit, over random options and hyperparameters, with parameters, gradients and state
 * drawn in runs of elements from {@link SubnormalFloatTest#operand} (mostly in and around the
 * subnormal range) or of ordinary size, so that both paths and the switches between them run.
 */
class SubnormalUpdateTest {
    private static final int ELEMENTS = 1024;
    private static final int TRIALS = 48;
    private static final int STEPS = 12;

    /** {@code n} values in runs (about 20 long) of one kind: subnormal-heavy operands, ordinary, or zeros. */
    private static float[] values(Random random, int n, boolean nonNegative) {
        float[] values = new float[n];
        int kind = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(20) == 0) {
                kind = random.nextInt(3);
            }
            float value = switch (kind) {
                case 0 -> SubnormalFloatTest.operand(random);
                case 1 -> (float) (random.nextGaussian() * Math.scalb(1.0, -random.nextInt(20)));
                default -> random.nextInt(4) == 0 ? SubnormalFloatTest.operand(random) : 0f;
            };
            values[i] = nonNegative ? Math.abs(value) : value;
        }
        return values;
    }

    private static double pick(Random random, double... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /**
     * Runs {@code STEPS} steps, each from fresh parameters, gradients and state {@code buffers}, and
     * compares every element with {@code reference}, which computes the expected arrays from the
     * ones before the step (and the step count, under "step").
     */
    private static void run(Random random, Optimizer optimizer, Tensor param, List<String> buffers,
                            Function<Map<String, float[]>, Map<String, float[]>> reference, String what) {
        for (int step = 0; step < STEPS; step++) {
            System.arraycopy(values(random, ELEMENTS, false), 0, param.storage(), 0, ELEMENTS);
            param.setGrad(Tensor.of(values(random, ELEMENTS, false), ELEMENTS));
            Map<String, Object> state = optimizer.state(param);
            for (String key : buffers) {
                if (state.get(key) instanceof Tensor buffer) {
                    float[] fresh = values(random, ELEMENTS, key.contains("sq") || key.contains("square"));
                    System.arraycopy(fresh, 0, buffer.storage(), 0, ELEMENTS);
                }
            }
            Map<String, float[]> before = new HashMap<>();
            before.put("param", param.storage().clone());
            before.put("grad", param.grad().storage().clone());
            for (String key : buffers) {
                before.put(key, state.get(key) instanceof Tensor buffer ? buffer.storage().clone() : null);
            }
            optimizer.step();
            if (optimizer.state(param).get("step") instanceof Number count) {
                before.put("step", new float[] {count.floatValue()});
            }
            Map<String, float[]> expected = reference.apply(before);
            for (Map.Entry<String, float[]> entry : expected.entrySet()) {
                float[] actual = entry.getKey().equals("param") ? param.storage()
                        : ((Tensor) optimizer.state(param).get(entry.getKey())).storage();
                for (int i = 0; i < ELEMENTS; i++) {
                    int index = i;
                    int stepNumber = step;
                    assertSameFloat(entry.getValue()[i], actual[i], () -> what + ", step " + stepNumber + ": "
                            + entry.getKey() + "[" + index + "] from param " + before.get("param")[index]
                            + ", grad " + before.get("grad")[index] + buffers.stream()
                            .map(k -> ", " + k + " " + (before.get(k) == null ? 0f : before.get(k)[index]))
                            .reduce("", String::concat));
                }
            }
        }
    }

    private static float[] orZeros(float[] values) {
        return values == null ? new float[ELEMENTS] : values.clone();
    }

    @Test
    void adamAndAdamWMatchTheirFloatFormulas() {
        Random random = new Random(21);
        for (int trial = 0; trial < TRIALS; trial++) {
            boolean decoupled = random.nextBoolean();
            boolean amsgrad = random.nextBoolean();
            boolean maximize = random.nextInt(4) == 0;
            double lr = pick(random, 1e-3, 0.02, 1, 1e-20);
            double beta1 = pick(random, 0.9, 0.5, 0);
            double beta2 = pick(random, 0.999, 0.99, 0.9999);
            double eps = pick(random, 1e-8, 0, 1e-30);
            double weightDecay = pick(random, 0, 0.01, 0.5);
            Tensor param = Tensor.zeros(ELEMENTS).requiresGrad(true);
            List<Tensor> params = List.of(param);
            Optimizer optimizer = decoupled
                    ? AdamW.builder(params).lr(lr).betas(beta1, beta2).eps(eps).weightDecay(weightDecay)
                            .amsgrad(amsgrad).maximize(maximize).build()
                    : Adam.builder(params).lr(lr).betas(beta1, beta2).eps(eps).weightDecay(weightDecay)
                            .amsgrad(amsgrad).maximize(maximize).build();
            String what = (decoupled ? "AdamW" : "Adam") + " lr " + lr + ", betas " + beta1 + ", " + beta2
                    + ", eps " + eps + ", weight decay " + weightDecay + (amsgrad ? ", amsgrad" : "")
                    + (maximize ? ", maximize" : "");
            run(random, optimizer, param, List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), before -> {
                float[] p = before.get("param").clone();
                float[] m = orZeros(before.get("exp_avg"));
                float[] v = orZeros(before.get("exp_avg_sq"));
                float[] vMax = orZeros(before.get("max_exp_avg_sq"));
                adam(p, before.get("grad"), m, v, amsgrad ? vMax : null, (long) before.get("step")[0], lr, beta1,
                        beta2, eps, weightDecay, maximize, decoupled);
                return amsgrad ? Map.of("param", p, "exp_avg", m, "exp_avg_sq", v, "max_exp_avg_sq", vMax)
                        : Map.of("param", p, "exp_avg", m, "exp_avg_sq", v);
            }, what);
        }
    }

    /**
     * Plain Adam on what a unit that stopped learning leaves (gradients ±0, {@code exp_avg}
     * tiny: normal below 2⁻¹⁰⁰ or subnormal, often a fixed point k·2⁻¹⁴⁹ of m·β1, parameters and
     * v ordinary), mixed with
     * elements that leave that case in each operand, against the float formula. Parameters of
     * any size down to 2⁻¹⁰⁰, v of any size, zero, infinite or NaN, and ε from 0 to 10³⁰ also
     * reach the cases where the decayed step cannot tell from ε alone that p stays.
     */
    @Test
    void adamOnDecayedMomentumMatchesTheFloatFormula() {
        Random random = new Random(23);
        for (int trial = 0; trial < 32; trial++) {
            double lr = pick(random, 1e-3, 0.02, 1, 1e20);
            double beta1 = pick(random, 0.9, 0.5, 0.999, 0);
            double eps = pick(random, 1e-8, 1e-8, 0, 1e-30, 1e30);
            Tensor param = Tensor.zeros(ELEMENTS).requiresGrad(true);
            Adam adam = Adam.builder(List.of(param)).lr(lr).betas(beta1, 0.999).eps(eps).build();
            param.setGrad(Tensor.zeros(ELEMENTS));
            adam.step();                                                  // creates the state
            for (int step = 0; step < 4; step++) {
                float[] p = param.storage();
                float[] g = param.grad().storage();
                float[] m = ((Tensor) adam.state(param).get("exp_avg")).storage();
                float[] v = ((Tensor) adam.state(param).get("exp_avg_sq")).storage();
                for (int i = 0; i < ELEMENTS; i++) {
                    boolean odd = random.nextInt(8) == 0;                 // one operand off the case
                    int which = random.nextInt(4);
                    p[i] = odd && which == 0 ? SubnormalFloatTest.operand(random)
                            : random.nextInt(4) == 0 ? Math.scalb((float) random.nextGaussian(), -random.nextInt(99))
                            : (float) random.nextGaussian();
                    g[i] = odd && which == 1 ? SubnormalFloatTest.operand(random) : random.nextBoolean() ? 0f : -0f;
                    // subnormal m, or a tiny normal one (2⁻¹²⁶ to 2⁻¹⁰⁰), whose product may be normal
                    int k = switch (random.nextInt(4)) {
                        case 0 -> 1 + random.nextInt(8);
                        case 1 -> 0x00800000 + random.nextInt(26 << 23);
                        default -> 1 + random.nextInt(0x007fffff);
                    };
                    m[i] = odd && which == 2 ? SubnormalFloatTest.operand(random)
                            : Float.intBitsToFloat((random.nextBoolean() ? 0x80000000 : 0) | k);
                    v[i] = odd && which == 3 ? Math.abs(SubnormalFloatTest.operand(random))
                            : switch (random.nextInt(16)) {
                                case 0 -> 0f;
                                case 1 -> Float.POSITIVE_INFINITY;
                                case 2 -> Float.NaN;
                                case 3 -> Math.scalb((float) Math.abs(random.nextGaussian()), random.nextInt(250) - 100);
                                default -> (float) Math.abs(random.nextGaussian() * 1e-4);
                            };
                }
                float[] expectedP = p.clone();
                float[] expectedM = m.clone();
                float[] expectedV = v.clone();
                long count = ((Number) adam.state(param).get("step")).longValue() + 1;
                adam(expectedP, g.clone(), expectedM, expectedV, null, count, lr, beta1, 0.999, eps, 0, false, false);
                adam.step();
                for (int i = 0; i < ELEMENTS; i++) {
                    int index = i;
                    Supplier<String> what = () -> "lr " + lr + ", beta1 " + beta1 + ", eps " + eps + ", element " + index;
                    assertSameFloat(expectedP[i], p[i], what);
                    assertSameFloat(expectedM[i], m[i], what);
                    assertSameFloat(expectedV[i], v[i], what);
                }
            }
        }
    }

    @Test
    void sgdMatchesItsFloatFormula() {
        Random random = new Random(22);
        for (int trial = 0; trial < TRIALS; trial++) {
            double lr = pick(random, 1e-3, 0.1, 1, 1e-20);
            double momentum = pick(random, 0, 0.9, 0.5);
            double dampening = momentum == 0 ? 0 : pick(random, 0, 0.1);
            boolean nesterov = momentum != 0 && dampening == 0 && random.nextBoolean();
            double weightDecay = pick(random, 0, 0.01, 0.5);
            boolean maximize = random.nextInt(4) == 0;
            Tensor param = Tensor.zeros(ELEMENTS).requiresGrad(true);
            Optimizer optimizer = SGD.builder(List.of(param)).lr(lr).momentum(momentum).dampening(dampening)
                    .nesterov(nesterov).weightDecay(weightDecay).maximize(maximize).build();
            String what = "SGD lr " + lr + ", momentum " + momentum + ", dampening " + dampening
                    + ", weight decay " + weightDecay + (nesterov ? ", nesterov" : "") + (maximize ? ", maximize" : "");
            run(random, optimizer, param, List.of("momentum_buffer"), before -> {
                float[] p = before.get("param").clone();
                float[] buffer = before.get("momentum_buffer") == null ? null : before.get("momentum_buffer").clone();
                float[] b = sgd(p, before.get("grad"), buffer, lr, momentum, dampening, weightDecay, nesterov,
                        maximize);
                return b == null ? Map.of("param", p) : Map.of("param", p, "momentum_buffer", b);
            }, what);
        }
    }

    @Test
    void rmspropMatchesItsFloatFormula() {
        Random random = new Random(23);
        for (int trial = 0; trial < TRIALS; trial++) {
            double lr = pick(random, 1e-2, 1e-3, 1, 1e-20);
            double alpha = pick(random, 0.99, 0.9, 0);
            double eps = pick(random, 1e-8, 0, 1e-30);
            double momentum = pick(random, 0, 0.9);
            boolean centered = random.nextBoolean();
            double weightDecay = pick(random, 0, 0.01);
            boolean maximize = random.nextInt(4) == 0;
            Tensor param = Tensor.zeros(ELEMENTS).requiresGrad(true);
            Optimizer optimizer = RMSprop.builder(List.of(param)).lr(lr).alpha(alpha).eps(eps).momentum(momentum)
                    .centered(centered).weightDecay(weightDecay).maximize(maximize).build();
            String what = "RMSprop lr " + lr + ", alpha " + alpha + ", eps " + eps + ", momentum " + momentum
                    + ", weight decay " + weightDecay + (centered ? ", centered" : "") + (maximize ? ", maximize" : "");
            run(random, optimizer, param, List.of("square_avg", "grad_avg", "momentum_buffer"), before -> {
                float[] p = before.get("param").clone();
                float[] square = orZeros(before.get("square_avg"));
                float[] mean = centered ? orZeros(before.get("grad_avg")) : null;
                float[] b = momentum > 0 ? orZeros(before.get("momentum_buffer")) : null;
                rmsprop(p, before.get("grad"), square, mean, b, lr, alpha, eps, momentum, weightDecay, maximize);
                Map<String, float[]> expected = new HashMap<>(Map.of("param", p, "square_avg", square));
                if (mean != null) {
                    expected.put("grad_avg", mean);
                }
                if (b != null) {
                    expected.put("momentum_buffer", b);
                }
                return expected;
            }, what);
        }
    }

    /** SGD in float, as it was computed for every element; returns the momentum buffer after the step. */
    private static float[] sgd(float[] p, float[] g, float[] buffer, double lr, double momentum, double dampening,
                               double weightDecay, boolean nesterov, boolean maximize) {
        boolean first = momentum != 0 && buffer == null;
        float[] b = momentum != 0 ? (buffer == null ? new float[p.length] : buffer) : null;
        float mu = (float) momentum;
        for (int i = 0; i < p.length; i++) {
            float dp = maximize ? -g[i] : g[i];
            if (weightDecay != 0) {
                dp = TorchFloat.add(dp, p[i], (float) weightDecay);
            }
            if (momentum != 0) {
                b[i] = first ? dp : TorchFloat.add(b[i] * mu, dp, (float) (1 - dampening));
                dp = nesterov ? TorchFloat.add(dp, b[i], mu) : b[i];
            }
            p[i] = TorchFloat.add(p[i], dp, (float) -lr);
        }
        return b;
    }

    /** RMSprop in float, as it was computed for every element. */
    private static void rmsprop(float[] p, float[] g, float[] squareAvg, float[] gradAvg, float[] b, double lr,
                                double alpha, double eps, double momentum, double weightDecay, boolean maximize) {
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        for (int i = 0; i < p.length; i++) {
            float gi = maximize ? -g[i] : g[i];
            if (weightDecay != 0) {
                gi = TorchFloat.add(gi, p[i], (float) weightDecay);
            }
            squareAvg[i] = TorchFloat.addcmul(squareAvg[i] * a, gi, gi, oneMinusA);
            float avg;
            if (gradAvg != null) {
                gradAvg[i] = TorchFloat.add(gradAvg[i] * a, gi, oneMinusA);
                avg = TorchFloat.sqrt(TorchFloat.addcmul(squareAvg[i], gradAvg[i], gradAvg[i], -1f));
            } else {
                avg = TorchFloat.sqrt(squareAvg[i]);
            }
            avg += (float) eps;
            if (b != null) {
                b[i] = TorchFloat.addcdiv(b[i] * (float) momentum, gi, avg, 1f);
                p[i] = TorchFloat.add(p[i], b[i], (float) -lr);
            } else {
                p[i] = TorchFloat.addcdiv(p[i], gi, avg, (float) -lr);
            }
        }
    }

    /** Adam / AdamW in float, as {@code AdamUpdate} computed every element before the exact path. */
    private static void adam(float[] p, float[] g, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, long step,
                             double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize,
                             boolean decoupled) {
        double biasCorrection1 = 1 - StrictMath.pow(beta1, step);
        double biasCorrection2 = 1 - StrictMath.pow(beta2, step);
        float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        float negStepSize = (float) -(lr / biasCorrection1);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float shrink = (float) (1 - lr * weightDecay);
        for (int i = 0; i < p.length; i++) {
            float gi = maximize ? -g[i] : g[i];
            if (decoupled) {
                p[i] *= shrink;
            } else if (weightDecay != 0) {
                gi = TorchFloat.add(gi, p[i], (float) weightDecay);
            }
            expAvg[i] = TorchFloat.add(expAvg[i] * b1, gi, (float) (1 - beta1));
            expAvgSq[i] = TorchFloat.addcmul(expAvgSq[i] * b2, gi, gi, (float) (1 - beta2));
            float second = expAvgSq[i];
            if (maxExpAvgSq != null) {
                maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], second);
                second = maxExpAvgSq[i];
            }
            float denom = TorchFloat.sqrt(second) / bc2Sqrt + (float) eps;
            p[i] = TorchFloat.addcdiv(p[i], expAvg[i], denom, negStepSize);
        }
    }
}
