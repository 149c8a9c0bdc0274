package dev.dynrnn.kernels.recurrent;

import dev.dynrnn.kernels.ArrayKernels;
import dev.dynrnn.kernels.Kernels;
import dev.dynrnn.kernels.Parallel;
import java.util.Arrays;

/**
 * One recurrent layer in one direction over a whole sequence, forward and backward through time,
 * on plain arrays: the fused form of what {@code RNN}, {@code LSTM} and {@code GRU} compute step
 * by step with tensor ops.
 *
 * <p>Legend: N rows of the sequence (see {@link StepLayout}), B = {@code layout.batch()}, T steps,
 * I = input size, H = hidden size, G = gates ({@link Cell#gates()}). Every matrix is row-major:
 * x (N, I), output (N, H), h0 and c0 (B, H), W_ih (G*H, I), W_hh (G*H, H), b_ih and b_hh (G*H).
 *
 * <p>Forward:
 * <ol>
 *   <li>the input projection of all steps as one matrix product, P = x W_ih^T + (b_ih + b_hh),
 *       or + b_ih for the GRU, whose b_hh sits inside r * (...), (N, G*H);
 *   <li>per step t, in time order (reversed when {@code reverse}), for the step's rows:
 *       P_t += h_(t-1) W_hh^T (the GRU: gh = h_(t-1) W_hh^T + b_hh apart), then the cell's
 *       pointwise equations ({@link RnnStep}, {@link LstmStep}, {@link GruStep});
 *   <li>each batch entry's final h (and c) copied out of the step where it ends.
 * </ol>
 * Backward through time, in one pass: per step, in the opposite order, dL/dh_t (the output's
 * gradient plus what flows back from the next step) gives the gates' gradients dP_t and then
 * dL/dh_(t-1) = dP_t W_hh (a product per step, the only sequential one); after the loop, whole-
 * sequence products give dW_hh = sum_t dP_t^T h_(t-1), dW_ih = dP^T x, dx = dP W_ih and the bias
 * gradients as column sums of dP.
 *
 * <p>Rows of different batch entries never interact, so the recurrence runs in two halves of the
 * batch, one per core, when the work is large enough; the halves depend only on the shapes, so
 * the result is the same on any number of cores. An LSTM whose W_hh outgrows a core's L2 cache
 * splits its hidden units instead, the cores meeting after every step ({@link #splitsHidden}).
 * The whole-sequence products go through
 * {@link Parallel#gemm}. Temporaries come from a per-thread {@link Workspace}; what the caller
 * gets (the {@link Trace}'s arrays, the gradients) is never one of them.
 */
public final class RecurrentKernel {
    /** Below this many multiply-adds of h_(t-1) W_hh^T over the sequence, the batch is not split. */
    static final long SPLIT_THRESHOLD = 1L << 22;
    /** Fewest batch rows in each half of a split. */
    static final int MIN_SPLIT_ROWS = 4;
    /**
     * Above this many floats of W_hh (2 MB, a core's L2 cache) an LSTM splits its hidden units
     * rather than its batch between the threads ({@link #splitsHidden}).
     */
    static final int HIDDEN_SPLIT_FLOATS = 1 << 19;

    private final Cell cell;
    private final int inputSize;
    private final int hidden;
    private final int gateWidth;
    private final StepLayout layout;
    private final boolean reverse;
    private final boolean splitBatch;
    private final ArrayKernels kernels = Kernels.get();

    /**
     * @param reverse run the recurrence from the last step to the first (the backward direction
     *                of a bidirectional layer)
     */
    public RecurrentKernel(Cell cell, int inputSize, int hiddenSize, StepLayout layout, boolean reverse) {
        this(cell, inputSize, hiddenSize, layout, reverse, true);
    }

    /** @param splitBatch false keeps the batch whole whatever its size (for tests of the split) */
    RecurrentKernel(Cell cell, int inputSize, int hiddenSize, StepLayout layout, boolean reverse, boolean splitBatch) {
        if (inputSize < 0) {
            throw new IllegalArgumentException("input size must be >= 0, got " + inputSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hidden size must be positive, got " + hiddenSize);
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hiddenSize;
        this.gateWidth = cell.gates() * hiddenSize;
        this.layout = layout;
        this.reverse = reverse;
        this.splitBatch = splitBatch;
    }

    /**
     * One direction's parameters: W_ih (G*H, I) at {@code ihOffset}, W_hh (G*H, H), and the
     * biases (G*H), both given or both null (a layer without bias).
     */
    public record Weights(float[] ih, int ihOffset, float[] hh, int hhOffset,
                          float[] biasIh, int biasIhOffset, float[] biasHh, int biasHhOffset) {}

    /**
     * The sequence: x (N, I), and the initial states h0 and c0 (B, H), each null for zeros (c0
     * only for the LSTM).
     */
    public record Sequence(float[] x, int xOffset, float[] h0, int h0Offset, float[] c0, int c0Offset) {}

    /**
     * dL/d(what the forward returned): output (N, H), hN and cN (B, H), each null for zeros.
     */
    public record OutputGradients(float[] output, int outputOffset, float[] hN, int hNOffset, float[] cN, int cNOffset) {}

    /**
     * Where the backward writes dL/d(input), each null when not wanted: input (N, I), h0 and c0
     * (B, H), ih, hh, biasIh, biasHh shaped as the weights. Every array given is overwritten from
     * offset 0.
     */
    public record Gradients(float[] input, float[] h0, float[] c0, float[] ih, float[] hh,
                            float[] biasIh, float[] biasHh) {}

    /**
     * What a forward produced: the outputs, and the activations the backward needs (see the
     * step classes). Made by {@link #newTrace(boolean, ArrayPool, Outputs)} for this kernel's shapes.
     */
    public static final class Trace {
        /** (N, H): h_t for every row of every step. */
        public final float[] output;
        /** (B, H): each batch entry's final h. */
        public final float[] hN;
        /** (B, H): each batch entry's final c (LSTM), else null. */
        public final float[] cN;
        /** (N, G*H) gate activations (LSTM, GRU); null for the RNN, whose activation is the output. */
        final float[] gates;
        /** (N, H) c_t (LSTM). */
        final float[] cells;
        /**
         * (N, H) tanh(c_t) (LSTM), kept from the forward for the backward, which recomputed it
         * at 8% of a c-lstm training iteration; null when nothing is saved for backward.
         */
        final float[] cellsTanh;
        /** (N, H) gh_n = h_(t-1) W_hn^T + b_hn (GRU). */
        final float[] hiddenN;
        /** Whether gates, cells, cellsTanh and hiddenN are owned (so a backward may read them later). */
        private boolean saved;

        Trace(float[] output, float[] hN, float[] cN, float[] gates, float[] cells, float[] cellsTanh,
              float[] hiddenN, boolean saved) {
            this.output = output;
            this.hN = hN;
            this.cN = cN;
            this.gates = gates;
            this.cells = cells;
            this.cellsTanh = cellsTanh;
            this.hiddenN = hiddenN;
            this.saved = saved;
        }

        /**
         * Gives the saved activations to {@code pool} (the outputs stay): for when the graph frees
         * what the backward needed. The trace can no longer be differentiated.
         */
        public void releaseTo(ArrayPool pool) {
            if (saved) {
                saved = false;
                pool.give(gates);
                pool.give(cells);
                pool.give(cellsTanh);
                pool.give(hiddenN);
            }
        }
    }

    /**
     * Arrays for one forward, its outputs new. With {@code forBackward} false, the activations that only a backward
     * needs live in this thread's workspace, valid until its next kernel call, and the trace
     * cannot be differentiated.
     */
    public Trace newTrace(boolean forBackward) {
        int b = layout.batch();
        return newTrace(forBackward, null, new Outputs(new float[layout.rows() * hidden], new float[b * hidden],
                cell == Cell.LSTM ? new float[b * hidden] : null));
    }

    /**
     * Zero-filled arrays for a forward to write its outputs into: output (N, H), hN (B, H) and,
     * for the LSTM, cN (B, H), else null.
     */
    public record Outputs(float[] output, float[] hN, float[] cN) {}

    /**
     * Arrays for one forward that writes its outputs into {@code outputs} (the caller's, e.g. a
     * tensor's storage), its saved activations taken from {@code pool} when not null (else new),
     * or, when {@code forBackward} is false, from this thread's workspace.
     */
    public Trace newTrace(boolean forBackward, ArrayPool pool, Outputs outputs) {
        int n = layout.rows();
        int b = layout.batch();
        float[] output = outputs.output();
        float[] hN = outputs.hN();
        float[] cN = outputs.cN();
        if (output.length != n * hidden || hN.length != b * hidden
                || (cell == Cell.LSTM ? cN == null || cN.length != b * hidden : cN != null)) {
            throw new IllegalArgumentException(cell + ": output arrays of lengths " + output.length + ", " + hN.length
                    + ", " + (cN == null ? "none" : cN.length) + " for " + layout + " and hidden " + hidden + "; expected "
                    + n * hidden + ", " + b * hidden + ", " + (cell == Cell.LSTM ? b * hidden : "none"));
        }
        if (cell == Cell.RNN_TANH || cell == Cell.RNN_RELU) {
            return new Trace(output, hN, null, null, null, null, null, forBackward);
        }
        float[] gates = forBackward ? saved(pool, n * gateWidth) : Workspace.get(Workspace.Slot.PRE_GATES, n * gateWidth);
        // c_t is needed within a forward too: it is the next step's c_(t-1).
        float[] cells = cell != Cell.LSTM ? null : forBackward ? saved(pool, n * hidden)
                : Workspace.get(Workspace.Slot.CELLS, n * hidden);
        float[] cellsTanh = cell == Cell.LSTM && forBackward ? saved(pool, n * hidden) : null;
        float[] hiddenN = cell == Cell.GRU && forBackward ? saved(pool, n * hidden) : null;
        return new Trace(output, hN, cN, gates, cells, cellsTanh, hiddenN, forBackward);
    }

    private static float[] saved(ArrayPool pool, int length) {
        return pool == null ? new float[length] : pool.take(length);
    }

    // ---------------------------------------------------------------- forward

    /** Runs the recurrence over the sequence, filling {@code trace}. */
    public void forward(Weights w, Sequence in, Trace trace) {
        int n = layout.rows();
        boolean rnn = trace.gates == null;
        float[] pre = rnn ? trace.output : trace.gates;
        // 1. The input projection of every step at once: P = x W_ih^T + (b_ih + b_hh), or + b_ih
        //    for the GRU: each row starts as the biases, the product is added to it.
        float[] bias = inputBias(w);
        int[] rowHalves = halves(n, gateWidth);
        Parallel.forEach(rowHalves.length - 1,
                part -> fillRows(pre, rowHalves[part] * gateWidth, rowHalves[part + 1] - rowHalves[part], bias, 0));
        Parallel.gemm(kernels, false, true, n, gateWidth, inputSize, 1f, in.x(), in.xOffset(), Math.max(inputSize, 1),
                w.ih(), w.ihOffset(), Math.max(inputSize, 1), 1f, pre, 0, gateWidth);
        // 2. The recurrence, in independent halves of the batch. W_hh^T (H, G*H) is laid out once,
        //    in column panels, for the products of every step.
        float[] hhT = Workspace.get(Workspace.Slot.HIDDEN_WEIGHTS_T, hidden * gateWidth);
        ColumnPanels.layOut(w.hh(), w.hhOffset(), true, hidden, gateWidth, hhT);
        if (splitsHidden()) {
            Parallel.lockstep(layout.steps(), (part, i) -> forwardHalf(hhT, in, trace, pre, part, i));
        } else {
            int[] split = batchSplit();
            Parallel.forEach(split.length - 1, part -> forwardRows(w, hhT, in, trace, pre, split[part], split[part + 1]));
        }
        // 3. Final states.
        gatherFinal(trace.output, trace.hN);
        if (trace.cN != null) {
            gatherFinal(trace.cells, trace.cN);
        }
    }

    /** The recurrence for batch entries [lo, hi). */
    private void forwardRows(Weights w, float[] hhT, Sequence in, Trace trace, float[] pre, int lo, int hi) {
        int h = hidden;
        float[] zeros = Workspace.zeros(Workspace.Slot.ZEROS, h);
        float[] row = Workspace.get(Workspace.Slot.ROW, h);
        float[] hGates = cell == Cell.GRU ? Workspace.get(Workspace.Slot.HIDDEN_GATES, (hi - lo) * gateWidth) : null;
        Piece[] pieces = {new Piece(), new Piece()};
        for (int i = 0; i < layout.steps(); i++) {
            int t = layout.stepAt(i, reverse);
            int active = Math.min(hi, layout.batchAt(t));
            if (active <= lo) {
                continue;
            }
            int start = layout.rowStart(t);
            setPieces(pieces, in, trace, t, lo, active, zeros);
            if (cell == Cell.GRU) {
                // gh = h_(t-1) W_hh^T + b_hh, rows [lo, active) of hGates: the rows start as b_hh
                // and the product is added to them, one pass over gh fewer than adding b_hh after
                // it; each element is rounded once either way, fma(1, sum, b_hh), except where
                // the product adds partial sums over blocks of depth (more than 32 rows and 512
                // hidden units, VectorGemm.KC), where b_hh now comes before them.
                for (Piece p : pieces) {
                    int off = (p.from - lo) * gateWidth;
                    fillRows(hGates, off, p.rows(), w.biasHh(), w.biasHhOffset());
                    hiddenProduct(hhT, p, hGates, off, 1f);
                }
            } else {
                for (Piece p : pieces) {
                    hiddenProduct(hhT, p, pre, (start + p.from) * gateWidth, 1f);
                }
            }
            for (Piece p : pieces) {
                if (p.rows() == 0) {
                    continue;
                }
                int gOff = (start + p.from) * gateWidth;
                int oOff = (start + p.from) * h;
                switch (cell) {
                    case RNN_TANH, RNN_RELU -> RnnStep.forward(kernels, cell == Cell.RNN_RELU, pre, oOff, p.rows() * h);
                    case LSTM -> LstmStep.forward(kernels, p.rows(), h, pre, gOff, p.c, p.cOff, p.cStride,
                            trace.cells, oOff, trace.cellsTanh, oOff, trace.output, oOff, row);
                    case GRU -> GruStep.forward(kernels, p.rows(), h, pre, gOff, hGates, (p.from - lo) * gateWidth,
                            p.h, p.hOff, p.hStride, trace.hiddenN, trace.hiddenN == null ? 0 : oOff, trace.output, oOff);
                }
            }
        }
    }

    /**
     * Step {@code i} of the recurrence for hidden units [part * H/2, (part + 1) * H/2) of every
     * batch entry (an LSTM, see {@link #splitsHidden}): those units' columns of each gate,
     * P_t[:, gate, half] += h_(t-1) W_hh^T[:, gate, half], then their cell equations. Step i - 1
     * must have finished in both halves (it wrote h_(t-1)).
     */
    private void forwardHalf(float[] hhT, Sequence in, Trace trace, float[] pre, int part, int i) {
        int h = hidden;
        int half = h / 2;
        int from = part * half;
        int t = layout.stepAt(i, reverse);
        int start = layout.rowStart(t);
        float[] zeros = Workspace.zeros(Workspace.Slot.ZEROS, h);
        float[] row = Workspace.get(Workspace.Slot.ROW, h);
        Piece[] pieces = {new Piece(), new Piece()};
        setPieces(pieces, in, trace, t, 0, layout.batchAt(t), zeros);
        for (Piece p : pieces) {
            if (p.rows() == 0) {
                continue;
            }
            int gOff = (start + p.from) * gateWidth;
            int oOff = (start + p.from) * h;
            if (p.hStride != 0) {   // h_(t-1) of zeros adds nothing
                // each gate's columns of this half, h_(t-1) packed once for the four
                kernels.gemmPanelGroups(cell.gates(), h, p.rows(), half, h, p.h, p.hOff, h, hhT, from * h, 1f, pre,
                        gOff + from, gateWidth);
            }
            LstmStep.forward(kernels, p.rows(), h, from, half, pre, gOff, p.c, p.cOff, p.cStride,
                    trace.cells, oOff, trace.cellsTanh, oOff, trace.output, oOff, row);
        }
    }

    /**
     * Rows [from, to) of a step and where their previous state is: h_(t-1) of row r at
     * {@code hOff + (r - from) * hStride} in {@code h} (stride 0: a row of zeros), c_(t-1) likewise.
     * Two per chunk of the batch, refilled at every step (see {@link #setPieces}).
     */
    private static final class Piece {
        int from;
        int to;
        float[] h;
        int hOff;
        int hStride;
        float[] c;
        int cOff;
        int cStride;

        int rows() {
            return to - from;
        }
    }

    /**
     * Step t's rows [lo, active) in two pieces: rows below {@link StepLayout#carried} continue
     * from the output (and c_t) of the step run before, the rest start from h0 and c0 (or zeros).
     */
    private void setPieces(Piece[] pieces, Sequence in, Trace trace, int t, int lo, int active, float[] zeros) {
        int h = hidden;
        int carried = Math.max(lo, Math.min(active, layout.carried(t, reverse)));
        int prev = layout.previous(t, reverse);
        int prevOff = prev < 0 ? 0 : (layout.rowStart(prev) + lo) * h;
        Piece continued = pieces[0];
        continued.from = lo;
        continued.to = carried;
        continued.h = trace.output;
        continued.hOff = prevOff;
        continued.hStride = h;
        continued.c = trace.cells;
        continued.cOff = prevOff;
        continued.cStride = h;
        boolean hGiven = in.h0() != null;
        boolean cGiven = in.c0() != null;
        Piece started = pieces[1];
        started.from = carried;
        started.to = active;
        started.h = hGiven ? in.h0() : zeros;
        started.hOff = hGiven ? in.h0Offset() + carried * h : 0;
        started.hStride = hGiven ? h : 0;
        started.c = cGiven ? in.c0() : zeros;
        started.cOff = cGiven ? in.c0Offset() + carried * h : 0;
        started.cStride = cGiven ? h : 0;
    }

    /**
     * C = beta * C + h_(t-1) W_hh^T for the piece's rows, C (rows, G*H) at cOff, from W_hh^T (H,
     * G*H) in column panels; nothing to add when h_(t-1) is zeros.
     */
    private void hiddenProduct(float[] hhT, Piece p, float[] c, int cOff, float beta) {
        if (p.rows() == 0) {
            return;
        }
        if (p.hStride == 0) {
            if (beta == 0f) {
                Arrays.fill(c, cOff, cOff + p.rows() * gateWidth, 0f);
            }
            return;
        }
        ColumnPanels.multiply(kernels, p.rows(), gateWidth, hidden, p.h, p.hOff, hidden, hhT, beta, c, cOff, gateWidth);
    }

    /** Copies each batch entry's row of its final step from {@code perStep} (N, H) into {@code out} (B, H). */
    private void gatherFinal(float[] perStep, float[] out) {
        for (int b = 0; b < layout.batch(); b++) {
            int t = layout.finalStep(b, reverse);
            System.arraycopy(perStep, (layout.rowStart(t) + b) * hidden, out, b * hidden, hidden);
        }
    }

    // ---------------------------------------------------------------- backward

    /**
     * Backward through time of the forward that filled {@code trace} (which must have been made
     * for backward): given dL/d(output) (N, H) and dL/dh_N, dL/dc_N (B, H), each null for zeros,
     * writes the gradients asked for in {@code grads}.
     */
    public void backward(Weights w, Sequence in, Trace trace, OutputGradients dOut, Gradients grads) {
        if (!trace.saved) {
            throw new IllegalArgumentException("this trace has no saved activations (made by newTrace(false), or "
                    + "released to a pool)");
        }
        int n = layout.rows();
        int b = layout.batch();
        int h = hidden;
        boolean gru = cell == Cell.GRU;
        float[] dGates = Workspace.get(Workspace.Slot.GRAD_GATES, n * gateWidth);
        float[] dHidden = gru ? Workspace.get(Workspace.Slot.GRAD_HIDDEN_GATES, n * gateWidth) : dGates;
        // dL/dh and dL/dc carried back through time; they end as dL/dh0 and dL/dc0.
        float[] dh = grads.h0() != null ? grads.h0() : Workspace.get(Workspace.Slot.CARRY_H, b * h);
        float[] dc = cell != Cell.LSTM ? null : grads.c0() != null ? grads.c0() : Workspace.get(Workspace.Slot.CARRY_C, b * h);
        copyOrZero(dOut.hN(), dOut.hNOffset(), dh, b * h);
        if (dc != null) {
            copyOrZero(dOut.cN(), dOut.cNOffset(), dc, b * h);
        }
        // W_hh (G*H, H) in column panels for the product of every step.
        float[] hh = Workspace.get(Workspace.Slot.HIDDEN_WEIGHTS, gateWidth * h);
        ColumnPanels.layOut(w.hh(), w.hhOffset(), false, gateWidth, h, hh);
        if (splitsHidden()) {
            // unit i: the product of the step run before (i - 1), then the cell equations of step i
            Parallel.lockstep(layout.steps() + 1, (part, i) -> backwardHalf(hh, in, trace, dOut, dh, dc, dGates, part, i));
        } else {
            int[] split = batchSplit();
            Parallel.forEach(split.length - 1,
                    part -> backwardRows(hh, in, trace, dOut, dh, dc, dGates, dHidden, split[part], split[part + 1]));
        }

        if (grads.hh() != null) {
            hiddenWeightGradient(in, trace, dHidden, grads.hh());
        }
        if (grads.ih() != null) {      // dW_ih = dP^T x   (G*H, I)
            Parallel.gemm(kernels, true, false, gateWidth, inputSize, n, 1f, dGates, 0, gateWidth,
                    in.x(), in.xOffset(), Math.max(inputSize, 1), 0f, grads.ih(), 0, Math.max(inputSize, 1));
        }
        if (grads.input() != null) {   // dx = dP W_ih   (N, I)
            Parallel.gemm(kernels, false, false, n, inputSize, gateWidth, 1f, dGates, 0, gateWidth,
                    w.ih(), w.ihOffset(), Math.max(inputSize, 1), 0f, grads.input(), 0, Math.max(inputSize, 1));
        }
        if (grads.biasIh() != null) {   // db_ih = sum of the rows of dP
            columnSums(dGates, n, grads.biasIh());
        }
        if (grads.biasHh() != null) {
            if (dHidden == dGates && grads.biasIh() != null) {
                System.arraycopy(grads.biasIh(), 0, grads.biasHh(), 0, gateWidth);
            } else {
                columnSums(dHidden, n, grads.biasHh());
            }
        }
    }

    /** Rows summed per block before the block sums are added in double. */
    private static final int SUM_BLOCK = 64;

    /**
     * out (G*H) = the sum of the n rows of m (n, G*H): blocks of {@value #SUM_BLOCK} rows summed in
     * float, the block sums in double, rounded once, so that the error does not grow with the
     * sequence's length.
     */
    private void columnSums(float[] m, int n, float[] out) {
        // columns in two halves, one per thread, when m is large: a column's sum does not depend
        // on the columns summed with it
        int[] halves = halves(gateWidth, n);
        Parallel.forEach(halves.length - 1, part -> columnSums(m, n, halves[part], halves[part + 1], out));
    }

    /** Columns [from, to) of {@link #columnSums(float[], int, float[])}. */
    private void columnSums(float[] m, int n, int from, int to, float[] out) {
        int width = to - from;
        float[] block = Workspace.get(Workspace.Slot.ROW_SUMS, width);
        double[] total = new double[width];
        for (int r = 0; r < n; r += SUM_BLOCK) {
            kernels.sumRows(Math.min(SUM_BLOCK, n - r), width, m, r * gateWidth + from, gateWidth, block, 0);
            for (int j = 0; j < width; j++) {
                total[j] += block[j];
            }
        }
        for (int j = 0; j < width; j++) {
            out[from + j] = (float) total[j];
        }
    }

    /**
     * From this many floats (1 MB), a pass over a large array that the main thread would make
     * alone (the biases copied into every row of P, the bias gradients summed from dP: 13 MB
     * each in workload d; W_hh's panel layout in {@link ColumnPanels}) is made by both threads,
     * half each.
     */
    static final long PARALLEL_FLOATS = 1 << 18;

    /**
     * {0, rows} for a small (rows, width) array, else {0, rows / 2, rows}: how {@link #PARALLEL_FLOATS}
     * splits a pass (by columns when given (columns, rows)).
     */
    private static int[] halves(int rows, int width) {
        return (long) rows * width >= PARALLEL_FLOATS && rows >= 2 ? new int[] {0, rows / 2, rows} : new int[] {0, rows};
    }

    /** Backward through time for batch entries [lo, hi): fills their rows of dGates (and dHidden). */
    private void backwardRows(float[] hh, Sequence in, Trace trace, OutputGradients dOut, float[] dh, float[] dc,
                              float[] dGates, float[] dHidden, int lo, int hi) {
        int h = hidden;
        float[] zeros = Workspace.zeros(Workspace.Slot.ZEROS, h);
        Piece[] pieces = {new Piece(), new Piece()};
        // dL/dh_t = what flows back from step t + 1 (in dh) + dL/doutput_t: the step classes add
        // the output's gradient as they read dh.
        float[] dOutput = dOut.output();
        for (int i = layout.steps() - 1; i >= 0; i--) {
            int t = layout.stepAt(i, reverse);
            int active = Math.min(hi, layout.batchAt(t));
            if (active <= lo) {
                continue;
            }
            int rows = active - lo;
            int start = layout.rowStart(t);
            int dhOff = lo * h;
            setPieces(pieces, in, trace, t, lo, active, zeros);
            int gOff = (start + lo) * gateWidth;
            int oOff = (start + lo) * h;
            int dOutOff = dOut.outputOffset() + oOff;
            switch (cell) {
                case RNN_TANH, RNN_RELU -> RnnStep.backward(kernels, cell == Cell.RNN_RELU, trace.output, oOff, dh, dhOff,
                        dOutput, dOutOff, dGates, gOff, rows * h);
                case LSTM -> {
                    for (Piece p : pieces) {
                        int r = p.from - lo;
                        LstmStep.backward(kernels, p.rows(), h, trace.gates, gOff + r * gateWidth, trace.cellsTanh, oOff + r * h,
                                p.c, p.cOff, p.cStride, dh, dhOff + r * h, dOutput, dOutOff + r * h, dc, dhOff + r * h,
                                dGates, gOff + r * gateWidth);
                    }
                }
                case GRU -> {
                    for (Piece p : pieces) {
                        int r = p.from - lo;
                        GruStep.backward(p.rows(), h, trace.gates, gOff + r * gateWidth, trace.hiddenN, oOff + r * h,
                                p.h, p.hOff, p.hStride, dh, dhOff + r * h, dOutput, dOutOff + r * h,
                                dGates, gOff + r * gateWidth, dHidden, gOff + r * gateWidth);
                    }
                }
            }
            // dL/dh_(t-1) = (the GRU's dh * z +) dP_t W_hh   (rows, H)
            ColumnPanels.multiply(kernels, rows, h, gateWidth, dHidden, gOff, gateWidth, hh,
                    cell == Cell.GRU ? 1f : 0f, dh, dhOff, h);
        }
    }

    /**
     * Unit {@code i} of the LSTM's backward through time for hidden units [part * H/2, (part + 1)
     * * H/2) (see {@link #splitsHidden}), in the order the steps are undone: first the columns of
     * those units of dL/dh_(t-1) = dP_t W_hh for the step undone at unit i - 1, which needs all
     * of its dP_t (both halves, finished at unit i - 1); then the cell's backward of step i for
     * those units, which reads and writes only their columns of dh, dc and dP.
     */
    private void backwardHalf(float[] hh, Sequence in, Trace trace, OutputGradients dOut, float[] dh, float[] dc,
                              float[] dGates, int part, int i) {
        int h = hidden;
        int half = h / 2;
        int from = part * half;
        int steps = layout.steps();
        if (i > 0) {            // dh[:, half] = dP_t W_hh[:, half] for the step undone before
            int t = layout.stepAt(steps - i, reverse);
            kernels.gemmPanels(layout.batchAt(t), half, gateWidth, dGates, layout.rowStart(t) * gateWidth, gateWidth,
                    hh, from * gateWidth, 0f, dh, from, h);
        }
        if (i == steps) {
            return;
        }
        int t = layout.stepAt(steps - 1 - i, reverse);
        int start = layout.rowStart(t);
        float[] zeros = Workspace.zeros(Workspace.Slot.ZEROS, h);
        Piece[] pieces = {new Piece(), new Piece()};
        setPieces(pieces, in, trace, t, 0, layout.batchAt(t), zeros);
        for (Piece p : pieces) {
            int r = p.from;
            int gOff = (start + r) * gateWidth;
            int oOff = (start + r) * h;
            LstmStep.backward(kernels, p.rows(), h, from, half, trace.gates, gOff, trace.cellsTanh, oOff, p.c, p.cOff, p.cStride,
                    dh, r * h, dOut.output(), dOut.outputOffset() + oOff, dc, r * h, dGates, gOff);
        }
    }

    /**
     * dW_hh = sum over steps of dP_t^T h_(t-1) (G*H, H), one product per run of steps whose
     * h_(t-1) rows follow each other in one array (all steps of a dense batch but the first).
     */
    private void hiddenWeightGradient(Sequence in, Trace trace, float[] dHidden, float[] out) {
        int h = hidden;
        Arrays.fill(out, 0, gateWidth * h, 0f);
        RowRun run = new RowRun();
        for (int t = 0; t < layout.steps(); t++) {
            int start = layout.rowStart(t);
            int carried = layout.carried(t, reverse);
            int prev = layout.previous(t, reverse);
            if (carried > 0) {      // rows [0, carried): h_(t-1) is step prev's output
                extendOrFlush(run, dHidden, start, trace.output, layout.rowStart(prev) * h, carried, out);
            }
            int fresh = layout.batchAt(t) - carried;
            if (fresh > 0 && in.h0() != null) {   // the other rows start from h0 (zeros add nothing)
                extendOrFlush(run, dHidden, start + carried, in.h0(), in.h0Offset() + carried * h, fresh, out);
            }
        }
        flush(run, dHidden, out);
    }

    /** dHidden rows [gradRow, gradRow + rows) against the h_(t-1) rows at {@code source[sourceOffset..]}. */
    private static final class RowRun {
        float[] source;
        int sourceOffset;
        int gradRow;
        int rows;
    }

    private void extendOrFlush(RowRun run, float[] dHidden, int gradRow, float[] source, int sourceOffset, int rows,
                               float[] out) {
        if (run.rows > 0 && source == run.source && gradRow == run.gradRow + run.rows
                && sourceOffset == run.sourceOffset + run.rows * hidden) {
            run.rows += rows;
            return;
        }
        flush(run, dHidden, out);
        run.source = source;
        run.sourceOffset = sourceOffset;
        run.gradRow = gradRow;
        run.rows = rows;
    }

    /** out += dHidden[run]^T h_(t-1)[run]. */
    private void flush(RowRun run, float[] dHidden, float[] out) {
        if (run.rows == 0) {
            return;
        }
        Parallel.gemm(kernels, true, false, gateWidth, hidden, run.rows, 1f, dHidden, run.gradRow * gateWidth, gateWidth,
                run.source, run.sourceOffset, hidden, 1f, out, 0, hidden);
        run.rows = 0;
    }

    // ---------------------------------------------------------------- helpers

    /** The batch split: {0, B} on one thread, {0, B/2, B} when the recurrence is worth two. */
    int[] batchSplit() {
        int b = layout.batch();
        long work = (long) layout.rows() * hidden * gateWidth;
        if (splitBatch && b >= 2 * MIN_SPLIT_ROWS && work >= SPLIT_THRESHOLD) {
            return new int[] {0, b / 2, b};
        }
        return new int[] {0, b};
    }

    /**
     * Whether the threads split the hidden units rather than the batch: an LSTM whose W_hh is
     * larger than a core's L2 cache ({@value #HIDDEN_SPLIT_FLOATS} floats), where with the
     * batch split each core streamed all of W_hh from L3 at every step, for as many rows as its
     * half of the batch (workload d: 4 MB for 16 rows). Split by hidden units, each core reads
     * only its half of W_hh, for all rows, and the cores meet after every step. Each half is a
     * whole number of panels (H a multiple of {@code 2 * ColumnPanels.WIDTH}). Decided by the
     * shapes alone, and each element's arithmetic is that of the batch split's or the whole
     * batch's products (gemmPanels, as for any row count of the same path), so the threads do
     * not change the bits.
     */
    boolean splitsHidden() {
        return splitBatch && cell == Cell.LSTM && (long) gateWidth * hidden > HIDDEN_SPLIT_FLOATS
                && hidden % (2 * ColumnPanels.WIDTH) == 0
                && (long) layout.rows() * hidden * gateWidth >= SPLIT_THRESHOLD;
    }

    /** b_ih + b_hh (b_ih alone for the GRU), (G*H) in this thread's workspace; null without bias. */
    private float[] inputBias(Weights w) {
        if (w.biasIh() == null) {
            return null;
        }
        float[] bias = Workspace.get(Workspace.Slot.BIAS, gateWidth);
        for (int j = 0; j < gateWidth; j++) {
            bias[j] = cell == Cell.GRU ? w.biasIh()[w.biasIhOffset() + j]
                    : w.biasIh()[w.biasIhOffset() + j] + w.biasHh()[w.biasHhOffset() + j];
        }
        return bias;
    }

    /** Each of {@code count} rows of m (G*H wide) at off set to the bias, or to zeros without one. */
    private void fillRows(float[] m, int off, int count, float[] bias, int biasOffset) {
        int width = gateWidth;
        for (int r = 0; r < count; r++) {
            if (bias == null) {
                Arrays.fill(m, off + r * width, off + (r + 1) * width, 0f);
            } else {
                System.arraycopy(bias, biasOffset, m, off + r * width, width);
            }
        }
    }

    private static void copyOrZero(float[] src, int srcOff, float[] dst, int n) {
        if (src == null) {
            Arrays.fill(dst, 0, n, 0f);
        } else {
            System.arraycopy(src, srcOff, dst, 0, n);
        }
    }
}
