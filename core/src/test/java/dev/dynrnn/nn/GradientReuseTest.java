package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.dynrnn.optim.Adam;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Training with gradient storage reused from one backward pass to the next (Tensor.gradientStorage)
 * gives the same bits as with new storage: a loop run on a new thread (whose pool starts empty)
 * and the same loop run twice on one thread (the second time every intermediate gradient, between
 * the layers and from the Linear head, comes back dirty from the pool) end with identical
 * parameters.
 */
class GradientReuseTest {
    private static final int BATCH = 4;
    private static final int STEPS = 20;
    private static final int HIDDEN = 64;   // (4, 20, 64): 5120 floats per activation gradient, pooled

    /** Two-layer LSTM and Linear head, 6 iterations of Adam with the state carried and detached. */
    private static List<float[]> train() {
        Tensor.manualSeed(7);
        LSTM lstm = LSTM.builder(3, HIDDEN).numLayers(2).batchFirst(true).build();
        Linear head = new Linear(HIDDEN, 2);
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        Adam adam = new Adam(params, 0.01);
        MSELoss mse = new MSELoss();
        Tensor h = null;
        Tensor c = null;
        for (int it = 0; it < 6; it++) {
            Tensor x = Tensor.randn(BATCH, STEPS, 3);
            Tensor y = Tensor.randn(BATCH, STEPS, 2);
            LSTM.Output out = h == null ? lstm.forward(x) : lstm.forward(x, h, c);
            Tensor loss = mse.forward(head.forward(out.output()), y);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            h = out.hN().detach();
            c = out.cN().detach();
        }
        List<float[]> values = new ArrayList<>();
        for (Tensor p : params) {
            values.add(p.toArray());
        }
        return values;
    }

    @Test
    void reusedGradientStorageGivesTheBitsOfNewStorage() throws InterruptedException {
        AtomicReference<List<float[]>> fresh = new AtomicReference<>();
        Thread thread = new Thread(() -> fresh.set(train()));
        thread.start();
        thread.join();
        List<float[]> once = train();
        List<float[]> again = train();
        for (int i = 0; i < once.size(); i++) {
            assertArrayEquals(fresh.get().get(i), once.get(i), "parameter " + i + ", pool empty vs in use");
            assertArrayEquals(once.get(i), again.get(i), "parameter " + i + ", first vs second run");
        }
    }
}
