package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Which ops return views (sharing storage with their base, so a write through one is read through
 * the other) and which copy, as in PyTorch; and the strides and offsets PyTorch gives the views.
 */
class ViewSemanticsTest {

    private static Tensor base() {
        return Tensor.arange(24).reshape(2, 3, 4);
    }

    /** A view of base(): the element at {@code viewIndex} of the view is base element {@code baseIndex}. */
    private static DynamicTest sharesStorage(String name, UnaryOperator<Tensor> op, int[] viewIndex, int[] baseIndex) {
        return DynamicTest.dynamicTest(name, () -> {
            Tensor base = base();
            Tensor view = op.apply(base);
            assertSame(base.storage(), view.storage(), name + " shares the storage array");
            assertEquals(base.get(baseIndex), view.get(viewIndex), name + " reads its base");
            view.set(-1f, viewIndex);
            assertEquals(-1f, base.get(baseIndex), name + ": a write through the view is seen by the base");
            base.set(-2f, baseIndex);
            assertEquals(-2f, view.get(viewIndex), name + ": a write through the base is seen by the view");
        });
    }

    private static int[] at(int... index) {
        return index;
    }

    @TestFactory
    Stream<DynamicTest> viewsShareStorageWithTheirBase() {
        return Stream.of(
                sharesStorage("view", x -> x.view(6, 4), at(4, 1), at(1, 1, 1)),
                sharesStorage("reshape of a contiguous tensor", x -> x.reshape(4, 6), at(3, 5), at(1, 2, 3)),
                sharesStorage("flatten", Tensor::flatten, at(13), at(1, 0, 1)),
                sharesStorage("transpose", x -> x.transpose(0, 2), at(3, 1, 0), at(0, 1, 3)),
                sharesStorage("t", x -> x.select(0, 1).t(), at(2, 1), at(1, 1, 2)),
                sharesStorage("permute", x -> x.permute(2, 0, 1), at(1, 1, 2), at(1, 2, 1)),
                sharesStorage("unsqueeze", x -> x.unsqueeze(1), at(1, 0, 2, 3), at(1, 2, 3)),
                sharesStorage("squeeze", x -> x.narrow(0, 1, 1).squeeze(), at(2, 0), at(1, 2, 0)),
                sharesStorage("squeeze dim", x -> x.narrow(1, 2, 1).squeeze(1), at(1, 3), at(1, 2, 3)),
                sharesStorage("select", x -> x.select(1, 2), at(1, 1), at(1, 2, 1)),
                sharesStorage("narrow", x -> x.narrow(2, 1, 2), at(1, 0, 1), at(1, 0, 2)),
                sharesStorage("slice", x -> x.slice(1, 1, 3), at(0, 1, 3), at(0, 2, 3)),
                sharesStorage("expand", x -> x.narrow(1, 0, 1).expand(2, 5, 4), at(1, 4, 2), at(1, 0, 2)),
                sharesStorage("split piece", x -> x.split(2, 1).get(1), at(1, 0, 0), at(1, 2, 0)),
                sharesStorage("chunk piece", x -> x.chunk(2, 2).get(1), at(0, 1, 1), at(0, 1, 3)),
                sharesStorage("unbind piece", x -> x.unbind(2).get(3), at(1, 2), at(1, 2, 3)),
                sharesStorage("detach", Tensor::detach, at(1, 1, 1), at(1, 1, 1)),
                sharesStorage("contiguous of a contiguous tensor", Tensor::contiguous, at(0, 2, 1), at(0, 2, 1)));
    }

    /** Strides and storage offsets as PyTorch 1.13 reports them for the same views of a (2, 3, 4) tensor. */
    @Test
    void stridesAndOffsetsMatchPyTorch() {
        Tensor x = base();
        assertLayout(x.transpose(0, 2), new int[] {1, 4, 12}, 0, false);
        assertLayout(x.permute(2, 0, 1), new int[] {1, 12, 4}, 0, false);
        assertLayout(x.select(1, 2), new int[] {12, 1}, 8, false);
        assertLayout(x.narrow(2, 1, 2), new int[] {12, 4, 1}, 1, false);
        assertLayout(x.unsqueeze(1), new int[] {12, 12, 4, 1}, 0, true);
        assertLayout(x.unsqueeze(3), new int[] {12, 4, 1, 1}, 0, true);
        assertLayout(x.transpose(0, 2).unsqueeze(1), new int[] {1, 12, 4, 12}, 0, false);
        assertLayout(Tensor.zeros(3, 1).expand(2, 3, 5), new int[] {0, 1, 0}, 0, false);
        assertLayout(x.transpose(0, 1).view(3, 2, 2, 2), new int[] {4, 12, 2, 1}, 0, false);
        assertLayout(x.transpose(0, 1).reshape(3, 2, 2, 2), new int[] {4, 12, 2, 1}, 0, false);
        assertLayout(Tensor.zeros(1, 3, 1, 2).squeeze(), new int[] {2, 1}, 0, true);
        assertLayout(x.slice(1, 1, 3), new int[] {12, 4, 1}, 4, false);
        assertLayout(x.split(2, 1).get(1), new int[] {12, 4, 1}, 8, false);
        assertLayout(x.unbind(2).get(3), new int[] {12, 4}, 3, false);
        assertLayout(x.slice(2, 0, 0), new int[] {12, 4, 1}, 0, true);
    }

    private static void assertLayout(Tensor view, int[] strides, int offset, boolean contiguous) {
        assertArrayEquals(strides, view.stride(), "strides");
        assertEquals(offset, view.storageOffset(), "storage offset");
        assertEquals(contiguous, view.isContiguous(), "isContiguous");
    }

    @Test
    void reshapeOfANonContiguousTensorCopies() {
        Tensor base = base();
        Tensor transposed = base.transpose(0, 2);
        Tensor reshaped = transposed.reshape(4, 6);
        assertNotSame(base.storage(), reshaped.storage());
        assertTrue(reshaped.isContiguous());
        assertArrayEquals(transposed.toArray(), reshaped.toArray());
        reshaped.set(100f, 0, 0);
        assertEquals(0f, base.get(0, 0, 0), "writing to the copy leaves the base alone");
    }

    @Test
    void viewOfAnIncompatibleNonContiguousTensorFailsAndSuggestsReshape() {
        Tensor transposed = base().transpose(0, 2);              // (4, 3, 2), strides (1, 4, 12)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> transposed.view(-1));
        assertEquals("view size is not compatible with input tensor's size and stride (input [4, 3, 2], stride "
                + "[1, 4, 12], requested [24]). Use .reshape(...) instead.", e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> copyingOpsDoNotShareStorage() {
        return Stream.of(
                copies("clone", Tensor::clone),
                copies("contiguous of a transposed tensor", x -> x.transpose(0, 1).contiguous()),
                copies("indexSelect", x -> x.indexSelect(0, 0, 1)),
                copies("cat", x -> Tensor.cat(List.of(x, x), 0)),
                copies("stack", x -> Tensor.stack(List.of(x), 0)),
                copies("add", x -> x.add(0f)));
    }

    private static DynamicTest copies(String name, UnaryOperator<Tensor> op) {
        return DynamicTest.dynamicTest(name, () -> {
            Tensor base = base();
            Tensor copy = op.apply(base);
            assertNotSame(base.storage(), copy.storage());
            copy.fill_(7f);
            assertEquals(5f, base.get(0, 1, 1), name + ": writing to the result leaves the input alone");
        });
    }

    @Test
    void contiguousOfAContiguousTensorIsTheTensorItself() {
        Tensor x = base();
        assertSame(x, x.contiguous());
    }
}
