package dev.dynrnn.app.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Numpy} against NumPy 1.24's own results, bit for bit. */
class NumpyTest {

    @Test
    @SuppressWarnings("unchecked")
    void linspaceSinAndCosOfTheSeedsSegmentsAreNumpys() {
        List<Object> segments = (List<Object>) DemoFixture.numpy().get("segments");
        for (Object value : segments) {
            Map<String, Object> segment = (Map<String, Object>) value;
            double start = ((Number) segment.get("start")).doubleValue();
            double end = ((Number) segment.get("end")).doubleValue();
            int n = ((Number) segment.get("n")).intValue();
            float[] steps = Numpy.linspace(start, end, n);
            String where = "linspace(" + start + ", " + end + ", " + n + ")";
            assertBitsEqual(DemoFixture.floats(segment.get("steps")), steps, where);
            assertBitsEqual(DemoFixture.floats(segment.get("sin")), Numpy.sin(steps), "sin of " + where);
            assertBitsEqual(DemoFixture.floats(segment.get("cos")), Numpy.cos(steps), "cos of " + where);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sinAndCosOverAWideRangeAreNumpys() {
        Map<String, Object> spread = (Map<String, Object>) DemoFixture.numpy().get("spread");
        float[] x = DemoFixture.floats(spread.get("x"));
        float[] sin = DemoFixture.floats(spread.get("sin"));
        float[] cos = DemoFixture.floats(spread.get("cos"));
        assertBitsEqual(sin, Numpy.sin(x), "np.sin");
        assertBitsEqual(cos, Numpy.cos(x), "np.cos");
        // Why the class exists: the correctly rounded value is NumPy's for most inputs, not all.
        int differ = 0;
        for (int i = 0; i < x.length; i++) {
            differ += (float) Math.sin(x[i]) != sin[i] ? 1 : 0;
        }
        assertTrue(differ > x.length / 20, differ + " of " + x.length + " differ from (float) Math.sin");
    }

    @Test
    void linspaceEdgeCases() {
        assertArrayEquals(new float[0], Numpy.linspace(0, 1, 0));
        assertArrayEquals(new float[] {2f}, Numpy.linspace(2, 5, 1));
        assertArrayEquals(new float[] {3f, 3f, 3f}, Numpy.linspace(3, 3, 3));
        assertArrayEquals(new float[] {0f, 0.5f, 1f}, Numpy.linspace(0, 1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numpy.linspace(0, 1, -1));
        assertEquals("Number of samples, -1, must be non-negative.", e.getMessage());
    }

    @Test
    void nanStaysNan() {
        assertTrue(Float.isNaN(Numpy.sin(Float.NaN)));
        assertTrue(Float.isNaN(Numpy.cos(Float.POSITIVE_INFINITY)));
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + " at " + i + ": NumPy gives " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
