package dev.dynrnn.nn;

import static dev.dynrnn.nn.Reference.assertMatches;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss and reduction against PyTorch: the value and the gradients with respect to input
 * and (where PyTorch gives one) target, through the loss modules.
 */
class LossReferenceTest {
    private static final Fixtures FIXTURES = Fixtures.load("nn_losses");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String name : FIXTURES.keys()) {
            out.add(Arguments.of(name));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        Fixtures c = FIXTURES.child(name);
        Reduction reduction = Reduction.of(name.substring(name.lastIndexOf('_') + 1));
        String loss = name.substring(0, name.lastIndexOf('_'));
        Tensor input = Reference.leaf(c, "input");
        boolean classification = loss.startsWith("ce");
        Tensor target = classification ? c.tensor("target") : Reference.leaf(c, "target");
        Loss module = switch (loss) {
            case "mse" -> new MSELoss(reduction);
            case "l1" -> new L1Loss(reduction);
            case "smooth_l1" -> new SmoothL1Loss(reduction, 1.0);
            case "smooth_l1_beta0p5" -> new SmoothL1Loss(reduction, 0.5);
            case "smooth_l1_beta0" -> new SmoothL1Loss(reduction, 0.0);
            case "huber" -> new HuberLoss(reduction, 1.0);
            case "huber_delta2p5" -> new HuberLoss(reduction, 2.5);
            case "bce", "bce_weight", "bce_pos_weight", "bce_both" -> new BCEWithLogitsLoss(
                    c.has("weight") ? c.tensor("weight") : null, c.has("pos_weight") ? c.tensor("pos_weight") : null,
                    reduction);
            default -> new CrossEntropyLoss(c.has("weight") ? c.tensor("weight") : null, (int) c.number("ignore_index"),
                    reduction);
        };
        Tensor value = module.forward(input, target);
        assertMatches(c.tensor("output"), value, "loss");
        value.mul(c.tensor("w")).sum().backward();
        assertMatches(c.tensor("grad_input"), input.grad(), "grad input");
        if (!classification) {
            assertMatches(c.tensor("grad_target"), target.grad(), "grad target");
        }
    }
}
