package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op leaves the grad_fn that PyTorch 1.13 leaves for the same call, so printed tensors and
 * code that inspects {@code gradFn().name()} read the same as in PyTorch.
 */
class GradFnNameTest {

    /** A leaf that requires grad, with positive values (valid for log and sqrt). */
    private static Tensor leaf(int... shape) {
        return Tensor.arange(1, 1 + Shapes.numel(shape), 1).reshape(shape).requiresGrad(true);
    }

    @TestFactory
    Stream<DynamicTest> namesMatchPyTorch() {
        Map<String, Supplier<Tensor>> ops = new LinkedHashMap<>();
        ops.put("add", () -> leaf(3, 4).add(leaf(4)));
        ops.put("add_scalar", () -> leaf(3).add(1f));
        ops.put("add_alpha", () -> leaf(3).add(leaf(3), 2f));
        ops.put("sub", () -> leaf(3).sub(leaf(3)));
        ops.put("sub_scalar", () -> leaf(3).sub(1f));
        ops.put("rsub_scalar", () -> leaf(3).rsub(1f));
        ops.put("mul", () -> leaf(3).mul(leaf(3)));
        ops.put("mul_scalar", () -> leaf(3).mul(2f));
        ops.put("div", () -> leaf(3).div(leaf(3)));
        ops.put("div_scalar", () -> leaf(3).div(2f));
        ops.put("pow", () -> leaf(3).pow(leaf(3)));
        ops.put("pow_scalar", () -> leaf(3).pow(2f));
        ops.put("neg", () -> leaf(3).neg());
        ops.put("exp", () -> leaf(3).exp());
        ops.put("log", () -> leaf(3).log());
        ops.put("sqrt", () -> leaf(3).sqrt());
        ops.put("abs", () -> leaf(3).abs());
        ops.put("tanh", () -> leaf(3).tanh());
        ops.put("sigmoid", () -> leaf(3).sigmoid());
        ops.put("relu", () -> leaf(3).relu());
        ops.put("clamp", () -> leaf(3).clamp(-1f, 1f));
        ops.put("clamp_min", () -> leaf(3).clampMin(0f));
        ops.put("clamp_max", () -> leaf(3).clampMax(0f));
        ops.put("sum", () -> leaf(3, 4).sum());
        ops.put("sum_dim", () -> leaf(3, 4).sum(1));
        ops.put("mean", () -> leaf(3, 4).mean());
        ops.put("mean_dim", () -> leaf(3, 4).mean(0, true));
        ops.put("max", () -> leaf(3, 4).max());
        ops.put("max_dim", () -> leaf(3, 4).max(1));
        ops.put("matmul_dot", () -> leaf(4).matmul(leaf(4)));
        ops.put("matmul_vec_mat", () -> leaf(4).matmul(leaf(4, 3)));
        ops.put("matmul_mat_vec", () -> leaf(3, 4).matmul(leaf(4)));
        ops.put("matmul_mm", () -> leaf(3, 4).matmul(leaf(4, 5)));
        ops.put("matmul_bmm", () -> leaf(2, 3, 4).matmul(leaf(2, 4, 5)));
        ops.put("matmul_3d_2d", () -> leaf(2, 3, 4).matmul(leaf(4, 5)));
        ops.put("matmul_2d_3d", () -> leaf(3, 4).matmul(leaf(2, 4, 5)));
        ops.put("matmul_1d_3d", () -> leaf(4).matmul(leaf(2, 4, 5)));
        ops.put("matmul_3d_1d", () -> leaf(2, 3, 4).matmul(leaf(4)));
        ops.put("matmul_broadcast", () -> leaf(2, 1, 3, 4).matmul(leaf(5, 4, 2)));
        ops.put("view", () -> leaf(3, 4).view(12));
        ops.put("reshape_view", () -> leaf(3, 4).reshape(2, 6));
        ops.put("reshape_copy", () -> leaf(3, 4).t().reshape(12));
        ops.put("flatten", () -> leaf(3, 4).flatten());
        ops.put("transpose", () -> leaf(3, 4).transpose(0, 1));
        ops.put("t", () -> leaf(3, 4).t());
        ops.put("t_vector", () -> leaf(3).t());
        ops.put("permute", () -> leaf(3, 4).permute(1, 0));
        ops.put("unsqueeze", () -> leaf(3, 4).unsqueeze(0));
        ops.put("squeeze", () -> leaf(1, 3).squeeze());
        ops.put("squeeze_dim", () -> leaf(1, 3).squeeze(0));
        ops.put("select", () -> leaf(3, 4).select(0, 0));
        ops.put("narrow", () -> leaf(3, 4).narrow(1, 1, 2));
        ops.put("slice", () -> leaf(3, 4).slice(1, 1, 3));
        ops.put("expand", () -> leaf(4).expand(3, 4));
        ops.put("index_select", () -> leaf(3, 4).indexSelect(0, 0, 0));
        ops.put("cat", () -> Tensor.cat(List.of(leaf(3, 4), leaf(3, 4)), 0));
        ops.put("stack", () -> Tensor.stack(List.of(leaf(3, 4), leaf(3, 4)), 0));
        ops.put("split", () -> leaf(3, 4).split(2, 1).get(0));
        ops.put("chunk", () -> leaf(3, 4).chunk(2, 1).get(1));
        ops.put("unbind", () -> leaf(3, 4).unbind(0).get(1));
        ops.put("clone", () -> leaf(3, 4).clone());
        ops.put("contiguous", () -> leaf(3, 4).t().contiguous());

        Fixtures expected = OpCases.fixtures().child("grad_fn");
        Stream<DynamicTest> coverage = Stream.of(DynamicTest.dynamicTest("same cases as ops.json",
                () -> assertEquals(new TreeSet<>(expected.keys()), new TreeSet<>(ops.keySet()))));
        return Stream.concat(coverage, ops.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertEquals(expected.string(e.getKey()), e.getValue().get().gradFn().name(), e.getKey()))));
    }
}
