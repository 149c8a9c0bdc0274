package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class EmptyViewTest {

    @Test
    void opsOnAnEmptyViewAtANonZeroOffset() {
        // chunk of a (0, 16) tensor: views of shape (0, 4) at offsets 4, 8, 12 into an empty storage
        Tensor gates = Tensor.zeros(0, 16).requiresGrad(true);
        Tensor last = gates.chunk(4, 1).get(3);
        assertArrayEquals(new int[] {0, 4}, last.sigmoid().shape());
        assertArrayEquals(new float[0], last.toArray());
        last.tanh().mul(last).sum().backward();
        assertArrayEquals(new int[] {0, 16}, gates.grad().shape());
    }
}
