package dev.dynrnn.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The training workloads that every system in the side-by-side benchmark runs (bench/README.md).
 *
 * <p>Each is a recurrent layer ({@code batchFirst}) followed by {@code Linear(hidden, 1)}, trained
 * one iteration at a time: forward, MSE against the target, backward, Adam step, with the hidden
 * state carried to the next iteration and detached. Shapes: input {@code (batch, steps,
 * inputSize)}, recurrent output {@code (batch, steps, hidden)}, prediction and target {@code
 * (batch, steps, 1)}, state {@code (layers, batch, hidden)} (twice for the LSTM: h and c).
 *
 * <p>{@code a} and {@code b} are the seed program: input size 1, batch 1, 10, 20 or 30 steps per
 * iteration from {@link SeedData}, sin(t) in, cos(t) out. {@code c-*} and {@code d} use a fixed
 * random input and target drawn once from N(0, 1), with input size 32 in every system.
 * The PyTorch peer (bench/peers/pytorch_workloads.py) holds the same table.
 */
public enum Workload {
    /** The seed: RNN 32, Linear applied per time step in a loop and stacked. */
    A("a", Cell.RNN, 1, 32, 1, 1, 0, true, 0.02, 1000, 10000, 0),
    /** The seed with the Linear applied once to the whole output. */
    B("b", Cell.RNN, 1, 32, 1, 1, 0, false, 0.02, 1000, 10000, 0),
    /** Elman RNN (tanh), hidden 256, batch 64, 100 steps. */
    C_RNN("c-rnn", Cell.RNN, 32, 256, 1, 64, 100, false, 1e-3, 10, 20, 10),
    /** LSTM, hidden 256, batch 64, 100 steps. */
    C_LSTM("c-lstm", Cell.LSTM, 32, 256, 1, 64, 100, false, 1e-3, 10, 20, 10),
    /** GRU, hidden 256, batch 64, 100 steps. */
    C_GRU("c-gru", Cell.GRU, 32, 256, 1, 64, 100, false, 1e-3, 10, 20, 10),
    /** LSTM, hidden 512, 2 layers, batch 32, 50 steps. */
    D("d", Cell.LSTM, 32, 512, 2, 32, 50, false, 1e-3, 5, 20, 10);

    /** The recurrent layer's kind, as PyTorch's nn.RNN (tanh), nn.LSTM and nn.GRU. */
    public enum Cell { RNN, LSTM, GRU }

    /** The name used on the command line and in the JSON lines. */
    public final String id;
    public final Cell cell;
    public final int inputSize;
    public final int hidden;
    public final int layers;
    public final int batch;
    /** Time steps per iteration; 0 for the seed's 10, 20 or 30 from {@link SeedData}. */
    public final int steps;
    /** Whether the Linear head is called once per time step (the seed) or once on all steps. */
    public final boolean perStepHead;
    /** Adam's learning rate (betas 0.9, 0.999, eps 1e-8, no weight decay). */
    public final double learningRate;
    /** Timed iterations the driver asks for unless told otherwise. */
    public final int defaultIterations;
    /** Untimed iterations run first. */
    public final int defaultWarmup;
    /**
     * The least warm-up time in seconds, the same for every system: warm-up ends after
     * {@link #defaultWarmup} iterations or this time, whichever is later. 10 s for {@code c-*}
     * and {@code d}: their 20 warm-up iterations take about 1 to 6 s in dynrnn and DJL, and HotSpot's
     * C2 is still compiling the vector kernels after them (Adam's kernel reaches C2 at about 5 s;
     * until then the Vector API runs on its allocating Java fallback), so {@code c-rnn} timed
     * 42-54 ms per iteration at iterations 6-25 and 27-35 ms from about iteration 30 on. A
     * training run of these models lasts minutes, so the settled speed is the one that counts.
     * PyTorch's 20 iterations take longer than 10 s, so the time changes nothing for it. 0 for
     * {@code a} and {@code b}, see {@link BenchOptions#warmupSecondsFor}.
     */
    public final double defaultWarmupSeconds;

    Workload(String id, Cell cell, int inputSize, int hidden, int layers, int batch, int steps,
             boolean perStepHead, double learningRate, int defaultIterations, int defaultWarmup,
             double defaultWarmupSeconds) {
        this.id = id;
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.layers = layers;
        this.batch = batch;
        this.steps = steps;
        this.perStepHead = perStepHead;
        this.learningRate = learningRate;
        this.defaultIterations = defaultIterations;
        this.defaultWarmup = defaultWarmup;
        this.defaultWarmupSeconds = defaultWarmupSeconds;
    }

    /** Whether the data comes from {@link SeedData} (variable length) rather than fixed tensors. */
    public boolean isSeed() {
        return steps == 0;
    }

    /** The workload named {@code id}, e.g. {@code "c-lstm"}. */
    public static Workload byId(String id) {
        for (Workload w : values()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; expected one of " + ids());
    }

    /** All ids, comma-separated, in table order. */
    public static String ids() {
        return Arrays.stream(values()).map(w -> w.id).collect(Collectors.joining(", "));
    }
}
