package dev.dynrnn.nn;

import static dev.dynrnn.nn.Reference.assertMatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.nn.utils.rnn.PaddedSequence;
import dev.dynrnn.nn.utils.rnn.RnnUtils;
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
 * RNN (tanh), LSTM and GRU on packed batches against PyTorch (scripts/reference/packed_reference.py):
 * a padded batch goes through packPaddedSequence, the layer and padPackedSequence; the packed
 * input and output, the padded output, the final states and the gradients with respect to the
 * padded input, the initial states and every parameter must match within 1e-5, for 1 and 2
 * layers, batch_first, bidirectional, sorted and unsorted lengths (with a tie and a length 1),
 * with and without an initial state, and with dropout between layers in training mode.
 */
class PackedLayerReferenceTest {

    static Stream<Arguments> cases() {
        Fixtures layers = Fixtures.load("packed").child("layers");
        List<Arguments> out = new ArrayList<>();
        for (String name : layers.keys()) {
            out.add(Arguments.of(name, layers.child(name)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, Fixtures c) {
        Fixtures config = c.child("config");
        boolean batchFirst = config.json("batch_first").getAsBoolean();
        RNNBase layer = build(name.substring(0, name.indexOf('_')), config);
        layer.loadStateDict(Reference.stateDict(c, "params"));
        Tensor input = Reference.leaf(c, "input");
        Tensor h0 = c.has("h0") ? Reference.leaf(c, "h0") : null;
        Tensor c0 = c.has("c0") ? Reference.leaf(c, "c0") : null;

        int[] lengths = config.ints("lengths");
        PackedSequence packed = RnnUtils.packPaddedSequence(input, lengths, batchFirst,
                config.json("enforce_sorted").getAsBoolean());
        assertMatches(c.tensor("packed.data"), packed.data(), "packed input data");
        assertArrayEquals(c.ints("packed.batch_sizes"), packed.batchSizes(), "batch_sizes");
        if (c.json("packed.sorted_indices").isJsonNull()) {
            assertEquals(null, packed.sortedIndices(), "sorted_indices");
        } else {
            assertArrayEquals(c.ints("packed.sorted_indices"), packed.sortedIndices(), "sorted_indices");
        }

        if (c.has("forward_seed")) {
            Tensor.manualSeed((long) c.number("forward_seed"));
        }
        PackedSequence output;
        Tensor hN;
        Tensor cN = null;
        if (layer instanceof LSTM lstm) {
            LSTM.PackedOutput r = lstm.forward(packed, h0, c0);
            output = r.output();
            hN = r.hN();
            cN = r.cN();
        } else if (layer instanceof GRU gru) {
            GRU.PackedOutput r = gru.forward(packed, h0);
            output = r.output();
            hN = r.hN();
        } else {
            RNN.PackedOutput r = ((RNN) layer).forward(packed, h0);
            output = r.output();
            hN = r.hN();
        }
        assertArrayEquals(packed.batchSizes(), output.batchSizes(), "output batch_sizes");
        assertMatches(c.tensor("output_data"), output.data(), "packed output data");
        PaddedSequence padded = RnnUtils.padPackedSequence(output, batchFirst, 0f, batchFirst ? input.size(1) : input.size(0));
        assertArrayEquals(lengths, padded.lengths(), "lengths");
        assertMatches(c.tensor("output"), padded.padded(), "padded output");
        assertMatches(c.tensor("h_n"), hN, "h_n");
        Tensor loss = padded.padded().mul(c.tensor("w_output")).sum().add(hN.mul(c.tensor("w_h")).sum());
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

    private static RNNBase build(String kind, Fixtures config) {
        int layers = (int) config.number("num_layers");
        boolean batchFirst = config.json("batch_first").getAsBoolean();
        boolean bidirectional = config.json("bidirectional").getAsBoolean();
        double dropout = config.number("dropout");
        return switch (kind) {
            case "rnn" -> RNN.builder(3, 4).numLayers(layers).batchFirst(batchFirst).bidirectional(bidirectional)
                    .dropout(dropout).build();
            case "lstm" -> LSTM.builder(3, 4).numLayers(layers).batchFirst(batchFirst).bidirectional(bidirectional)
                    .dropout(dropout).build();
            case "gru" -> GRU.builder(3, 4).numLayers(layers).batchFirst(batchFirst).bidirectional(bidirectional)
                    .dropout(dropout).build();
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
