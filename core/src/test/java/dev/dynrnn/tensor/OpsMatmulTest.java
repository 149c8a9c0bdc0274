package dev.dynrnn.tensor;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** matmul in every rank combination, with batch broadcasting and transposed (strided) operands, against PyTorch 1.13. */
class OpsMatmulTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        OpCases cases = OpCases.of("matmul");
        for (String name : new String[] {"dot_1d_1d", "vec_1d_2d", "mv_2d_1d", "mm_2d_2d", "bmm_3d_3d", "broadcast_4d_3d",
                "broadcast_4d_4d", "batched_3d_2d", "batched_4d_2d", "batched_2d_3d", "batched_1d_3d", "batched_3d_1d",
                "outer_column_row"}) {
            cases.close(name, in -> in.t("a").matmul(in.t("b")));
        }
        return cases
                .close("transposed_left", in -> in.t("a").t().matmul(in.t("b")))
                .close("transposed_right", in -> in.t("a").matmul(in.t("b").t()))
                .close("transposed_both", in -> in.t("a").t().matmul(in.t("b").t()))
                .close("transposed_batched", in -> in.t("a").transpose(1, 2).matmul(in.t("b").transpose(-1, -2)))
                .close("strided_rows", in -> in.t("a").narrow(1, 1, 4).matmul(in.t("b")))
                .close("mv_transposed", in -> in.t("a").t().matmul(in.t("b")))
                .tests();
    }
}
