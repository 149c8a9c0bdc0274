package dev.dynrnn.kernels;

import static dev.dynrnn.kernels.Fixtures.SIZES;
import static dev.dynrnn.kernels.Fixtures.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimizer kernels: {@code anyNonzeroBelow} against its definition, and {@code adam} and
 * {@code adamUntilTiny} against Adam's float formulas written out element by element (the same IEEE operations, so
 * bit for bit), in every implementation, at offsets and sizes around the vector widths.
 */
class AdamKernelTest {
    private static final float TINY = 0x1p-100f;

    @Test
    void anyNonzeroBelowFindsOneElementAnywhere() {
        float[] notBelow = {0f, -0f, TINY, -TINY, 1f, Float.MAX_VALUE, Float.NaN, Float.intBitsToFloat(0xffffffff),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] below = {Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -1e-40f, Math.nextDown(TINY),
            -Math.nextDown(TINY)};
        Random random = new Random(5);
        for (ArrayKernels k : GemmTest.implementations()) {
            for (int n : SIZES) {
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = random.nextBoolean() ? notBelow[random.nextInt(notBelow.length)] : (float) random.nextGaussian();
                }
                float[] embedded = Fixtures.embed(x, 3);
                embedded[2] = Float.MIN_VALUE;             // just outside the run: must not be seen
                embedded[3 + n] = Float.MIN_VALUE;
                assertEquals(false, k.anyNonzeroBelow(TINY, embedded, 3, n), k.name() + " n=" + n);
                for (int at = 0; at < n; at += Math.max(1, n / 7)) {
                    float saved = embedded[3 + at];
                    embedded[3 + at] = below[random.nextInt(below.length)];
                    assertEquals(true, k.anyNonzeroBelow(TINY, embedded, 3, n), k.name() + " n=" + n + " at " + at);
                    embedded[3 + at] = saved;
                }
            }
            assertEquals(true, k.anyNonzeroBelow(2f, new float[] {1.5f}, 0, 1), k.name());
            assertEquals(false, k.anyNonzeroBelow(2f, new float[] {2f, -3f}, 0, 2), k.name());
            assertThrows(IndexOutOfBoundsException.class, () -> k.anyNonzeroBelow(TINY, new float[4], 2, 3));
        }
    }

    @Test
    void adamIsTheFloatFormulaElementByElement() {
        Random random = new Random(7);
        float b1 = 0.9f, keep1 = (float) (1 - 0.9), b2 = 0.999f, keep2 = (float) (1 - 0.999);
        for (int n : SIZES) {
            float[] p = Fixtures.uniform(random, n, -1, 1), g = Fixtures.uniform(random, n, -3, 3);
            float[] m = Fixtures.uniform(random, n, -0.5f, 0.5f), v = Fixtures.uniform(random, n, 0, 2);
            float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(0.999, 7)), eps = 1e-8f;
            float negStep = (float) -(0.02 / (1 - Math.pow(0.9, 7)));
            float[] wantP = p.clone(), wantM = m.clone(), wantV = v.clone();
            for (int i = 0; i < n; i++) {
                wantM[i] = Math.fma(keep1, g[i], m[i] * b1);
                wantV[i] = Math.fma(keep2 * g[i], g[i], v[i] * b2);
                float denom = (float) Math.sqrt(wantV[i]) / bc2Sqrt + eps;
                wantP[i] = p[i] + negStep * wantM[i] / denom;
            }
            for (ArrayKernels k : GemmTest.implementations()) {
                float[] pp = Fixtures.embed(p, 1), gg = Fixtures.embed(g, 2), mm = Fixtures.embed(m, 3);
                float[] vv = Fixtures.embed(v, 4);
                k.adam(pp, 1, gg, 2, mm, 3, vv, 4, b1, keep1, b2, keep2, bc2Sqrt, eps, negStep, n);
                assertSameBits(k.name() + " adam p", wantP, 0, pp, 1, n);
                assertSameBits(k.name() + " adam m", wantM, 0, mm, 3, n);
                assertSameBits(k.name() + " adam v", wantV, 0, vv, 4, n);
                assertSameBits(k.name() + " adam g untouched", g, 0, gg, 2, n);
                assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(pp[1 + n]), "written past p");
            }
        }
    }
    /**
     * adamUntilTiny stops at the first element with a tiny operand, in any of the four arrays and
     * at any lane of a vector: the elements before it get adam's bits, it and those after it are
     * untouched.
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
