package dev.dynrnn.kernels;

import static dev.dynrnn.kernels.Fixtures.SIZES;
import static dev.dynrnn.kernels.Fixtures.U;
import static dev.dynrnn.kernels.Fixtures.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;

/**
 * sum, dot, sumOfSquares, max, sumRows, sumCols.
 *
 * <p>Tolerances: the scalar kernels add in double, so they are within one float rounding of the
 * exact sum (u |s|, u = 2^-24) plus the double accumulation error (n 2^-53 sum|x|). The vector
 * kernels add blocks of 1024 in float: any element passes through at most
 * 1024/(4*lanes) + lanes + log2(lanes) + 2 <= 134 float additions for 2 <= lanes <= 64, so
 * vector and scalar agree within min(n + 4, 150) * 2u * sum|x|: about 1e-5 of sum|x| at most,
 * and far less for short runs. max and sumRows (float, rows in order) must agree exactly.
 */
class ReductionTest {
    interface Reduce {
        float apply(ArrayKernels k, float[] a, int aOff, float[] b, int bOff, int n);
    }

    /** Exact value and sum of magnitudes of the terms, in double. */
    interface Reference {
        double[] apply(float[] a, float[] b, int n);
    }

    private static void check(String name, Reduce op, Reference ref) {
        Random random = new Random(name.hashCode());
        for (int n : SIZES) {
            for (int trial = 0; trial < 3; trial++) {
                float[] x = trial == 2 ? Fixtures.uniform(random, n, 0, 1) : Fixtures.uniform(random, n, -1, 1);
                float[] y = Fixtures.uniform(random, n, -1, 1);
                double[] r = ref.apply(x, y, n);
                double exact = r[0], magnitude = r[1];
                float scalar = op.apply(Kernels.scalar(), Fixtures.embed(x, 3), 3, Fixtures.embed(y, 1), 1, n);
                double scalarTol = U * Math.abs(exact) + n * 0x1p-52 * magnitude;
                if (!(Math.abs(scalar - exact) <= scalarTol)) {
                    fail("scalar " + name + " n=" + n + ": " + scalar + ", want " + exact + " +- " + scalarTol);
                }
                if (Kernels.vector().isPresent()) {
                    ArrayKernels v = Kernels.vector().get();
                    float vector = op.apply(v, Fixtures.embed(x, 3), 3, Fixtures.embed(y, 1), 1, n);
                    double tol = Math.min(n + 4, 150) * 2 * U * magnitude;
                    if (!(Math.abs(vector - scalar) <= tol)) {
                        fail("vector " + name + " n=" + n + ": " + vector + ", scalar " + scalar + " +- " + tol);
                    }
                    float again = op.apply(v, Fixtures.embed(x, 3), 3, Fixtures.embed(y, 1), 1, n);
                    assertEquals(Float.floatToIntBits(vector), Float.floatToIntBits(again), "deterministic " + name);
                }
            }
        }
    }

    @Test
    void sum() {
        check("sum", (k, a, ao, b, bo, n) -> k.sum(a, ao, n), (a, b, n) -> {
            double s = 0, m = 0;
            for (int i = 0; i < n; i++) {
                s += a[i];
                m += Math.abs(a[i]);
            }
            return new double[] {s, m};
        });
    }

    @Test
    void dot() {
        check("dot", (k, a, ao, b, bo, n) -> k.dot(a, ao, b, bo, n), (a, b, n) -> {
            double s = 0, m = 0;
            for (int i = 0; i < n; i++) {
                s += (double) a[i] * b[i];
                m += Math.abs((double) a[i] * b[i]);
            }
            return new double[] {s, m};
        });
    }

    @Test
    void sumOfSquares() {
        check("sumOfSquares", (k, a, ao, b, bo, n) -> k.sumOfSquares(a, ao, n), (a, b, n) -> {
            double s = 0;
            for (int i = 0; i < n; i++) s += (double) a[i] * a[i];
            return new double[] {s, s};
        });
    }

    @Test
    void maxPropagatesNaNFromAnyPosition() {
        Random random = new Random(17);
        for (int n : SIZES) {
            float[] x = Fixtures.uniform(random, n, -5, 5);
            for (ArrayKernels k : GemmTest.implementations()) {
                float want = Float.NEGATIVE_INFINITY;
                for (float v : x) want = Math.max(want, v);
                assertEquals(want, k.max(Fixtures.embed(x, 2), 2, n), 0f, k.name() + " max n=" + n);
                for (int pos : new int[] {0, n / 2, n - 1}) {
                    if (n == 0) continue;
                    float[] withNaN = x.clone();
                    withNaN[pos] = Float.NaN;
                    assertTrue(Float.isNaN(k.max(withNaN, 0, n)), k.name() + " NaN at " + pos + " of " + n);
                }
            }
        }
        for (ArrayKernels k : GemmTest.implementations()) {
            float[] zeros = new float[40];
            java.util.Arrays.fill(zeros, -0f);
            zeros[37] = 0f;
            assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(k.max(zeros, 0, 40)), "+0 beats -0");
            assertEquals(Float.NEGATIVE_INFINITY, k.max(zeros, 0, 0), 0f, "empty max");
            assertEquals(0f, k.sum(zeros, 0, 0), 0f, "empty sum");
        }
    }

    @Test
    void sumRowsAndSumCols() {
        Random random = new Random(19);
        int[] dims = {1, 3, 15, 17, 33, 100};
        for (int m : dims) {
            for (int n : dims) {
                int lda = n + 3;
                float[] a = new float[2 + m * lda];
                for (int i = 0; i < a.length; i++) a[i] = 2 * random.nextFloat() - 1;
                float[] scalarRows = new float[n + 1], scalarCols = new float[m + 1];
                Kernels.scalar().sumRows(m, n, a, 2, lda, scalarRows, 1);
                Kernels.scalar().sumCols(m, n, a, 2, lda, scalarCols, 1);
                for (int j = 0; j < n; j++) {
                    double exact = 0, magnitude = 0;
                    for (int i = 0; i < m; i++) {
                        exact += a[2 + i * lda + j];
                        magnitude += Math.abs(a[2 + i * lda + j]);
                    }
                    // float, rows in order: m-1 roundings at most
                    assertTrue(Math.abs(scalarRows[1 + j] - exact) <= m * U * magnitude, "sumRows " + m + "x" + n);
                }
                for (int i = 0; i < m; i++) {
                    assertEquals(Kernels.scalar().sum(a, 2 + i * lda, n), scalarCols[1 + i], 0f, "sumCols is sum per row");
                }
                if (Kernels.vector().isPresent()) {
                    ArrayKernels v = Kernels.vector().get();
                    float[] rows = new float[n + 1], cols = new float[m + 1];
                    v.sumRows(m, n, a, 2, lda, rows, 1);
                    v.sumCols(m, n, a, 2, lda, cols, 1);
                    assertSameBits("vector sumRows " + m + "x" + n, scalarRows, 0, rows, 0, n + 1);
                    for (int i = 0; i < m; i++) {
                        assertEquals(v.sum(a, 2 + i * lda, n), cols[1 + i], 0f, "vector sumCols is sum per row");
                    }
                }
            }
        }
    }

    /** Vector sum within the documented bound of the scalar (double-accumulated) sum. */
    @Property(tries = 300)
    @AddLifecycleHook(RequiresVector.class)
    void vectorSumIsCloseToScalarSum(@ForAll @Size(max = 3000) float[] values) {
        float[] x = values.clone();
        for (int i = 0; i < x.length; i++) if (!Float.isFinite(x[i]) || Math.abs(x[i]) > 1e30f) x[i] = 1f;
        double magnitude = 0;
        for (float v : x) magnitude += Math.abs(v);
        float scalar = Kernels.scalar().sum(x, 0, x.length);
        float vector = Kernels.vector().get().sum(x, 0, x.length);
        double tol = Math.min(x.length + 4, 150) * 2 * U * magnitude + 2 * Math.ulp(scalar);
        assertTrue(Math.abs(vector - scalar) <= tol, vector + " vs " + scalar + " +- " + tol);
    }

    /** dot(x, x) and sumOfSquares(x) are the same accumulation in every implementation. */
    @Property(tries = 200)
    void sumOfSquaresIsDotWithItself(@ForAll @Size(max = 2000) float @FloatRange(min = -1e3f, max = 1e3f) [] x) {
        for (ArrayKernels k : GemmTest.implementations()) {
            assertEquals(k.dot(x, 0, x, 0, x.length), k.sumOfSquares(x, 0, x.length), 0f, k.name());
        }
    }
}
