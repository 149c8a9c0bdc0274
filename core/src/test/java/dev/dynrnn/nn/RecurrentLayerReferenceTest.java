package dev.dynrnn.nn;

import static dev.dynrnn.nn.Reference.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * RNN (tanh and relu), LSTM and GRU against PyTorch: outputs, final states, and gradients with
 * respect to the input, the initial state and every parameter, for configurations that cover
 * every pair of 1/3 layers, batch_first, bidirectional, bias, batch 1/5, length 1/37 and
 * initial state given/absent, plus unbatched input, and dropout between three layers in eval
 * mode and in training mode (where the masks equal PyTorch's after the same seed).
 */
class RecurrentLayerReferenceTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("rnn_tanh", "rnn_relu", "lstm", "gru")) {
            Fixtures fixtures = Fixtures.load("nn_" + kind);
            for (String name : fixtures.keys()) {
                out.add(Arguments.of(kind, name, fixtures.child(name)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String kind, String name, Fixtures c) {
        RNNBase layer = build(kind, c.child("config"));
        layer.loadStateDict(Reference.stateDict(c, "params"));
        if (c.json("config.eval").getAsBoolean()) {
            layer.eval();
        }
        Tensor input = Reference.leaf(c, "input");
        Tensor h0 = c.has("h0") ? Reference.leaf(c, "h0") : null;
        Tensor c0 = c.has("c0") ? Reference.leaf(c, "c0") : null;

        if (c.has("forward_seed")) {
            // Dropout between layers in training mode: masks drawn as PyTorch draws them.
            Tensor.manualSeed((long) c.number("forward_seed"));
        }
        Tensor output;
        Tensor hN;
        Tensor cN = null;
        if (layer instanceof LSTM lstm) {
            LSTM.Output r = lstm.forward(input, h0, c0);
            output = r.output();
            hN = r.hN();
            cN = r.cN();
        } else if (layer instanceof GRU gru) {
            GRU.Output r = gru.forward(input, h0);
            output = r.output();
            hN = r.hN();
        } else {
            RNN.Output r = ((RNN) layer).forward(input, h0);
            output = r.output();
            hN = r.hN();
        }
        assertMatches(c.tensor("output"), output, "output");
        assertMatches(c.tensor("h_n"), hN, "h_n");
        Tensor loss = output.mul(c.tensor("w_output")).sum().add(hN.mul(c.tensor("w_h")).sum());
        if (cN != null) {
            assertMatches(c.tensor("c_n"), cN, "c_n");
            loss = loss.add(cN.mul(c.tensor("w_c")).sum());
        }
        loss.backward();

        assertMatches(c.tensor("grad.input"), input.grad(), "grad input");
        if (h0 != null) {
            assertMatches(c.tensor("grad.h0"), h0.grad(), "grad h0");
        }
        if (c0 != null) {
            assertMatches(c.tensor("grad.c0"), c0.grad(), "grad c0");
        }
        Map<String, Tensor> expectedGrads = Reference.stateDict(c, "grad.params");
        Map<String, Tensor> parameters = layer.namedParameters();
        assertEquals(List.copyOf(expectedGrads.keySet()), List.copyOf(parameters.keySet()), "parameter names and order");
        for (Map.Entry<String, Tensor> entry : expectedGrads.entrySet()) {
            assertMatches(entry.getValue(), parameters.get(entry.getKey()).grad(), "grad " + entry.getKey());
        }
    }

    static RNNBase build(String kind, Fixtures config) {
        int layers = (int) config.number("num_layers");
        boolean batchFirst = config.json("batch_first").getAsBoolean();
        boolean bidirectional = config.json("bidirectional").getAsBoolean();
        boolean bias = config.json("bias").getAsBoolean();
        double dropout = config.number("dropout");
        return switch (kind) {
            case "rnn_tanh", "rnn_relu" -> RNN.builder(3, 4).numLayers(layers).batchFirst(batchFirst)
                    .bidirectional(bidirectional).bias(bias).dropout(dropout).nonlinearity(kind.substring(4)).build();
            case "lstm" -> LSTM.builder(3, 4).numLayers(layers).batchFirst(batchFirst).bidirectional(bidirectional)
                    .bias(bias).dropout(dropout).build();
            case "gru" -> GRU.builder(3, 4).numLayers(layers).batchFirst(batchFirst).bidirectional(bidirectional)
                    .bias(bias).dropout(dropout).build();
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
