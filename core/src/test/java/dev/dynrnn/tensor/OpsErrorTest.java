package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails with a message that names the op, the shapes, the dim and the bad value. */
class OpsErrorTest {

    /** Asserts that {@code call} throws {@code type} with a message containing every fragment. */
    private static void assertFails(Class<? extends RuntimeException> type, Executable call, String... fragments) {
        RuntimeException e = assertThrows(type, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void matmulOfMatricesNamesBothShapesAsPyTorch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(1, 3).matmul(Tensor.zeros(32, 1)));
        assertEquals("matmul: mat1 and mat2 shapes cannot be multiplied (1x3 and 32x1)", e.getMessage());
    }

    @Test
    void matmulOfOtherRanksNamesTheInputShapes() {
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4)),
                "matmul", "(1x3 and 4x1)", "[3] and [4]");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5, 2)),
                "matmul", "(3x4 and 5x2)", "[2, 3, 4] and [5, 2]");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)),
                "matmul", "[2, 3, 4] and [3, 4, 5]", "size of tensor a (2)", "size of tensor b (3)", "dimension 0");
        assertFails(IllegalArgumentException.class, () -> Tensor.scalar(1f).matmul(Tensor.zeros(3)),
                "matmul", "at least 1 dimension", "0D and 1D");
    }

    @TestFactory
    Stream<DynamicTest> broadcastingErrorsNameTheOpBothShapesAndTheDim() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(2, 4);
        return Stream.of(
                broadcastError("add", () -> a.add(b)),
                broadcastError("sub", () -> a.sub(b)),
                broadcastError("mul", () -> a.mul(b)),
                broadcastError("div", () -> a.div(b)),
                broadcastError("pow", () -> a.pow(b)));
    }

    private static DynamicTest broadcastError(String op, Supplier<Tensor> call) {
        return DynamicTest.dynamicTest(op, () -> assertFails(IllegalArgumentException.class, call::get, op + ":",
                "size of tensor a (3)", "size of tensor b (4)", "non-singleton dimension 1", "[2, 3] and [2, 4]"));
    }

    @Test
    void expandErrorsNameTheSizesAndTheDim() {
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(3).expand(2, 4),
                "expand", "expanded size of the tensor (4)", "existing size (3)", "dimension 1", "[2, 4]", "[3]");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(3),
                "expand", "number of sizes provided (1)", "number of dimensions in the tensor (2)");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(3).expand(-1, 3),
                "expand", "-1 is not allowed in a leading, non-existing dimension 0");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(3).expand(-2, 3),
                "expand", "invalid size -2", "dim 0", "[-2, 3]");
    }

    @Test
    void indexOutOfRangeNamesTheDimTheIndexAndTheSize() {
        Tensor x = Tensor.zeros(3, 4);
        assertFails(IndexOutOfBoundsException.class, () -> x.select(0, 3), "select", "index 3", "dimension 0", "size 3");
        assertFails(IndexOutOfBoundsException.class, () -> x.select(1, -5), "select", "index -5", "dimension 1", "size 4");
        assertFails(IndexOutOfBoundsException.class, () -> x.get(1, 4), "get", "index 4", "dimension 1", "size 4");
        assertFails(IndexOutOfBoundsException.class, () -> x.set(1f, 3, 0), "set", "index 3", "dimension 0", "size 3");
        assertFails(IndexOutOfBoundsException.class, () -> x.indexSelect(1, 0, 4), "index_select", "index 4",
                "dimension 1", "size 4");
        assertFails(IndexOutOfBoundsException.class, () -> x.narrow(1, 3, 2), "narrow", "start (3)", "length (2)",
                "size (4)", "dim 1");
        assertFails(IndexOutOfBoundsException.class, () -> Tensor.scalar(1f).select(0, 0), "select", "0-dim");
    }

    @Test
    void dimOutOfRangeNamesTheOpTheRangeAndTheDim() {
        Tensor x = Tensor.zeros(2, 3, 4);
        assertFails(IndexOutOfBoundsException.class, () -> x.sum(3), "sum", "[-3, 2]", "got 3");
        assertFails(IndexOutOfBoundsException.class, () -> x.mean(-4), "mean", "[-3, 2]", "got -4");
        assertFails(IndexOutOfBoundsException.class, () -> x.max(5, false), "max", "got 5");
        assertFails(IndexOutOfBoundsException.class, () -> x.argmax(3), "argmax", "got 3");
        assertFails(IndexOutOfBoundsException.class, () -> x.transpose(0, 3), "transpose", "got 3");
        assertFails(IndexOutOfBoundsException.class, () -> x.unsqueeze(4), "unsqueeze", "[-4, 3]", "got 4");
        assertFails(IndexOutOfBoundsException.class, () -> x.squeeze(-4), "squeeze", "got -4");
        assertFails(IndexOutOfBoundsException.class, () -> x.split(1, 3), "split", "got 3");
        assertFails(IndexOutOfBoundsException.class, () -> Tensor.cat(List.of(x, x), 3), "cat", "got 3");
        assertFails(IndexOutOfBoundsException.class, () -> Tensor.stack(List.of(x, x), 4), "stack", "[-4, 3]", "got 4");
    }

    @Test
    void wrongNumberOfIndicesNamesTheShape() {
        Tensor x = Tensor.zeros(2, 3);
        assertFails(IllegalArgumentException.class, () -> x.get(1), "expected 2 indices", "[2, 3]", "got 1");
        assertFails(IllegalArgumentException.class, () -> x.set(0f, 1, 1, 1), "expected 2 indices", "got 3");
    }

    @Test
    void catAndStackMismatchesNameTheShapes() {
        assertFails(IllegalArgumentException.class, () -> Tensor.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), 0),
                "cat", "except in dimension 0", "Expected size 3 but got size 4", "tensor number 1", "[2, 3] and [2, 4]");
        assertFails(IllegalArgumentException.class, () -> Tensor.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(3)), 0),
                "cat", "same number of dimensions", "2 and 1");
        assertFails(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0), "cat", "non-empty");
        assertFails(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(3, 2)), 0),
                "stack", "equal size", "[2, 3] at entry 0", "[3, 2] at entry 2");
        assertFails(IllegalArgumentException.class, () -> Tensor.stack(List.of(), 0), "stack", "non-empty");
    }

    @Test
    void shapeRequestsThatDoNotFitNameTheShapeAndTheSize() {
        Tensor x = Tensor.zeros(2, 3);
        assertFails(IllegalArgumentException.class, () -> x.view(5), "view", "'[5]'", "input of size 6");
        assertFails(IllegalArgumentException.class, () -> x.reshape(4, -1), "reshape", "'[4, -1]'", "input of size 6");
        assertFails(IllegalArgumentException.class, () -> x.reshape(-1, -1), "reshape", "only one dimension");
        assertFails(IllegalArgumentException.class, () -> x.permute(0), "permute", "input.dim() = 2", "len(dims) = 1");
        assertFails(IllegalArgumentException.class, () -> x.permute(1, 1), "permute", "repeated dim 1");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).t(), "t()", "3D");
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2, -1), "negative size -1", "dim 1");
        assertFails(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3), "[2, 3]", "size 5");
        assertFails(IllegalArgumentException.class, () -> x.split(0, 1), "split_size", "0");
        assertFails(IllegalArgumentException.class, () -> x.chunk(0, 1), "chunk", "greater than 0", "0");
        assertFails(IllegalStateException.class, x::item, "6 elements");
    }

    @Test
    void creationArgumentsAreChecked() {
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0), "arange", "step must be nonzero");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, 1, -0.5), "arange", "inconsistent with step sign");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, Double.NaN, 1), "arange", "NaN");
        assertFails(IllegalArgumentException.class, () -> Tensor.arange(0, 1, Double.NaN), "arange", "step NaN");
        assertFails(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1), "linspace", "got -1");
    }

    @Test
    void clampWithMinAboveMaxIsRefused() {
        assertFails(IllegalArgumentException.class, () -> Tensor.zeros(2).clamp(1f, 0f), "clamp", "min (1.0)",
                "max (0.0)");
    }

    /** As PyTorch: inside no_grad, ops on tensors that require grad give results that do not. */
    @TestFactory
    Stream<DynamicTest> opsInsideNoGradDoNotRequireGrad() {
        return Stream.of(
                noGrad("add", x -> x.add(x)),
                noGrad("mul scalar", x -> x.mul(2f)),
                noGrad("div scalar", x -> x.div(2f)),
                noGrad("rsub", x -> x.rsub(1f)),
                noGrad("pow", x -> x.pow(x)),
                noGrad("exp", Tensor::exp),
                noGrad("clamp", x -> x.clamp(0f, 1f)),
                noGrad("sum", Tensor::sum),
                noGrad("sum dim", x -> x.sum(1)),
                noGrad("mean", Tensor::mean),
                noGrad("mean dim", x -> x.mean(0)),
                noGrad("max", Tensor::max),
                noGrad("max dim", x -> x.max(1)),
                noGrad("matmul", x -> x.matmul(x.t())),
                noGrad("matmul batched", x -> x.unsqueeze(0).matmul(x.t())),
                noGrad("view", x -> x.view(-1)),
                noGrad("reshape copy", x -> x.t().reshape(-1)),
                noGrad("transpose", x -> x.transpose(0, 1)),
                noGrad("t", Tensor::t),
                noGrad("permute", x -> x.permute(1, 0)),
                noGrad("unsqueeze", x -> x.unsqueeze(0)),
                noGrad("squeeze", Tensor::squeeze),
                noGrad("select", x -> x.select(0, 1)),
                noGrad("narrow", x -> x.narrow(1, 0, 2)),
                noGrad("expand", x -> x.unsqueeze(0).expand(2, 2, 3)),
                noGrad("indexSelect", x -> x.indexSelect(0, 1, 1)),
                noGrad("cat", x -> Tensor.cat(List.of(x, x), 0)),
                noGrad("stack", x -> Tensor.stack(List.of(x, x), 0)),
                noGrad("split", x -> x.split(1, 0).get(0)),
                noGrad("unbind", x -> x.unbind(0).get(1)),
                noGrad("clone", Tensor::clone),
                noGrad("contiguous", x -> x.t().contiguous()));
    }

    private static DynamicTest noGrad(String name, java.util.function.UnaryOperator<Tensor> op) {
        return DynamicTest.dynamicTest(name, () -> {
            Tensor x = Tensor.arange(1, 7, 1).reshape(2, 3).requiresGrad(true);
            Tensor y;
            try (NoGrad ignored = NoGrad.enter()) {
                y = op.apply(x);
            }
            assertFalse(y.requiresGrad(), name + " inside NoGrad requires grad");
            assertNull(y.gradFn(), name + " inside NoGrad recorded a node");
            assertTrue(op.apply(x).requiresGrad(), name + " outside NoGrad records again");
        });
    }
}
