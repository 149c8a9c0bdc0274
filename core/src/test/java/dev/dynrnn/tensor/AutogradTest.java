package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void chainRuleThroughMulAndSum() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor y = x.mul(x).sum();          // y = sum x^2, dy/dx = 2x
        y.backward();
        assertArrayEquals(new float[] {2f, 4f, 6f}, x.grad().toArray());
        assertEquals("SumBackward0", y.gradFn().name());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(1f, -2f).requiresGrad(true);
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {6f, 6f}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void tensorUsedOnTwoPathsGetsTheSumOfBothGradients() {
        Tensor x = Tensor.of(2f).requiresGrad(true);
        Tensor a = x.mul(3f);
        Tensor y = a.mul(a).add(a);          // y = 9x^2 + 3x, dy/dx = 18x + 3
        y.sum().backward();
        assertArrayEquals(new float[] {39f}, x.grad().toArray());
    }

    @Test
    void explicitGradientForNonScalarOutput() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        x.mul(x).backward(Tensor.of(1f, 10f));
        assertArrayEquals(new float[] {2f, 40f}, x.grad().toArray());
    }

    @Test
    void backwardFromNonScalarWithoutGradientFails() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("scalar outputs"), e.getMessage());
    }

    @Test
    void retainGradKeepsNonLeafGradient() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor h = x.mul(2f).retainGrad();
        h.mul(h).sum().backward();
        assertArrayEquals(new float[] {4f, 8f}, h.grad().toArray());
        assertArrayEquals(new float[] {8f, 16f}, x.grad().toArray());
    }

    @Test
    void nonLeafWithoutRetainGradHasNoGrad() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        Tensor h = x.mul(2f);
        h.sum().backward();
        assertNull(h.grad());
    }

    @Test
    void detachIsAHardBoundary() {
        Tensor x = Tensor.of(3f).requiresGrad(true);
        Tensor h = x.mul(2f).detach();
        assertFalse(h.requiresGrad());
        Tensor y = h.mul(x);                 // only the direct path to x counts
        y.sum().backward();
        assertArrayEquals(new float[] {6f}, x.grad().toArray());
    }

    @Test
    void detachSharesStorage() {
        Tensor x = Tensor.of(1f, 2f);
        Tensor d = x.detach();
        d.set(5f, 0);
        assertEquals(5f, x.get(0));
    }

    @Test
    void noGradScopeRecordsNothingAndRestores() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = x.mul(2f);
            try (EnableGrad inner = EnableGrad.enter()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2f).requiresGrad());
    }

    @Test
    void secondBackwardThroughFreedGraphFails() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("backward through the graph a second time"), e.getMessage());
    }

    @Test
    void retainedGraphCanBeWalkedTwice() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        y.backward(Tensor.scalar(1f), true);
        y.backward(Tensor.scalar(1f), true);
        assertArrayEquals(new float[] {4f, 8f}, x.grad().toArray());
    }

    @Test
    void graphWithoutSavedValuesCanBeWalkedTwiceAsInPyTorch() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.add(1f).sum();
        y.backward();
        y.backward();
        assertArrayEquals(new float[] {2f, 2f}, x.grad().toArray());
    }

    @Test
    void backwardThroughAHundredThousandStepChainDoesNotOverflow() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        Tensor h = x;
        for (int i = 0; i < 100_000; i++) {
            h = h.mul(1f).add(0f);
        }
        h.sum().backward();
        assertArrayEquals(new float[] {1f}, x.grad().toArray());
    }

    @Test
    void inPlaceOnLeafThatRequiresGradIsRefused() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add_(1f));
        assertTrue(e.getMessage().contains("in-place"), e.getMessage());
        try (NoGrad ignored = NoGrad.enter()) {
            x.add_(1f);
        }
        assertEquals(2f, x.item());
    }

    @Test
    void customOpRecordsTheGivenBackward() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = x.mul(5f);
        }
        Tensor.customOp(y, "TimesFive", g -> new Tensor[] {g.mul(5f)}, x);
        y.sum().backward();
        assertNotNull(y.gradFn());
        assertArrayEquals(new float[] {5f, 5f}, x.grad().toArray());
    }
}
