package dev.dynrnn.optim;

/**
 * {@link TorchFloat}'s arithmetic and Java's float {@code *}, {@code /}, {@code +} on floats held
 * in doubles, with bit for bit the results of the float operations but without the hardware's
 * penalty for subnormal numbers: the slow path of the optimizers' updates, for the elements with
 * a {@link #tiny} operand.
 *
 * <p>Why it exists: a state buffer whose gradient has become exactly zero (a saturated tanh
 * unit) decays geometrically, {@code m ← 0.9 m}, into the float subnormal range and stays there
 * (round-to-nearest makes small subnormals fixed points of {@code x · 0.9}). On the Intel Xeon
 * the benchmarks run on, every float operation with a subnormal input or output, scalar or
 * vector, and even a {@code (double)} cast of a subnormal float, takes a microcode assist. Adam's
 * step on the RNN(1,32) + Linear(32,1) benchmark (5 µs without subnormals) took 28–50 µs around
 * 20,000 iterations, when 245 of its 1,153 {@code exp_avg} entries were subnormal, and 90–115 µs
 * around 50,000 (875 entries); through this class 9–15 µs and 20–24 µs (CPU time, 2 shared cores).
 *
 * <p>How the results stay exact. A float is widened to the double of the same value by moving
 * its bits ({@link #widen}), the operation is done in double, and the double is rounded to the
 * nearest float, ties to even, again by moving bits ({@link #round}, {@link #narrow}):
 * <ul>
 *   <li>Products of two floats are exact in double (24 + 24 ≤ 53 bits), so {@link #mul} rounds once.
 *   <li>{@link #plus}, {@link #div} and {@link #sqrt} round twice, to double and then to float,
 *       which gives the correctly rounded float for results in the normal range because
 *       53 ≥ 2·24 + 2 (Figueroa, "When is double rounding innocuous?", 1995). Below it a sum of
 *       floats (all multiples of 2⁻¹⁴⁹) is exact, a square root is never there, and a quotient
 *       a/b ≠ M·2⁻¹⁵⁰ cannot come within half a double ulp of a rounding midpoint M·2⁻¹⁵⁰
 *       (M &lt; 2²⁴ odd): the distance is |a − bM2⁻¹⁵⁰| / |b|, whose numerator is a nonzero
 *       multiple of 2^min(e_a, e_b − 150), which would take a 53-bit significand for a or a
 *       product of significands B·M ≥ 2⁵³.
 *   <li>{@link #add} (a fused multiply-add) adds the exact product to the addend, takes the
 *       error of that sum (two-sum) and rounds the sum to odd before rounding to float, which is
 *       exact for any target at least two bits narrower than the double (Boldo and Melquiond,
 *       "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to odd", 2008).
 * </ul>
 * The slow path has no float↔double casts: besides the assist on a subnormal, a cast merges
 * into its destination register, a false dependency that serialized the loop, and the JIT may
 * move a cast out of the branch that guards it (each measured: 1.5–3× slower). NaN results are
 * NaN, without a promise about the payload (Java makes none either).
 */
final class SubnormalFloat {
    private SubnormalFloat() {}

    /** Operands nonzero and below this magnitude take the slow path (see {@link #tiny}). */
    static final float TINY = 0x1p-100f;
    private static final int TINY_BITS = Float.floatToRawIntBits(TINY);
    private static final int SIGN = 0x80000000;
    private static final int MAGNITUDE = 0x7fffffff;
    private static final int INFINITE = 0x7f800000;
    /** A float's magnitude bits, shifted into a double's place, plus this are the double's bits. */
    private static final long REBIAS = (1023L - 127) << 52;
    private static final long SUBNORMAL_GRID = Double.doubleToRawLongBits(0x1p-97);   // ulp 2^-149
    private static final long TWO_POW_52_BITS = Double.doubleToRawLongBits(0x1p52);       // ulp 1

    /**
     * Whether {@code x} is nonzero and below 2⁻¹⁰⁰ in magnitude, 26 binades above the subnormal
     * range. The float operations of an element whose operands are all zero or larger stay in
     * the normal range as long as the factors they meet (β, 1 − β, the step size, the inverse
     * denominator) are within 2²⁰ of 1, which ordinary hyperparameters are; and a decaying
     * {@code exp_avg} (β1 = 0.9) crosses those 26 binades in 170 steps before it could reach the
     * subnormal range. The test only chooses the path: both give the same bits, so misjudging
     * an operand costs time, never accuracy.
     */
    static boolean tiny(float x) {
        return tinyBits(Float.floatToRawIntBits(x));
    }

    /** {@link #tiny} of the float with these bits. */
    static boolean tinyBits(int bits) {
        int magnitude = bits & MAGNITUDE;
        return magnitude != 0 && magnitude < TINY_BITS;
    }

    /** Whether {@code x} is a nonzero subnormal float. */
    static boolean subnormal(float x) {
        return subnormalBits(Float.floatToRawIntBits(x));
    }

    /** {@link #subnormal} of the float with these bits. */
    static boolean subnormalBits(int bits) {
        int magnitude = bits & MAGNITUDE;
        return magnitude != 0 && magnitude < Float.floatToRawIntBits(Float.MIN_NORMAL);
    }

    /**
     * {@code x * b} for a subnormal x and {@code 0 <= b <= 1}, as Java's float product, without
     * touching a subnormal in float arithmetic: x = k·2⁻¹⁴⁹ for the integer k of its magnitude
     * bits, the exact product k·b·2⁻¹⁴⁹ is at most x, and the floats there are the multiples of
     * 2⁻¹⁴⁹ (2²³·2⁻¹⁴⁹ being the smallest normal one), so the product rounds to rint(k·b)·2⁻¹⁴⁹,
     * ties to even, whose bits are rint(k·b). k·b is exact in double (23 + 24 bits); the sign is
     * x's (a zero result included, as for the float product with b ≥ 0).
     */
    static float scaleSubnormal(float x, float b) {
        return Float.intBitsToFloat(scaleSubnormalBits(Float.floatToRawIntBits(x), b));
    }

    /**
     * {@link #scaleSubnormal} from and to the float's bits, with integer moves instead of
     * conversions: k is read as a double from the bits of 2⁵² + k, and adding 2⁵² to k·b
     * (below 2²³) rounds it to an integer, ties to even, left in the low bits of the sum.
     * (A conversion between int and double writes only part of its register, so each waited
     * for the previous element's: 6 ns an element instead of 1 in the decayed step of Adam.)
     */
    static int scaleSubnormalBits(int bits, float b) {
        double k = Double.longBitsToDouble(TWO_POW_52_BITS | (bits & MAGNITUDE)) - 0x1p52;
        return (bits & SIGN) | (int) Double.doubleToRawLongBits(k * b + 0x1p52);
    }

    /** {@code a * b} of floats held in doubles, as a float held in a double. */
    static double mul(double a, double b) {
        return round(a * b);
    }

    /** {@code a / b}. */
    static double div(double a, double b) {
        return round(a / b);
    }

    /** {@code a + b}. */
    static double plus(double a, double b) {
        return round(a + b);
    }

    /** {@link TorchFloat#sqrt}. */
    static double sqrt(double x) {
        return round(Math.sqrt(x));
    }

    /**
     * {@link TorchFloat#add}: {@code self + alpha * other} with a single rounding. The product is
     * exact in double, so a zero product leaves an exact sum, and a product of at most |self|·2⁻²⁶
     * for a finite normal {@code self} (less than half its ulp, which exceeds |self|·2⁻²⁵) leaves
     * {@code self}: the fast answers for a decayed momentum buffer.
     */
    static double add(double self, double other, double alpha) {
        double product = alpha * other;
        if (product == 0) {
            return self + product;                  // exact, with IEEE 754's sign for a sum of zeros
        }
        double magnitude = Math.abs(self);
        if (magnitude >= 0x1p-126 && magnitude < 0x1p128 && Math.abs(product) <= magnitude * 0x1p-26) {
            return self;
        }
        return round(fmaToOdd(alpha, other, self));
    }

    /** {@link TorchFloat#addcmul}: {@code (value * t1) * t2 + self}, the last two fused. */
    static double addcmul(double self, double t1, double t2, double value) {
        return add(self, t2, mul(value, t1));
    }

    /**
     * {@link TorchFloat#addcdiv}: {@code self + (value * t1) / t2}, each op rounded. An increment
     * far below half an ulp of {@code self} leaves it unchanged, so it is not computed when
     * <pre>
     *   2⁻⁶⁴ ≤ |self| &lt; 2¹²⁸,   2⁻⁴⁰ ≤ t2 &lt; 2¹²⁸,   |value·t1| ≤ min(2¹⁰⁰, |self|·t2·2⁻²⁸)
     * </pre>
     * (all exact in double). The float product u and quotient w are each within a relative 2⁻²⁴
     * plus an absolute 2⁻¹⁵⁰ (half the subnormal spacing) of the exact result, so
     * |w| ≤ |self|·2⁻²⁸(1 + 2⁻²⁴)² + 2⁻¹⁵⁰(1 + 2⁻²⁴)/t2 + 2⁻¹⁵⁰, and as 2⁻¹⁰⁹ ≤ |self|·2⁻⁴⁵,
     * |w| &lt; |self|·2⁻²⁶ &lt; ulp(self)/2: {@code self + w} rounds to {@code self}. This is the
     * update of a parameter whose {@code exp_avg} has decayed.
     */
    static double addcdiv(double self, double t1, double t2, double value) {
        if (addcdivLeaves(Math.abs(self), Math.abs(value * t1), t2)) {
            return self;
        }
        return plus(self, div(mul(value, t1), t2));
    }

    /**
     * {@link #addcdiv}'s test that it leaves self unchanged, given {@code magnitude} = |self|
     * and {@code increment} = |value·t1|. True for some t2 means true for every larger finite
     * t2 too (|self|·t2·2⁻²⁸ is exact, so it grows with t2): a caller that knows only a lower
     * bound of t2 may test with that. False for a NaN t2.
     */
    static boolean addcdivLeaves(double magnitude, double increment, double t2) {
        return magnitude >= 0x1p-64 && magnitude < 0x1p128 && t2 >= 0x1p-40 && t2 < 0x1p128
                && increment <= 0x1p100 && increment <= magnitude * t2 * 0x1p-28;
    }

    /**
     * {@code x} rounded to the nearest float, ties to even, as a double: {@code widen(narrow(x))}
     * computed the same way, on the double's own bits in the normal range (the sign bit is left
     * alone: no finite float-range value carries into it).
     */
    static double round(double x) {
        long bits = Double.doubleToRawLongBits(x);
        long magnitude = bits & Long.MAX_VALUE;
        if (magnitude >= Double.doubleToRawLongBits(0x1p-126)) {
            if (magnitude >= 0x7ff0000000000000L) {
                return x;
            }
            double rounded = Double.longBitsToDouble((bits + 0x0fffffffL + ((bits >>> 29) & 1)) & ~0x1fffffffL);
            return Math.abs(rounded) < 0x1p128 ? rounded : Math.copySign(Double.POSITIVE_INFINITY, x);
        }
        return Math.copySign((Math.abs(x) + 0x1p-97) - 0x1p-97, x);
    }

    /** The double of {@code x}'s value, from its bits (a subnormal is an integer k times 2⁻¹⁴⁹). */
    static double widen(float x) {
        return widenBits(Float.floatToRawIntBits(x));
    }

    /** {@link #widen} of the float with these bits. */
    static double widenBits(int bits) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(magnitude(bits)) | (long) (bits & SIGN) << 32);
    }

    /** {@code |x|} as a double, for the float x with these bits: {@link #widenBits} without the sign. */
    static double magnitude(int bits) {
        int magnitude = bits & MAGNITUDE;
        if (magnitude < Float.floatToRawIntBits(Float.MIN_NORMAL)) {
            // k in the last bits of 2^-97 reads as 2^-97 + k 2^-149
            return Double.longBitsToDouble(SUBNORMAL_GRID | magnitude) - 0x1p-97;
        } else if (magnitude < INFINITE) {
            return Double.longBitsToDouble(((long) magnitude << 29) + REBIAS);
        }
        return Double.longBitsToDouble(((long) magnitude << 29) | 0x7ff0000000000000L);
    }

    /**
     * {@code (float) x}: the nearest float, ties to even, from the double's bits. In the normal
     * range the 29 bits a float lacks are rounded off as an integer (a carry moves into the
     * exponent, and past the largest float reaches infinity's bits). Below 2⁻¹²⁶ the floats are
     * the integers times 2⁻¹⁴⁹, and adding 2⁻⁹⁷, whose last place is 2⁻¹⁴⁹, rounds to them.
     */
    static float narrow(double x) {
        long bits = Double.doubleToRawLongBits(x);
        long magnitude = bits & Long.MAX_VALUE;
        int sign = (int) (bits >>> 32) & SIGN;
        int rounded;
        if (magnitude >= Double.doubleToRawLongBits(0x1p-126)) {
            if (magnitude > 0x7ff0000000000000L) {
                return Float.NaN;
            }
            long floatBits = magnitude - REBIAS;
            rounded = (int) Math.min((floatBits + 0x0fffffffL + ((floatBits >>> 29) & 1)) >>> 29, INFINITE);
        } else {
            rounded = (int) (Double.doubleToRawLongBits(Math.abs(x) + 0x1p-97) - SUBNORMAL_GRID);
        }
        return Float.intBitsToFloat(sign | rounded);
    }

    /** {@code a · b + c} for floats a, b, c, rounded to odd in double (see the class comment). */
    private static double fmaToOdd(double a, double b, double c) {
        double product = a * b;                              // exact
        double sum = product + c;
        double virtualC = sum - product;                     // two-sum: sum + error = product + c exactly
        double error = (product - (sum - virtualC)) + (c - virtualC);
        long bits = Double.doubleToRawLongBits(sum);
        if (error != 0 && (bits & 1) == 0 && Double.isFinite(sum)) {
            // the sum was rounded to an even last bit: step one ulp towards the exact value
            sum = Double.longBitsToDouble((error > 0) == (sum > 0) ? bits + 1 : bits - 1);
        }
        return sum;
    }
}
