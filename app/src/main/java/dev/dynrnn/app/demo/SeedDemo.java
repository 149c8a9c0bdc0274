package dev.dynrnn.app.demo;

import dev.dynrnn.app.plot.TrainingPlot;
import dev.dynrnn.nn.GRU;
import dev.dynrnn.nn.LSTM;
import dev.dynrnn.nn.Linear;
import dev.dynrnn.nn.MSELoss;
import dev.dynrnn.nn.Module;
import dev.dynrnn.nn.RNN;
import dev.dynrnn.nn.RNNBase;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.random.NumpyRandomState;
import dev.dynrnn.tensor.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed program (a PyTorch tutorial, "Dynamic RNN") in Java, line for line: an RNN learns
 * cos(t) from sin(t) on sequences whose length changes every iteration, the hidden state carried
 * from one iteration to the next and detached. {@code ./dynrnn demo} runs it.
 *
 * <p>After {@code Tensor.manualSeed(n)} and NumPy's seed {@code n} it computes what the seed
 * computes after {@code torch.manual_seed(n)} and {@code np.random.seed(n)}: the same initial
 * weights, the same sequence lengths, the same inputs (see {@link Numpy}) and, to float
 * precision, the same losses ({@code scripts/reference/demo_reference.py} produces the PyTorch
 * run the tests compare with).
 */
public final class SeedDemo {
    private SeedDemo() {}

    // Hyper Parameters
    static final int INPUT_SIZE = 1;          // rnn input size / image width
    static final double LR = 0.02;            // learning rate

    /** The seed's {@code class RNN(nn.Module)}: a recurrent layer, then a Linear at every time step. */
    public static final class Model extends Module {
        final RNNBase rnn;
        final Linear out;

        /** The seed's model, or with an LSTM or GRU layer ({@code --cell}) of another width ({@code --hidden}). */
        public Model(Cell cell, int hiddenSize) {
            this.rnn = registerModule("rnn", switch (cell) {
                case RNN -> RNN.builder(INPUT_SIZE, hiddenSize)   // hidden_size=32: rnn hidden unit
                        .numLayers(1)                             // number of rnn layer
                        .batchFirst(true)                         // input & output will has batch size as 1s dimension. e.g. (batch, time_step, input_size)
                        .build();
                case LSTM -> LSTM.builder(INPUT_SIZE, hiddenSize).numLayers(1).batchFirst(true).build();
                case GRU -> GRU.builder(INPUT_SIZE, hiddenSize).numLayers(1).batchFirst(true).build();
            });
            this.out = registerModule("out", new Linear(hiddenSize, 1));
        }

        /** The prediction (batch, time_step, 1) and the recurrent layer's final state. */
        public Cell.Output forward(Tensor x, Cell.State hState) {
            // x (batch, time_step, input_size)
            // h_state (n_layers, batch, hidden_size)
            // r_out (batch, time_step, hidden_size)
            Cell.Output r = Cell.forward(rnn, x, hState);

            List<Tensor> outs = new ArrayList<>();                               // this is where you can find torch is dynamic
            for (int timeStep = 0; timeStep < r.output().size(1); timeStep++) {  // calculate output for each time step
                outs.add(out.forward(r.output().select(1, timeStep)));          // r_out[:, time_step, :]
            }
            return new Cell.Output(Tensor.stack(outs, 1), r.hState());
        }

        /** PyTorch prints a module by its class name, and the seed's class is called RNN. */
        @Override
        protected String moduleName() {
            return "RNN";
        }
    }

    /**
     * Runs the seed program with {@code options}: prints the model to {@code out}, reports every
     * iteration to {@code progress} and draws it on {@code plot}. Returns the loss of every iteration.
     */
    public static float[] run(DemoOptions options, PrintWriter out, Progress progress, TrainingPlot plot) {
        Tensor.manualSeed(options.seed());                                 // torch.manual_seed(1)    # reproducible
        NumpyRandomState np = new NumpyRandomState(options.seed());        // np.random.seed(1)

        Model rnn = new Model(options.cell(), options.hidden());
        out.println(rnn);                                                  // print(rnn)

        Adam optimizer = new Adam(rnn.parameters(), options.lr());         // optimize all rnn parameters
        MSELoss lossFunc = new MSELoss();                                  // the target label is not one-hotted

        Cell.State hState = null;                                          // for initial hidden state

        float[] losses = new float[options.iterations()];
        int step = 0;
        for (int i = 0; i < options.iterations(); i++) {
            // static time steps: 10 points per pi every iteration; dynamic time steps: 10, 20 or 30
            int dynamicSteps = options.staticSteps() ? 1 : (int) np.randint(1, 4);  // has random time steps
            double start = step * Math.PI, end = (step + dynamicSteps) * Math.PI;   // different time steps length
            step += dynamicSteps;

            // use sin predicts cos
            float[] steps = Numpy.linspace(start, end, 10 * dynamicSteps);

            float[] xNp = Numpy.sin(steps);          // float32 for converting torch FloatTensor
            float[] yNp = Numpy.cos(steps);

            Tensor x = Tensor.of(xNp, 1, xNp.length, 1);   // shape (batch, time_step, input_size)
            Tensor y = Tensor.of(yNp, 1, yNp.length, 1);

            Cell.Output result = rnn.forward(x, hState);   // rnn output
            Tensor prediction = result.output();
            // !! next step is important !!
            hState = result.hState().data();        // repack the hidden state, break the connection from last iteration

            Tensor loss = lossFunc.forward(prediction, y);   // mean squared error
            optimizer.zeroGrad();                   // clear gradients for this training step
            loss.backward();                        // backpropagation, compute gradients
            optimizer.step();                       // apply gradients

            losses[i] = loss.item();
            progress.iteration(i + 1, steps.length, losses[i]);   // print(len(steps)), and the loss

            // plotting
            plot.addSegment(doubles(steps), doubles(yNp), doubles(prediction.detach().toArray()));
            plot.pause(0.05);
        }
        return losses;
    }

    /** Receives each iteration's number (from 1), its number of time steps and its loss. */
    @FunctionalInterface
    public interface Progress {
        void iteration(int iteration, int steps, float loss);
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
