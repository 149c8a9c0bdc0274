package dev.dynrnn.kernels;

import java.util.function.DoubleUnaryOperator;

/**
 * Not a unit test: walks every float (about 4.3e9 values per function, a few minutes) and prints
 * the largest ulp error of {@link FloatMath} against {@code (float) Math.f((double) x)}.
 * Run: {@code java -cp core/target/classes:core/target/test-classes
 * dev.dynrnn.kernels.FloatMathAccuracy [exp|log|tanh|sigmoid] [stride]}.
 */
public final class FloatMathAccuracy {
    private FloatMathAccuracy() {}

    interface FloatFn {
        float apply(float x);
    }

    public static void main(String[] args) {
        String only = args.length > 0 ? args[0] : "all";
        int stride = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (only.equals("all") || only.equals("exp")) report("exp", FloatMath::exp, Math::exp, stride);
        if (only.equals("all") || only.equals("log")) report("log", FloatMath::log, Math::log, stride);
        if (only.equals("all") || only.equals("tanh")) report("tanh", FloatMath::tanh, Math::tanh, stride);
        if (only.equals("all") || only.equals("sigmoid")) {
            report("sigmoid", FloatMath::sigmoid, v -> 1.0 / (1.0 + Math.exp(-v)), stride);
        }
    }

    static void report(String name, FloatFn f, DoubleUnaryOperator ref, int stride) {
        double worst = 0;
        float worstX = 0;
        long mismatchedSpecials = 0;
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += stride) {
            float x = Float.intBitsToFloat((int) bits);
            float got = f.apply(x);
            float want = (float) ref.applyAsDouble(x);
            double err = ulpError(got, want);
            if (Double.isInfinite(err)) {
                if (mismatchedSpecials++ < 10) System.out.println(name + "(" + x + ") = " + got + ", want " + want);
            } else if (err > worst) {
                worst = err;
                worstX = x;
            }
        }
        System.out.printf("%-8s max error %.3f ulp at x=%s (%s), special mismatches %d%n",
                name, worst, worstX, Float.toHexString(worstX), mismatchedSpecials);
    }

    /** Distance in ulps of want; 0 for equal NaNs/infinities, +inf for a special-value mismatch. */
    static double ulpError(float got, float want) {
        if (Float.isNaN(want) || Float.isNaN(got)) return Float.isNaN(want) == Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        if (Float.isInfinite(want) || Float.isInfinite(got)) return got == want ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs((double) got - (double) want) / Math.ulp(want);
    }
}
