package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What the seed does with the layers: sequences of changing length, a carried and detached state. */
class DynamicSequenceTest {

    @Test
    void truncatedBackpropagationWithAStateCarriedAcrossLengths() {
        Tensor.manualSeed(1);
        LayerReferenceTest.SeedModel model = new LayerReferenceTest.SeedModel();
        Tensor hState = null;
        double start = 0;
        for (int dynamicSteps : new int[] {1, 3, 2}) {
            int steps = 10 * dynamicSteps;
            float[] time = Tensor.linspace(start, start + dynamicSteps * Math.PI, steps).toArray();
            start += dynamicSteps * Math.PI;
            float[] sin = new float[steps];
            float[] cos = new float[steps];
            for (int t = 0; t < steps; t++) {
                sin[t] = (float) Math.sin(time[t]);
                cos[t] = (float) Math.cos(time[t]);
            }
            Tensor x = Tensor.of(sin, 1, steps, 1);
            Tensor y = Tensor.of(cos, 1, steps, 1);
            RNN.Output result = model.forward(x, hState);
            assertArrayEquals(new int[] {1, steps, 1}, result.output().shape());
            // "repack the hidden state, break the connection from last iteration"
            hState = result.hN().detach();
            model.zeroGrad();
            new MSELoss().forward(result.output(), y).backward();
            for (Tensor parameter : model.parameters()) {
                assertNotNull(parameter.grad());
            }
            assertEquals(null, hState.grad());
        }
    }

    @Test
    void aLongSequenceRunsForwardAndBackward() {
        int steps = 5_000;
        LSTM lstm = LSTM.builder(1, 2).generator(new Generator(3)).build();
        Tensor x = Tensor.randn(new Generator(4), steps, 1, 1);
        LSTM.Output result = lstm.forward(x);
        result.output().sum().backward();
        float gradient = lstm.namedParameters().get("weight_hh_l0").grad().abs().sum().item();
        assertTrue(Float.isFinite(gradient) && gradient > 0, "gradient " + gradient);
    }
}
