package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatTextTest {
    @Test
    void formatsAsPythonReprsAFloat32() {
        // the strings numpy 1.24 prints for np.float32 values (repr), checked with /usr/bin/python3
        assertEquals("0.1", FloatText.format(0.1f));
        assertEquals("3.0", FloatText.format(3f));
        assertEquals("-2.5", FloatText.format(-2.5f));
        assertEquals("0.0", FloatText.format(0f));
        assertEquals("-0.0", FloatText.format(-0f));
        assertEquals("0.0001", FloatText.format(1e-4f));
        assertEquals("1e-05", FloatText.format(1e-5f));
        assertEquals("1.2345679e-07", FloatText.format(1.2345678e-7f)); // closest of the 8-digit ones
        assertEquals("123456.0", FloatText.format(123456f));
        assertEquals("1e+16", FloatText.format(1e16f));
        assertEquals("3.4028235e+38", FloatText.format(Float.MAX_VALUE));
        assertEquals("1e-45", FloatText.format(Float.MIN_VALUE));
        assertEquals("16777216.0", FloatText.format(16777216f));
        assertEquals("0.33333334", FloatText.format(1f / 3));
        assertEquals("inf", FloatText.format(Float.POSITIVE_INFINITY));
        assertEquals("-inf", FloatText.format(Float.NEGATIVE_INFINITY));
        assertEquals("nan", FloatText.format(Float.NaN));
    }

    @Test
    void readsBackAsTheSameFloatAndIsNoLongerThanNeeded() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            float value = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(value)) {
                continue;
            }
            String text = FloatText.format(value);
            assertEquals(Float.floatToRawIntBits(value), Float.floatToRawIntBits(Float.parseFloat(text)), text);
            String digits = text.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "")
                    .replaceFirst("^0+", "").replaceFirst("0+$", "");
            // one digit fewer never round-trips (as the binary search assumes)
            if (digits.length() > 1) {
                java.math.BigDecimal shorter = new java.math.BigDecimal(value)
                        .round(new java.math.MathContext(digits.length() - 1, java.math.RoundingMode.HALF_EVEN));
                assertEquals(false, Float.parseFloat(shorter.toString()) == value, text);
            }
        }
    }
}
