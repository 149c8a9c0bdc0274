package dev.dynrnn.kernels;

import static dev.dynrnn.kernels.Fixtures.SIZES;
import static dev.dynrnn.kernels.Fixtures.U;
import static dev.dynrnn.kernels.Fixtures.assertSameBits;
import static dev.dynrnn.kernels.Fixtures.assertUlps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;

/**
 * Elementwise maps and backward helpers.
 *
 * <p>Tolerances: +, -, *, /, sqrt of floats computed in double and rounded once give the correctly
 * rounded float result, so the scalar kernels must equal the double reference bit for bit, and
 * the vector kernels (same IEEE operations) must equal the scalar ones bit for bit. The vector
 * transcendental maps use FloatMath, whose error against {@code (float) Math.f((double) x)} was
 * measured over every float: at most 1 ulp for exp, log and tanh, 2 ulp for sigmoid; those are
 * the tolerances.
 */
class ElementwiseTest {
    interface Unary {
        void apply(ArrayKernels k, float[] a, int aOff, float[] out, int outOff, int n);
    }

    interface Binary {
        void apply(ArrayKernels k, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);
    }

    private static ArrayKernels vector() {
        assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
        return Kernels.vector().get();
    }

    /** Runs op at offsets (3 in, 5 out) and returns the output array. */
    private static float[] run(ArrayKernels k, Unary op, float[] x) {
        float[] a = Fixtures.embed(x, 3);
        float[] out = new float[x.length + 9];
        op.apply(k, a, 3, out, 5, x.length);
        return out;
    }

    private static float[] run(ArrayKernels k, Binary op, float[] x, float[] y) {
        float[] a = Fixtures.embed(x, 3), b = Fixtures.embed(y, 1);
        float[] out = new float[x.length + 9];
        op.apply(k, a, 3, b, 1, out, 5, x.length);
        return out;
    }

    private static void checkBinaryExact(String name, Binary op, java.util.function.DoubleBinaryOperator ref) {
        Random random = new Random(name.hashCode());
        for (int n : SIZES) {
            float[] x = Fixtures.wide(random, n), y = Fixtures.wide(random, n);
            float[] want = new float[n];
            for (int i = 0; i < n; i++) want[i] = (float) ref.applyAsDouble(x[i], y[i]);
            float[] scalar = run(Kernels.scalar(), op, x, y);
            assertSameBits("scalar " + name, want, 0, scalar, 5, n);
            if (Kernels.vector().isPresent()) {
                assertSameBits("vector " + name, scalar, 0, run(Kernels.vector().get(), op, x, y), 0, n + 9);
                // out may be the same run as an input
                float[] inPlace = Fixtures.embed(x, 3);
                op.apply(Kernels.vector().get(), inPlace, 3, Fixtures.embed(y, 1), 1, inPlace, 3, n);
                assertSameBits("vector in-place " + name, want, 0, inPlace, 3, n);
            }
        }
    }

    @Test
    void add() {
        checkBinaryExact("add", ArrayKernels::add, (p, q) -> p + q);
    }

    @Test
    void sub() {
        checkBinaryExact("sub", ArrayKernels::sub, (p, q) -> p - q);
    }

    @Test
    void mul() {
        checkBinaryExact("mul", ArrayKernels::mul, (p, q) -> p * q);
    }

    @Test
    void div() {
        checkBinaryExact("div", ArrayKernels::div, (p, q) -> p / q);
    }

    private static void checkUnaryExact(String name, Unary op, DoubleUnaryOperator ref) {
        Random random = new Random(name.hashCode());
        for (int n : SIZES) {
            float[] x = Fixtures.wide(random, n);
            float[] want = new float[n];
            for (int i = 0; i < n; i++) want[i] = (float) ref.applyAsDouble(x[i]);
            float[] scalar = run(Kernels.scalar(), op, x);
            assertSameBits("scalar " + name, want, 0, scalar, 5, n);
            Kernels.vector().ifPresent(v -> assertSameBits("vector " + name, scalar, 0, run(v, op, x), 0, n + 9));
        }
    }

    @Test
    void exactUnaryMaps() {
        checkUnaryExact("neg", ArrayKernels::neg, v -> -v);
        checkUnaryExact("abs", ArrayKernels::abs, Math::abs);
        checkUnaryExact("sqrt", ArrayKernels::sqrt, Math::sqrt);
        checkUnaryExact("relu", ArrayKernels::relu, v -> Double.isNaN(v) ? v : v > 0 ? v : 0.0);
        checkUnaryExact("addScalar", (k, a, ao, o, oo, n) -> k.addScalar(a, ao, 0.3f, o, oo, n), v -> v + 0.3f);
        checkUnaryExact("mulScalar", (k, a, ao, o, oo, n) -> k.mulScalar(a, ao, -1.7f, o, oo, n), v -> v * -1.7f);
        checkUnaryExact("clamp", (k, a, ao, o, oo, n) -> k.clamp(a, ao, -0.5f, 2f, o, oo, n),
                v -> Double.isNaN(v) ? v : Math.min(Math.max(v, -0.5), 2.0));
        checkUnaryExact("scale", (k, a, ao, o, oo, n) -> {
            k.copy(a, ao, o, oo, n);
            k.scale(0.25f, o, oo, n);
        }, v -> v * 0.25);
        checkUnaryExact("fill", (k, a, ao, o, oo, n) -> k.fill(7f, o, oo, n), v -> 7f);
    }

    /** Exponents with an exact vector path, then general ones (scalar Math.pow in both). */
    @Test
    void pow() {
        Random random = new Random(5);
        for (float p : new float[] {0f, 1f, 2f, -1f, 0.5f, 3f, -2.5f, 1.7f}) {
            Unary op = (k, a, ao, o, oo, n) -> k.pow(a, ao, p, o, oo, n);
            for (int n : SIZES) {
                float[] x = Fixtures.wide(random, n);
                float[] want = new float[n];
                for (int i = 0; i < n; i++) want[i] = (float) Math.pow(x[i], p);
                float[] scalar = run(Kernels.scalar(), op, x);
                assertSameBits("scalar pow " + p, want, 0, scalar, 5, n);
                if (Kernels.vector().isPresent()) {
                    // 1/x and x*x round like pow in double rounded to float: all paths exact
                    assertSameBits("vector pow " + p, scalar, 5, run(Kernels.vector().get(), op, x), 5, n);
                }
            }
        }
    }

    private static void checkTranscendental(String name, Unary op, DoubleUnaryOperator ref, FloatFn floatMath,
                                            double maxUlps) {
        Random random = new Random(name.hashCode());
        for (int n : SIZES) {
            float[] x = Fixtures.wide(random, n);
            float[] want = new float[n];
            for (int i = 0; i < n; i++) want[i] = (float) ref.applyAsDouble(x[i]);
            float[] scalar = run(Kernels.scalar(), op, x);
            assertSameBits("scalar " + name, want, 0, scalar, 5, n);
            if (Kernels.vector().isPresent()) {
                float[] vector = run(Kernels.vector().get(), op, x);
                assertUlps("vector " + name, scalar, 5, vector, 5, n, x, 0, maxUlps);
                // Vector lanes and scalar tails compute the same function, bit for bit.
                float[] lanes = new float[n];
                for (int i = 0; i < n; i++) lanes[i] = floatMath.apply(x[i]);
                assertSameBits("vector " + name + " vs FloatMath", lanes, 0, vector, 5, n);
            }
        }
    }

    interface FloatFn {
        float apply(float x);
    }

    @Test
    void exp() {
        checkTranscendental("exp", ArrayKernels::exp, Math::exp, FloatMath::exp, 1);
    }

    @Test
    void log() {
        checkTranscendental("log", ArrayKernels::log, Math::log, FloatMath::log, 1);
    }

    @Test
    void tanh() {
        checkTranscendental("tanh", ArrayKernels::tanh, Math::tanh, FloatMath::tanh, 1);
    }

    @Test
    void sigmoid() {
        checkTranscendental("sigmoid", ArrayKernels::sigmoid, v -> 1 / (1 + Math.exp(-v)), FloatMath::sigmoid, 2);
    }

    /** FloatMath on every float would take minutes (see FloatMathAccuracy); here a dense sample. */
    @Test
    void floatMathIsWithinItsUlpBoundOnASampleOfAllFloats() {
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 65521) { // a prime stride: ~65k floats
            float x = Float.intBitsToFloat((int) bits);
            checkFloatMath(x);
        }
    }

    /** jqwik's float generator favours edge cases (0, +-MIN_VALUE, MAX_VALUE, ...). */
    @Property(tries = 2000)
    void floatMathIsWithinItsUlpBound(@ForAll float x) {
        checkFloatMath(x);
    }

    private static void checkFloatMath(float x) {
        check("exp", x, FloatMath.exp(x), (float) Math.exp(x), 1);
        check("log", x, FloatMath.log(x), (float) Math.log(x), 1);
        check("tanh", x, FloatMath.tanh(x), (float) Math.tanh(x), 1);
        check("sigmoid", x, FloatMath.sigmoid(x), (float) (1 / (1 + Math.exp(-(double) x))), 2);
    }

    private static void check(String name, float x, float got, float want, double maxUlps) {
        if (Fixtures.ulps(got, want) > maxUlps) {
            fail(name + "(" + x + ") = " + got + ", want " + want + " (" + Fixtures.ulps(got, want) + " ulp)");
        }
    }

    /** The vector kernels on one value repeated past a vector width: lanes and tail agree. */
    @Property(tries = 500)
    @AddLifecycleHook(RequiresVector.class)
    void vectorTranscendentalsEqualFloatMathAtEveryPosition(@ForAll float x) {
        ArrayKernels v = Kernels.vector().get();
        float[] in = new float[67];
        java.util.Arrays.fill(in, x);
        float[] out = new float[in.length];
        v.exp(in, 0, out, 0, in.length);
        for (float y : out) assertEquals(FloatMath.exp(x), y, 0f, "exp");
        v.log(in, 0, out, 0, in.length);
        for (float y : out) assertEquals(FloatMath.log(x), y, 0f, "log");
        v.tanh(in, 0, out, 0, in.length);
        for (float y : out) assertEquals(FloatMath.tanh(x), y, 0f, "tanh");
        v.sigmoid(in, 0, out, 0, in.length);
        for (float y : out) assertEquals(FloatMath.sigmoid(x), y, 0f, "sigmoid");
    }

    @Test
    void axpyIsOneFmaPerElement() {
        Random random = new Random(9);
        for (int n : SIZES) {
            float[] x = Fixtures.uniform(random, n, -2, 2), y = Fixtures.uniform(random, n, -2, 2);
            float[] want = new float[n];
            for (int i = 0; i < n; i++) want[i] = (float) ((double) 1.3f * x[i] + y[i]); // exact product in double
            for (ArrayKernels k : GemmTest.implementations()) {
                float[] yy = Fixtures.embed(y, 2);
                k.axpy(1.3f, Fixtures.embed(x, 1), 1, yy, 2, n);
                for (int i = 0; i < n; i++) {
                    // fma rounds once; the double sum above rounds twice, so allow that one ulp.
                    if (Fixtures.ulps(yy[2 + i], want[i]) > 1 || Math.abs(yy[2 + i] - want[i]) > 2 * U * Math.abs(want[i]) + 1e-30) {
                        fail(k.name() + " axpy element " + i + ": " + yy[2 + i] + " vs " + want[i]);
                    }
                }
                if (k != Kernels.scalar()) {
                    float[] ys = Fixtures.embed(y, 2);
                    Kernels.scalar().axpy(1.3f, Fixtures.embed(x, 1), 1, ys, 2, n);
                    assertSameBits("axpy vector vs scalar", ys, 0, yy, 0, ys.length);
                }
            }
        }
    }

    @Test
    void backwardHelpers() {
        Random random = new Random(13);
        for (int n : SIZES) {
            float[] y = Fixtures.uniform(random, n, -1, 1), ys = Fixtures.uniform(random, n, 0, 1);
            float[] x = Fixtures.wide(random, n), g = Fixtures.uniform(random, n, -3, 3);
            float[] tanhWant = new float[n], sigWant = new float[n], reluWant = new float[n];
            for (int i = 0; i < n; i++) {
                tanhWant[i] = g[i] * (1f - y[i] * y[i]);
                sigWant[i] = g[i] * (ys[i] * (1f - ys[i]));
                reluWant[i] = x[i] > 0 ? g[i] : 0f;
                // the float formula is close to the exact one: a few roundings of terms <= |g|
                double exact = (double) g[i] * (1 - (double) y[i] * y[i]);
                if (Math.abs(tanhWant[i] - exact) > 4 * U * Math.abs(g[i])) fail("tanhBackward formula at " + i);
            }
            for (ArrayKernels k : GemmTest.implementations()) {
                float[] out = new float[n + 4];
                k.tanhBackward(Fixtures.embed(y, 1), 1, Fixtures.embed(g, 2), 2, out, 4, n);
                assertSameBits(k.name() + " tanhBackward", tanhWant, 0, out, 4, n);
                k.sigmoidBackward(Fixtures.embed(ys, 1), 1, Fixtures.embed(g, 2), 2, out, 4, n);
                assertSameBits(k.name() + " sigmoidBackward", sigWant, 0, out, 4, n);
                float[] inPlace = Fixtures.embed(g, 2); // gradIn may be the gradOut run
                k.reluBackward(Fixtures.embed(x, 1), 1, inPlace, 2, inPlace, 2, n);
                assertSameBits(k.name() + " reluBackward", reluWant, 0, inPlace, 2, n);
            }
        }
    }

    @Test
    void badRunsAreRejected() {
        for (ArrayKernels k : GemmTest.implementations()) {
            float[] a = new float[10], out = new float[10];
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> k.add(a, 0, a, 3, out, 0, 8));
            assertEquals("b[3 .. 11) is out of bounds for length 10", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> k.exp(a, 0, out, 0, -1));
            assertThrows(IllegalArgumentException.class, () -> k.clamp(a, 0, 1f, 0f, out, 0, 3));
        }
    }

    @Test
    void vectorAndScalarNamesDiffer() {
        assertEquals("scalar", Kernels.scalar().name());
        assertEquals(true, vector().name().startsWith("vector("));
    }
}
