package dev.dynrnn.bench.jmh;

import dev.dynrnn.kernels.ArrayKernels;
import dev.dynrnn.kernels.Kernels;
import dev.dynrnn.tensor.Tensor;
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
 * Elementwise maps over n floats: the array kernels ({@code kernel*}, into a preallocated output)
 * and the same ops through the tensor API ({@code tensor*}, which allocates its output and, with
 * recording off here, builds no graph node): the difference is the tensor layer's overhead.
 * Inputs are uniform in [-5, 5), where tanh and sigmoid are not yet saturated.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class ElementwiseBenchmark {
    @Param({"1000", "1000000"})
    public int n;

    private final ArrayKernels kernels = Kernels.get();
    private float[] a;
    private float[] b;
    private float[] out;
    private Tensor tensorA;
    private Tensor tensorB;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        a = Data.uniform(random, n, -5, 5);
        b = Data.uniform(random, n, -5, 5);
        out = new float[n];
        tensorA = Tensor.wrap(a.clone(), n);
        tensorB = Tensor.wrap(b.clone(), n);
    }

    @Benchmark
    public float[] kernelTanh() {
        kernels.tanh(a, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] kernelSigmoid() {
        kernels.sigmoid(a, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] kernelExp() {
        kernels.exp(a, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] kernelAdd() {
        kernels.add(a, 0, b, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public Tensor tensorTanh() {
        return tensorA.tanh();
    }

    @Benchmark
    public Tensor tensorSigmoid() {
        return tensorA.sigmoid();
    }

    @Benchmark
    public Tensor tensorExp() {
        return tensorA.exp();
    }

    @Benchmark
    public Tensor tensorAdd() {
        return tensorA.add(tensorB);
    }
}
