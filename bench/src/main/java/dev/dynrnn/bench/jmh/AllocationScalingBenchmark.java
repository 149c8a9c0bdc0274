package dev.dynrnn.bench.jmh;

import dev.dynrnn.nn.GRU;
import dev.dynrnn.nn.LSTM;
import dev.dynrnn.nn.Linear;
import dev.dynrnn.nn.MSELoss;
import dev.dynrnn.nn.RNN;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one training iteration of workload (c) allocates, as hidden size, batch and steps change:
 * the speed issue asks that it not grow with hidden x batch x steps. Run with the GC profiler and
 * read {@code gc.alloc.rate.norm} (bytes per iteration):
 * <pre>
 *   java -jar bench/target/benchmarks.jar AllocationScalingBenchmark -prof gc
 * </pre>
 * The iteration is workload (c)'s: a one-layer recurrent layer ({@code batchFirst}), a
 * {@code Linear(hidden, 1)} over its whole output, MSE against a fixed target, backward, Adam
 * step, the state carried and detached. Input size 32; input (batch, steps, 32) and target
 * (batch, steps, 1) drawn once.
 *
 * <p>Each iteration runs in a {@link TensorScope} (the state kept, and attached to the next
 * iteration's scope), as a training loop that wants
 * to allocate nothing per iteration would: the outputs of the recurrent layer and of the head
 * are lent by it, the gradients by the backward pass, the saved activations by the layer, and
 * the parameters' gradients are zeroed in place. What is left is the graph's bookkeeping.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"})
@State(Scope.Thread)
public class AllocationScalingBenchmark {
    @Param({"rnn", "lstm", "gru"})
    public String cell;

    @Param({"64:32:50", "64:64:100", "256:64:100"})
    public String hiddenBatchSteps;

    private Step step;

    /** One configured training iteration. */
    private interface Step {
        Tensor run();
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = hiddenBatchSteps.split(":");
        int hidden = Integer.parseInt(parts[0]);
        int batch = Integer.parseInt(parts[1]);
        int steps = Integer.parseInt(parts[2]);
        Tensor.manualSeed(0);
        Tensor x = Tensor.randn(batch, steps, 32);                  // (B, T, 32)
        Tensor y = Tensor.randn(batch, steps, 1);                   // (B, T, 1)
        Linear head = new Linear(hidden, 1);
        MSELoss mse = new MSELoss();
        List<Tensor> parameters = new ArrayList<>();
        switch (cell) {
            case "rnn" -> {
                RNN rnn = RNN.builder(32, hidden).batchFirst(true).build();
                parameters.addAll(rnn.parameters());
                parameters.addAll(head.parameters());
                Adam adam = new Adam(parameters, 1e-3);
                Tensor[] h = {null};
                step = () -> train(adam, scope -> {
                    RNN.Output out = rnn.forward(x, scope.attach(h)[0]);
                    h[0] = scope.keep(out.hN().detach());
                    return mse.forward(head.forward(out.output()), y);
                });
            }
            case "lstm" -> {
                LSTM lstm = LSTM.builder(32, hidden).batchFirst(true).build();
                parameters.addAll(lstm.parameters());
                parameters.addAll(head.parameters());
                Adam adam = new Adam(parameters, 1e-3);
                Tensor[] hc = {null, null};
                step = () -> train(adam, scope -> {
                    scope.attach(hc);   // the previous state, read for the last time here
                    LSTM.Output out = hc[0] == null ? lstm.forward(x) : lstm.forward(x, hc[0], hc[1]);
                    hc[0] = scope.keep(out.hN().detach());
                    hc[1] = scope.keep(out.cN().detach());
                    return mse.forward(head.forward(out.output()), y);
                });
            }
            case "gru" -> {
                GRU gru = GRU.builder(32, hidden).batchFirst(true).build();
                parameters.addAll(gru.parameters());
                parameters.addAll(head.parameters());
                Adam adam = new Adam(parameters, 1e-3);
                Tensor[] h = {null};
                step = () -> train(adam, scope -> {
                    GRU.Output out = gru.forward(x, scope.attach(h)[0]);
                    h[0] = scope.keep(out.hN().detach());
                    return mse.forward(head.forward(out.output()), y);
                });
            }
            default -> throw new IllegalArgumentException("cell must be rnn, lstm or gru, got " + cell);
        }
    }

    /** One iteration in its own scope: the carried state is kept by {@code forwardAndLoss}. */
    private static Tensor train(Adam adam, Function<TensorScope, Tensor> forwardAndLoss) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor loss = forwardAndLoss.apply(scope);
            adam.zeroGrad(false);   // gradients zeroed in place (PyTorch 1.13's default), not made anew
            loss.backward();
            adam.step();
            return loss;
        }
    }

    @Benchmark
    public Tensor iteration() {
        return step.run();
    }
}
