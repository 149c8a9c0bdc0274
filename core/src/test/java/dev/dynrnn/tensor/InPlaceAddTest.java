package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** {@code add_}: the vector path for separate storage, element order for overlapping views of one array. */
class InPlaceAddTest {

    @Test
    void addsSeparateStorage() {
        Tensor a = Tensor.arange(40).reshape(40);
        Tensor b = Tensor.full(0.5f, 40);
        a.add_(b);
        float[] expected = new float[40];
        for (int i = 0; i < 40; i++) {
            expected[i] = i + 0.5f;
        }
        assertArrayEquals(expected, a.toArray());
    }

    @Test
    void overlappingViewsOfOneArrayAddInElementOrder() {
        Tensor whole = Tensor.arange(40).reshape(40);
        Tensor dst = whole.narrow(0, 1, 32);   // elements 1..32
        Tensor src = whole.narrow(0, 0, 32);   // elements 0..31: each reads the element just written
        dst.add_(src);
        float[] expected = new float[40];
        for (int i = 0; i < 40; i++) {
            expected[i] = i;
        }
        for (int i = 1; i <= 32; i++) {
            expected[i] += expected[i - 1];
        }
        assertArrayEquals(expected, whole.toArray());
    }
}
