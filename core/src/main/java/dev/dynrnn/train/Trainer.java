package dev.dynrnn.train;

import dev.dynrnn.nn.Functional;
import dev.dynrnn.optim.ClipGrad;
import dev.dynrnn.optim.Optimizer;
import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import dev.dynrnn.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Truncated back-propagation through time over one or more series, as the seed trains: the
 * data is cut into consecutive chunks of time steps and each chunk is one optimizer step, the
 * recurrent state flowing from one chunk into the next but not the gradient.
 *
 * <p>One {@link #step() iteration}:
 * <ol>
 *   <li>the chunk length T is {@link Bptt#next drawn} (fixed or from [min, max]), and cut to
 *       the rows left in the epoch, so the last chunk of an epoch may be shorter;</li>
 *   <li>every series that still has rows at the current position p takes its next
 *       min(T, length - p) rows, starting from the state its previous chunk ended with
 *       (detached; zeros at the start of an epoch);</li>
 *   <li>the loss is the mean squared error over every (series, time step, target) of the chunk
 *       that holds data;</li>
 *   <li>{@code zeroGrad}, {@code backward}, optional {@code clipGradNorm}, {@code step}.</li>
 * </ol>
 * After the longest series' last row the epoch ends: the state is reset to zeros and the next
 * epoch starts at row 0 of every series.
 *
 * <p>Series of different lengths are batched without padding reaching anything: the batch is
 * ordered longest first, so the series still running at any time step are a prefix of it, and a
 * chunk in which some series end is run as consecutive segments, each over the prefix still
 * running (as a PackedSequence would). A series whose rows are used up takes no part in the
 * loss, and its state is left as it was until the epoch ends.
 *
 * <p>Random numbers (chunk lengths, dropout masks) come from one generator, whose state
 * {@link TrainingCheckpoint} saves: give the model the same generator.
 */
public final class Trainer {
    private final SequenceModel model;
    private final Optimizer optimizer;
    private final SeriesData data;
    private final Generator generator;
    private final Bptt bptt;
    private final double clip;
    /** Batch position to series index: longest series first, ties in data order. */
    private final int[] order;
    /** Series index to batch position. */
    private final int[] positionOf;
    /** Series lengths in batch order (non-increasing). */
    private final int[] lengths;

    private long iteration;
    private long epochsCompleted;
    private int position;
    /** (L, S, H) in batch order; null at the start of an epoch (zeros). */
    private HiddenState state;

    private Trainer(Builder b) throws DataException {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.data = b.data;
        this.generator = b.generator;
        this.bptt = b.bptt;
        this.clip = b.clip;
        ModelSpec spec = model.spec();
        if (data.inputColumns().size() != spec.inputSize()) {
            throw new IllegalArgumentException("the model takes " + spec.inputSize() + " input(s), the data has "
                    + data.inputColumns().size() + " " + data.inputColumns());
        }
        if (data.targetColumns().size() != spec.outputSize()) {
            throw new IllegalArgumentException("the model predicts " + spec.outputSize() + " target(s), the data has "
                    + data.targetColumns().size() + " " + data.targetColumns());
        }
        if (data.maxLength() < 2) {
            throw new DataException("too few rows to train: the longest series has " + data.maxLength()
                    + " row; one step of the recurrence needs at least 2 rows");
        }
        int count = data.seriesCount();
        Integer[] sorted = new Integer[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = i;
        }
        Arrays.sort(sorted, Comparator.comparingInt((Integer i) -> -data.series(i).length()));
        this.order = new int[count];
        this.positionOf = new int[count];
        this.lengths = new int[count];
        for (int q = 0; q < count; q++) {
            order[q] = sorted[q];
            positionOf[sorted[q]] = q;
            lengths[q] = data.series(sorted[q]).length();
        }
    }

    /**
     * A trainer of {@code model} with {@code optimizer} (over the model's parameters) on
     * {@code data} (already normalized if wanted; its targets are what the model learns).
     */
    public static Builder builder(SequenceModel model, Optimizer optimizer, SeriesData data) {
        return new Builder(model, optimizer, data);
    }

    /** Options of a {@link Trainer}. */
    public static final class Builder {
        private final SequenceModel model;
        private final Optimizer optimizer;
        private final SeriesData data;
        private Generator generator;
        private Bptt bptt = Bptt.fixed(20);
        private double clip;

        private Builder(SequenceModel model, Optimizer optimizer, SeriesData data) {
            this.model = model;
            this.optimizer = optimizer;
            this.data = data;
        }

        /** Time steps per iteration (default 20). */
        public Builder bptt(Bptt bptt) {
            this.bptt = bptt;
            return this;
        }

        /** Clip the gradients' total 2-norm to {@code maxNorm} before each step; 0 (the default) for no clipping. */
        public Builder clip(double maxNorm) {
            if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("clip must be a finite number >= 0 (0: no clipping), got " + maxNorm);
            }
            this.clip = maxNorm;
            return this;
        }

        /** The generator of chunk lengths; give the model the same one (default: a new {@code Generator(0)}). */
        public Builder generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /**
         * The trainer.
         *
         * @throws DataException if no series has two rows
         * @throws IllegalArgumentException if the data's columns do not fit the model
         */
        public Trainer build() throws DataException {
            if (generator == null) {
                generator = new Generator(0);
            }
            return new Trainer(this);
        }
    }

    // ---------------------------------------------------------------- one iteration

    /** What one iteration did. */
    public static final class Step {
        private final long iteration;
        private final long epoch;
        private final int start;
        private final int steps;
        private final float loss;
        private final double lr;
        private final float gradNorm;
        private final List<Segment> segments;
        private final int[] positionOf;

        Step(long iteration, long epoch, int start, int steps, float loss, double lr, float gradNorm,
                List<Segment> segments, int[] positionOf) {
            this.iteration = iteration;
            this.epoch = epoch;
            this.start = start;
            this.steps = steps;
            this.loss = loss;
            this.lr = lr;
            this.gradNorm = gradNorm;
            this.segments = segments;
            this.positionOf = positionOf;
        }

        /** The iteration, from 1. */
        public long iteration() {
            return iteration;
        }

        /** The epoch it belongs to, from 1. */
        public long epoch() {
            return epoch;
        }

        /** The row of each series where the chunk started. */
        public int start() {
            return start;
        }

        /** The chunk length T (time steps). */
        public int steps() {
            return steps;
        }

        /** The mean squared error over the chunk, before the step. */
        public float loss() {
            return loss;
        }

        /** The learning rate of the step (the first parameter group's). */
        public double lr() {
            return lr;
        }

        /** The gradients' total 2-norm before clipping, or NaN without {@code clip}. */
        public float gradNorm() {
            return gradNorm;
        }

        /**
         * The model's predictions for series {@code series} over this chunk, (rows, targets)
         * row-major, in the model's (possibly normalized) units; empty if the series had no
         * rows left. Its rows are the series' rows {@code start() ...}.
         */
        public float[] prediction(int series) {
            int q = positionOf[series];
            int width = 0;
            int rows = 0;
            for (Segment segment : segments) {
                if (q < segment.batch) {
                    rows += segment.end - segment.begin;
                    width = segment.prediction.size(2);
                }
            }
            float[] out = new float[rows * width];
            int at = 0;
            for (Segment segment : segments) {
                if (q < segment.batch) {
                    float[] values = segment.prediction.select(0, q).contiguous().toArray();
                    System.arraycopy(values, 0, out, at, values.length);
                    at += values.length;
                }
            }
            return out;
        }
    }

    /** Time steps [begin, end) of the chunk, run over the first {@code batch} series; prediction detached. */
    private record Segment(int batch, int begin, int end, Tensor prediction) {}

    /**
     * Runs one iteration (see the class comment).
     *
     * @throws TrainingDivergedException if the loss is NaN or infinite; nothing has been
     *     stepped, and the trainer must not be used further
     */
    public Step step() {
        int maxLength = lengths[0];
        int steps = Math.min(bptt.next(generator), maxLength - position);
        long epoch = epochsCompleted + 1;
        int width = model.spec().inputSize();
        int outputs = model.spec().outputSize();
        int count = lengths.length;
        int[] rows = new int[count];
        int active = 0;
        for (int q = 0; q < count; q++) {
            rows[q] = Math.max(0, Math.min(steps, lengths[q] - position));
            if (rows[q] > 0) {
                active++;
            }
        }
        // (active, T, in) and (active, T, out); cells past a series' end stay 0 and are never read.
        float[] x = new float[active * steps * width];
        float[] y = new float[active * steps * outputs];
        for (int q = 0; q < active; q++) {
            SeriesData.Series s = data.series(order[q]);
            System.arraycopy(s.inputs(), position * width, x, q * steps * width, rows[q] * width);
            System.arraycopy(s.targets(), position * outputs, y, q * steps * outputs, rows[q] * outputs);
        }
        Tensor inputs = Tensor.wrap(x, active, steps, width);
        Tensor targets = Tensor.wrap(y, active, steps, outputs);

        // The chunk's activations are lent by a scope and reused by the next chunk; what outlives
        // it is kept: the carried state and the predictions a Step hands out.
        float lossValue;
        float gradNorm;
        long number = iteration + 1;
        List<Segment> segments = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            HiddenState start = state == null ? HiddenState.zeros(model.spec(), count) : state;
            HiddenState current = active < count ? start.narrow(0, active) : start;
            List<HiddenState> finished = new ArrayList<>();
            List<Tensor> predictions = new ArrayList<>();
            List<Tensor> expected = new ArrayList<>();
            int batch = active;
            int begin = 0;
            while (begin < steps) {
                while (rows[batch - 1] <= begin) {
                    batch--;
                }
                if (batch < current.batch()) {
                    finished.add(current.narrow(batch, current.batch() - batch));
                    current = current.narrow(0, batch);
                }
                int end = rows[batch - 1];
                Tensor in = inputs.narrow(0, 0, batch).narrow(1, begin, end - begin);
                SequenceModel.Output out = model.forward(in, current);
                predictions.add(out.prediction());
                expected.add(targets.narrow(0, 0, batch).narrow(1, begin, end - begin));
                segments.add(new Segment(batch, begin, end, scope.keep(out.prediction().detach())));   // read by Step
                current = out.state();
                begin = end;
            }
            Tensor loss = predictions.size() == 1
                    ? Functional.mseLoss(predictions.get(0), expected.get(0))
                    : Functional.mseLoss(flatCat(predictions), flatCat(expected));
            lossValue = loss.item();
            if (!Float.isFinite(lossValue)) {
                throw new TrainingDivergedException(number, epoch, lossValue);
            }
            optimizer.zeroGrad();
            loss.backward();
            gradNorm = clip > 0 ? ClipGrad.clipGradNorm(model.parameters(), clip) : Float.NaN;
            optimizer.step();

            List<HiddenState> parts = new ArrayList<>();
            parts.add(current);
            Collections.reverse(finished);
            parts.addAll(finished);
            if (active < count) {
                parts.add(start.narrow(active, count - active));
            }
            state = HiddenState.cat(parts).detach();
            scope.keep(state.h());
            if (state.c() != null) {
                scope.keep(state.c());
            }
        }
        int chunkStart = position;
        position += steps;
        iteration = number;
        if (position >= maxLength) {
            epochsCompleted++;
            position = 0;
            state = null;
        }
        return new Step(number, epoch, chunkStart, steps, lossValue, optimizer.paramGroups().get(0).lr(), gradNorm,
                segments, positionOf);
    }

    private static Tensor flatCat(List<Tensor> tensors) {
        List<Tensor> flat = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            flat.add(t.reshape(-1));
        }
        return Tensor.cat(flat, 0);
    }

    // ---------------------------------------------------------------- progress

    /** Iterations done. */
    public long iteration() {
        return iteration;
    }

    /** Epochs completed. */
    public long epochsCompleted() {
        return epochsCompleted;
    }

    /** The row of every series where the next iteration starts (0 at the start of an epoch). */
    public int position() {
        return position;
    }

    /** The model being trained. */
    public SequenceModel model() {
        return model;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The data. */
    public SeriesData data() {
        return data;
    }

    /** The generator of chunk lengths (and, if the model was built with it, of dropout masks). */
    public Generator generator() {
        return generator;
    }

    /** The chunk lengths. */
    public Bptt bptt() {
        return bptt;
    }

    /** The clipping norm, 0 for none. */
    public double clip() {
        return clip;
    }

    /**
     * The state the next iteration starts from, (L, S, H) with series in data order (a copy);
     * null at the start of an epoch, where it is zeros.
     */
    public HiddenState hiddenState() {
        if (state == null) {
            return null;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor h = state.h().indexSelect(1, positionOf);
            Tensor c = state.c() == null ? null : state.c().indexSelect(1, positionOf);
            return new HiddenState(h, c);
        }
    }

    /**
     * Puts the trainer at a saved position: iterations done, epochs completed, the row where
     * the next iteration starts, and the state there (series in data order; null for zeros).
     * With the model's weights, the optimizer's state and the generator's state restored too,
     * training continues exactly as it would have.
     */
    public void restore(long iteration, long epochsCompleted, int position, HiddenState hidden) {
        if (iteration < 0 || epochsCompleted < 0) {
            throw new IllegalArgumentException("iteration and epochs must be >= 0, got " + iteration + " and "
                    + epochsCompleted);
        }
        if (position < 0 || position >= lengths[0]) {
            throw new IllegalArgumentException("position " + position + " is outside the data (the longest series has "
                    + lengths[0] + " rows)");
        }
        HiddenState batchOrder = null;
        if (hidden != null) {
            int[] expected = {model.spec().numLayers(), lengths.length, model.spec().hiddenSize()};
            if (!Arrays.equals(hidden.h().shape(), expected)
                    || (hidden.c() == null) != (model.spec().cell() != Cell.LSTM)) {
                throw new IllegalArgumentException("hidden state " + Arrays.toString(hidden.h().shape())
                        + (hidden.c() == null ? " without" : " with") + " a cell state does not fit the model and data: "
                        + "expected " + Arrays.toString(expected)
                        + (model.spec().cell() == Cell.LSTM ? " with" : " without") + " a cell state");
            }
            Tensor h = hidden.h().indexSelect(1, order).detach();
            Tensor c = hidden.c() == null ? null : hidden.c().indexSelect(1, order).detach();
            batchOrder = new HiddenState(h, c);
        }
        this.iteration = iteration;
        this.epochsCompleted = epochsCompleted;
        this.position = position;
        this.state = batchOrder;
    }
}
