package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code toString()} must print exactly what PyTorch 1.13's {@code repr()} prints for the same
 * tensor: notation (fixed, integer, scientific), widths, line wrapping, summarisation above 1000
 * elements, empty shapes, and the requires_grad / grad_fn suffix.
 */
class TensorFormatterTest {

    /** Cases printed as stored; the others apply an op to a leaf that requires grad. */
    private static final String[] PLAIN = {"fixed", "fixed_rounding", "fixed_wide", "integers", "integers_negative_width",
        "integers_large_ratio", "integers_huge", "sci_large_ratio", "sci_tiny", "sci_huge", "sci_denormal",
        "negative_zero_int", "negative_zero_fixed", "negative_zero_sci", "nan_inf_fixed", "nan_inf_int", "nan_inf_only",
        "zeros", "scalar_fixed", "scalar_int", "scalar_negative_zero", "scalar_tiny", "scalar_nan", "empty_0",
        "empty_2x0", "empty_0x3x2", "cube_3x4x5", "matrix_4d", "wrap_30", "wrap_ints_40", "wrap_matrix_2x25",
        "summarized_1001", "summarized_40x30", "summarized_11x10x10", "summarized_2x600", "summarized_ints"};

    @TestFactory
    Stream<DynamicTest> printsLikePyTorch() {
        Map<String, UnaryOperator<Tensor>> cases = new LinkedHashMap<>();
        for (String name : PLAIN) {
            cases.put(name, x -> x);
        }
        // stored contiguous; PyTorch printed randn(3, 2).t(), the same values through a strided view
        cases.put("transposed", x -> x.t().contiguous().t());
        cases.put("requires_grad", x -> x.requiresGrad(true));
        cases.put("requires_grad_scalar", x -> x.requiresGrad(true));
        cases.put("requires_grad_wraps", x -> x.requiresGrad(true));
        cases.put("requires_grad_matrix", x -> x.requiresGrad(true));
        cases.put("grad_fn_mul_scalar", x -> x.requiresGrad(true).mul(2f));
        cases.put("grad_fn_add_scalar", x -> x.requiresGrad(true).add(1f));
        cases.put("grad_fn_sum_dim", x -> x.requiresGrad(true).sum(0));
        cases.put("grad_fn_sum", x -> x.requiresGrad(true).sum());
        cases.put("grad_fn_mean", x -> x.requiresGrad(true).mean());
        cases.put("grad_fn_select", x -> x.requiresGrad(true).select(0, 0));
        cases.put("grad_fn_transpose", x -> x.requiresGrad(true).transpose(0, 1));
        cases.put("grad_fn_t", x -> x.requiresGrad(true).t());
        cases.put("grad_fn_matmul", x -> {
            Tensor leaf = x.requiresGrad(true);
            return leaf.matmul(leaf.t());
        });
        cases.put("grad_fn_tanh_wraps", x -> x.requiresGrad(true).tanh());
        cases.put("grad_fn_long_name_wraps", x -> x.requiresGrad(true).indexSelect(0, 0, 1, 2, 3, 4, 5, 6));

        Fixtures expected = OpCases.fixtures().child("repr");
        Stream<DynamicTest> coverage = Stream.of(DynamicTest.dynamicTest("same cases as ops.json",
                () -> assertEquals(new TreeSet<>(expected.keys()), new TreeSet<>(cases.keySet()))));
        return Stream.concat(coverage, cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Tensor shown = e.getValue().apply(expected.tensor(e.getKey() + ".in.x"));
            assertEquals(expected.string(e.getKey() + ".repr"), shown.toString(), e.getKey());
        })));
    }
}
