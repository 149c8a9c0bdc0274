package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dynrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code mse_loss} with the mean reduction is one node; its value and gradients must be bit for
 * bit those of the composed {@code d = x - y; (d * d).mean()}, for contiguous and strided
 * operands and whichever of them requires grad.
 */
class MseLossTest {
    private static int[] bits(Tensor t) {
        float[] values = t.toArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static void check(boolean strided, boolean inputGrad, boolean targetGrad, float scale) {
        Tensor.manualSeed(strided ? 3 : 4);
        Tensor x0 = Tensor.randn(7, 5).mul(scale);
        Tensor y0 = Tensor.randn(7, 5);
        Tensor x1 = (strided ? x0.t().contiguous().t() : x0.clone()).requiresGrad(inputGrad);
        Tensor y1 = (strided ? y0.t().contiguous().t() : y0.clone()).requiresGrad(targetGrad);
        Tensor x2 = x0.clone().requiresGrad(inputGrad);
        Tensor y2 = y0.clone().requiresGrad(targetGrad);

        Tensor fused = Functional.mseLoss(x1, y1);
        Tensor difference = x2.sub(y2);
        Tensor composed = difference.mul(difference).mean();
        String what = "strided " + strided + ", grads " + inputGrad + "/" + targetGrad + ", scale " + scale;
        assertArrayEquals(bits(composed), bits(fused), what);
        assertEquals("MseLossBackward0", fused.gradFn().name());

        fused.backward(Tensor.scalar(1.7f));
        composed.backward(Tensor.scalar(1.7f));
        if (inputGrad) {
            assertArrayEquals(bits(x2.grad()), bits(x1.grad()), what + ": input grad");
        } else {
            assertNull(x1.grad());
        }
        if (targetGrad) {
            assertArrayEquals(bits(y2.grad()), bits(y1.grad()), what + ": target grad");
        } else {
            assertNull(y1.grad());
        }
    }

    @Test
    void meanReductionIsTheComposedLossBitForBit() {
        for (boolean strided : new boolean[] {false, true}) {
            check(strided, true, false, 1f);
            check(strided, false, true, 3e-20f);
            check(strided, true, true, 1e18f);
        }
    }
}
