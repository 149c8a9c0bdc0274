package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link SubnormalFloat} against Java's float arithmetic, bit for bit, on millions of operands
 * drawn mostly from in and around the subnormal range ({@link #operand}), with zeros of both
 * signs, infinities and NaN among them. NaN results must be NaN (the payload is not compared).
 */
class SubnormalFloatTest {
    private static final int CASES = 2_000_000;

    /**
     * An operand from a mix of: any bit pattern, subnormals (the small fixed points of a decay
     * among them), the boundary of the normal range, tiny normals, the {@code tiny} threshold,
     * zeros, ordinary magnitudes, and the special values.
     */
    static float operand(Random random) {
        int sign = random.nextBoolean() ? 0x80000000 : 0;
        int bits = switch (random.nextInt(10)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextInt(0x00800000);                                // subnormal or zero
            case 2 -> 1 + random.nextInt(8);                                     // k · 2^-149, k ≤ 8
            case 3 -> 0x00800000 + random.nextInt(4001) - 2000;                  // around 2^-126
            case 4 -> Float.floatToRawIntBits((float) Math.scalb(1 + random.nextDouble(), -126 + random.nextInt(66)));
            case 5 -> Float.floatToRawIntBits(0x1p-100f) + random.nextInt(201) - 100;
            case 6 -> 0;
            case 7 -> Float.floatToRawIntBits((float) Math.scalb(1 + random.nextDouble(), -40 + random.nextInt(60)));
            case 8 -> new int[] {0x7f800000, 0x7fc00000, 0x7f7fffff, 1, 0x7f800001}[random.nextInt(5)];
            default -> Float.floatToRawIntBits(random.nextFloat());
        };
        return Float.intBitsToFloat(bits | sign);
    }

    /** Equal bits, or both NaN; {@code what} is only evaluated on failure. */
    static void assertSameFloat(float expected, float actual, Supplier<String> what) {
        boolean same = Float.isNaN(expected) ? Float.isNaN(actual)
                : Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(actual);
        if (!same) {
            fail(what.get() + ": expected " + expected + " (0x" + Integer.toHexString(Float.floatToRawIntBits(expected))
                    + "), got " + actual + " (0x" + Integer.toHexString(Float.floatToRawIntBits(actual)) + ")");
        }
    }

    private static float exact(double x) {
        return SubnormalFloat.narrow(x);
    }

    private static double wide(float x) {
        return SubnormalFloat.widen(x);
    }

    @Test
    void widenIsTheCastForEverySubnormalAndAStrideOfAllFloats() {
        for (int bits = 0; bits <= 0x00800000; bits++) {
            for (int sign : new int[] {0, 0x80000000}) {
                float x = Float.intBitsToFloat(bits | sign);
                assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(SubnormalFloat.widen(x)),
                        () -> "widen(" + x + ")");
            }
        }
        for (long bits = 0; bits <= 0xffffffffL; bits += 251) {
            float x = Float.intBitsToFloat((int) bits);
            if (Float.isNaN(x)) {
                assertTrue(Double.isNaN(SubnormalFloat.widen(x)));
            } else {
                assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(SubnormalFloat.widen(x)),
                        () -> "widen(" + x + ")");
            }
        }
    }

    @Test
    void narrowAndRoundAreTheCastOnDoublesNearFloatsAndTheirMidpoints() {
        Random random = new Random(1);
        for (int i = 0; i < CASES; i++) {
            float f = operand(random);
            double x = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> ((double) f + Math.nextUp(f)) / 2;                       // a tie
                case 2 -> (double) f + Math.ulp((double) f) * (random.nextInt(9) - 4);     // at or next to a float
                default -> (double) f * operand(random);                          // a product, maybe overflowing
            };
            assertSameFloat((float) x, SubnormalFloat.narrow(x), () -> "narrow(" + x + ")");
            double rounded = SubnormalFloat.round(x);
            if (Double.isNaN(x) ? !Double.isNaN(rounded)
                    : Double.doubleToRawLongBits((float) x) != Double.doubleToRawLongBits(rounded)) {
                fail("round(" + x + "): expected " + (float) x + ", got " + rounded);
            }
        }
        assertSameFloat(-0f, SubnormalFloat.narrow(-0x1p-151), () -> "a negative underflow keeps its sign");
        assertSameFloat(Float.MIN_NORMAL, SubnormalFloat.narrow(0x1p-126 - 0x1p-151), () -> "rounds up to 2^-126");
        assertSameFloat(Float.POSITIVE_INFINITY, SubnormalFloat.narrow(0x1p128 - 0x1p103), () -> "ties to infinity");
        assertSameFloat(Float.MAX_VALUE, SubnormalFloat.narrow(0x1p128 - 0x1p103 - 0x1p75), () -> "stays below it");
    }

    @Test
    void productsQuotientsSumsAndRootsAreTheFloatOperations() {
        Random random = new Random(2);
        for (int i = 0; i < CASES; i++) {
            float a = operand(random);
            float b = operand(random);
            assertSameFloat(a * b, exact(SubnormalFloat.mul(wide(a), wide(b))), () -> "mul " + a + ", " + b);
            assertSameFloat(a / b, exact(SubnormalFloat.div(wide(a), wide(b))), () -> "div " + a + ", " + b);
            assertSameFloat(a + b, exact(SubnormalFloat.plus(wide(a), wide(b))), () -> "plus " + a + ", " + b);
            assertSameFloat(TorchFloat.sqrt(a), exact(SubnormalFloat.sqrt(wide(a))), () -> "sqrt " + a);
        }
    }

    /** Quotients landing in the subnormal range, where the double-rounding argument is the class comment's own. */
    @Test
    void quotientsIntoTheSubnormalRangeAreTheFloatDivision() {
        Random random = new Random(3);
        for (int i = 0; i < CASES; i++) {
            float b = (1 + random.nextFloat()) * (1 + random.nextInt(1 << 20)) * (random.nextBoolean() ? 1 : -1);
            float a = (float) (Math.scalb((double) random.nextInt(1 << 24), -149) * b * (random.nextDouble() + 0.5));
            assertSameFloat(a / b, exact(SubnormalFloat.div(wide(a), wide(b))), () -> "div " + a + ", " + b);
        }
    }

    @Test
    void fusedMultiplyAddsAreMathFma() {
        Random random = new Random(4);
        for (int i = 0; i < 3 * CASES; i++) {
            float self = operand(random);
            float other = operand(random);
            float alpha = i % 3 == 0 ? new float[] {0.1f, 0.001f, -0.02f, 0.9f}[random.nextInt(4)] : operand(random);
            assertSameFloat(TorchFloat.add(self, other, alpha),
                    exact(SubnormalFloat.add(wide(self), wide(other), wide(alpha))),
                    () -> "add(" + self + ", " + other + ", alpha=" + alpha + ")");
        }
    }

    @Test
    void addcmulAndAddcdivAreTorchFloats() {
        Random random = new Random(5);
        for (int i = 0; i < CASES; i++) {
            float self = operand(random);
            float t1 = operand(random);
            float t2 = operand(random);
            float value = i % 2 == 0 ? -0.02f : operand(random);
            Supplier<String> args = () -> self + ", " + t1 + ", " + t2 + ", value=" + value;
            assertSameFloat(TorchFloat.addcmul(self, t1, t2, value),
                    exact(SubnormalFloat.addcmul(wide(self), wide(t1), wide(t2), wide(value))),
                    () -> "addcmul " + args.get());
            assertSameFloat(TorchFloat.addcdiv(self, t1, t2, value),
                    exact(SubnormalFloat.addcdiv(wide(self), wide(t1), wide(t2), wide(value))),
                    () -> "addcdiv " + args.get());
        }
    }

    /** Near the bounds under which {@code add} and {@code addcdiv} return {@code self} without the increment. */
    @Test
    void negligibleIncrementsNearTheirBoundsAreTheFloatFormulas() {
        Random random = new Random(6);
        for (int i = 0; i < CASES; i++) {
            float self = (float) Math.scalb(1 + random.nextDouble(), -126 + random.nextInt(250))
                    * (random.nextBoolean() ? 1 : -1);
            float t2 = (float) Math.scalb(1 + random.nextDouble(), -42 + random.nextInt(100));
            float value = random.nextBoolean() ? -0.02f : operand(random);
            // |value · t1| around |self| t2 2^-28 (addcdiv's bound), and |alpha · other| around |self| 2^-26 (add's)
            float t1 = (float) (Math.abs(self) * t2 * Math.scalb(0.5 + random.nextDouble(), -28) / value);
            float other = (float) (Math.abs(self) * Math.scalb(0.5 + random.nextDouble(), -26) / value)
                    * (random.nextBoolean() ? 1 : -1);
            assertSameFloat(TorchFloat.addcdiv(self, t1, t2, value),
                    exact(SubnormalFloat.addcdiv(wide(self), wide(t1), wide(t2), wide(value))),
                    () -> "addcdiv " + self + ", " + t1 + ", " + t2 + ", value=" + value);
            assertSameFloat(TorchFloat.add(self, other, value),
                    exact(SubnormalFloat.add(wide(self), wide(other), wide(value))),
                    () -> "add " + self + ", " + other + ", alpha=" + value);
        }
    }

    @Test
    void scaleSubnormalIsTheFloatProduct() {
        Random random = new Random(31);
        float[] factors = {0.9f, 0.999f, 0.5f, 0f, 1f, 0.1f, Math.nextDown(1f), Float.MIN_VALUE};
        for (int trial = 0; trial < 200_000; trial++) {
            int k = trial < 64 ? trial + 1 : trial % 7 == 0 ? 0x007fffff - random.nextInt(64) : 1 + random.nextInt(0x007fffff);
            float x = Float.intBitsToFloat((random.nextBoolean() ? 0x80000000 : 0) | k);
            float b = trial % 3 == 0 ? random.nextFloat() : factors[random.nextInt(factors.length)];
            assertTrue(SubnormalFloat.subnormal(x));
            assertSameFloat(x * b, SubnormalFloat.scaleSubnormal(x, b), () -> x + " * " + b);
        }
        assertFalse(SubnormalFloat.subnormal(0f));
        assertFalse(SubnormalFloat.subnormal(-0f));
        assertFalse(SubnormalFloat.subnormal(Float.MIN_NORMAL));
        assertFalse(SubnormalFloat.subnormal(Float.NaN));
        assertTrue(SubnormalFloat.subnormal(-Float.MIN_VALUE));
    }

    @Test
    void tinyIsNonzeroBelowTwoToTheMinus100() {
        assertFalse(SubnormalFloat.tiny(0f));
        assertFalse(SubnormalFloat.tiny(-0f));
        assertTrue(SubnormalFloat.tiny(Float.MIN_VALUE));
        assertTrue(SubnormalFloat.tiny(-Float.MIN_NORMAL));
        assertTrue(SubnormalFloat.tiny(Math.nextDown(0x1p-100f)));
        assertFalse(SubnormalFloat.tiny(0x1p-100f));
        assertFalse(SubnormalFloat.tiny(Float.NaN));
        assertFalse(SubnormalFloat.tiny(Float.NEGATIVE_INFINITY));
    }
}
