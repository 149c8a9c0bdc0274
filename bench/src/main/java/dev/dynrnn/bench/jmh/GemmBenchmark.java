package dev.dynrnn.bench.jmh;

import dev.dynrnn.kernels.ArrayKernels;
import dev.dynrnn.kernels.Kernels;
import java.util.Random;
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
 * Square matrix products C = A B, (size, size) each, on the kernels chosen at start-up
 * ({@link Kernels#get()}). One operation is 2 size^3 floating-point operations, so
 * GFLOP/s = 2 size^3 / (microseconds per operation * 1000).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class GemmBenchmark {
    @Param({"32", "64", "128", "256", "512", "1024"})
    public int size;

    private final ArrayKernels kernels = Kernels.get();
    private float[] a;   // (size, size)
    private float[] b;   // (size, size)
    private float[] c;   // (size, size)

    @Setup
    public void setUp() {
        Random random = new Random(42);
        a = Data.uniform(random, size * size, -1, 1);
        b = Data.uniform(random, size * size, -1, 1);
        c = new float[size * size];
    }

    @Benchmark
    public float[] square() {
        kernels.gemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }
}
