package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradient storage reused across backward passes ({@link Tensor#gradientStorage}): reused when
 * nobody kept it, never when a leaf or a function that may keep its gradient holds it, and always
 * handed out zero-filled.
 */
class GradientBuffersTest {
    /** Long enough to be pooled. */
    private static final int N = 2 * GradientBuffers.MIN_LENGTH;

    /** y = 2x with a pure backward writing dx = 2g into pooled storage; records what it took. */
    private static Tensor twice(Tensor x, List<float[]> taken) {
        Tensor y = x.detach().mul(2f);
        return Tensor.customOp(y, "Twice", (Node.PureBackward) g -> {
            float[] dx = Tensor.gradientStorage(x.numel());
            for (float v : dx) {
                if (v != 0f) {
                    throw new AssertionError("gradient storage handed out dirty");
                }
            }
            float[] gv = g.toArray();
            for (int i = 0; i < dx.length; i++) {
                dx[i] = 2f * gv[i];
            }
            taken.add(dx);
            return new Tensor[] {Tensor.wrapGradient(dx, x.shape())};
        }, x);
    }

    private static Tensor ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 7 - 3;
        }
        return Tensor.wrap(v, n);
    }

    @Test
    void anIntermediateGradientIsReusedByTheNextPassAndTheLeafsIsNot() {
        Tensor x = Tensor.zeros(N).requiresGrad(true);
        List<float[]> first = new ArrayList<>();
        twice(twice(x, first), first).mul(ramp(N)).sum().backward();
        Tensor firstGrad = x.grad();
        float[] expected = ramp(N).mul(4f).toArray();
        assertArrayEquals(expected, firstGrad.toArray());

        x.zeroGrad();
        List<float[]> second = new ArrayList<>();
        twice(twice(x, second), second).mul(ramp(N).neg()).sum().backward();
        // taken in order: the outer op's dx (intermediate), then the inner op's (the leaf's grad)
        assertSame(first.get(0), second.get(0), "the intermediate gradient's storage is reused");
        assertNotSame(first.get(1), second.get(1), "the leaf's grad is never handed out again");
        assertArrayEquals(expected, firstGrad.toArray(), "the first pass's leaf grad is intact");
        assertArrayEquals(ramp(N).mul(-4f).toArray(), x.grad().toArray());
    }

    @Test
    void aGradientPassedToAFunctionThatMayKeepItIsNotReused() {
        Tensor x = Tensor.zeros(N).requiresGrad(true);
        List<Tensor> keptByUser = new ArrayList<>();
        List<float[]> first = new ArrayList<>();
        Tensor kept = x.detach().add(0f);
        Tensor keeping = Tensor.customOp(kept, "Keeping", g -> {   // not marked pure
            keptByUser.add(g);
            return new Tensor[] {g};
        }, x);
        twice(keeping, first).mul(ramp(N)).sum().backward();
        float[] expected = ramp(N).mul(2f).toArray();
        assertSame(first.get(0), keptByUser.get(0).storage());

        List<float[]> second = new ArrayList<>();
        twice(twice(Tensor.zeros(N).requiresGrad(true), second), second).mul(ramp(N).neg()).sum().backward();
        assertNotSame(first.get(0), second.get(0));
        assertArrayEquals(expected, keptByUser.get(0).toArray(), "what the function kept is intact");
    }

    @Test
    void aFailedPassGivesNothingBack() {
        Tensor x = Tensor.zeros(N).requiresGrad(true);
        Tensor failing = Tensor.customOp(x.detach().add(0f), "Failing", (Node.PureBackward) g -> {
            throw new IllegalStateException("backward failed");
        }, x);
        List<float[]> first = new ArrayList<>();
        Tensor loss = twice(failing, first).sum();
        assertThrows(IllegalStateException.class, loss::backward);
        List<float[]> second = new ArrayList<>();
        twice(Tensor.zeros(N).requiresGrad(true), second).sum().backward();
        assertNotSame(first.get(0), second.get(0));
    }

    @Test
    void aLengthUnusedForSeveralPassesIsDropped() {
        int odd = N + 3;
        List<float[]> first = new ArrayList<>();
        twice(twice(Tensor.zeros(odd).requiresGrad(true), first), first).sum().backward();
        for (int pass = 0; pass <= GradientBuffers.IDLE_PASSES; pass++) {
            twice(twice(Tensor.zeros(N).requiresGrad(true), new ArrayList<>()), new ArrayList<>()).sum().backward();
        }
        List<float[]> later = new ArrayList<>();
        twice(twice(Tensor.zeros(odd).requiresGrad(true), later), later).sum().backward();
        assertNotSame(first.get(0), later.get(0));
    }

    @Test
    void outsideABackwardPassStorageIsNewAndZero() {
        float[] a = Tensor.gradientStorage(N);
        Arrays.fill(a, 1f);
        float[] b = Tensor.gradientStorage(N);
        assertNotSame(a, b);
        for (float v : b) {
            assertTrue(v == 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.gradientStorage(-1));
    }
}
