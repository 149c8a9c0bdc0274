package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Tensor#hasShape}: PyTorch's {@code t.shape == (...)}. */
class HasShapeTest {

    @Test
    void comparesEveryDimAndTheRank() {
        Tensor t = Tensor.zeros(2, 3, 4);
        assertTrue(t.hasShape(2, 3, 4));
        assertFalse(t.hasShape(2, 3));
        assertFalse(t.hasShape(2, 3, 4, 1));
        assertFalse(t.hasShape(2, 4, 3));
        assertTrue(t.transpose(1, 2).hasShape(2, 4, 3));
        assertTrue(Tensor.of(5f).reshape().hasShape());
    }

    @Test
    void doesNotKeepTheCallersArray() {
        int[] dims = {2, 3};
        Tensor t = Tensor.zeros(2, 3);
        assertTrue(t.hasShape(dims));
        dims[0] = 7;
        assertArrayEquals(new int[] {2, 3}, t.shape());
    }
}
