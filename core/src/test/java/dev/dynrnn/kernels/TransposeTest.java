package dev.dynrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrayKernels#transpose}: a copy, so every implementation must give out[j][i] = a[i][j]
 * exactly, inside strided matrices at offsets, leaving everything else in out untouched.
 */
class TransposeTest {
    private static List<ArrayKernels> implementations() {
        List<ArrayKernels> all = new ArrayList<>();
        all.add(Kernels.scalar());
        Kernels.vector().ifPresent(all::add);
        return all;
    }

    @Test
    void transposeMovesEveryElementAndNothingElse() {
        Random random = new Random(11);
        int[][] shapes = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {16, 16}, {17, 33}, {32, 32}, {64, 96}, {100, 3}};
        for (ArrayKernels kernels : implementations()) {
            for (int[] shape : shapes) {
                int rows = shape[0];
                int cols = shape[1];
                int lda = cols + 3;
                int ldo = rows + 2;
                float[] a = Fixtures.wide(random, 5 + rows * lda);
                float[] out = new float[4 + cols * ldo + 1];
                java.util.Arrays.fill(out, Float.NaN);
                float[] want = out.clone();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        want[4 + j * ldo + i] = a[5 + i * lda + j];
                    }
                }
                kernels.transpose(rows, cols, a, 5, lda, out, 4, ldo);
                assertArrayEquals(want, out, kernels.name() + " " + rows + "x" + cols);
            }
        }
    }

    @Test
    void transposeChecksItsMatrices() {
        for (ArrayKernels kernels : implementations()) {
            assertThrows(IndexOutOfBoundsException.class,
                    () -> kernels.transpose(4, 4, new float[15], 0, 4, new float[16], 0, 4), kernels.name());
            assertThrows(IllegalArgumentException.class,
                    () -> kernels.transpose(4, 4, new float[16], 0, 4, new float[16], 0, 3), kernels.name());
        }
    }
}
