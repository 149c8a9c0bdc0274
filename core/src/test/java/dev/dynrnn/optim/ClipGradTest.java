package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** clipGradNorm / clipGradValue on hand-checkable gradients (the fixtures cover them inside training). */
class ClipGradTest {

    private static List<Tensor> withGrads(float[]... grads) {
        List<Tensor> params = new java.util.ArrayList<>();
        for (float[] grad : grads) {
            Tensor p = Tensor.zeros(grad.length).requiresGrad(true);
            p.setGrad(Tensor.of(grad));
            params.add(p);
        }
        return params;
    }

    @Test
    void twoNormOfAllGradientsTogether() {
        List<Tensor> params = withGrads(new float[] {3f, 4f}, new float[] {12f});   // norms 5 and 12, total 13
        float total = ClipGrad.clipGradNorm(params, 6.5);
        assertEquals(13f, total);
        float coef = 6.5f / (13f + 1e-6f);
        assertArrayEquals(new float[] {3f * coef, 4f * coef}, params.get(0).grad().toArray());
        assertArrayEquals(new float[] {12f * coef}, params.get(1).grad().toArray());
    }

    @Test
    void gradientsWithinTheLimitAreUnchanged() {
        List<Tensor> params = withGrads(new float[] {0.3f, -0.4f});
        assertEquals(0.5f, ClipGrad.clipGradNorm(params, 1.0));
        assertArrayEquals(new float[] {0.3f, -0.4f}, params.get(0).grad().toArray());
    }

    @Test
    void otherNormTypes() {
        assertEquals(7f, ClipGrad.clipGradNorm(withGrads(new float[] {3f, -7f}, new float[] {5f}), 100,
                Double.POSITIVE_INFINITY));
        assertEquals(15f, ClipGrad.clipGradNorm(withGrads(new float[] {3f, -7f}, new float[] {5f}), 100, 1));
        assertEquals((float) Math.cbrt(27 + 343 + 125), ClipGrad.clipGradNorm(
                withGrads(new float[] {3f, -7f}, new float[] {5f}), 100, 3), 1e-5f);
        assertEquals(3f, ClipGrad.clipGradNorm(withGrads(new float[] {3f, -7f}, new float[] {5f}), 100,
                Double.NEGATIVE_INFINITY));
        assertEquals(2f, ClipGrad.clipGradNorm(withGrads(new float[] {0f, -7f}, new float[] {5f, 0f, 1f}), 100, 0));
        List<Tensor> clipped = withGrads(new float[] {0.5f, -2f});
        ClipGrad.clipGradNorm(clipped, 1.0, Double.POSITIVE_INFINITY);
        float coef = 1f / (2f + 1e-6f);
        assertArrayEquals(new float[] {0.5f * coef, -2f * coef}, clipped.get(0).grad().toArray());
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor none = Tensor.zeros(2).requiresGrad(true);
        assertEquals(0f, ClipGrad.clipGradNorm(List.of(none), 1.0));
        assertNull(none.grad());
        List<Tensor> params = withGrads(new float[] {6f, 8f});
        assertEquals(10f, ClipGrad.clipGradNorm(List.of(none, params.get(0)), 5.0));
        ClipGrad.clipGradValue(List.of(none), 1.0);
        assertNull(none.grad());
    }

    @Test
    void nonFiniteNorms() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClipGrad.clipGradNorm(withGrads(new float[] {Float.NaN, 1f}), 1.0, 2.0, true));
        assertTrue(e.getMessage().startsWith("The total norm of order 2.0 for gradients from `parameters` is "
                + "non-finite"), e.getMessage());
        List<Tensor> params = withGrads(new float[] {Float.POSITIVE_INFINITY, 1f});
        assertEquals(Float.POSITIVE_INFINITY, ClipGrad.clipGradNorm(params, 1.0));   // scaled by 0, as PyTorch
        assertTrue(Float.isNaN(params.get(0).grad().toArray()[0]));
        assertEquals(0f, params.get(0).grad().toArray()[1]);
    }

    @Test
    void stridedGradientsAreMeasuredAndScaledInPlace() {
        Tensor p = Tensor.zeros(3, 2).requiresGrad(true);
        Tensor storage = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        p.setGrad(storage.t());                                         // (3, 2) view, not contiguous
        float total = ClipGrad.clipGradNorm(List.of(p), 1.0);
        assertEquals((float) Math.sqrt(91), total);
        float coef = 1f / (total + 1e-6f);
        assertArrayEquals(new float[] {coef, 2 * coef, 3 * coef, 4 * coef, 5 * coef, 6 * coef}, storage.toArray());
    }

    @Test
    void clipGradValueClampsEveryElement() {
        List<Tensor> params = withGrads(new float[] {-3f, -0.5f, 0.2f, 7f, Float.NaN});
        ClipGrad.clipGradValue(params, 1.0);
        float[] grad = params.get(0).grad().toArray();
        assertArrayEquals(new float[] {-1f, -0.5f, 0.2f, 1f}, java.util.Arrays.copyOf(grad, 4));
        assertTrue(Float.isNaN(grad[4]));
    }
}
