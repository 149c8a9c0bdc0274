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
 * Workloads: {@code a} (the seed: RNN 1 -> 32, batch 1, 10, 20 or 30 steps of sin(t) -> cos(t)
 * continuing from the previous iteration, Linear per step in a loop and stacked), {@code b} (the
 * same, Linear once), {@code a20} and {@code b20} (always 20 steps), {@code c-rnn}, {@code c-lstm},
 * {@code c-gru} (hidden 256, batch 64, 100 steps, input 32), {@code d} (LSTM hidden 512, 2 layers,
 * batch 32, 50 steps).
 *
 * <p>The seed workloads train as the side-by-side benchmark does, 200 timed iterations after 20
 * of warm-up from fresh weights; to collect enough samples (and let the JIT settle) this runs
 * such episodes back to back, each from the same initial weights, timing iterations 20 to 219 of
 * each. (Training one model for thousands of iterations on this data drives its gradients into
 * subnormal floats, which x86 handles a hundred times slower, in PyTorch as here.)
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
        /** For the seed workloads: the length of every iteration drawn from {10, 20, 30}, or fixed. */
        final int fixedSteps;
        long lcg = 0;
        long halfPeriods;
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
                case "a", "b" -> { kind = "rnn"; input = 1; hidden = 32; batch = 1; steps = 0; }
                case "a20", "b20" -> { kind = "rnn"; input = 1; hidden = 32; batch = 1; steps = 20; }
                case "c-rnn" -> { kind = "rnn"; input = 32; hidden = 256; batch = 64; steps = 100; }
                case "c-lstm" -> { kind = "lstm"; input = 32; hidden = 256; batch = 64; steps = 100; }
                case "c-gru" -> { kind = "gru"; input = 32; hidden = 256; batch = 64; steps = 100; }
                case "d" -> { kind = "lstm"; input = 32; hidden = 512; layers = 2; batch = 32; steps = 50; }
                default -> throw new IllegalArgumentException("unknown workload " + id);
            }
            perStepHead = id.startsWith("a");
            fixedSteps = steps;
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
                x = null;
                y = null;
            } else {
                x = Tensor.randn(batch, steps, input);
                y = Tensor.randn(batch, steps, 1);
            }
        }

        float iteration() {
            Tensor x = this.x;
            Tensor y = this.y;
            if (x == null) {
                // The seed's data: 1 to 3 half-periods of sin(t) -> cos(t), 10 samples each,
                // continuing where the last iteration stopped (lengths from a 64-bit LCG).
                lcg = lcg * 6364136223846793005L + 1442695040888963407L;
                int d = fixedSteps > 0 ? fixedSteps / 10 : 1 + (int) ((lcg >>> 33) % 3);
                int steps = 10 * d;
                float[] sin = new float[steps];
                float[] cos = new float[steps];
                for (int t = 0; t < steps; t++) {
                    double time = (halfPeriods + d * (double) t / (steps - 1)) * Math.PI;
                    sin[t] = (float) Math.sin(time);
                    cos[t] = (float) Math.cos(time);
                }
                halfPeriods += d;
                x = Tensor.of(sin, 1, steps, 1);
                y = Tensor.of(cos, 1, steps, 1);
            }
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
        boolean seed = id.startsWith("a") || id.startsWith("b");
        // Seed workloads: episodes of 20 untimed and 200 timed iterations from fresh weights.
        int episodeWarmup = seed ? 20 : warmup;
        int episodeLength = seed ? 200 : iterations;
        int warmupEpisodes = seed ? Math.max(1, warmup / episodeLength) : 0;
        int episodes = seed ? Math.max(1, iterations / episodeLength) : 1;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long thread = Thread.currentThread().getId();
        long[] nanos = new long[episodes * episodeLength];
        long[] cpuNanos = new long[episodes * episodeLength];
        long cpu = 0;
        long wall = 0;
        long allocated = 0;
        float last = 0;
        for (int e = -warmupEpisodes; e < episodes; e++) {
            Run run = new Run(id);
            for (int i = 0; i < episodeWarmup; i++) {
                run.iteration();
            }
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < episodeLength; i++) {
                long start = System.nanoTime();
                long startCpu = threads.getCurrentThreadCpuTime();
                last = run.iteration();
                if (e >= 0) {
                    cpuNanos[e * episodeLength + i] = threads.getCurrentThreadCpuTime() - startCpu;
                    nanos[e * episodeLength + i] = System.nanoTime() - start;
                }
            }
            if (e >= 0) {
                allocated += threads.getThreadAllocatedBytes(thread) - allocatedBefore;
                cpu += os.getProcessCpuTime() - cpuBefore;
                wall += System.nanoTime() - wallBefore;
            }
        }
        int timed = nanos.length;
        java.util.Arrays.sort(nanos);
        java.util.Arrays.sort(cpuNanos);
        System.out.printf(Locale.ROOT, "%s: median %.1f us, p10 %.1f us, p90 %.1f us, mean %.1f us per iteration; "
                        + "this thread's CPU median %.1f us; process CPU %.1f us per iteration; %,d bytes allocated "
                        + "per iteration (this thread); last loss %.6f; kernels %s, two threads %b%n",
                id, nanos[timed / 2] / 1e3, nanos[timed / 10] / 1e3, nanos[timed * 9 / 10] / 1e3, wall / 1e3 / timed,
                cpuNanos[timed / 2] / 1e3, cpu / 1e3 / timed, allocated / timed, last, dev.dynrnn.kernels.Kernels.name(),
                dev.dynrnn.kernels.Parallel.usesTwoThreads());
    }
}
