package dev.dynrnn.kernels;

import static dev.dynrnn.kernels.Fixtures.SIZES;
import static dev.dynrnn.kernels.Fixtures.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimizer kernel {@code adamUntilTiny} against Adam's float formulas written out element by element (the
 * same IEEE operations, so bit for bit), in every implementation, at offsets and sizes around the vector widths.
 */
class AdamKernelTest {
    private static final float TINY = 0x1p-100f;

    /**
     * adamUntilTiny stops at the first element with a tiny operand, in any of the four arrays and
     * at any lane of a vector: the elements before it get the bits of Adam's formulas, it and those
     * after it are untouched.
     */
    @Test
    void adamUntilTinyStopsAtTheFirstTinyOperand() {
        Random random = new Random(11);
        float b1 = 0.9f, keep1 = (float) (1 - 0.9), b2 = 0.999f, keep2 = (float) (1 - 0.999);
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(0.999, 7)), eps = 1e-8f;
        float negStep = (float) -(0.02 / (1 - Math.pow(0.9, 7)));
        float[] tinyValues = {Float.MIN_VALUE, -1e-40f, Math.nextDown(TINY), -Float.MIN_NORMAL};
        for (int n : SIZES) {
            float[] p = Fixtures.uniform(random, n, -1, 1), g = Fixtures.uniform(random, n, -3, 3);
            float[] m = Fixtures.uniform(random, n, -0.5f, 0.5f), v = Fixtures.uniform(random, n, 0, 2);
            if (n > 0) {
                g[random.nextInt(n)] = 0f;                 // zeros are not tiny
            }
            for (int at = 0; at <= n; at += Math.max(1, n / 5)) {
                int operand = random.nextInt(4);
                float[][] inputs = {p.clone(), g.clone(), m.clone(), v.clone()};
                if (at < n) {
                    inputs[operand][at] = tinyValues[random.nextInt(tinyValues.length)];
                    inputs[3][at] = Math.abs(inputs[3][at]);
                }
                float[] wantP = inputs[0].clone(), wantM = inputs[2].clone(), wantV = inputs[3].clone();
                for (int i = 0; i < at; i++) {
                    float gi = inputs[1][i];
                    wantM[i] = Math.fma(keep1, gi, inputs[2][i] * b1);
                    wantV[i] = Math.fma(keep2 * gi, gi, inputs[3][i] * b2);
                    wantP[i] = inputs[0][i] + negStep * wantM[i] / ((float) Math.sqrt(wantV[i]) / bc2Sqrt + eps);
                }
                for (ArrayKernels k : GemmTest.implementations()) {
                    float[] pp = Fixtures.embed(inputs[0], 1), gg = Fixtures.embed(inputs[1], 2);
                    float[] mm = Fixtures.embed(inputs[2], 3), vv = Fixtures.embed(inputs[3], 4);
                    String what = k.name() + " n=" + n + " tiny operand " + operand + " at " + at;
                    assertEquals(Math.min(at, n), k.adamUntilTiny(TINY, pp, 1, gg, 2, mm, 3, vv, 4, b1, keep1, b2, keep2,
                            bc2Sqrt, eps, negStep, n), what);
                    assertSameBits(what + " p", wantP, 0, pp, 1, n);
                    assertSameBits(what + " m", wantM, 0, mm, 3, n);
                    assertSameBits(what + " v", wantV, 0, vv, 4, n);
                    assertSameBits(what + " g untouched", inputs[1], 0, gg, 2, n);
                }
            }
        }
    }
}
