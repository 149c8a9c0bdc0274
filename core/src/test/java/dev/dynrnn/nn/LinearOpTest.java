package dev.dynrnn.nn;

import static dev.dynrnn.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.autograd.GradCheck;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * F.linear as one node, on contiguous inputs, on permuted ones (read in storage order) and on
 * strided ones (copied): values against matmul + add, gradients against finite differences.
 */
class LinearOpTest {
    private static final Generator G = new Generator(5);

    /** The input layouts a Linear sees: contiguous, batch_first view of time-major, a strided slice. */
    private static final List<Function<Tensor, Tensor>> LAYOUTS = List.of(
            x -> x,
            x -> x.transpose(0, 1),
            x -> x.narrow(2, 1, 3));

    @Test
    void valuesMatchMatmulPlusBias() {
        Tensor weight = Tensor.randn(G, 2, 3);
        Tensor bias = Tensor.randn(G, 2);
        for (Function<Tensor, Tensor> layout : LAYOUTS) {
            Tensor base = Tensor.randn(G, 4, 5, layout == LAYOUTS.get(2) ? 5 : 3);
            Tensor x = layout.apply(base);
            Tensor y = Functional.linear(x, weight, bias);
            assertTrue(y.isContiguous(), "output laid out contiguously, as PyTorch's");
            assertClose(x.matmul(weight.t()).add(bias), y, 1e-6, 1e-6, "linear of " + java.util.Arrays.toString(x.shape()));
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Function<Tensor, Tensor> layout : LAYOUTS) {
            Tensor base = Tensor.randn(G, 4, 5, layout == LAYOUTS.get(2) ? 5 : 3).requiresGrad(true);
            Tensor weight = Tensor.randn(G, 2, 3).requiresGrad(true);
            Tensor bias = Tensor.randn(G, 2).requiresGrad(true);
            GradCheck.check(in -> Functional.linear(layout.apply(in[0]), in[1], in[2]), base, weight, bias);
            GradCheck.check(in -> Functional.linear(layout.apply(in[0]), in[1], null), base, weight);
        }
    }

    @Test
    void nodeNamesArePyTorchs() {
        Tensor weight = Tensor.randn(G, 2, 3).requiresGrad(true);
        Tensor bias = Tensor.randn(G, 2).requiresGrad(true);
        assertEquals("AddmmBackward0", Functional.linear(Tensor.randn(G, 4, 3), weight, bias).gradFn().name());
        assertEquals("MmBackward0", Functional.linear(Tensor.randn(G, 4, 3), weight, null).gradFn().name());
        assertEquals("ViewBackward0", Functional.linear(Tensor.randn(G, 5, 4, 3), weight, bias).gradFn().name());
        assertEquals("AddBackward0", Functional.linear(Tensor.randn(G, 3), weight, bias).gradFn().name());
    }
}
