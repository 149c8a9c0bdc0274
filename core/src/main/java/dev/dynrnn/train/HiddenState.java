package dev.dynrnn.train;

import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recurrent state a {@link SequenceModel} carries from one chunk of a sequence to the next:
 * the hidden state h, and for an LSTM the cell state c, each (layers, batch, hidden) as PyTorch's
 * {@code h_n} and {@code c_n}.
 *
 * @param h (L, B, H)
 * @param c (L, B, H) for an LSTM, null otherwise
 */
public record HiddenState(Tensor h, Tensor c) {

    /** Checks that h is 3-D and c, when present, has its shape. */
    public HiddenState {
        if (h == null || h.dim() != 3) {
            throw new IllegalArgumentException("hidden state h must be (layers, batch, hidden), got "
                    + (h == null ? "null" : Arrays.toString(h.shape())));
        }
        if (c != null && !c.sameShape(h)) {
            throw new IllegalArgumentException("cell state c must have the shape of h " + Arrays.toString(h.shape())
                    + ", got " + Arrays.toString(c.shape()));
        }
    }

    /** Zeros for {@code batch} sequences of a model of {@code spec}: where every sequence starts. */
    public static HiddenState zeros(ModelSpec spec, int batch) {
        Tensor h = Tensor.zeros(spec.numLayers(), batch, spec.hiddenSize());
        return new HiddenState(h, spec.cell() == Cell.LSTM ? Tensor.zeros(h.shape()) : null);
    }

    /** The number of sequences B. */
    public int batch() {
        return h.size(1);
    }

    /**
     * The same values cut off from the graph that computed them: the truncation of truncated
     * back-propagation through time (the seed's {@code h_state = h_state.data}).
     */
    public HiddenState detach() {
        return new HiddenState(h.detach(), c == null ? null : c.detach());
    }

    /** The states of sequences {@code [start, start + length)} (a view; gradients flow through it). */
    public HiddenState narrow(int start, int length) {
        return new HiddenState(h.narrow(1, start, length), c == null ? null : c.narrow(1, start, length));
    }

    /** The states of several groups of sequences side by side, in order (gradients flow through it). */
    public static HiddenState cat(List<HiddenState> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        for (HiddenState part : parts) {
            hs.add(part.h);
            cs.add(part.c);
        }
        return new HiddenState(Tensor.cat(hs, 1), parts.get(0).c == null ? null : Tensor.cat(cs, 1));
    }
}
