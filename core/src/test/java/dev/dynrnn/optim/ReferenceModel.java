package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;

/**
 * The small model of {@code scripts/reference/optim_reference.py}, started from PyTorch's initial
 * values: {@code loss = mean((tanh(x @ w1 + b1) @ w2 + b2 - y)^2)} over x (8, 2), y (8, 1), with
 * w1 (2, 3), b1 (3), w2 (3, 1), b2 (1), and {@code unused} (3), a parameter that is optimized but
 * takes no part in the loss, so its gradient stays null.
 */
final class ReferenceModel {
    static final Fixtures FIXTURES = Fixtures.load("optim");
    static final int STEPS = (int) FIXTURES.number("steps");
    private static final String[] NAMES = {"w1", "b1", "w2", "b2", "unused"};

    final Tensor x = FIXTURES.tensor("model.x");
    final Tensor y = FIXTURES.tensor("model.y");
    /** w1, b1, w2, b2, unused: fresh copies of PyTorch's initial values, requiring grad. */
    final List<Tensor> params = new ArrayList<>();

    ReferenceModel() {
        for (String name : NAMES) {
            params.add(FIXTURES.tensor("model." + name).requiresGrad(true));
        }
    }

    Tensor unused() {
        return params.get(4);
    }

    /** Zeroes the gradients and back-propagates the loss; returns the loss. */
    Tensor lossAndBackward(Optimizer optimizer) {
        optimizer.zeroGrad();
        Tensor w1 = params.get(0);
        Tensor b1 = params.get(1);
        Tensor w2 = params.get(2);
        Tensor b2 = params.get(3);
        Tensor prediction = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);   // (8, 1)
        Tensor loss = prediction.sub(y).pow(2f).mean();
        loss.backward();
        return loss;
    }

    /** w1, b1, w2, b2 flattened and concatenated (13 values), as the fixture records them. */
    float[] flatParams() {
        int total = 0;
        for (int i = 0; i < 4; i++) {
            total += params.get(i).numel();
        }
        float[] out = new float[total];
        int at = 0;
        for (int i = 0; i < 4; i++) {
            float[] values = params.get(i).toArray();
            System.arraycopy(values, 0, out, at, values.length);
            at += values.length;
        }
        return out;
    }

    /** The fixture's ReduceLROnPlateau metric for 0-based step {@code step}. */
    static double metric(int step) {
        return FIXTURES.json("metrics").getAsJsonArray().get(step).getAsDouble();
    }
}
