package dev.dynrnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A parameter large enough for its update to be split between two threads
 * ({@link AdamUpdate#PARALLEL_ELEMENTS}) gets the bits that the same elements get as small
 * parameters updated in one pass each: plain Adam, with tiny operands (the per-block path) and
 * without, and the element-by-element variants (weight decay, amsgrad).
 */
class AdamSplitTest {
    private static final int SIZE = 3 * AdamUpdate.PARALLEL_ELEMENTS / 2 + 37;
    private static final int PIECE = 1000;

    @Test
    void splitUpdateGivesTheBitsOfSmallParameters() {
        List<Function<List<Tensor>, Optimizer>> optimizers = List.of(
                params -> new Adam(params, 1e-3),
                params -> Adam.builder(params).lr(1e-2).weightDecay(0.1).amsgrad(true).build());
        for (boolean tiny : new boolean[] {false, true}) {
            for (Function<List<Tensor>, Optimizer> make : optimizers) {
                Random random = new Random(tiny ? 5 : 6);
                float[] initial = values(random, SIZE, false);
                float[][] grads = new float[4][];
                for (int step = 0; step < grads.length; step++) {
                    grads[step] = values(random, SIZE, tiny);
                }
                Tensor whole = Tensor.of(initial.clone(), SIZE).requiresGrad(true);
                assertTrue(whole.numel() >= AdamUpdate.PARALLEL_ELEMENTS);
                List<Tensor> pieces = new ArrayList<>();
                for (int from = 0; from < SIZE; from += PIECE) {
                    int n = Math.min(PIECE, SIZE - from);
                    float[] piece = new float[n];
                    System.arraycopy(initial, from, piece, 0, n);
                    pieces.add(Tensor.of(piece, n).requiresGrad(true));
                }
                Optimizer wholeOptimizer = make.apply(List.of(whole));
                Optimizer piecesOptimizer = make.apply(pieces);
                for (float[] g : grads) {
                    whole.setGrad(Tensor.of(g.clone(), SIZE));
                    for (int i = 0; i < pieces.size(); i++) {
                        int from = i * PIECE;
                        int n = pieces.get(i).numel();
                        float[] piece = new float[n];
                        System.arraycopy(g, from, piece, 0, n);
                        pieces.get(i).setGrad(Tensor.of(piece, n));
                    }
                    wholeOptimizer.step();
                    piecesOptimizer.step();
                }
                float[] got = whole.detach().storage();
                float[] want = new float[SIZE];
                for (int i = 0; i < pieces.size(); i++) {
                    Tensor piece = pieces.get(i).detach();
                    System.arraycopy(piece.storage(), piece.storageOffset(), want, i * PIECE, piece.numel());
                }
                assertArrayEquals(want, Arrays.copyOfRange(got, whole.detach().storageOffset(),
                        whole.detach().storageOffset() + SIZE), "tiny=" + tiny);
            }
        }
    }

    /** Gaussian values; with {@code tiny}, one in 50 is subnormal or zero (the exact path). */
    private static float[] values(Random random, int n, boolean tiny) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = tiny && random.nextInt(50) == 0 ? (random.nextBoolean() ? 1e-40f : 0f)
                    : (float) random.nextGaussian();
        }
        return out;
    }
}
