package dev.dynrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input raises an exception whose message names what was expected and what was given. */
class BadInputTest {

    private static String message(Executable executable) {
        return assertThrows(RuntimeException.class, executable).getMessage();
    }

    @Test
    void recurrentInputOfTheWrongRank() {
        RNN rnn = new RNN(3, 4);
        assertEquals("RNN: Expected input to be 2-D or 3-D but received 4-D tensor (shape [1, 2, 3, 3])",
                message(() -> rnn.forward(Tensor.zeros(1, 2, 3, 3))));
    }

    @Test
    void recurrentInputOfTheWrongFeatureSize() {
        LSTM lstm = LSTM.builder(3, 4).batchFirst(true).build();
        assertEquals("LSTM: input.size(-1) must be equal to input_size. Expected 3, got 2 (input shape [5, 7, 2])",
                message(() -> lstm.forward(Tensor.zeros(5, 7, 2))));
    }

    @Test
    void hiddenStateOfTheWrongShape() {
        GRU gru = GRU.builder(3, 4).numLayers(2).batchFirst(true).build();
        assertEquals("GRU: Expected hidden size (2, 5, 4), got [1, 5, 4]",
                message(() -> gru.forward(Tensor.zeros(5, 7, 3), Tensor.zeros(1, 5, 4))));
        assertEquals("GRU: Expected hidden size (2, 4), got [2, 5]",
                message(() -> gru.forward(Tensor.zeros(7, 3), Tensor.zeros(2, 5))));
        assertEquals("GRU: For batched 3-D input, hidden should also be 3-D but got 2-D tensor (shape [2, 4])",
                message(() -> gru.forward(Tensor.zeros(5, 7, 3), Tensor.zeros(2, 4))));
        LSTM lstm = LSTM.builder(3, 4).bidirectional(true).build();
        assertEquals("LSTM: Expected hidden[1] size (2, 5, 4), got [2, 5, 3]",
                message(() -> lstm.forward(Tensor.zeros(7, 5, 3), Tensor.zeros(2, 5, 4), Tensor.zeros(2, 5, 3))));
        assertEquals("LSTM: h0 and c0 must both be given or both be null (zeros), got only h0",
                message(() -> lstm.forward(Tensor.zeros(7, 5, 3), Tensor.zeros(2, 5, 4), null)));
    }

    @Test
    void emptySequenceIsRefusedAndEmptyBatchIsNot() {
        RNN rnn = new RNN(3, 4);
        assertEquals("RNN: expected a sequence of at least one time step, got input of shape [0, 2, 3]",
                message(() -> rnn.forward(Tensor.zeros(0, 2, 3))));
        LSTM.Output empty = new LSTM(3, 4).forward(Tensor.zeros(5, 0, 3));
        assertArrayEquals(new int[] {5, 0, 4}, empty.output().shape());
        assertArrayEquals(new int[] {1, 0, 4}, empty.cN().shape());
    }

    @Test
    void badRecurrentOptions() {
        assertEquals("LSTM: hidden_size must be greater than zero, got 0", message(() -> new LSTM(3, 0)));
        assertEquals("GRU: num_layers must be greater than zero, got 0", message(() -> new GRU(3, 4, 0)));
        assertEquals("Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.",
                message(() -> RNN.builder(3, 4).nonlinearity("sigmoid")));
        assertEquals("RNN: dropout should be a number in range [0, 1] representing the probability of an element "
                + "being zeroed, got 2.0", message(() -> RNN.builder(3, 4).dropout(2).build()));
    }

    @Test
    void cellInputAndStateShapes() {
        GRUCell cell = new GRUCell(3, 4);
        assertEquals("GRUCell: input has inconsistent input_size: got 2 expected 3 (input shape [5, 2])",
                message(() -> cell.forward(Tensor.zeros(5, 2))));
        assertEquals("GRUCell: Expected hx of shape [5, 4] for input of shape [5, 3], got [3, 4]",
                message(() -> cell.forward(Tensor.zeros(5, 3), Tensor.zeros(3, 4))));
        assertEquals("RNNCell: Expected input to be 1-D or 2-D but received 3-D tensor (shape [1, 5, 3])",
                message(() -> new RNNCell(3, 4).forward(Tensor.zeros(1, 5, 3))));
        assertEquals("LSTMCell: Expected hx[1] of shape [4] for input of shape [3], got [5, 4]",
                message(() -> new LSTMCell(3, 4).forward(Tensor.zeros(3), Tensor.zeros(4), Tensor.zeros(5, 4))));
    }

    @Test
    void linearFeatureSize() {
        assertEquals("Linear: expected input with last dim 32 (in_features), got shape [1, 3]",
                message(() -> new Linear(32, 1).forward(Tensor.zeros(1, 3))));
    }

    @Test
    void lossShapesAndTargets() {
        assertEquals("mse_loss: target size [5] is different from the input size [5, 1]",
                message(() -> new MSELoss().forward(Tensor.zeros(5, 1), Tensor.zeros(5))));
        assertEquals("Target size ([4]) must be the same as input size ([4, 1])",
                message(() -> new BCEWithLogitsLoss().forward(Tensor.zeros(4, 1), Tensor.zeros(4))));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertEquals("Target 3 is out of bounds: expected a class index in [0, 3) or ignore_index -100 "
                + "(at target element 1)", message(() -> ce.forward(Tensor.zeros(2, 3), 0, 3)));
        assertEquals("nll_loss: for input of shape [2, 3] expected target of shape [2], got [3]",
                message(() -> ce.forward(Tensor.zeros(2, 3), Tensor.of(0f, 1f, 2f))));
        assertEquals("expected class indices (integral values), got 1.5 at target element 1",
                message(() -> ce.forward(Tensor.zeros(2, 3), Tensor.of(0f, 1.5f))));
        assertEquals("weight tensor should be defined either for all 3 classes or no classes but got weight tensor "
                + "of shape: [2]", message(() -> new CrossEntropyLoss(Tensor.ones(2), -100, Reduction.MEAN)
                        .forward(Tensor.zeros(2, 3), 0, 1)));
        assertEquals("huber_loss does not support non-positive values for delta, got 0.0",
                message(() -> Functional.huberLoss(Tensor.zeros(1), Tensor.zeros(1), Reduction.MEAN, 0)));
        assertEquals("bogus is not a valid value for reduction (expected 'none', 'mean' or 'sum')",
                message(() -> Reduction.of("bogus")));
    }

    @Test
    void embeddingIndices() {
        Embedding embedding = new Embedding(4, 2);
        assertEquals("embedding: index 4 is out of range for 4 embeddings (at element 1 of the indices)",
                message(() -> embedding.forward(0, 4)));
        assertEquals("padding_idx must be within num_embeddings (4), got 4", message(() -> new Embedding(4, 2, 4)));
    }

    @Test
    void sequentialNeedsUnaryModules() {
        assertEquals("Sequential: module 1 (LSTM) does not map one tensor to one tensor (it does not implement "
                + "UnaryModule)", message(() -> new Sequential(new Linear(1, 2), new LSTM(2, 2))));
    }
}
