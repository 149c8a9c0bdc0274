package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    /** The seed's model, named as in the seed so that its repr starts with "RNN(". */
    static final class RNN extends Module {
        final dev.dynrnn.nn.RNN rnn = registerModule("rnn", dev.dynrnn.nn.RNN.builder(1, 32).batchFirst(true).build());
        final Linear out = registerModule("out", new Linear(32, 1));
    }

    /** A module with a parameter of its own, a buffer and nested children. */
    static final class Tree extends Module {
        final Tensor scale = registerParameter("scale", Tensor.ones(2));
        final Tensor counts = registerBuffer("counts", Tensor.zeros(3));
        final Sequential body = registerModule("body", new Sequential(new Linear(2, 3), new Tanh(),
                new Sequential(new Linear(3, 1, false))));
    }

    @Test
    void namedParametersUsePyTorchsDottedNamesAndOrder() {
        assertEquals(List.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "out.weight",
                "out.bias"), List.copyOf(new RNN().namedParameters().keySet()));
        assertEquals(List.of("scale", "body.0.weight", "body.0.bias", "body.2.0.weight"),
                List.copyOf(new Tree().namedParameters().keySet()));
        LSTM lstm = LSTM.builder(2, 3).numLayers(2).bidirectional(true).bias(false).build();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse"),
                List.copyOf(lstm.namedParameters().keySet()));
        assertArrayEquals(new int[] {12, 6}, lstm.namedParameters().get("weight_ih_l1").shape());
    }

    @Test
    void parametersRequireGradAndFollowNamedParameters() {
        Tree tree = new Tree();
        List<Tensor> parameters = tree.parameters();
        assertEquals(List.copyOf(tree.namedParameters().values()), parameters);
        assertTrue(parameters.stream().allMatch(Tensor::requiresGrad));
        assertFalse(tree.counts.requiresGrad());
    }

    @Test
    void aSharedParameterIsListedOnceButSavedUnderEachName() {
        Linear shared = new Linear(2, 2);
        Module twice = new Module() {
            final Linear a = registerModule("a", shared);
            final Linear b = registerModule("b", shared);
        };
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(twice.namedParameters().keySet()));
        assertEquals(List.of("a.weight", "a.bias", "b.weight", "b.bias"), List.copyOf(twice.stateDict().keySet()));
        assertEquals(List.of("", "a"), List.copyOf(twice.namedModules().keySet()));
    }

    @Test
    void namedModulesAndChildren() {
        Tree tree = new Tree();
        assertEquals(List.of("", "body", "body.0", "body.1", "body.2", "body.2.0"),
                List.copyOf(tree.namedModules().keySet()));
        assertEquals(List.of("body"), List.copyOf(tree.namedChildren().keySet()));
        assertSame(tree.body, tree.children().get(0));
        assertEquals(List.of("counts"), List.copyOf(tree.namedBuffers().keySet()));
    }

    @Test
    void stateDictHoldsParametersThenBuffersAndSharesStorage() {
        Tree tree = new Tree();
        Map<String, Tensor> state = tree.stateDict();
        assertEquals(List.of("scale", "counts", "body.0.weight", "body.0.bias", "body.2.0.weight"),
                List.copyOf(state.keySet()));
        assertFalse(state.get("scale").requiresGrad());
        assertSame(tree.scale.storage(), state.get("scale").storage());
    }

    @Test
    void loadStateDictCopiesValuesIntoTheSameTensors() {
        RNN source = new RNN();
        RNN target = new RNN();
        Tensor weight = target.out.weight();
        Module.LoadResult result = target.loadStateDict(source.stateDict());
        assertEquals(List.of(), result.missingKeys());
        assertEquals(List.of(), result.unexpectedKeys());
        assertSame(weight, target.out.weight());
        assertTrue(weight.requiresGrad());
        for (Map.Entry<String, Tensor> entry : source.stateDict().entrySet()) {
            assertArrayEquals(entry.getValue().toArray(), target.stateDict().get(entry.getKey()).toArray(), entry.getKey());
        }
        // a copy, not an alias
        assertNotSame(source.out.weight().storage(), target.out.weight().storage());
    }

    @Test
    void loadStateDictNamesMissingUnexpectedAndMisshapedKeys() {
        RNN model = new RNN();
        Map<String, Tensor> state = new LinkedHashMap<>(new RNN().stateDict());
        state.remove("rnn.bias_hh_l0");
        state.put("out.weight", Tensor.zeros(2, 32));
        state.put("extra", Tensor.zeros(1));
        float before = model.out.bias().item();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state));
        assertEquals("Error(s) in loading state_dict for RNN:\n"
                + "\tUnexpected key(s) in state_dict: \"extra\".\n"
                + "\tMissing key(s) in state_dict: \"rnn.bias_hh_l0\".\n"
                + "\tsize mismatch for out.weight: copying a param with shape [2, 32] from checkpoint, the shape in "
                + "current model is [1, 32].", e.getMessage());
        assertEquals(before, model.out.bias().item(), "nothing is copied when loading fails");
    }

    @Test
    void nonStrictLoadingReportsKeysButStillRefusesShapeMismatches() {
        RNN model = new RNN();
        Map<String, Tensor> state = new LinkedHashMap<>(new RNN().stateDict());
        state.remove("out.bias");
        state.put("extra", Tensor.zeros(1));
        Module.LoadResult result = model.loadStateDict(state, false);
        assertEquals(List.of("out.bias"), result.missingKeys());
        assertEquals(List.of("extra"), result.unexpectedKeys());
        assertArrayEquals(state.get("out.weight").toArray(), model.out.weight().toArray());

        state.put("out.weight", Tensor.zeros(32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("size mismatch for out.weight: copying a param with shape [32]"), e.getMessage());
    }

    @Test
    void trainAndEvalAreRecursive() {
        Tree tree = new Tree();
        assertTrue(tree.isTraining());
        tree.eval();
        for (Module module : tree.namedModules().values()) {
            assertFalse(module.isTraining());
        }
        tree.body.train();
        assertFalse(tree.isTraining());
        assertTrue(tree.body.get(2).isTraining());
    }

    @Test
    void zeroGradClearsOrZeroesEveryGradient() {
        Tree tree = new Tree();
        tree.body.forward(Tensor.ones(4, 2)).sum().backward();
        Tensor weight = tree.body.namedParameters().get("0.weight");
        Tensor gradient = weight.grad();
        tree.zeroGrad(false);
        assertSame(gradient, weight.grad());
        assertArrayEquals(new float[6], gradient.toArray());
        assertNull(tree.scale.grad(), "a parameter that never got a gradient keeps none");
        tree.zeroGrad();
        assertNull(weight.grad());
    }

    @Test
    void requiresGradFreezesEveryParameter() {
        Tree tree = new Tree();
        tree.requiresGrad(false);
        assertTrue(tree.parameters().stream().noneMatch(Tensor::requiresGrad));
    }

    @Test
    void badNamesAndClashesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Tensor p = registerParameter("a.b", Tensor.zeros(1));
        });
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Tensor p = registerParameter("", Tensor.zeros(1));
        });
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Tensor p = registerParameter("x", Tensor.zeros(1));
            final Linear m = registerModule("x", new Linear(1, 1));
        });
        assertEquals("attribute 'x' already exists as a parameter", clash.getMessage());
        IllegalArgumentException nonLeaf = assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Tensor p = registerParameter("w", Tensor.ones(1).requiresGrad(true).mul(2f));
        });
        assertTrue(nonLeaf.getMessage().contains("must be a leaf tensor"), nonLeaf.getMessage());
    }

    @Test
    void registeringANameAgainReplacesItInPlace() {
        Module model = new Module() {
            {
                registerModule("a", new Linear(1, 2));
                registerModule("b", new Tanh());
                registerModule("a", new Linear(1, 3));
            }
        };
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(model.namedParameters().keySet()));
        assertArrayEquals(new int[] {3, 1}, model.namedParameters().get("a.weight").shape());
        assertEquals(List.of("a", "b"), List.copyOf(model.namedChildren().keySet()));
    }

    // ---------------------------------------------------------------- repr

    @Test
    void reprMatchesPyTorchForTheSeedsModel() {
        assertEquals(Fixtures.load("nn_repr").string("seed_model"), new RNN().toString());
        assertEquals("RNN(\n  (rnn): RNN(1, 32, batch_first=True)\n  (out): Linear(in_features=32, out_features=1, bias=True)\n)",
                new RNN().toString());
    }

    @Test
    void reprMatchesPyTorchForRecurrentLayers() {
        Fixtures repr = Fixtures.load("nn_repr");
        assertEquals(repr.string("lstm3_bidirectional_dropout"),
                LSTM.builder(4, 8).numLayers(3).dropout(0.5).bidirectional(true).build().toString());
        assertEquals(repr.string("lstm_all_options"), LSTM.builder(4, 8).numLayers(3).bias(false).batchFirst(true)
                .dropout(1e-5).bidirectional(true).build().toString());
        assertEquals(repr.string("rnn_relu"),
                dev.dynrnn.nn.RNN.builder(1, 32).batchFirst(true).nonlinearity("relu").build().toString());
        assertEquals(repr.string("gru"), GRU.builder(3, 5).numLayers(2).dropout(0.25).build().toString());
    }

    @Test
    void reprMatchesPyTorchForOtherModules() {
        Fixtures repr = Fixtures.load("nn_repr");
        Module cells = new Module() {
            {
                registerModule("0", new RNNCell(3, 4, true, dev.dynrnn.nn.RNN.Nonlinearity.RELU));
                registerModule("1", new LSTMCell(3, 4));
                registerModule("2", new GRUCell(3, 4, false));
            }

            @Override
            protected String moduleName() {
                return "Sequential";
            }
        };
        assertEquals(repr.string("cells"), cells.toString());
        assertEquals(repr.string("sequential"), new Sequential(new Linear(2, 3), new Tanh(), new ReLU(), new Sigmoid(),
                new Dropout(0.25), new Embedding(10, 3, 0), new Sequential(new Linear(3, 1, false))).toString());
        Module losses = new Module() {
            {
                registerModule("0", new MSELoss());
                registerModule("1", new L1Loss(Reduction.SUM));
                registerModule("2", new SmoothL1Loss(Reduction.MEAN, 2.0));
                registerModule("3", new HuberLoss(Reduction.MEAN, 0.5));
                registerModule("4", new CrossEntropyLoss(null, 1, Reduction.MEAN));
                registerModule("5", new BCEWithLogitsLoss());
            }

            @Override
            protected String moduleName() {
                return "Sequential";
            }
        };
        assertEquals(repr.string("losses"), losses.toString());
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("0.5", PyRepr.number(0.5));
        assertEquals("1.0", PyRepr.number(1));
        assertEquals("1e-05", PyRepr.number(1e-5));
        assertEquals("0.0001", PyRepr.number(1e-4));
        assertEquals("1.5e-07", PyRepr.number(1.5e-7));
        assertEquals("1e+16", PyRepr.number(1e16));
        assertEquals("123456789012345.0", PyRepr.number(123456789012345.0));
        assertEquals("-0.25", PyRepr.number(-0.25));
        assertEquals("0.1", PyRepr.number(0.1));
    }
}
