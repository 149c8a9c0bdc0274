package dev.dynrnn.tensor;

import dev.dynrnn.autograd.GradCheck;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The backward of every differentiable op against central differences (GradCheck), one line per
 * op: broadcasting, tensors used twice, views followed by ops, transposed (strided) operands,
 * every matmul rank combination. Inputs keep clear of kinks (relu/abs at 0, clamp bounds, max
 * ties) by more than the check's step.
 */
class OpsGradCheckTest {

    /**
     * Distinct values with magnitudes 0.25, 0.35, ... (a fixed permutation, so neighbours differ)
     * and every third one negative: no ties, nothing within 0.25 of 0.
     */
    static Tensor signed(int... shape) {
        int n = Shapes.numel(shape);
        int multiplier = coprimeMultiplier(n);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (0.25f + 0.1f * ((i * multiplier) % n)) * (i % 3 == 1 ? -1 : 1);
        }
        return Tensor.of(values, shape);
    }

    /** Distinct values in [0.5, 0.5 + 0.1 n), for log, sqrt, pow bases and divisors. */
    static Tensor positive(int... shape) {
        return signed(shape).abs().add(0.25f);
    }

    private static int coprimeMultiplier(int n) {
        for (int m : new int[] {7, 5, 11, 13, 17}) {
            if (gcd(m, n) == 1) {
                return m;
            }
        }
        return 1;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static DynamicTest op(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return DynamicTest.dynamicTest(name, () -> {
            for (Tensor input : inputs) {
                input.requiresGrad(true);
            }
            GradCheck.check(f, inputs);
        });
    }

    @TestFactory
    Stream<DynamicTest> pointwise() {
        return Stream.of(
                op("add", in -> in[0].add(in[1]), signed(3, 4), signed(3, 4)),
                op("add (3,1)+(1,4)", in -> in[0].add(in[1]), signed(3, 1), signed(1, 4)),
                op("add (2,3,4)+(4)", in -> in[0].add(in[1]), signed(2, 3, 4), signed(4)),
                op("add 0-dim+(3,4)", in -> in[0].add(in[1]), Tensor.scalar(0.7f), signed(3, 4)),
                op("add alpha", in -> in[0].add(in[1], 2.5f), signed(3, 4), signed(4)),
                op("sub", in -> in[0].sub(in[1]), signed(3, 4), signed(3, 4)),
                op("sub (3,1)-(1,4)", in -> in[0].sub(in[1]), signed(3, 1), signed(1, 4)),
                op("sub (4)-(2,3,4)", in -> in[0].sub(in[1]), signed(4), signed(2, 3, 4)),
                op("mul", in -> in[0].mul(in[1]), signed(3, 4), signed(3, 4)),
                op("mul (3,1)*(1,4)", in -> in[0].mul(in[1]), signed(3, 1), signed(1, 4)),
                op("mul (2,3,4)*(4)", in -> in[0].mul(in[1]), signed(2, 3, 4), signed(4)),
                op("mul (3,4)*0-dim", in -> in[0].mul(in[1]), signed(3, 4), Tensor.scalar(-1.3f)),
                op("div", in -> in[0].div(in[1]), signed(3, 4), positive(3, 4)),
                op("div (3,1)/(1,4)", in -> in[0].div(in[1]), signed(3, 1), positive(1, 4)),
                op("div 0-dim/(2,3)", in -> in[0].div(in[1]), Tensor.scalar(0.9f), positive(2, 3)),
                op("pow tensor exponent", in -> in[0].pow(in[1]), positive(3, 4), signed(3, 4)),
                op("pow (3,1)^(1,4)", in -> in[0].pow(in[1]), positive(3, 1), signed(1, 4)),
                op("pow 0-dim^(2,3)", in -> in[0].pow(in[1]), Tensor.scalar(1.7f), signed(2, 3)),
                op("add scalar", in -> in[0].add(2.5f), signed(3, 4)),
                op("sub scalar", in -> in[0].sub(0.75f), signed(3, 4)),
                op("rsub scalar", in -> in[0].rsub(3f), signed(3, 4)),
                op("mul scalar", in -> in[0].mul(-1.5f), signed(3, 4)),
                op("div scalar", in -> in[0].div(3f), signed(3, 4)),
                op("pow 2", in -> in[0].pow(2f), signed(3, 4)),
                op("pow 3", in -> in[0].pow(3f), signed(3, 4)),
                op("pow 0.5", in -> in[0].pow(0.5f), positive(3, 4)),
                op("pow -1", in -> in[0].pow(-1f), positive(3, 4)),
                op("pow 1.5", in -> in[0].pow(1.5f), positive(3, 4)),
                op("neg", in -> in[0].neg(), signed(3, 4)),
                op("exp", in -> in[0].exp(), signed(3, 4)),
                op("log", in -> in[0].log(), positive(3, 4)),
                op("sqrt", in -> in[0].sqrt(), positive(3, 4)),
                op("abs", in -> in[0].abs(), signed(3, 4)),
                op("tanh", in -> in[0].tanh(), signed(3, 4)),
                op("sigmoid", in -> in[0].sigmoid(), signed(3, 4)),
                op("relu", in -> in[0].relu(), signed(3, 4)),
                op("clamp", in -> in[0].clamp(-0.5f, 0.6f), signed(3, 4)),
                op("clampMin", in -> in[0].clampMin(0.3f), signed(3, 4)),
                op("clampMax", in -> in[0].clampMax(-0.3f), signed(3, 4)));
    }

    @TestFactory
    Stream<DynamicTest> tensorUsedTwice() {
        return Stream.of(
                op("x * x", in -> in[0].mul(in[0]), signed(3, 4)),
                op("x + x", in -> in[0].add(in[0]), signed(3, 4)),
                op("x / exp(x)", in -> in[0].div(in[0].exp()), signed(3, 4)),
                op("x @ x^T", in -> in[0].matmul(in[0].t()), signed(3, 4)),
                op("x^T * x^T", in -> in[0].t().mul(in[0].t()), signed(3, 4)),
                op("x * x.sum(1, keepdim)", in -> in[0].mul(in[0].sum(1, true)), signed(3, 4)),
                op("x[0] + x[1]", in -> in[0].select(0, 0).add(in[0].select(0, 1)), signed(3, 4)));
    }

    @TestFactory
    Stream<DynamicTest> reductions() {
        return Stream.of(
                op("sum", in -> in[0].sum(), signed(3, 4)),
                op("sum dim 0", in -> in[0].sum(0), signed(2, 3, 4)),
                op("sum dim -1 keepdim", in -> in[0].sum(-1, true), signed(2, 3, 4)),
                op("mean", in -> in[0].mean(), signed(3, 4)),
                op("mean dim 1", in -> in[0].mean(1), signed(2, 3, 4)),
                op("mean dim -2 keepdim", in -> in[0].mean(-2, true), signed(2, 3, 4)),
                op("max", in -> in[0].max(), signed(3, 4)),
                op("max dim 1", in -> in[0].max(1), signed(2, 3, 4)),
                op("max dim 0 keepdim", in -> in[0].max(0, true), signed(2, 3, 4)),
                op("max dim -1 of transposed", in -> in[0].t().max(-1), signed(3, 4)));
    }

    @TestFactory
    Stream<DynamicTest> matmul() {
        return Stream.of(
                op("dot (4)@(4)", in -> in[0].matmul(in[1]), signed(4), signed(4)),
                op("(4)@(4,3)", in -> in[0].matmul(in[1]), signed(4), signed(4, 3)),
                op("(3,4)@(4)", in -> in[0].matmul(in[1]), signed(3, 4), signed(4)),
                op("(3,4)@(4,5)", in -> in[0].matmul(in[1]), signed(3, 4), signed(4, 5)),
                op("(2,3,4)@(2,4,5)", in -> in[0].matmul(in[1]), signed(2, 3, 4), signed(2, 4, 5)),
                op("(2,1,3,4)@(5,4,2)", in -> in[0].matmul(in[1]), signed(2, 1, 3, 4), signed(5, 4, 2)),
                op("(2,3,4)@(4,5)", in -> in[0].matmul(in[1]), signed(2, 3, 4), signed(4, 5)),
                op("(3,4)@(2,4,5)", in -> in[0].matmul(in[1]), signed(3, 4), signed(2, 4, 5)),
                op("(4)@(2,4,5)", in -> in[0].matmul(in[1]), signed(4), signed(2, 4, 5)),
                op("(2,3,4)@(4)", in -> in[0].matmul(in[1]), signed(2, 3, 4), signed(4)),
                op("A^T @ B", in -> in[0].t().matmul(in[1]), signed(4, 3), signed(4, 5)),
                op("A @ B^T", in -> in[0].matmul(in[1].t()), signed(3, 4), signed(5, 4)),
                op("A^T @ B^T", in -> in[0].t().matmul(in[1].t()), signed(4, 3), signed(5, 4)),
                op("batched transposed", in -> in[0].transpose(1, 2).matmul(in[1].transpose(-1, -2)),
                        signed(2, 4, 3), signed(2, 5, 4)),
                op("A^T @ v", in -> in[0].t().matmul(in[1]), signed(4, 3), signed(4)));
    }

    @TestFactory
    Stream<DynamicTest> viewsFollowedByOps() {
        return Stream.of(
                op("view", in -> in[0].view(6, 4).mul(in[1]), signed(2, 3, 4), signed(6, 4)),
                op("reshape (a view)", in -> in[0].reshape(4, -1).tanh(), signed(2, 3, 4)),
                op("reshape (a copy)", in -> in[0].transpose(0, 2).reshape(6, 4).mul(in[1]), signed(2, 3, 4), signed(6, 4)),
                op("flatten", in -> in[0].flatten().exp(), signed(2, 3)),
                op("transpose", in -> in[0].transpose(0, 2).mul(in[1]), signed(2, 3, 4), signed(4, 3, 2)),
                op("t then add", in -> in[0].t().add(in[1]), signed(3, 4), signed(4, 3)),
                op("permute", in -> in[0].permute(2, 0, 1).sigmoid(), signed(2, 3, 4)),
                op("unsqueeze", in -> in[0].unsqueeze(1).mul(in[1]), signed(3, 4), signed(3, 2, 4)),
                op("squeeze", in -> in[0].squeeze().tanh(), signed(1, 3, 1, 2)),
                op("squeeze dim", in -> in[0].squeeze(-2).tanh(), signed(1, 3, 1, 2)),
                op("select", in -> in[0].select(1, 2).exp(), signed(2, 3, 4)),
                op("narrow", in -> in[0].narrow(2, 1, 2).mul(in[0].narrow(2, 2, 2)), signed(2, 3, 4)),
                op("slice", in -> in[0].slice(1, -2, 3).tanh(), signed(2, 3, 4)),
                op("expand", in -> in[0].expand(3, 4).mul(in[1]), signed(4), signed(3, 4)),
                op("expand keep", in -> in[0].expand(2, -1, 4).tanh(), signed(2, 1, 4)),
                op("split", in -> in[0].split(2, 1).get(1).exp(), signed(2, 3, 4)),
                op("chunk", in -> in[0].chunk(2, 2).get(0).mul(in[0].chunk(2, 2).get(1)), signed(2, 3, 4)),
                op("unbind", in -> in[0].unbind(0).get(1).tanh(), signed(2, 3, 4)),
                op("contiguous", in -> in[0].t().contiguous().exp(), signed(3, 4)),
                op("clone", in -> in[0].clone().mul(in[0]), signed(3, 4)),
                op("transposed input, pointwise", in -> in[0].t().exp().mul(in[1]), signed(4, 3), signed(3, 4)));
    }

    @TestFactory
    Stream<DynamicTest> joining() {
        return Stream.of(
                op("cat dim 0", in -> Tensor.cat(List.of(in[0], in[1]), 0).tanh(), signed(2, 3), signed(4, 3)),
                op("cat dim -1", in -> Tensor.cat(List.of(in[0], in[1], in[0]), -1).exp(), signed(2, 3), signed(2, 1)),
                op("cat transposed", in -> Tensor.cat(List.of(in[0].t(), in[1]), 0).tanh(), signed(3, 2), signed(1, 3)),
                op("stack dim 0", in -> Tensor.stack(List.of(in[0], in[1]), 0).tanh(), signed(2, 3), signed(2, 3)),
                op("stack dim -1", in -> Tensor.stack(List.of(in[0], in[1], in[0]), -1).exp(), signed(2, 3), signed(2, 3)),
                op("indexSelect repeated", in -> in[0].indexSelect(1, 2, 0, 2, 2).tanh(), signed(2, 3, 4)),
                op("indexSelect dim 0", in -> in[0].indexSelect(0, 1, 1, 0).mul(in[1]), signed(2, 4), signed(3, 4)));
    }
}
