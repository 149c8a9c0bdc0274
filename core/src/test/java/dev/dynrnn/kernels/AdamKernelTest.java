package dev.dynrnn.kernels;

import static dev.dynrnn.kernels.Fixtures.SIZES;
import static dev.dynrnn.kernels.Fixtures.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Adam kernel against Adam's float formulas written out element by element (the same IEEE
 * operations, so bit for bit), in every implementation, at offsets and sizes around the vector
 * widths: elements without a tiny operand, decayed elements mixed with them in one vector, and
 * the elements it must leave to the caller.
 */
class AdamKernelTest {
    private static final float TINY = 0x1p-100f;
    private static final float B1 = 0.9f;
    private static final float KEEP1 = (float) (1 - 0.9);
    private static final float B2 = 0.999f;
    private static final float KEEP2 = (float) (1 - 0.999);
    private static final float BC2_SQRT = (float) Math.sqrt(1 - Math.pow(0.999, 7));
    private static final float EPS = 1e-8f;
    private static final float NEG_STEP = (float) -(0.02 / (1 - Math.pow(0.9, 7)));
    /** |p| from which a decayed element's p stays: 2⁻¹⁰⁰·0.14/10⁻⁸ is below 2⁻⁷⁶, far below half an ulp of 2⁻⁴⁰. */
    private static final float LEAST_STILL = 0x1p-40f;

    /** Adam's float formula on element i (Java's float arithmetic: exact, subnormals included). */
    private static void formula(float[] p, float[] g, float[] m, float[] v, int i) {
        m[i] = Math.fma(KEEP1, g[i], m[i] * B1);
        v[i] = Math.fma(KEEP2 * g[i], g[i], v[i] * B2);
        float denom = (float) Math.sqrt(v[i]) / BC2_SQRT + EPS;
        p[i] = p[i] + NEG_STEP * m[i] / denom;
    }

    private static int adam(ArrayKernels k, float[] p, float[] g, float[] m, float[] v, int from, int n) {
        return k.adam(p, 1, g, 2, m, 3, v, 4, B1, KEEP1, B2, KEEP2, BC2_SQRT, EPS, NEG_STEP, TINY, LEAST_STILL,
                from, n);
    }

    @Test
    void adamIsTheFloatFormulaElementByElement() {
        Random random = new Random(7);
        for (int n : SIZES) {
            float[] p = Fixtures.uniform(random, n, -1, 1), g = Fixtures.uniform(random, n, -3, 3);
            float[] m = Fixtures.uniform(random, n, -0.5f, 0.5f), v = Fixtures.uniform(random, n, 0, 2);
            float[] wantP = p.clone(), wantM = m.clone(), wantV = v.clone();
            for (int i = 0; i < n; i++) {
                formula(wantP, g, wantM, wantV, i);
            }
            for (ArrayKernels k : GemmTest.implementations()) {
                for (int from : new int[] {0, n / 3}) {
                    float[] pp = Fixtures.embed(p, 1), gg = Fixtures.embed(g, 2), mm = Fixtures.embed(m, 3);
                    float[] vv = Fixtures.embed(v, 4);
                    String what = k.name() + " n=" + n + " from " + from;
                    assertEquals(n, adam(k, pp, gg, mm, vv, from, n), what);
                    assertSameBits(what + " p before from", p, 0, pp, 1, from);
                    assertSameBits(what + " p", wantP, from, pp, 1 + from, n - from);
                    assertSameBits(what + " m", wantM, from, mm, 3 + from, n - from);
                    assertSameBits(what + " v", wantV, from, vv, 4 + from, n - from);
                    assertSameBits(what + " g untouched", g, 0, gg, 2, n);
                    assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(pp[1 + n]), "written past p");
                }
            }
        }
    }

    /** A float of magnitude bits drawn from [lo, hi), random sign. */
    private static float bits(Random random, int lo, int hi) {
        return Float.intBitsToFloat((random.nextBoolean() ? 0x80000000 : 0) | (lo + random.nextInt(hi - lo)));
    }

    private static boolean tiny(float x) {
        return x != 0 && Math.abs(x) < TINY;
    }

    /**
     * Vectors mixing ordinary elements, decayed ones (m subnormal or tiny and normal, v ordinary,
     * zero or tiny, p ordinary) and, rarely, elements the kernel must leave (a tiny g or p, m·β1
     * rounding to zero, p below leastStill, v negative, infinite or NaN): run as the optimizer
     * runs it, the caller computing each element left to it with the formula and starting the
     * kernel again after it, every element must get the formula's bits, and the kernel must stop
     * exactly at the elements it leaves.
     */
    @Test
    void decayedAndLeftElementsInAnyLane() {
        Random random = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            for (int n : SIZES) {
                float[] p = new float[n], g = new float[n], m = new float[n], v = new float[n];
                boolean[] left = new boolean[n];
                double leftRate = trial % 4 == 0 ? 0 : 0.02 * (trial % 4);
                double decayedRate = trial % 5 * 0.25;
                for (int i = 0; i < n; i++) {
                    p[i] = (float) random.nextGaussian();
                    g[i] = (float) random.nextGaussian() * 1e-2f;
                    m[i] = (float) random.nextGaussian() * 1e-3f;
                    v[i] = (float) Math.abs(random.nextGaussian()) * 1e-5f;
                    if (random.nextDouble() < decayedRate) {
                        g[i] = random.nextBoolean() ? 0f : -0f;
                        m[i] = switch (random.nextInt(4)) {
                            case 0 -> bits(random, 1, 0x00800000);                                // subnormal
                            case 1 -> bits(random, 1, 64);                                        // near the fixed points
                            case 2 -> bits(random, 0x00800000, Float.floatToRawIntBits(TINY));   // tiny, normal
                            default -> bits(random, 0x00800000 - 64, 0x00800000 + 64);           // around 2^-126
                        };
                        v[i] = switch (random.nextInt(4)) {
                            case 0 -> 0f;
                            case 1 -> Math.abs(bits(random, 1, 0x00800000));
                            case 2 -> Math.abs(bits(random, 0x00800000, Float.floatToRawIntBits(TINY)));
                            default -> v[i];
                        };
                        p[i] = random.nextInt(8) == 0 ? 0f : p[i];
                        if (random.nextDouble() < leftRate) {
                            switch (random.nextInt(6)) {
                                case 0 -> g[i] = bits(random, 1, Float.floatToRawIntBits(TINY));
                                case 1 -> p[i] = bits(random, 1, Float.floatToRawIntBits(TINY));
                                case 2 -> p[i] = Math.scalb(p[i], -60);                       // below leastStill
                                case 3 -> m[i] = Math.copySign(Float.MIN_VALUE, m[i]);        // m·β1 rounds to zero
                                case 4 -> v[i] = new float[] {-1e-3f, -0f, Float.POSITIVE_INFINITY, Float.NaN}[random.nextInt(4)];
                                default -> g[i] = Float.MIN_VALUE;
                            }
                        }
                    }
                    left[i] = (tiny(g[i]) || tiny(m[i]) || tiny(v[i]) || tiny(p[i]))
                            && !(g[i] == 0 && tiny(m[i]) && Float.floatToRawIntBits(v[i]) >= 0
                            && v[i] < Float.POSITIVE_INFINITY && Math.abs(p[i]) >= LEAST_STILL
                            && Math.abs(p[i]) < Float.POSITIVE_INFINITY && m[i] * B1 != 0);
                }
                float[] wantP = p.clone(), wantM = m.clone(), wantV = v.clone();
                for (int i = 0; i < n; i++) {
                    formula(wantP, g, wantM, wantV, i);
                }
                for (ArrayKernels k : GemmTest.implementations()) {
                    float[] pp = Fixtures.embed(p, 1), gg = Fixtures.embed(g, 2), mm = Fixtures.embed(m, 3);
                    float[] vv = Fixtures.embed(v, 4);
                    String what = k.name() + " trial " + trial + " n=" + n;
                    for (int from = 0; from < n; ) {
                        int stop = adam(k, pp, gg, mm, vv, from, n);
                        for (int j = from; j < stop; j++) {
                            assertEquals(false, left[j], what + ": went past element " + j + " to " + stop);
                        }
                        if (stop == n) {
                            break;
                        }
                        assertEquals(true, left[stop], what + ": stopped at " + stop);
                        assertSameBits(what + " p after the stop untouched", p, stop, pp, 1 + stop, n - stop);
                        assertSameBits(what + " m after the stop untouched", m, stop, mm, 3 + stop, n - stop);
                        assertSameBits(what + " v after the stop untouched", v, stop, vv, 4 + stop, n - stop);
                        pp[1 + stop] = wantP[stop];
                        mm[3 + stop] = wantM[stop];
                        vv[4 + stop] = wantV[stop];
                        from = stop + 1;
                    }
                    assertSameBits(what + " p", wantP, 0, pp, 1, n);
                    assertSameBits(what + " m", wantM, 0, mm, 3, n);
                    assertSameBits(what + " v", wantV, 0, vv, 4, n);
                    assertSameBits(what + " g untouched", g, 0, gg, 2, n);
                }
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        for (ArrayKernels k : GemmTest.implementations()) {
            float[] a = new float[8];
            assertThrows(IndexOutOfBoundsException.class, () -> k.adam(a, 2, a, 0, a, 0, a, 0, B1, KEEP1, B2, KEEP2,
                    BC2_SQRT, EPS, NEG_STEP, TINY, LEAST_STILL, 0, 7));
            assertThrows(IndexOutOfBoundsException.class, () -> k.adam(a, 0, a, 0, a, 0, a, 0, B1, KEEP1, B2, KEEP2,
                    BC2_SQRT, EPS, NEG_STEP, TINY, LEAST_STILL, 5, 4));
            assertThrows(IllegalArgumentException.class, () -> k.adam(a, 0, a, 0, a, 0, a, 0, B1, KEEP1, B2, KEEP2,
                    BC2_SQRT, EPS, NEG_STEP, 0f, LEAST_STILL, 0, 4));
        }
    }
}
