package dev.dynrnn.nn;

import static dev.dynrnn.nn.Reference.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Linear, Sequential, Embedding, dropout, softmax and the seed's whole model against PyTorch. */
class LayerReferenceTest {
    private static final Fixtures FIXTURES = Fixtures.load("nn_layers");

    @ParameterizedTest
    @ValueSource(strings = {"linear", "linear_no_bias"})
    void linear(String name) {
        Fixtures c = FIXTURES.child(name);
        Linear linear = new Linear(3, 4, name.equals("linear"));
        checkUnary(linear, c);
    }

    @Test
    void sequential() {
        Sequential model = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 5), new ReLU(), new Linear(5, 2),
                new Sigmoid());
        checkUnary(model, FIXTURES.child("sequential"));
    }

    private static void checkUnary(Module module, Fixtures c) {
        module.loadStateDict(Reference.stateDict(c, "params"));
        Tensor input = Reference.leaf(c, "input");
        Tensor output = ((UnaryModule) module).forward(input);
        assertMatches(c.tensor("output"), output, "output");
        output.mul(c.tensor("w")).sum().backward();
        assertMatches(c.tensor("grad.input"), input.grad(), "grad input");
        checkParameterGrads(module, c);
    }

    private static void checkParameterGrads(Module module, Fixtures c) {
        Map<String, Tensor> expected = Reference.stateDict(c, "grad.params");
        Map<String, Tensor> parameters = module.namedParameters();
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(parameters.keySet()));
        for (Map.Entry<String, Tensor> entry : expected.entrySet()) {
            assertMatches(entry.getValue(), parameters.get(entry.getKey()).grad(), "grad " + entry.getKey());
        }
    }

    @Test
    void embeddingWithPaddingRow() {
        Fixtures c = FIXTURES.child("embedding");
        Embedding embedding = new Embedding(6, 3, 2);
        embedding.loadStateDict(Reference.stateDict(c, "params"));
        Tensor output = embedding.forward(c.tensor("indices"));
        assertMatches(c.tensor("output"), output, "output");
        output.mul(c.tensor("w")).sum().backward();
        checkParameterGrads(embedding, c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dropout_p30", "dropout_p75"})
    void dropoutMasksAreTorchsAfterTheSameSeed(String name) {
        Fixtures c = FIXTURES.child(name);
        Tensor input = Reference.leaf(c, "input");
        Tensor.manualSeed((long) c.number("seed"));
        Tensor output = Functional.dropout(input, c.number("p"), true);
        assertMatches(c.tensor("output"), output, "output");
        output.sum().backward();
        assertMatches(c.tensor("grad"), input.grad(), "grad input");
    }

    @Test
    void dropoutModulesInASequential() {
        Fixtures c = FIXTURES.child("dropout_modules");
        Sequential model = new Sequential(new Linear(3, 4), new Dropout(0.5), new Tanh(), new Dropout(0.2));
        model.loadStateDict(Reference.stateDict(c, "params"));
        Tensor.manualSeed((long) c.number("seed"));
        assertMatches(c.tensor("output"), model.forward(c.tensor("input")), "output");
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax_dim0", "softmax_dim1", "softmax_dim2", "log_softmax_dim0", "log_softmax_dim1",
        "log_softmax_dim2"})
    void softmaxAndLogSoftmax(String name) {
        Fixtures c = FIXTURES.child(name);
        Tensor input = Reference.leaf(c, "input");
        int dim = (int) c.number("dim");
        Tensor output = name.startsWith("log") ? Functional.logSoftmax(input, dim) : Functional.softmax(input, dim);
        assertMatches(c.tensor("output"), output, "output");
        output.mul(c.tensor("w")).sum().backward();
        assertMatches(c.tensor("grad"), input.grad(), "grad input");
    }

    @Test
    void logSoftmaxOfLargeLogitsDoesNotOverflow() {
        Fixtures c = FIXTURES.child("log_softmax_large");
        Tensor input = Reference.leaf(c, "input");
        Tensor output = Functional.logSoftmax(input, 1);
        assertMatches(c.tensor("output"), output, "output");
        output.sum().backward();
        assertMatches(c.tensor("grad"), input.grad(), "grad input");
    }

    /** The seed's model, its Python loop over time steps included. */
    static final class SeedModel extends Module {
        final RNN rnn = registerModule("rnn", RNN.builder(1, 32).numLayers(1).batchFirst(true).build());
        final Linear out = registerModule("out", new Linear(32, 1));

        RNN.Output forward(Tensor x, Tensor hState) {
            RNN.Output r = rnn.forward(x, hState);
            List<Tensor> outs = new ArrayList<>();
            for (int timeStep = 0; timeStep < r.output().size(1); timeStep++) {
                outs.add(out.forward(r.output().select(1, timeStep)));
            }
            return new RNN.Output(Tensor.stack(outs, 1), r.hN());
        }
    }

    @Test
    void theSeedsModelAndLoss() {
        Fixtures c = FIXTURES.child("seed_model");
        SeedModel model = new SeedModel();
        model.loadStateDict(Reference.stateDict(c, "params"));
        Tensor h0 = Reference.leaf(c, "h0");
        RNN.Output result = model.forward(c.tensor("input"), h0);
        assertMatches(c.tensor("prediction"), result.output(), "prediction");
        assertMatches(c.tensor("h_n"), result.hN(), "h_n");
        Tensor loss = new MSELoss().forward(result.output(), c.tensor("target"));
        assertMatches(c.tensor("loss"), loss, "loss");
        loss.backward();
        assertMatches(c.tensor("grad.h0"), h0.grad(), "grad h0");
        checkParameterGrads(model, c);
    }
}
