package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients of select and narrow views, which the engine adds into the input's gradient in
 * place: the values must be those of the scatter-into-zeros rule, whatever else also
 * contributes to that gradient and in whatever order.
 */
class SliceGradientTest {

    @Test
    void everyStepOfALeafSelectedOnceAndWhole() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor loss = x.sum();
        for (int t = 0; t < 3; t++) {
            loss = loss.add(x.select(1, t).mul((float) (t + 1)).sum());
        }
        loss.backward();
        // d/dx of sum(x) is 1; of (t + 1) * x[:, t] it is t + 1 in column t.
        assertArrayEquals(new float[] {2, 3, 4, 2, 3, 4}, x.grad().toArray());
    }

    @Test
    void sliceGradientsOfEveryLayoutLandInTheirPart() {
        Tensor x = Tensor.zeros(2, 3, 4).requiresGrad(true);
        Tensor w = Tensor.arange(8).view(2, 4);
        Tensor loss = x.select(1, 1).mul(w).sum()                                 // contiguous gradient: w
                .add(x.narrow(2, 1, 2).sum())                                     // broadcast (stride 0): ones
                .add(x.select(2, 3).t().mul(Tensor.full(2f, 3, 2)).sum());       // transposed: twos
        loss.backward();
        float[] want = new float[24];
        for (int b = 0; b < 2; b++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    want[(b * 3 + r) * 4 + c] = (r == 1 ? b * 4 + c : 0) + (c == 1 || c == 2 ? 1 : 0) + (c == 3 ? 2 : 0);
                }
            }
        }
        assertArrayEquals(want, x.grad().toArray());
    }

    @Test
    void slicesOfAnIntermediateMixWithAFullGradient() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).requiresGrad(true);
        Tensor y = x.mul(x);                                    // dy/dx = 2x
        Tensor loss = y.select(0, 2).sum()                      // row 2 once
                .add(y.sum().mul(0.5f))                         // every element, 0.5
                .add(y.narrow(0, 0, 2).mul(3f).sum())           // rows 0 and 1, 3
                .add(y.select(0, 2).select(0, 1).mul(10f));     // element (2, 1), 10 (a slice of a slice)
        loss.backward();
        float[] expected = new float[6];
        float[] weight = {3.5f, 3.5f, 3.5f, 3.5f, 1.5f, 11.5f};
        for (int i = 0; i < 6; i++) {
            expected[i] = weight[i] * 2 * (i + 1);
        }
        assertArrayEquals(expected, x.grad().toArray());
    }

    @Test
    void splitAndUnbindPiecesAndASecondWalk() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4).requiresGrad(true);
        Tensor z = x.mul(2f);
        List<Tensor> pieces = z.split(3, 1);                    // columns 0..2 and 3
        List<Tensor> rows = z.unbind(0);
        Tensor loss = pieces.get(0).sum().add(pieces.get(1).mul(4f).sum()).add(rows.get(1).sum());
        loss.backward(Tensor.scalar(1f), true);
        float[] once = {2, 2, 2, 8, 4, 4, 4, 10};
        assertArrayEquals(once, x.grad().toArray());
        loss.backward(Tensor.scalar(1f), false);
        float[] twice = new float[8];
        for (int i = 0; i < 8; i++) {
            twice[i] = 2 * once[i];
        }
        assertArrayEquals(twice, x.grad().toArray());
    }

    @Test
    void aSelectThatIsTheOnlyConsumer() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        x.exp().select(1, 0).sum().backward();
        float[] e = x.detach().exp().toArray();   // d exp(x) / dx = exp(x), as the kernels compute it
        assertArrayEquals(new float[] {e[0], 0, e[2], 0}, x.grad().toArray());
    }
}
