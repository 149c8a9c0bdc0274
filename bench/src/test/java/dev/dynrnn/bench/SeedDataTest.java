package dev.dynrnn.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeedDataTest {

    /** The lengths bench/peers/pytorch_workloads.py draws (SeedData(seed).next_half_periods()). */
    @Test
    void halfPeriodsMatchThePythonPeer() {
        SeedData zero = new SeedData(0);
        int[] expected = {3, 1, 2, 2, 3, 3, 3, 3, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 3, 2};
        int[] actual = new int[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = zero.nextHalfPeriods();
        }
        assertArrayEquals(expected, actual);

        SeedData other = new SeedData(12345);
        int[] expectedOther = {2, 2, 2, 2, 2, 1, 1, 2, 3, 2};
        for (int e : expectedOther) {
            assertEquals(e, other.nextHalfPeriods());
        }
    }

    /** Values printed by the Python peer for seed 0: first x samples, last y samples, second batch. */
    @Test
    void dataMatchesThePythonPeer() {
        SeedData data = new SeedData(0);
        float[][] first = data.next();
        assertEquals(30, first[0].length);
        float[] x = {0.0f, 0.3193015158176422f, 0.60517418384552f, 0.827688992023468f, 0.9635499715805054f};
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], first[0][i], 1e-6f, "x[" + i + "]");
        }
        float[] yTail = {-0.7960932850837708f, -0.9476532340049744f, -1.0f};
        for (int i = 0; i < yTail.length; i++) {
            assertEquals(yTail[i], first[1][27 + i], 1e-6f, "y[" + (27 + i) + "]");
        }
        float[][] second = data.next();
        assertEquals(10, second[0].length);
        assertEquals(-0.34202009439468384f, second[0][1], 1e-6f);
        assertEquals(-0.642787516117096f, second[0][2], 1e-6f);
    }
}
