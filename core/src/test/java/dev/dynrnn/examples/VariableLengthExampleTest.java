package dev.dynrnn.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The README's example learns: the held-out loss falls well below where it started. */
class VariableLengthExampleTest {

    @Test
    void anLstmLearnsTheSumOfSequencesOfDifferentLengths() {
        float[] loss = VariableLengthExample.train(400);
        System.out.printf("variable-length example: test loss %.4f -> %.4f%n", loss[0], loss[1]);
        assertTrue(loss[1] < 0.1f * loss[0], "test loss " + loss[0] + " -> " + loss[1]);
    }
}
