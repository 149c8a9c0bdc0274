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
 * The three matrix products of one {@code linear(x, W)} = x W^T at a recurrent layer's shapes,
 * laid out as {@code Tensor.matmul} hands them to the kernel:
 * <pre>
 *   forward       y  = x W^T    x (m, k), W stored (n, k)   gemm(transA = false, transB = true)
 *   inputGrad     dx = dy W     dy (m, n), W (n, k)          gemm(false, false)
 *   weightGrad    dW^T = x^T dy  x (m, k) read transposed    gemm(true, false)
 * </pre>
 * {@code shape} is m x k x n: {@code 64x256x1024} is the hidden-to-gates product of workload
 * c-lstm (batch 64, hidden 256, 4 gates of 256), {@code 1x32x32} that of the seed's RNN (batch 1,
 * hidden 32). Each is 2 m k n floating-point operations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class RecurrentGemmBenchmark {
    @Param({"64x256x1024", "1x32x32"})
    public String shape;

    private final ArrayKernels kernels = Kernels.get();
    private int m;
    private int k;
    private int n;
    private float[] x;        // (m, k)
    private float[] weight;   // (n, k)
    private float[] y;        // (m, n), also dy
    private float[] dx;       // (m, k)
    private float[] dWeightT; // (k, n)

    @Setup
    public void setUp() {
        String[] sizes = shape.split("x");
        m = Integer.parseInt(sizes[0]);
        k = Integer.parseInt(sizes[1]);
        n = Integer.parseInt(sizes[2]);
        Random random = new Random(42);
        x = Data.uniform(random, m * k, -1, 1);
        weight = Data.uniform(random, n * k, -1, 1);
        y = Data.uniform(random, m * n, -1, 1);
        dx = new float[m * k];
        dWeightT = new float[k * n];
    }

    @Benchmark
    public float[] forward() {
        kernels.gemm(false, true, m, n, k, 1f, x, 0, k, weight, 0, k, 0f, y, 0, n);
        return y;
    }

    @Benchmark
    public float[] inputGrad() {
        kernels.gemm(false, false, m, k, n, 1f, y, 0, n, weight, 0, k, 0f, dx, 0, k);
        return dx;
    }

    @Benchmark
    public float[] weightGrad() {
        kernels.gemm(true, false, k, n, m, 1f, x, 0, k, y, 0, n, 0f, dWeightT, 0, n);
        return dWeightT;
    }
}
