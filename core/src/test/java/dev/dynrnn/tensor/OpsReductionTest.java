package dev.dynrnn.tensor;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** sum, mean, max and argmax over everything and over every dim (negative dims, keepdim) against PyTorch 1.13. */
class OpsReductionTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        OpCases cases = OpCases.of("reductions")
                .close("sum_all", in -> in.t("x").sum())
                .close("mean_all", in -> in.t("x").mean())
                .exact("max_all", in -> in.t("x").max())
                .exact("argmax_all", in -> in.t("x").argmax());
        for (int d : new int[] {0, 1, 2, -1, -2, -3}) {
            for (boolean keep : new boolean[] {false, true}) {
                String tag = (d < 0 ? "m" : "") + Math.abs(d) + "_" + (keep ? "keep" : "drop");
                cases.close("sum_" + tag, in -> in.t("x").sum(d, keep))
                        .close("mean_" + tag, in -> in.t("x").mean(d, keep))
                        .exact("max_" + tag, in -> in.t("x").max(d, keep))
                        .exact("argmax_" + tag, in -> in.t("x").argmax(d, keep));
            }
        }
        return cases
                .close("sum_transposed_dim0", in -> in.t("x").t().sum(0))
                .exact("max_transposed_dim1", in -> in.t("x").t().max(1))
                .close("sum_vector", in -> in.t("x").sum(0))
                .close("mean_vector_keep", in -> in.t("x").mean(-1, true))
                .exact("sum_scalar", in -> in.t("x").sum())
                .exact("max_with_nan", in -> in.t("x").max(1))
                .exact("argmax_ties_first", in -> in.t("x").argmax(1))
                .tests();
    }
}
