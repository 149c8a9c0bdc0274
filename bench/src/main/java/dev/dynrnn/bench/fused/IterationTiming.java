package dev.dynrnn.bench.fused;

import com.sun.management.ThreadMXBean;
import dev.dynrnn.nn.GRU;
import dev.dynrnn.nn.LSTM;
import dev.dynrnn.nn.Linear;
import dev.dynrnn.nn.MSELoss;
import dev.dynrnn.nn.Module;
import dev.dynrnn.nn.RNN;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A quick timer for one training iteration (forward, MSE, backward, Adam step, state carried and
 * detached) of the speed issue's workloads, without JMH's forking: prints the median time per
 * iteration and the bytes this thread allocated per iteration.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ... dev.dynrnn.bench.fused.IterationTiming a 2000 500
 * </pre>
 * Workloads: {@code a} (RNN 1 -> 32, batch 1, 20 steps, Linear per step in a loop and stacked),
 * {@code b} (the same, Linear once), {@code c-rnn}, {@code c-lstm}, {@code c-gru} (hidden 256,
 * batch 64, 100 steps, input 32), {@code d} (LSTM hidden 512, 2 layers, batch 32, 50 steps).
 */
public final class IterationTiming {
    private IterationTiming() {}

    /** One workload's model, data and optimizer; {@link #iteration()} runs one training step. */
    static final class Run {
        final String kind;
        final Module rnn;
        final Linear head;
        final boolean perStepHead;
        final Adam adam;
        final Tensor x;
        final Tensor y;
        final MSELoss loss = new MSELoss();
        Tensor h;
        Tensor c;

        Run(String id) {
            Tensor.manualSeed(0);
            int input;
            int hidden;
            int layers = 1;
            int batch;
            int steps;
            switch (id) {
                case "a", "b" -> { kind = "rnn"; input = 1; hidden = 32; batch = 1; steps = 20; }
                case "c-rnn" -> { kind = "rnn"; input = 32; hidden = 256; batch = 64; steps = 100; }
                case "c-lstm" -> { kind = "lstm"; input = 32; hidden = 256; batch = 64; steps = 100; }
                case "c-gru" -> { kind = "gru"; input = 32; hidden = 256; batch = 64; steps = 100; }
                case "d" -> { kind = "lstm"; input = 32; hidden = 512; layers = 2; batch = 32; steps = 50; }
                default -> throw new IllegalArgumentException("unknown workload " + id);
            }
            perStepHead = id.equals("a");
            rnn = switch (kind) {
                case "rnn" -> RNN.builder(input, hidden).numLayers(layers).batchFirst(true).build();
                case "lstm" -> LSTM.builder(input, hidden).numLayers(layers).batchFirst(true).build();
                default -> GRU.builder(input, hidden).numLayers(layers).batchFirst(true).build();
            };
            head = new Linear(hidden, 1);
            List<Tensor> params = new ArrayList<>(rnn.parameters());
            params.addAll(head.parameters());
            adam = new Adam(params, id.startsWith("c") || id.equals("d") ? 1e-3 : 0.02);
            if (batch == 1) {
                float[] sin = new float[steps];
                float[] cos = new float[steps];
                for (int t = 0; t < steps; t++) {
                    sin[t] = (float) Math.sin(t * Math.PI / (steps - 1));
                    cos[t] = (float) Math.cos(t * Math.PI / (steps - 1));
                }
                x = Tensor.of(sin, 1, steps, 1);
                y = Tensor.of(cos, 1, steps, 1);
            } else {
                x = Tensor.randn(batch, steps, input);
                y = Tensor.randn(batch, steps, 1);
            }
        }

        float iteration() {
            Tensor output;
            switch (kind) {
                case "rnn" -> {
                    RNN.Output r = ((RNN) rnn).forward(x, h);
                    output = r.output();
                    h = r.hN().detach();
                }
                case "lstm" -> {
                    LSTM.Output r = ((LSTM) rnn).forward(x, h, c);
                    output = r.output();
                    h = r.hN().detach();
                    c = r.cN().detach();
                }
                default -> {
                    GRU.Output r = ((GRU) rnn).forward(x, h);
                    output = r.output();
                    h = r.hN().detach();
                }
            }
            Tensor prediction;
            if (perStepHead) {
                List<Tensor> outs = new ArrayList<>(output.size(1));
                for (int t = 0; t < output.size(1); t++) {
                    outs.add(head.forward(output.select(1, t)));
                }
                prediction = Tensor.stack(outs, 1);
            } else {
                prediction = head.forward(output);
            }
            Tensor l = loss.forward(prediction, y);
            adam.zeroGrad();
            l.backward();
            adam.step();
            return l.item();
        }
    }

    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "a";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : iterations / 4;
        Run run = new Run(id);
        for (int i = 0; i < warmup; i++) {
            run.iteration();
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long[] nanos = new long[iterations];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        float last = 0;
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            last = run.iteration();
            nanos[i] = System.nanoTime() - start;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e3 / iterations;
        double wall = (System.nanoTime() - wallBefore) / 1e3 / iterations;
        java.util.Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%s: median %.1f us, p10 %.1f us, p90 %.1f us, mean %.1f us per iteration; "
                        + "process CPU %.1f us per iteration; %,d bytes allocated per iteration (this thread); "
                        + "last loss %.6f; kernels %s, two threads %b%n",
                id, nanos[iterations / 2] / 1e3, nanos[iterations / 10] / 1e3, nanos[iterations * 9 / 10] / 1e3, wall,
                cpu, allocated / iterations, last, dev.dynrnn.kernels.Kernels.name(),
                dev.dynrnn.kernels.Parallel.usesTwoThreads());
    }
}
