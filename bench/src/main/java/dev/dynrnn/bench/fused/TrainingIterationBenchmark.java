package dev.dynrnn.bench.fused;

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
 * One training iteration of the speed issue's workloads under JMH (see {@link IterationTiming}
 * for the workloads and a quicker timer that also reports allocation):
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar TrainingIterationBenchmark \
 *       -p workload=a20,c-lstm
 * </pre>
 * Every workload trains on from one iteration to the next, as in the side-by-side benchmark (the
 * optimizers handle the subnormal floats that long training of the seed workloads leaves in Adam's
 * state without the hardware's slow path: optim/SubnormalFloat).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
public class TrainingIterationBenchmark {
    @Param({"a", "a20", "b", "c-rnn", "c-lstm", "c-gru", "d"})
    public String workload;

    private IterationTiming.Run run;

    @Setup(Level.Trial)
    public void setUp() {
        run = new IterationTiming.Run(workload);
    }

    @Benchmark
    public float iteration() {
        return run.iteration();
    }
}
