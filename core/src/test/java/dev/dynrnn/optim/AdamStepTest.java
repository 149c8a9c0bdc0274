package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.dynrnn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scalars Adam computes once per step follow the hyperparameters from one step to the next. */
class AdamStepTest {
    /**
     * A state dict loaded back brings the step count back to a value the optimizer has already
     * computed scalars for; the learning rate set since must still be used.
     */
    @Test
    void aStepCountSeenBeforeUsesTheCurrentHyperparameters() {
        for (boolean decoupled : new boolean[] {false, true}) {
            Tensor param = Tensor.of(new float[] {0.5f, -1.5f, 2f}, 3).requiresGrad(true);
            Optimizer optimizer = decoupled ? new AdamW(List.of(param), 0.1) : new Adam(List.of(param), 0.1);
            OptimizerState start = optimizer.stateDict();
            float[] initial = param.storage().clone();
            param.setGrad(Tensor.of(new float[] {0.25f, -0.5f, 1f}, 3));
            optimizer.step();                                  // step count 1 at lr 0.1
            System.arraycopy(initial, 0, param.storage(), 0, 3);
            optimizer.loadStateDict(start);                    // step count 0 again, lr 0.1
            optimizer.paramGroups().get(0).setLr(0.3);
            optimizer.step();                                  // step count 1 at lr 0.3

            Tensor fresh = Tensor.of(initial.clone(), 3).requiresGrad(true);
            Optimizer expected = decoupled ? new AdamW(List.of(fresh), 0.3) : new Adam(List.of(fresh), 0.3);
            fresh.setGrad(Tensor.of(new float[] {0.25f, -0.5f, 1f}, 3));
            expected.step();
            assertArrayEquals(fresh.storage(), param.storage(), decoupled ? "AdamW" : "Adam");
        }
    }
}
