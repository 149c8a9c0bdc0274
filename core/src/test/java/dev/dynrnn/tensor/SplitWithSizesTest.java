package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.autograd.GradCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code split(int[] sizes, dim)}: PyTorch's split_with_sizes, cut along a halving tree. */
class SplitWithSizesTest {

    @Test
    void piecesAreTheConsecutiveNarrows() {
        Tensor x = Tensor.arange(0, 36, 1).reshape(4, 9);
        int[] sizes = {3, 0, 1, 4, 1};
        List<Tensor> parts = x.split(sizes, 1);
        assertEquals(sizes.length, parts.size());
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(x.narrow(1, start, sizes[i]).toArray(), parts.get(i).toArray(), "piece " + i);
            assertArrayEquals(new int[] {4, sizes[i]}, parts.get(i).shape());
            start += sizes[i];
        }
        x.set(-1f, 3, 8);
        assertEquals(-1f, parts.get(4).get(3, 0), "pieces are views");
    }

    @Test
    void onePieceIsAViewOfTheWhole() {
        Tensor x = Tensor.ones(2, 3).requiresGrad(true);
        List<Tensor> parts = x.split(new int[] {2}, 0);
        assertEquals(1, parts.size());
        assertEquals("SplitWithSizesBackward0", parts.get(0).gradFn().name());
        assertArrayEquals(new int[] {2, 3}, parts.get(0).shape());
    }

    @Test
    void gradientOfEveryPieceReachesItsRows() {
        int pieces = 37;
        int[] sizes = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            sizes[i] = 1 + i % 3;
        }
        int rows = java.util.Arrays.stream(sizes).sum();
        Tensor x = Tensor.randn(rows, 2).requiresGrad(true);
        List<Tensor> parts = x.split(sizes, 0);
        List<Tensor> terms = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            terms.add(parts.get(i).mul((float) (i + 1)).sum().unsqueeze(0));
        }
        Tensor.cat(terms, 0).sum().backward();
        float[] grad = x.grad().toArray();
        int row = 0;
        for (int i = 0; i < pieces; i++) {
            for (int r = 0; r < sizes[i]; r++, row++) {
                assertEquals(i + 1f, grad[2 * row], "row " + row);
                assertEquals(i + 1f, grad[2 * row + 1], "row " + row);
            }
        }
    }

    @Test
    void gradCheck() {
        Tensor x = Tensor.randn(3, 7).requiresGrad(true);
        GradCheck.check(in -> {
            List<Tensor> parts = in[0].split(new int[] {2, 1, 4}, -1);
            return parts.get(0).tanh().sum().add(parts.get(2).mul(parts.get(2)).sum());
        }, x);
    }

    @Test
    void badSizesAreNamed() {
        Tensor x = Tensor.zeros(2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.split(new int[] {1, 2}, 1));
        assertEquals("split_with_sizes expects split_sizes to sum exactly to 4 (input tensor's size at dimension 1), "
                + "but got split_sizes=[1, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.split(new int[] {5, -1}, 1));
        assertTrue(e.getMessage().contains("non-negative") && e.getMessage().contains("[5, -1]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.split(new int[] {4}, 2));
    }
}
