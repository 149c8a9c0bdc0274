package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;
import java.util.List;

/**
 * One time step of each recurrence, written with differentiable tensor ops so autograd derives
 * the backward. Shared by the layers ({@link RNN}, {@link LSTM}, {@link GRU}), which precompute
 * the input projection for all time steps at once, and by the cells ({@link RNNCell},
 * {@link LSTMCell}, {@link GRUCell}), which compute it per step.
 *
 * <p>Every step takes {@code inputGates} = x W_ih^T + b_ih of shape (batch, gates * hidden) and
 * the previous state, each (batch, hidden). Gates are stacked in PyTorch's order.
 */
final class Cells {
    private Cells() {}

    /** h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), act = tanh or relu. */
    static Tensor rnnStep(Tensor inputGates, Tensor h, Tensor weightHh, Tensor biasHh, boolean relu) {
        Tensor preActivation = inputGates.add(Functional.linear(h, weightHh, biasHh));
        return relu ? preActivation.relu() : preActivation.tanh();
    }

    /**
     * With gates stacked as (i, f, g, o):
     * <pre>
     *   i = sigmoid(.), f = sigmoid(.), g = tanh(.), o = sigmoid(.)   of x W_ih^T + b_ih + h W_hh^T + b_hh
     *   c' = f * c + i * g
     *   h' = o * tanh(c')
     * </pre>
     * Returns {h', c'}.
     */
    static Tensor[] lstmStep(Tensor inputGates, Tensor h, Tensor c, Tensor weightHh, Tensor biasHh) {
        List<Tensor> gates = inputGates.add(Functional.linear(h, weightHh, biasHh)).chunk(4, 1);
        Tensor inputGate = gates.get(0).sigmoid();
        Tensor forgetGate = gates.get(1).sigmoid();
        Tensor cellCandidate = gates.get(2).tanh();
        Tensor outputGate = gates.get(3).sigmoid();
        Tensor cNext = forgetGate.mul(c).add(inputGate.mul(cellCandidate));
        Tensor hNext = outputGate.mul(cNext.tanh());
        return new Tensor[] {hNext, cNext};
    }

    /**
     * With gates stacked as (r, z, n), gi = x W_ih^T + b_ih and gh = h W_hh^T + b_hh:
     * <pre>
     *   r  = sigmoid(gi_r + gh_r)
     *   z  = sigmoid(gi_z + gh_z)
     *   n  = tanh(gi_n + r * gh_n)      (the reset gate scales the hidden part only, bias included)
     *   h' = (1 - z) * n + z * h  =  (h - n) * z + n
     * </pre>
     */
    static Tensor gruStep(Tensor inputGates, Tensor h, Tensor weightHh, Tensor biasHh) {
        List<Tensor> input = inputGates.chunk(3, 1);
        List<Tensor> hidden = Functional.linear(h, weightHh, biasHh).chunk(3, 1);
        Tensor resetGate = input.get(0).add(hidden.get(0)).sigmoid();
        Tensor updateGate = input.get(1).add(hidden.get(1)).sigmoid();
        Tensor newGate = input.get(2).add(resetGate.mul(hidden.get(2))).tanh();
        return h.sub(newGate).mul(updateGate).add(newGate);
    }
}
