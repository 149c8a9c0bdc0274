package dev.dynrnn.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each benchmark method, called once outside JMH, computes what its javadoc says. */
class BenchmarksTest {

    @Test
    void squareGemmIsTheProduct() {
        GemmBenchmark bench = new GemmBenchmark();
        bench.size = 32;
        bench.setUp();
        float[] c = bench.square();
        Random random = new Random(42);
        float[] a = Data.uniform(random, 32 * 32, -1, 1);
        float[] b = Data.uniform(random, 32 * 32, -1, 1);
        assertProduct(a, false, b, false, 32, 32, 32, c, "square 32");
    }

    @Test
    void recurrentProductsAreTheLinearLayersThree() {
        for (String shape : new String[] {"1x32x32", "64x256x1024"}) {
            RecurrentGemmBenchmark bench = new RecurrentGemmBenchmark();
            bench.shape = shape;
            bench.setUp();
            String[] sizes = shape.split("x");
            int m = Integer.parseInt(sizes[0]);
            int k = Integer.parseInt(sizes[1]);
            int n = Integer.parseInt(sizes[2]);
            Random random = new Random(42);
            float[] x = Data.uniform(random, m * k, -1, 1);
            float[] w = Data.uniform(random, n * k, -1, 1);
            float[] dy = Data.uniform(random, m * n, -1, 1);
            // the gradients first: forward overwrites y, which they read as dy
            assertProduct(dy, false, w, false, m, n, k, bench.inputGrad(), shape + " inputGrad");
            assertProduct(x, true, dy, false, k, m, n, bench.weightGrad(), shape + " weightGrad");
            assertProduct(x, false, w, true, m, k, n, bench.forward(), shape + " forward");
        }
    }

    @Test
    void elementwiseKernelsAndTensorOpsAgree() {
        ElementwiseBenchmark bench = new ElementwiseBenchmark();
        bench.n = 1000;
        bench.setUp();
        assertClose(bench.tensorTanh().toArray(), bench.kernelTanh().clone(), "tanh");
        assertClose(bench.tensorSigmoid().toArray(), bench.kernelSigmoid().clone(), "sigmoid");
        assertClose(bench.tensorExp().toArray(), bench.kernelExp().clone(), "exp");
        assertClose(bench.tensorAdd().toArray(), bench.kernelAdd().clone(), "add");
        float x0 = Data.uniform(new Random(42), 1, -5, 5)[0];
        assertEquals((float) Math.tanh(x0), bench.kernelTanh()[0], 1e-6f);
    }

    @Test
    void everyCellStepsAndBackpropagatesToTheIncomingState() {
        for (String cell : new String[] {"rnn", "lstm", "gru"}) {
            for (String shape : new String[] {"1x1x32", "64x32x256"}) {
                RecurrentStepBenchmark bench = new RecurrentStepBenchmark();
                bench.cell = cell;
                bench.shape = shape;
                bench.setUp();
                int hidden = Integer.parseInt(shape.split("x")[2]);
                int batch = Integer.parseInt(shape.split("x")[0]);
                Tensor h = bench.forward();
                assertEquals(batch, h.size(0), cell + " " + shape);
                assertEquals(hidden, h.size(1), cell + " " + shape);
                assertNotNull(h.gradFn(), cell + " " + shape + ": the forward records the graph");
                Tensor first = bench.forwardBackward();
                Tensor second = bench.forwardBackward();   // gradients are reset, not accumulated
                assertClose(first.toArray(), second.toArray(), cell + " " + shape + " dh");
            }
        }
    }

    @Test
    void trainingIterationTrainsTheSeedWorkload() {
        TrainingBenchmark bench = new TrainingBenchmark();
        bench.workload = "a";
        bench.setUp();
        float first = bench.iteration().item();
        float last = first;
        for (int i = 0; i < 30; i++) {
            last = bench.iteration().item();
        }
        assertTrue(last < first, "loss " + first + " -> " + last);
    }

    /**
     * Checks C (rows x cols) = op(A) op(B), op(A) (rows x inner) stored transposed when flagged,
     * against the product in double, to the bound of float summation in any order:
     * |error| <= inner * 2^-24 * sum_p |a_ip b_pj| (plus the final rounding).
     */
    private static void assertProduct(float[] a, boolean transA, float[] b, boolean transB, int rows, int inner,
                                      int cols, float[] actual, String what) {
        assertEquals(rows * cols, actual.length, what + ": length");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                double absSum = 0;
                for (int p = 0; p < inner; p++) {
                    double term = (transA ? a[p * rows + i] : a[i * inner + p]) * (double) (transB ? b[j * inner + p] : b[p * cols + j]);
                    sum += term;
                    absSum += Math.abs(term);
                }
                double bound = (inner + 1) * 0x1p-24 * absSum;
                assertEquals(sum, actual[i * cols + j], bound, what + " [" + i + ", " + j + "]");
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float tolerance = 1e-5f + 1e-5f * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tolerance, what + " [" + i + "]");
        }
    }
}
