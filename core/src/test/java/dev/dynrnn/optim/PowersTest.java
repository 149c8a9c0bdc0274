package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Powers} gives StrictMath.pow's bits, remembered or not, and where it skips pow as an underflow. */
class PowersTest {
    /** Bases and exponents in any order, as parameters that skip steps or several groups ask for them. */
    @Test
    void powersInAnyOrderAreStrictMathPow() {
        Random random = new Random(3);
        double[] bases = {0.9, 0.999, 0.99, 0.5, 0.95, 0.9999};
        Powers powers = new Powers();
        long step = 1;
        for (int i = 0; i < 20_000; i++) {
            double base = bases[random.nextInt(random.nextBoolean() ? 2 : bases.length)];
            step = switch (random.nextInt(6)) {
                case 0 -> 1 + random.nextInt(20_000);
                case 1 -> Math.max(1, step - random.nextInt(40));
                default -> step + random.nextInt(3);
            };
            long t = step;
            double want = StrictMath.pow(base, t);
            double got = powers.pow(base, t);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                    () -> base + "^" + t + ": want " + want + ", got " + got);
        }
    }

    @Test
    void powersAreStrictMathPow() {
        double[] bases = {0.9, 0.999, 0.5, 0.99, 0.9999, 1e-3, 1e-300, Double.MIN_VALUE, Math.nextDown(1.0), 0.0, -0.0,
            1.0, -0.5, 1.5, Double.NaN};
        Powers powers = new Powers();
        for (double base : bases) {
            // the steps around where b^t leaves the subnormal range and where the shortcut starts
            double ln = Math.log(Math.abs(base));
            long[] centres = {1, 2, 10, 1000, (long) Math.min(1e15, Math.abs(-745 / ln)), (long) Math.min(1e15, Math.abs(-800 / ln))};
            for (long centre : centres) {
                for (long t = Math.max(1, centre - 300); t <= centre + 300; t++) {
                    for (int again = 0; again < 2; again++) {
                        double want = StrictMath.pow(base, t);
                        double got = powers.pow(base, t);
                        long step = t;
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                                () -> base + "^" + step + ": want " + want + ", got " + got);
                    }
                }
            }
        }
    }
}
