package dev.dynrnn.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradCheckTest {

    @Test
    void passesACorrectGradient() {
        GradCheck.check(in -> in[0].tanh().mul(in[1]), Tensor.of(0.3f, -1.2f, 0.7f).requiresGrad(true),
                Tensor.of(1.5f, 0.2f, -0.4f).requiresGrad(true));
    }

    @Test
    void catchesAGradientThatIsOffByOnePercent() {
        Tensor x = Tensor.of(0.3f, -1.2f, 0.7f, 2.0f).requiresGrad(true);
        assertThrows(AssertionError.class, () -> GradCheck.check(in -> scaledBackward(in[0].exp(), 1.01f), x));
    }

    @Test
    void catchesAMissingGradientContribution() {
        Tensor x = Tensor.of(0.3f, -1.2f).requiresGrad(true);
        // forward x*x, backward claims x (forgets the factor 2)
        assertThrows(AssertionError.class, () -> GradCheck.check(in -> {
            Tensor input = in[0];
            Tensor y;
            try (NoGrad ignored = NoGrad.enter()) {
                y = input.mul(input);
            }
            return Tensor.customOp(y, "BadSquare", g -> new Tensor[] {g.mul(input.detach())}, input);
        }, x));
    }

    /** The identity on values, with a backward that scales the gradient by {@code factor}. */
    private static Tensor scaledBackward(Tensor x, float factor) {
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = x.clone();
        }
        return Tensor.customOp(y, "Scaled", g -> new Tensor[] {g.mul(factor)}, x);
    }
}
