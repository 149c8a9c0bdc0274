package dev.dynrnn.autograd;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks an op's backward against central finite differences, as {@code torch.autograd.gradcheck}.
 *
 * <p>The function's output y is reduced to L = sum_i w_i y_i with fixed pseudo-random weights w,
 * so every output element and every gradient path is exercised. The analytic gradient is
 * dL/dx from {@code y.backward(w)}; the numerical one perturbs each input element in turn.
 *
 * <p><b>Why float32 is trustworthy here.</b> PyTorch checks in float64 because float32 finite
 * differences with tiny steps drown in rounding. This checker keeps the step large (h = 1e-2)
 * and removes the truncation error O(h^2) with Richardson extrapolation, D = (4 D(h/2) - D(h)) / 3,
 * leaving O(h^4) ~ 1e-8. It divides by the step actually taken after float rounding
 * ({@code (float)(x+h) - (float)(x-h)}), and sums L in double, so the only rounding left is in the
 * output elements that depend on the perturbed input: about 6e-8 |y| / h ~ 1e-5. The default
 * tolerance, |numerical - analytic| <= 1e-3 + 1e-3 |numerical|, is two orders above that noise
 * and still fails a gradient that is off by 1% (see GradCheckTest, which proves it does).
 * Inputs must keep away from kinks (relu at 0, abs at 0, clamp bounds, max ties) by more than h.
 *
 * <p>Backward is also run twice on fresh forwards and must give bit-identical gradients.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Default absolute tolerance. */
    public static final double ATOL = 1e-3;
    /** Default relative tolerance. */
    public static final double RTOL = 1e-3;
    private static final float STEP = 1e-2f;

    /** Checks with the default tolerances; throws {@link AssertionError} naming the first bad element. */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(f, ATOL, RTOL, inputs);
    }

    /** Checks {@code f}'s gradients with respect to every input that requires grad. */
    public static void check(Function<Tensor[], Tensor> f, double atol, double rtol, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].detach().clone().requiresGrad(inputs[i].requiresGrad());
        }
        Tensor probe;
        try (NoGrad ignored = NoGrad.enter()) {
            probe = f.apply(leaves);
        }
        float[] weights = weights(probe.numel());
        Tensor[] analytic = analytic(f, leaves, weights, probe.shape());
        Tensor[] again = analytic(f, leaves, weights, probe.shape());
        for (int i = 0; i < leaves.length; i++) {
            if (analytic[i] != null && !Arrays.equals(analytic[i].toArray(), again[i].toArray())) {
                throw new AssertionError("backward is not deterministic for input " + i);
            }
        }
        for (int i = 0; i < leaves.length; i++) {
            if (!leaves[i].requiresGrad()) {
                continue;
            }
            float[] expected = numerical(f, leaves, i, weights);
            float[] actual = analytic[i] == null ? new float[expected.length] : analytic[i].toArray();
            compare(i, leaves[i], expected, actual, atol, rtol);
        }
    }

    private static Tensor[] analytic(Function<Tensor[], Tensor> f, Tensor[] leaves, float[] weights, int[] shape) {
        for (Tensor leaf : leaves) {
            leaf.zeroGrad();
        }
        Tensor y = f.apply(leaves);
        if (!y.requiresGrad()) {
            throw new AssertionError("the output does not require grad: nothing to check");
        }
        y.backward(Tensor.of(weights, shape));
        Tensor[] grads = new Tensor[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            grads[i] = leaves[i].grad();
        }
        return grads;
    }

    /** dL/dx by Richardson-extrapolated central differences, one element at a time. */
    private static float[] numerical(Function<Tensor[], Tensor> f, Tensor[] leaves, int which, float[] weights) {
        Tensor x = leaves[which];
        float[] original = x.toArray();
        float[] grad = new float[original.length];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int j = 0; j < original.length; j++) {
                double coarse = centralDifference(f, leaves, x, original, j, STEP, weights);
                double fine = centralDifference(f, leaves, x, original, j, STEP / 2, weights);
                grad[j] = (float) ((4 * fine - coarse) / 3);
            }
        }
        return grad;
    }

    private static double centralDifference(Function<Tensor[], Tensor> f, Tensor[] leaves, Tensor x, float[] original,
                                            int j, float h, float[] weights) {
        float plus = original[j] + h;
        float minus = original[j] - h;
        double lossPlus = loss(f, leaves, x, original, j, plus, weights);
        double lossMinus = loss(f, leaves, x, original, j, minus, weights);
        return (lossPlus - lossMinus) / ((double) plus - (double) minus);
    }

    private static double loss(Function<Tensor[], Tensor> f, Tensor[] leaves, Tensor x, float[] original, int j,
                               float value, float[] weights) {
        float[] perturbed = original.clone();
        perturbed[j] = value;
        Tensor[] args = leaves.clone();
        args[Arrays.asList(leaves).indexOf(x)] = Tensor.of(perturbed, x.shape());
        float[] y = f.apply(args).toArray();
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            total += (double) weights[i] * y[i];
        }
        return total;
    }

    private static void compare(int input, Tensor leaf, float[] expected, float[] actual, double atol, double rtol) {
        for (int j = 0; j < expected.length; j++) {
            double difference = Math.abs((double) expected[j] - actual[j]);
            if (!(difference <= atol + rtol * Math.abs(expected[j]))) {
                throw new AssertionError("gradient of input " + input + " (shape " + Arrays.toString(leaf.shape())
                        + ") differs at flat index " + j + ": numerical " + expected[j] + ", analytic " + actual[j]
                        + "\nnumerical: " + Arrays.toString(expected) + "\nanalytic:  " + Arrays.toString(actual));
            }
        }
    }

    /** Fixed weights in [0.5, 1.5) with alternating signs, from a small LCG so the check is reproducible. */
    private static float[] weights(int n) {
        float[] w = new float[n];
        long state = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            float unit = (state >>> 40) / (float) (1 << 24);
            w[i] = (i % 2 == 0 ? 1 : -1) * (0.5f + unit);
        }
        return w;
    }
}
