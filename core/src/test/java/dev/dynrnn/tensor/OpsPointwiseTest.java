package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.dynrnn.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Pointwise ops (tensor and scalar variants, broadcasting, strided inputs) against PyTorch 1.13. */
class OpsPointwiseTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        OpCases cases = OpCases.of("pointwise");
        for (String shapes : new String[] {"same", "col_row", "trailing", "scalar_tensor", "tensor_scalar", "middle"}) {
            cases.exact("add_" + shapes, in -> in.t("a").add(in.t("b")))
                    .exact("sub_" + shapes, in -> in.t("a").sub(in.t("b")))
                    .exact("mul_" + shapes, in -> in.t("a").mul(in.t("b")))
                    .exact("div_" + shapes, in -> in.t("a").div(in.t("b")))
                    .close("pow_" + shapes, in -> in.t("a").pow(in.t("b")));
        }
        return cases
                .exact("add_transposed", in -> in.t("a").t().add(in.t("b")))
                .exact("sub_transposed", in -> in.t("a").t().sub(in.t("b")))
                .exact("mul_transposed", in -> in.t("a").t().mul(in.t("b")))
                .exact("div_transposed", in -> in.t("a").t().div(in.t("b")))
                .close("pow_transposed", in -> in.t("a").t().pow(in.t("b")))
                // PyTorch fuses a + alpha * b into one rounding (fmadd), we round twice
                .close("add_alpha", in -> in.t("a").add(in.t("b"), 2f))
                .exact("add_scalar", in -> in.t("a").add(2.5f))
                .exact("sub_scalar", in -> in.t("a").sub(0.75f))
                .exact("rsub_scalar", in -> in.t("a").rsub(3f))
                .exact("mul_scalar", in -> in.t("a").mul(-1.5f))
                .exact("div_scalar_3", in -> in.t("a").div(3f))
                .exact("div_scalar_tenth", in -> in.t("a").div(0.1f))
                .exact("div_scalar_exact", in -> in.t("a").div(3f))
                .exact("pow_scalar_2", in -> in.t("a").pow(2f))
                .exact("pow_scalar_3", in -> in.t("a").pow(3f))
                .exact("pow_scalar_half", in -> in.t("a").pow(0.5f))
                .exact("pow_scalar_minus_half", in -> in.t("a").pow(-0.5f))
                .exact("pow_scalar_minus_1", in -> in.t("a").pow(-1f))
                .exact("pow_scalar_minus_2", in -> in.t("a").pow(-2f))
                .close("pow_scalar_1_5", in -> in.t("a").pow(1.5f))
                .exact("pow_scalar_0", in -> in.t("a").pow(0f))
                .exact("pow_negative_base_fraction", in -> in.t("a").pow(0.5f))
                .exact("neg", in -> in.t("a").neg())
                .close("exp", in -> in.t("a").exp())
                .close("exp_extremes", in -> in.t("a").exp())
                .close("log", in -> in.t("a").log())
                .close("log_edge", in -> in.t("a").log())
                .exact("sqrt", in -> in.t("a").sqrt())
                .exact("sqrt_edge", in -> in.t("a").sqrt())
                .exact("abs", in -> in.t("a").abs())
                .close("tanh", in -> in.t("a").tanh())
                .close("tanh_large", in -> in.t("a").tanh())
                .close("sigmoid", in -> in.t("a").sigmoid())
                .close("sigmoid_large", in -> in.t("a").sigmoid())
                .exact("relu", in -> in.t("a").relu())
                .exact("clamp", in -> in.t("a").clamp(-0.5f, 0.5f))
                .exact("clamp_min", in -> in.t("a").clampMin(0.2f))
                .exact("clamp_max", in -> in.t("a").clampMax(-0.1f))
                .close("exp_transposed", in -> in.t("a").t().exp())
                .tests();
    }

    /** x / 3 is a true division in PyTorch; multiplying by (float) 1/3 is off by one ulp for 7. */
    @Test
    void divisionByAScalarIsTrueDivision() {
        Tensor x = Tensor.of(7f, 1f, -11f);
        assertArrayEquals(new float[] {7f / 3f, 1f / 3f, -11f / 3f}, x.div(3f).toArray());
        assertArrayEquals(new float[] {2.3333332538604736f}, Tensor.of(7f).div(3f).toArray());
    }

    /**
     * PyTorch computes x^3 as x*x*x, x^-2 as 1/(x*x), x^-0.5 as 1/sqrt(x): each rounds differently
     * from a general power by up to an ulp, which the 1e-6 tolerance above would let through.
     */
    @Test
    void powerWithCommonExponentsIsBitIdenticalToPyTorch() {
        Fixtures pointwise = OpCases.fixtures().child("pointwise");
        float[] exponents = {2f, 3f, 0.5f, -0.5f, -1f, -2f};
        String[] cases = {"pow_scalar_2", "pow_scalar_3", "pow_scalar_half", "pow_scalar_minus_half", "pow_scalar_minus_1",
            "pow_scalar_minus_2"};
        for (int i = 0; i < cases.length; i++) {
            Tensor x = pointwise.tensor(cases[i] + ".in.a");
            assertArrayEquals(pointwise.tensor(cases[i] + ".out").toArray(), x.pow(exponents[i]).toArray(), cases[i]);
        }
    }

    /** Like PyTorch, sigmoid is evaluated in float: 1 / (1 + e^100) underflows to exactly 0. */
    @Test
    void sigmoidOfLargeNegativeValuesUnderflowsAsInPyTorch() {
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f}, Tensor.of(-200f, -100f, 50f, 100f).sigmoid().toArray());
    }
}
