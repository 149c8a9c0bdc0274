package dev.dynrnn.bench.packed;

import dev.dynrnn.nn.LSTM;
import dev.dynrnn.nn.utils.rnn.PackedSequence;
import dev.dynrnn.nn.utils.rnn.RnnUtils;
import dev.dynrnn.random.Generator;
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
 * Does a packed batch cost the sum of its lengths? One LSTM training step (forward and
 * backward) over 100 sequences, input 16, hidden 64 or 128:
 * <ul>
 *   <li>{@code packedLengths1To100}: lengths 1, 2, .., 100 packed, 5050 sequence steps;</li>
 *   <li>{@code paddedTo100}: the same batch run dense, padded to 100 x 100 = 10000 steps;</li>
 *   <li>{@code packedAllLength50}: lengths all 50 packed, 5000 steps (about the same sum, half the
 *       time steps);</li>
 *   <li>{@code denseAllLength50}: that batch run dense, the reference the packed loop must match;</li>
 *   <li>{@code dense100StepsBatch50}: 50 sequences of 100 steps run dense, 5000 steps in 100 time
 *       steps, like the first case.</li>
 * </ul>
 * If cost follows the sum of lengths, the packed 1..100 takes about as long as 100 steps of 50
 * sequences, and the padded batch about twice as long. Every time step also has a fixed cost
 * (the dozens of small ops of one cell step, forward and backward), paid 100 times by the first,
 * second and last cases and 50 times by the third and fourth, which therefore run faster.
 *
 * <pre>
 *   mvn -B -q -pl bench -am package -DskipTests
 *   java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar PackedSequenceBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class PackedSequenceBenchmark {
    private static final int BATCH = 100;
    private static final int INPUT = 16;

    @Param({"64", "128"})
    public int hidden;

    private LSTM lstm;
    private PackedSequence ragged;
    private Tensor padded;
    private PackedSequence equal;
    private Tensor dense;
    private Tensor long50;

    @Setup
    public void setUp() {
        lstm = LSTM.builder(INPUT, hidden).generator(new Generator(1)).build();
        int[] lengths = new int[BATCH];
        int[] fifty = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            lengths[b] = BATCH - b;   // 100, 99, .., 1
            fifty[b] = 50;
        }
        padded = Tensor.randn(new Generator(2), 100, BATCH, INPUT);
        ragged = RnnUtils.packPaddedSequence(padded, lengths);
        dense = Tensor.randn(new Generator(3), 50, BATCH, INPUT);
        equal = RnnUtils.packPaddedSequence(dense, fifty);
        long50 = Tensor.randn(new Generator(4), 100, BATCH / 2, INPUT);
    }

    @Benchmark
    public float packedLengths1To100() {
        return step(lstm.forward(ragged).output().data());
    }

    @Benchmark
    public float paddedTo100() {
        return step(lstm.forward(padded).output());
    }

    @Benchmark
    public float packedAllLength50() {
        return step(lstm.forward(equal).output().data());
    }

    @Benchmark
    public float denseAllLength50() {
        return step(lstm.forward(dense).output());
    }

    @Benchmark
    public float dense100StepsBatch50() {
        return step(lstm.forward(long50).output());
    }

    /** Backward from the sum of the outputs; returns the loss so the work is not optimised away. */
    private float step(Tensor output) {
        lstm.zeroGrad();
        Tensor loss = output.sum();
        loss.backward();
        return loss.item();
    }
}
