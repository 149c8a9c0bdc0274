package dev.dynrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector LSTM cell ({@link VectorLstmCell}) against the one-pass-per-gate composition
 * ({@link LstmCell}) run with the same (vector) kernels: the same bits for every unit, whether it
 * falls in a vector or in the scalar tail of a range, with c_(t-1) per row or one row for all,
 * with and without saved tanh(c_t) and the output's gradient.
 */
class LstmCellTest {
    /** Hidden sizes and unit ranges: whole rows, halves, and ranges that end in a scalar tail. */
    private static final int[][] RANGES = {{5, 0, 5}, {16, 0, 16}, {40, 0, 40}, {40, 3, 21}, {96, 48, 48},
            {512, 0, 256}, {512, 256, 256}, {77, 10, 67}};

    @Test
    void vectorCellGivesTheBitsOfTheComposedCell() {
        assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
        ArrayKernels vector = Kernels.vector().get();
        Random random = new Random(11);
        int rows = 3;
        for (int[] range : RANGES) {
            int h = range[0], from = range[1], width = range[2];
            for (int cPrevStride : new int[] {h, 0}) {
                for (boolean saveTanh : new boolean[] {true, false}) {
                    String what = "H=" + h + " units [" + from + ", " + (from + width) + ") cPrevStride=" + cPrevStride
                            + " saveTanh=" + saveTanh;
                    float[] pre = values(random, rows * 4 * h, 4f);
                    float[] cPrev = values(random, rows * h, 2f);
                    Cell want = new Cell(rows, h, pre, saveTanh);
                    Cell got = new Cell(rows, h, pre, saveTanh);
                    LstmCell.forward(vector, rows, h, from, width, want.gates, 0, cPrev, 0, cPrevStride, want.cells, 0,
                            want.cellsTanh, 0, want.out, 0, want.row);
                    vector.lstmForward(rows, h, from, width, got.gates, 0, cPrev, 0, cPrevStride, got.cells, 0,
                            got.cellsTanh, 0, got.out, 0, got.row);
                    assertArrayEquals(want.gates, got.gates, what + ": activations");
                    assertArrayEquals(want.cells, got.cells, what + ": c_t");
                    assertArrayEquals(want.out, got.out, what + ": h_t");
                    if (saveTanh) {
                        assertArrayEquals(want.cellsTanh, got.cellsTanh, what + ": tanh(c_t)");
                    }
                }
            }
        }
    }

    @Test
    void vectorBackwardGivesTheBitsOfTheScalarLoops() {
        assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
        ArrayKernels vector = Kernels.vector().get();
        Random random = new Random(12);
        int rows = 3;
        for (int[] range : RANGES) {
            int h = range[0], from = range[1], width = range[2];
            for (boolean withOutput : new boolean[] {true, false}) {
                String what = "H=" + h + " units [" + from + ", " + (from + width) + ") dOut=" + withOutput;
                float[] gates = values(random, rows * 4 * h, 1f);
                float[] cellsTanh = values(random, rows * h, 1f);
                float[] cPrev = values(random, rows * h, 2f);
                float[] dh = values(random, rows * h, 1f);
                float[] dOut = withOutput ? values(random, rows * h, 1f) : null;
                float[] dc = values(random, rows * h, 1f);
                float[] dcWant = dc.clone();
                float[] dGatesWant = new float[rows * 4 * h];
                float[] dGates = new float[rows * 4 * h];
                LstmCell.backward(rows, h, from, width, gates, 0, cellsTanh, 0, cPrev, 0, h, dh, 0, dOut, 0, dcWant, 0,
                        dGatesWant, 0);
                vector.lstmBackward(rows, h, from, width, gates, 0, cellsTanh, 0, cPrev, 0, h, dh, 0, dOut, 0, dc, 0,
                        dGates, 0);
                assertArrayEquals(dGatesWant, dGates, what + ": dL/dp");
                assertArrayEquals(dcWant, dc, what + ": dL/dc_(t-1)");
            }
        }
    }

    /** One forward's arrays, the gates starting as the given pre-activations. */
    private static final class Cell {
        final float[] gates;
        final float[] cells;
        final float[] cellsTanh;
        final float[] out;
        final float[] row;

        Cell(int rows, int h, float[] pre, boolean saveTanh) {
            gates = pre.clone();
            cells = new float[rows * h];
            cellsTanh = saveTanh ? new float[rows * h] : null;
            out = new float[rows * h];
            row = new float[h];
        }
    }

    /**
     * Normal values of the given scale, with some far out (sigmoid and tanh saturated, exp
     * subnormal or past its clamp), zeros and signed zeros mixed in.
     */
    private static float[] values(Random random, int n, float scale) {
        float[] out = new float[n];
        float[] special = {0f, -0f, 30f, -30f, 95f, -95f, 120f, -120f, 1e-30f, -1e-30f, 0.5499f, -0.5501f};
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(10) == 0 ? special[random.nextInt(special.length)]
                    : (float) random.nextGaussian() * scale;
        }
        return out;
    }

    @Test
    void rangesSplitTheRowsWithoutChangingABit() {
        Random random = new Random(13);
        int rows = 2, h = 40;
        float[] pre = values(random, rows * 4 * h, 4f);
        float[] cPrev = values(random, rows * h, 2f);
        for (ArrayKernels kernels : Kernels.vector().isPresent()
                ? new ArrayKernels[] {Kernels.scalar(), Kernels.vector().get()} : new ArrayKernels[] {Kernels.scalar()}) {
            Cell whole = new Cell(rows, h, pre, true);
            Cell parts = new Cell(rows, h, pre, true);
            kernels.lstmForward(rows, h, 0, h, whole.gates, 0, cPrev, 0, h, whole.cells, 0, whole.cellsTanh, 0,
                    whole.out, 0, whole.row);
            kernels.lstmForward(rows, h, 0, 17, parts.gates, 0, cPrev, 0, h, parts.cells, 0, parts.cellsTanh, 0,
                    parts.out, 0, parts.row);
            kernels.lstmForward(rows, h, 17, h - 17, parts.gates, 0, cPrev, 0, h, parts.cells, 0, parts.cellsTanh, 0,
                    parts.out, 0, parts.row);
            String what = kernels.name();
            assertArrayEquals(whole.gates, parts.gates, what + ": activations");
            assertArrayEquals(whole.cells, parts.cells, what + ": c_t");
            assertArrayEquals(whole.cellsTanh, parts.cellsTanh, what + ": tanh(c_t)");
            assertArrayEquals(whole.out, parts.out, what + ": h_t");
        }
    }
}
