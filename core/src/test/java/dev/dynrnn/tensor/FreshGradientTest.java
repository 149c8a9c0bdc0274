package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;

/**
 * Gradients made by {@link Tensor#wrapGradient}, which the engine adopts instead of copying: the
 * values must be those of copying, however the same tensor is returned, passed along or summed.
 */
class FreshGradientTest {

    /** A custom op y = a * x1 + b * x2 whose backward returns one fresh tensor g at both indices. */
    private static Tensor sharedGradientOp(Tensor x1, Tensor x2) {
        Tensor y = x1.detach().add(x2.detach());
        return Tensor.customOp(y, "Shared", g -> {
            Tensor fresh = Tensor.wrapGradient(g.toArray(), g.shape());
            return new Tensor[] {fresh, fresh};
        }, x1, x2);
    }

    @Test
    void oneFreshTensorForTwoLeavesGivesEachItsOwnGradient() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {3, 4}, 2).requiresGrad(true);
        sharedGradientOp(a, b).mul(Tensor.of(new float[] {5, 6}, 2)).sum().backward();
        assertNotSame(a.grad(), b.grad());
        assertArrayEquals(new float[] {5, 6}, a.grad().toArray());
        assertArrayEquals(new float[] {5, 6}, b.grad().toArray());
        // a second backward adds into a's adopted grad, not into b's
        sharedGradientOp(a, Tensor.zeros(2)).sum().backward();
        assertArrayEquals(new float[] {6, 7}, a.grad().toArray());
        assertArrayEquals(new float[] {5, 6}, b.grad().toArray());
    }

    @Test
    void oneFreshTensorForTheSameLeafTwiceIsSummed() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        sharedGradientOp(a, a).mul(Tensor.of(new float[] {5, 6}, 2)).sum().backward();
        assertArrayEquals(new float[] {10, 12}, a.grad().toArray());
    }

    @Test
    void oneFreshTensorForALeafAndANodeKeepsThemApart() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor h = a.mul(2f);   // a node whose gradient the engine then sums with a second contribution
        Tensor y = sharedGradientOp(a, h).add(h.mul(3f));
        y.sum().backward();
        // d/da: 1 (direct) + 2 * (1 + 3) through h
        assertArrayEquals(new float[] {9, 9}, a.grad().toArray());
    }

    @Test
    void aFreshGradientPassedAlongAndRetainedIsNotAddedIntoTwice() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {3, 4}, 2).requiresGrad(true);
        Tensor s = sharedGradientOp(a, b);
        Tensor v = s.view(2);          // a view's backward hands on its incoming gradient
        v.retainGrad();
        Tensor w = v.view(1, 2).view(2);
        Tensor loss = w.mul(Tensor.of(new float[] {5, 6}, 2)).sum().add(v.sum());
        loss.backward();
        assertArrayEquals(new float[] {6, 7}, v.grad().toArray());
        assertArrayEquals(new float[] {6, 7}, a.grad().toArray());
        assertArrayEquals(new float[] {6, 7}, b.grad().toArray());
    }

    /**
     * One fresh tensor returned for two non-leaf inputs a and b, each used once more elsewhere:
     * whatever order the other uses are summed in, a's further contribution must not be added
     * into the tensor that b's gradient is also made from.
     */
    @Test
    void oneFreshTensorForTwoIntermediatesIsAddedIntoByNeither() {
        for (int order = 0; order < 6; order++) {
            Tensor p = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
            Tensor q = Tensor.of(new float[] {3, 4}, 2).requiresGrad(true);
            Tensor a = p.mul(1f);
            Tensor b = q.mul(1f);
            Tensor[] terms = {sharedGradientOp(a, b).sum(), a.mul(3f).sum(), b.mul(5f).sum()};
            int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
            int[] o = orders[order];
            terms[o[0]].add(terms[o[1]]).add(terms[o[2]]).backward();
            assertArrayEquals(new float[] {4, 4}, p.grad().toArray(), "p, order " + order);
            assertArrayEquals(new float[] {6, 6}, q.grad().toArray(), "q, order " + order);
        }
    }
}
