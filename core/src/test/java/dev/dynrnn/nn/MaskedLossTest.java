package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.autograd.GradCheck;
import dev.dynrnn.nn.utils.rnn.RnnUtils;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Losses over padded batches: the padding counts for nothing. */
class MaskedLossTest {
    private static final int[] LENGTHS = {3, 1, 4};

    @Test
    void maskedMseIsTheMseOfTheRealSteps() {
        Tensor input = Tensor.randn(new Generator(1), 3, 4, 2);   // (B, T, F)
        Tensor target = Tensor.randn(new Generator(2), 3, 4, 2);
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        for (int b = 0; b < LENGTHS.length; b++) {
            inputs.add(input.select(0, b).narrow(0, 0, LENGTHS[b]));
            targets.add(target.select(0, b).narrow(0, 0, LENGTHS[b]));
        }
        float expected = Functional.mseLoss(Tensor.cat(inputs, 0), Tensor.cat(targets, 0)).item();
        assertEquals(expected, Functional.maskedMseLoss(input, target, LENGTHS, true).item(), 1e-6);
        Tensor mask = RnnUtils.sequenceMask(LENGTHS, 4, true);
        assertEquals(expected, Functional.maskedMseLoss(input, target, mask).item(), 1e-6);
        assertEquals(expected, Functional.maskedMseLoss(input.transpose(0, 1), target.transpose(0, 1), LENGTHS, false)
                .item(), 1e-6);
    }

    @Test
    void paddingGetsNoGradientAndChangesNothing() {
        Tensor input = Tensor.randn(new Generator(3), 4, 3).requiresGrad(true);   // (T, B)
        Tensor target = Tensor.randn(new Generator(4), 4, 3);
        Tensor loss = Functional.maskedMseLoss(input, target, LENGTHS, false);
        loss.backward();
        Tensor changed;
        try (var ignored = dev.dynrnn.tensor.NoGrad.enter()) {
            changed = input.detach().clone();
            changed.set(1e3f, 3, 0);   // sequence 0 has 3 steps: step 3 is padding
            changed.set(-7f, 1, 1);
        }
        assertEquals(loss.item(), Functional.maskedMseLoss(changed, target, LENGTHS, false).item());
        assertEquals(0f, Math.abs(input.grad().get(3, 0)));
        assertEquals(0f, Math.abs(input.grad().get(1, 1)));
        assertTrue(input.grad().get(0, 1) != 0f);
    }

    @Test
    void maskedMeanWeighsTrailingDimsAndPassesTheGradientCheck() {
        Tensor values = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertEquals((1 + 2 + 5 + 6) / 4f, Functional.maskedMean(values, Tensor.of(1f, 0f, 1f)).item());
        assertTrue(Float.isNaN(Functional.maskedMean(values, Tensor.zeros(3)).item()), "mean of nothing");
        Tensor x = Tensor.randn(new Generator(5), 4, 3, 2).requiresGrad(true);
        Tensor y = Tensor.randn(new Generator(6), 4, 3, 2);
        GradCheck.check(in -> Functional.maskedMseLoss(in[0], y, LENGTHS, false), x);
    }

    @Test
    void badMasksAndLengthsAreNamed() {
        Tensor values = Tensor.zeros(3, 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.maskedMean(values, Tensor.zeros(4, 3)));
        assertEquals("masked_mean: the mask's shape [4, 3] must be the leading dims of the values' shape [3, 4, 2]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.maskedMseLoss(values, values, new int[] {4, 4}, true));
        assertEquals("masked_mse_loss: expected 3 lengths, one per sequence of the batch of shape [3, 4, 2] "
                + "(batch_first=true), got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.maskedMean(values, new int[] {4, 5, 1}, true));
        assertTrue(e.getMessage().contains("lengths[1] = 5"), e.getMessage());
    }
}
