package dev.dynrnn.nn;

import static dev.dynrnn.nn.Reference.assertMatches;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RNNCell (tanh, relu), LSTMCell and GRUCell against PyTorch: with and without bias, batched and
 * unbatched, state given and absent; new state and gradients for input, state and parameters.
 */
class CellReferenceTest {

    static Stream<Arguments> cases() {
        Fixtures fixtures = Fixtures.load("nn_cells");
        List<Arguments> out = new ArrayList<>();
        for (String name : fixtures.keys()) {
            Fixtures c = fixtures.child(name);
            out.add(Arguments.of(c.string("kind"), name, c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String kind, String name, Fixtures c) {
        boolean bias = c.json("bias").getAsBoolean();
        RNNCellBase cell = switch (kind) {
            case "rnn_tanh" -> new RNNCell(3, 4, bias, RNN.Nonlinearity.TANH);
            case "rnn_relu" -> new RNNCell(3, 4, bias, RNN.Nonlinearity.RELU);
            case "lstm" -> new LSTMCell(3, 4, bias);
            default -> new GRUCell(3, 4, bias);
        };
        cell.loadStateDict(Reference.stateDict(c, "params"));
        Tensor input = Reference.leaf(c, "input");
        Tensor h0 = c.has("h0") ? Reference.leaf(c, "h0") : null;
        Tensor c0 = c.has("c0") ? Reference.leaf(c, "c0") : null;

        Tensor loss;
        if (cell instanceof LSTMCell lstm) {
            LSTMCell.Output next = lstm.forward(input, h0, c0);
            assertMatches(c.tensor("h1"), next.h(), "h1");
            assertMatches(c.tensor("c1"), next.c(), "c1");
            loss = next.h().mul(c.tensor("w_h")).sum().add(next.c().mul(c.tensor("w_c")).sum());
        } else {
            Tensor h1 = cell instanceof GRUCell gru ? gru.forward(input, h0) : ((RNNCell) cell).forward(input, h0);
            assertMatches(c.tensor("h1"), h1, "h1");
            loss = h1.mul(c.tensor("w_h")).sum();
        }
        loss.backward();
        assertMatches(c.tensor("grad.input"), input.grad(), "grad input");
        if (h0 != null) {
            assertMatches(c.tensor("grad.h0"), h0.grad(), "grad h0");
        }
        if (c0 != null) {
            assertMatches(c.tensor("grad.c0"), c0.grad(), "grad c0");
        }
        Map<String, Tensor> parameters = cell.namedParameters();
        for (Map.Entry<String, Tensor> entry : Reference.stateDict(c, "grad.params").entrySet()) {
            assertMatches(entry.getValue(), parameters.get(entry.getKey()).grad(), "grad " + entry.getKey());
        }
    }
}
