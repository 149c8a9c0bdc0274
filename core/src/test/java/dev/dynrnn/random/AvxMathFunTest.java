package dev.dynrnn.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The AVX polynomials are judged bit for bit by the PyTorch fixtures; this only checks that they
 * are the functions they claim to be, over the ranges the normal sampler uses.
 */
class AvxMathFunTest {

    @Test
    void logIsWithinTwoUlpOnTheUnitInterval() {
        for (int k = 1; k <= 1 << 24; k += 97) {
            float x = k * 0x1.0p-24f; // the values 1 - u takes
            double exact = StrictMath.log(x);
            float ulp = Math.ulp((float) exact);
            assertTrue(Math.abs(AvxMathFun.log(x) - exact) <= 2 * ulp, "log(" + x + ")");
        }
        assertEquals(0f, AvxMathFun.log(1f));
    }

    @Test
    void logOfNonPositiveIsNan() {
        assertTrue(Float.isNaN(AvxMathFun.log(0f)));
        assertTrue(Float.isNaN(AvxMathFun.log(-1f)));
    }

    @Test
    void sinAndCosAreAccurateOverOneTurnAndHaveTheRightSigns() {
        for (int k = 0; k < 1 << 16; k++) {
            float theta = (float) (2 * Math.PI) * k / (1 << 16);
            assertEquals(StrictMath.sin(theta), AvxMathFun.sin(theta), 2e-7, "sin(" + theta + ")");
            assertEquals(StrictMath.cos(theta), AvxMathFun.cos(theta), 2e-7, "cos(" + theta + ")");
            assertEquals(-AvxMathFun.sin(theta), AvxMathFun.sin(-theta), "sin is odd");
            assertEquals(AvxMathFun.cos(theta), AvxMathFun.cos(-theta), "cos is even");
        }
    }
}
