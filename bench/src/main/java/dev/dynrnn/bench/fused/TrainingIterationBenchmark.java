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
 * The seed workloads start from fresh weights every 220 iterations, as the side-by-side benchmark
 * trains them (longer training drives their gradients into subnormal floats).
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
    private int iterations;

    @Setup(Level.Trial)
    public void setUp() {
        run = new IterationTiming.Run(workload);
    }

    @Benchmark
    public float iteration() {
        boolean seed = workload.startsWith("a") || workload.startsWith("b");
        if (seed && ++iterations % 220 == 0) {
            run = new IterationTiming.Run(workload);
        }
        return run.iteration();
    }
}
