package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.testing.Fixtures;
import dev.dynrnn.testing.TensorAssert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Composite expressions run forward and backward in PyTorch 1.13 and here: the value and the
 * gradient of every input must agree (within 1e-5, as they mix transcendental ops and sums).
 */
class OpsCompositeGradTest {

    @TestFactory
    Stream<DynamicTest> valuesAndGradientsMatchPyTorch() {
        Map<String, Function<Map<String, Tensor>, Tensor>> ops = new LinkedHashMap<>();
        ops.put("tanh_mul_plus_sigmoid", in -> in.get("x").mul(in.get("y")).tanh().add(in.get("x").sigmoid()).sum());
        ops.put("linear_relu_mean", in -> in.get("x").matmul(in.get("w")).add(in.get("b")).relu().mean());
        ops.put("softmax_by_hand", in -> {
            Tensor e = in.get("x").exp();
            return e.div(in.get("x").exp().sum(1, true)).log().select(1, 2);
        });
        ops.put("broadcast_div_max", in -> in.get("a").mul(in.get("b")).div(in.get("c")).sum(0).max());
        ops.put("views_then_ops", in -> in.get("x").t().reshape(-1).narrow(0, 2, 7).pow(2f).sum()
                .add(in.get("x").select(0, 1).sqrt().sum()));
        ops.put("gram_matrix", in -> in.get("x").matmul(in.get("x").t()).tanh());
        ops.put("cat_stack_index_select", in -> {
            Tensor a = in.get("a");
            Tensor joined = Tensor.cat(List.of(a, in.get("b")), 0).indexSelect(0, 0, 2, 2, 3);
            return Tensor.stack(List.of(joined, a.expand(4, 3)), 0).mul(Tensor.arange(24).reshape(2, 4, 3)).sum();
        });
        ops.put("pow_tensor_log", in -> in.get("a").pow(in.get("b")).log().sum()
                .add(in.get("a").sub(in.get("b")).abs().mean()));
        ops.put("clamp_max_dim", in -> in.get("x").clamp(-0.5f, 0.8f).max(1).sum().add(in.get("x").clampMin(0.1f).sum()));
        ops.put("rnn_step", in -> in.get("x").matmul(in.get("wih").t()).add(in.get("h").matmul(in.get("whh").t()))
                .tanh().sum(0).div(3f));

        Fixtures cases = OpCases.fixtures().child("grads");
        Stream<DynamicTest> coverage = Stream.of(DynamicTest.dynamicTest("same cases as ops.json",
                () -> assertEquals(new TreeSet<>(cases.keys()), new TreeSet<>(ops.keySet()))));
        return Stream.concat(coverage, ops.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Fixtures c = cases.child(e.getKey());
            Map<String, Tensor> leaves = new LinkedHashMap<>();
            for (String name : c.child("in").keys()) {
                leaves.put(name, c.tensor("in." + name).requiresGrad(true));
            }
            Tensor out = e.getValue().apply(leaves);
            TensorAssert.assertClose(c.tensor("out"), out, 1e-5, e.getKey() + " value");
            out.backward(Tensor.onesLike(out));
            for (String name : leaves.keySet()) {
                TensorAssert.assertClose(c.tensor("grad." + name), leaves.get(name).grad(), 1e-5,
                        e.getKey() + " dL/d" + name);
            }
        })));
    }
}
