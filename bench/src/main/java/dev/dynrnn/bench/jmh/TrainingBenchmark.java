package dev.dynrnn.bench.jmh;

import dev.dynrnn.bench.TrainingLoop;
import dev.dynrnn.bench.Workload;
import dev.dynrnn.tensor.Tensor;
import java.util.concurrent.TimeUnit;
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
 * One full training iteration of a side-by-side workload (bench/README.md), exactly as
 * {@code dev.dynrnn.bench.Workloads} times it: forward, MSE, backward, Adam step, state carried
 * and detached. {@code a} is the seed (RNN 32, batch 1, 10 to 30 steps, per-step Linear head),
 * {@code c-lstm} an LSTM of 256 over 64 sequences of 100 steps. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the bytes allocated per iteration.
 *
 * <p>The model keeps training from one invocation to the next, as in a real run; {@code a}'s
 * iterations differ in length (10, 20 or 30 steps, drawn by {@code SeedData}), so its time is an
 * average over that mix.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TrainingBenchmark {
    @Param({"a", "c-lstm"})
    public String workload;

    private TrainingLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
        loop = new TrainingLoop(Workload.byId(workload), 0);
    }

    @Benchmark
    public Tensor iteration() {
        return loop.iteration();
    }
}
