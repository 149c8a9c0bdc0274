package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.testing.Fixtures;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Creation ops against PyTorch 1.13. arange and linspace must agree bit for bit: their values
 * are computed, not copied, and ported code often compares them with == or uses them as keys.
 */
class OpsCreationTest {
    private static final Fixtures CREATION = OpCases.fixtures().child("creation");

    @TestFactory
    Stream<DynamicTest> arangeIsBitIdentical() {
        Fixtures cases = CREATION.child("arange");
        return cases.keys().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Fixtures c = cases.child(name);
            Tensor actual = Tensor.arange(c.number("start"), c.number("end"), c.number("step"));
            assertBitIdentical(c.tensor("out"), actual, name);
        }));
    }

    @Test
    void arangeEndIsBitIdentical() {
        assertBitIdentical(CREATION.tensor("arange_end.out"), Tensor.arange(7), "arange(7)");
    }

    @TestFactory
    Stream<DynamicTest> linspaceIsBitIdentical() {
        Fixtures cases = CREATION.child("linspace");
        return cases.keys().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Fixtures c = cases.child(name);
            Tensor actual = Tensor.linspace(c.number("start"), c.number("end"), (int) c.number("steps"));
            assertBitIdentical(c.tensor("out"), actual, name);
        }));
    }

    @Test
    void linspaceEndpointsAreExact() {
        Tensor t = Tensor.linspace(-1.7, 2.9, 31);
        assertEquals(-1.7f, t.get(0));
        assertEquals(2.9f, t.get(30));
    }

    @Test
    void fillsMatchPyTorch() {
        Map<String, Supplier<Tensor>> ops = Map.of(
                "zeros_2x3", () -> Tensor.zeros(2, 3),
                "zeros_0x3", () -> Tensor.zeros(0, 3),
                "ones_4", () -> Tensor.ones(4),
                "ones_scalar", () -> Tensor.ones(),
                "full_2x2", () -> Tensor.full(2.5f, 2, 2),
                "full_scalar", () -> Tensor.full(-1.25f));
        Fixtures fills = CREATION.child("fill");
        assertEquals(new TreeSet<>(fills.keys()), new TreeSet<>(ops.keySet()));
        ops.forEach((name, op) -> assertBitIdentical(fills.tensor(name + ".out"), op.get(), name));
    }

    static void assertBitIdentical(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertArrayEquals(expected.toArray(), actual.toArray(), what + ": values");
    }
}
