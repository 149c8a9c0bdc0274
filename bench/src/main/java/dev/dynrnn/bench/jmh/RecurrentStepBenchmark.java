package dev.dynrnn.bench.jmh;

import dev.dynrnn.nn.GRUCell;
import dev.dynrnn.nn.LSTMCell;
import dev.dynrnn.nn.Module;
import dev.dynrnn.nn.RNNCell;
import dev.dynrnn.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One time step of a recurrent cell through the public API ({@link RNNCell}, {@link LSTMCell},
 * {@link GRUCell}, which share their step with the RNN/LSTM/GRU layers), as in the middle of a
 * training sequence: parameters and the incoming state require grad, so the forward records the
 * graph ({@code forward}); {@code forwardBackward} then also runs backward from sum(h').
 *
 * <p>{@code shape} is batch x input x hidden: {@code 64x32x256} is workload c's step,
 * {@code 1x1x32} the seed's (workload a), where per-op overhead dominates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class RecurrentStepBenchmark {
    @Param({"rnn", "lstm", "gru"})
    public String cell;

    @Param({"64x32x256", "1x1x32"})
    public String shape;

    private Module module;
    private Tensor input;   // (batch, input)
    private Tensor h;       // (batch, hidden), a leaf requiring grad
    private Tensor c;       // (batch, hidden), the LSTM's cell state

    @Setup
    public void setUp() {
        String[] sizes = shape.split("x");
        int batch = Integer.parseInt(sizes[0]);
        int inputSize = Integer.parseInt(sizes[1]);
        int hidden = Integer.parseInt(sizes[2]);
        Tensor.manualSeed(0);
        module = switch (cell) {
            case "rnn" -> new RNNCell(inputSize, hidden);
            case "lstm" -> new LSTMCell(inputSize, hidden);
            case "gru" -> new GRUCell(inputSize, hidden);
            default -> throw new IllegalArgumentException("unknown cell '" + cell + "'; expected rnn, lstm or gru");
        };
        input = Tensor.randn(batch, inputSize);
        h = Tensor.randn(batch, hidden).mul(0.5f).requiresGrad(true);
        c = Tensor.randn(batch, hidden).requiresGrad(true);
    }

    @Benchmark
    public Tensor forward() {
        return step();
    }

    @Benchmark
    public Tensor forwardBackward() {
        module.zeroGrad();
        h.zeroGrad();
        c.zeroGrad();
        Tensor next = step();
        next.sum().backward();
        return h.grad();
    }

    /** h' of one step. */
    private Tensor step() {
        if (module instanceof LSTMCell lstm) {
            return lstm.forward(input, h, c).h();
        }
        if (module instanceof GRUCell gru) {
            return gru.forward(input, h);
        }
        return ((RNNCell) module).forward(input, h);
    }
}
