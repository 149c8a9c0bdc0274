package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.optim.Adam;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Training with a {@link TensorScope} around each iteration, the state kept, gives the bits of
 * training without one, while the recurrent layers' outputs and the head's output reuse the
 * storage of earlier iterations (lent zero-filled: Linear adds its product into it).
 */
class ScopedTrainingTest {
    private static final int BATCH = 32;
    private static final int STEPS = 20;
    /** Outputs (20 * 32, 64) and the states (2 layers, 32, 64): 40960 and 4096 floats, lent. */
    private static final int HIDDEN = 64;

    @Test
    void scopedTrainingGivesTheBitsOfUnscopedTraining() {
        List<float[]> plain = train(false, null, null);
        try (TensorScope dirty = TensorScope.open()) {   // arrays of every length the loop uses, full of NaN
            for (int length : new int[] {STEPS * BATCH * HIDDEN, 2 * BATCH * HIDDEN}) {
                Tensor.empty(length).fill_(Float.NaN);
                Tensor.empty(length).fill_(Float.NaN);
            }
        }
        Set<float[]> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<float[]> states = Collections.newSetFromMap(new IdentityHashMap<>());
        List<float[]> scoped = train(true, outputs, states);
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), scoped.get(i), "parameter " + i);
        }
        // the arrays of one length circulate: the 2 layers' outputs and the head's; h and c of two steps
        assertTrue(outputs.size() <= 3, "6 iterations' outputs used " + outputs.size() + " arrays");
        assertTrue(states.size() <= 4, "6 iterations' states used " + states.size() + " arrays");
    }

    /**
     * Two-layer LSTM and a Linear(64, 64) head (its (4, 20, 64) output lent too), 6 iterations of Adam with the state carried;
     * with {@code scoped}, each iteration in its own scope, the state kept and attached to the
     * next, the LSTM outputs' storage added to {@code outputs} and the states' to {@code states}.
     * Returns the parameters.
     */
    private static List<float[]> train(boolean scoped, Set<float[]> outputs, Set<float[]> states) {
        Tensor.manualSeed(11);
        LSTM lstm = LSTM.builder(3, HIDDEN).numLayers(2).batchFirst(true).build();
        Linear head = new Linear(HIDDEN, 64);
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        Adam adam = new Adam(params, 0.01);
        MSELoss mse = new MSELoss();
        Tensor h = null;
        Tensor c = null;
        Tensor previousH = null;
        Tensor previousC = null;
        for (int it = 0; it < 6; it++) {
            Tensor x = Tensor.randn(BATCH, STEPS, 3);
            Tensor y = Tensor.randn(BATCH, STEPS, 64);
            TensorScope step = scoped ? TensorScope.open() : null;
            try {
                LSTM.Output out = h == null ? lstm.forward(x) : lstm.forward(x, h, c);
                Tensor loss = mse.forward(head.forward(out.output()), y);
                adam.zeroGrad();
                loss.backward();
                adam.step();
                h = out.hN().detach();
                c = out.cN().detach();
                if (step != null) {
                    outputs.add(out.output().storage());
                    states.add(h.storage());
                    states.add(c.storage());
                    if (it > 0) {
                        step.attach(previousH, previousC);   // read for the last time in this step
                    }
                    previousH = step.keep(h);
                    previousC = step.keep(c);
                }
            } finally {
                if (step != null) {
                    step.close();
                }
            }
        }
        List<float[]> values = new ArrayList<>();
        for (Tensor p : params) {
            values.add(p.toArray());
        }
        return values;
    }
}
