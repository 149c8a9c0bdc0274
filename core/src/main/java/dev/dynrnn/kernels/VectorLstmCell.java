package dev.dynrnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of {@link LstmCell} for {@link VectorKernels}: the same operations in the same
 * order, so the same bits as {@link LstmCell} run with the vector kernels' sigmoid and tanh
 * (lanes by {@link VectorMath}, tails by {@link FloatMath}, which agree bit for bit), and, having
 * no transcendental function, the backward gives the bits of {@link LstmCell#backward} on any
 * kernels (LstmCellTest). Per row, the forward makes the four gates' exps, then one pass for
 * the activations and c_t, then the exp of c_t and one pass for tanh(c_t) and h_t, where
 * {@link LstmCell} makes two passes per function and one per product (with a kernel call, its
 * checks and scratch lookup, for each); the backward is one pass instead of three scalar loops.
 * The lane formulas of {@link VectorMath#sigmoid} and {@link VectorMath#tanh} are repeated in
 * those passes: a change to them must be made here too (LstmCellTest fails otherwise).
 *
 * <p>Each method loops over one row's units itself and keeps every vector inside one method
 * (see {@link VectorMath} for why).
 */
final class VectorLstmCell {
    private VectorLstmCell() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** See {@link ArrayKernels#lstmForward}. */
    static void forward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                        float[] cPrev, int cPrevOff, int cPrevStride, float[] cells, int cellsOff,
                        float[] cellsTanh, int cellsTanhOff, float[] out, int outOff, float[] row) {
        int h = hidden;
        int bound = S.loopBound(width);
        float[] e = Scratch.get(Scratch.Slot.ACTIVATION, 4 * bound);
        for (int r = 0; r < rows; r++) {
            int g = gatesOff + r * 4 * h + from;          // unit `from` of gate i; f, g, o are H apart
            int c = cellsOff + r * h + from;
            int cp = cPrevOff + r * cPrevStride + from;
            float[] t = cellsTanh != null ? cellsTanh : row;
            int tc = (cellsTanh != null ? cellsTanhOff + r * h : 0) + from;
            int o = outOff + r * h + from;
            if (bound > 0) {
                // e: exp(-|p_i|), exp(-|p_f|), exp(2|p_g|), exp(-|p_o|), each bound floats
                VectorMath.exp(gates, g, true, -1f, e, 0, bound);
                VectorMath.exp(gates, g + h, true, -1f, e, bound, bound);
                VectorMath.exp(gates, g + 2 * h, true, 2f, e, 2 * bound, bound);
                VectorMath.exp(gates, g + 3 * h, true, -1f, e, 3 * bound, bound);
                gatesAndCell(h, bound, gates, g, e, cPrev, cp, cells, c);
                VectorMath.exp(cells, c, true, 2f, e, 0, bound);
                tanhAndOutput(bound, cells, c, e, gates, g + 3 * h, t, tc, out, o);
            }
            for (int j = bound; j < width; j++) {
                float i = FloatMath.sigmoid(gates[g + j]);
                float f = FloatMath.sigmoid(gates[g + h + j]);
                float gg = FloatMath.tanh(gates[g + 2 * h + j]);
                float og = FloatMath.sigmoid(gates[g + 3 * h + j]);
                gates[g + j] = i;
                gates[g + h + j] = f;
                gates[g + 2 * h + j] = gg;
                gates[g + 3 * h + j] = og;
                float cj = f * cPrev[cp + j] + i * gg;
                cells[c + j] = cj;
                float tj = FloatMath.tanh(cj);
                t[tc + j] = tj;
                out[o + j] = og * tj;
            }
        }
    }

    /**
     * The activations of len units (a multiple of the lanes) from their pre-activations at gate
     * i's unit g and e (see forward), as {@link VectorMath#sigmoid} and {@link VectorMath#tanh}
     * compute them, in place; then c_t = f * c_(t-1) + i * g.
     */
    private static void gatesAndCell(int h, int len, float[] gates, int g, float[] e, float[] cPrev, int cp,
                                     float[] cells, int c) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector t4 = FloatVector.broadcast(S, FloatMath.TANH_T4);
        FloatVector t3 = FloatVector.broadcast(S, FloatMath.TANH_T3);
        FloatVector t2 = FloatVector.broadcast(S, FloatMath.TANH_T2);
        FloatVector t1 = FloatVector.broadcast(S, FloatMath.TANH_T1);
        FloatVector t0 = FloatVector.broadcast(S, FloatMath.TANH_T0);
        for (int j = 0; j < len; j += S.length()) {
            FloatVector pi = FloatVector.fromArray(S, gates, g + j);
            FloatVector ei = FloatVector.fromArray(S, e, j);
            FloatVector i = one.blend(ei, pi.lt(0f)).div(ei.add(1f));
            FloatVector pf = FloatVector.fromArray(S, gates, g + h + j);
            FloatVector ef = FloatVector.fromArray(S, e, len + j);
            FloatVector f = one.blend(ef, pf.lt(0f)).div(ef.add(1f));
            FloatVector po = FloatVector.fromArray(S, gates, g + 3 * h + j);
            FloatVector eo = FloatVector.fromArray(S, e, 3 * len + j);
            one.blend(eo, po.lt(0f)).div(eo.add(1f)).intoArray(gates, g + 3 * h + j);
            FloatVector x = FloatVector.fromArray(S, gates, g + 2 * h + j);
            FloatVector eg = FloatVector.fromArray(S, e, 2 * len + j);
            FloatVector large = one.sub(two.div(eg.add(1f)));
            large = large.blend(large.neg(), x.lt(0f));
            FloatVector x2 = x.mul(x);
            FloatVector p = x2.fma(t4, t3);
            p = p.fma(x2, t2);
            p = p.fma(x2, t1);
            p = p.fma(x2, t0);
            FloatVector gg = large.blend(p.mul(x2).fma(x, x), x.abs().lt(FloatMath.TANH_SMALL));
            i.intoArray(gates, g + j);
            f.intoArray(gates, g + h + j);
            gg.intoArray(gates, g + 2 * h + j);
            f.mul(FloatVector.fromArray(S, cPrev, cp + j)).add(i.mul(gg)).intoArray(cells, c + j);
        }
    }

    /** tanh(c_t) from c_t and e = exp(2|c_t|), as {@link VectorMath#tanh}; then h_t = o * tanh(c_t). */
    private static void tanhAndOutput(int len, float[] cells, int c, float[] e, float[] gates, int o, float[] t, int tc,
                                      float[] out, int outOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector t4 = FloatVector.broadcast(S, FloatMath.TANH_T4);
        FloatVector t3 = FloatVector.broadcast(S, FloatMath.TANH_T3);
        FloatVector t2 = FloatVector.broadcast(S, FloatMath.TANH_T2);
        FloatVector t1 = FloatVector.broadcast(S, FloatMath.TANH_T1);
        FloatVector t0 = FloatVector.broadcast(S, FloatMath.TANH_T0);
        for (int j = 0; j < len; j += S.length()) {
            FloatVector x = FloatVector.fromArray(S, cells, c + j);
            FloatVector ev = FloatVector.fromArray(S, e, j);
            FloatVector large = one.sub(two.div(ev.add(1f)));
            large = large.blend(large.neg(), x.lt(0f));
            FloatVector x2 = x.mul(x);
            FloatVector p = x2.fma(t4, t3);
            p = p.fma(x2, t2);
            p = p.fma(x2, t1);
            p = p.fma(x2, t0);
            FloatVector tanh = large.blend(p.mul(x2).fma(x, x), x.abs().lt(FloatMath.TANH_SMALL));
            tanh.intoArray(t, tc + j);
            FloatVector.fromArray(S, gates, o + j).mul(tanh).intoArray(out, outOff + j);
        }
    }

    /** See {@link ArrayKernels#lstmBackward}. */
    static void backward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                         float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                         float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                         float[] dGates, int dGatesOff) {
        int h = hidden;
        int bound = S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int g = gatesOff + r * 4 * h + from;
            int d = dGatesOff + r * 4 * h + from;
            int tc = cellsTanhOff + r * h + from;
            int cp = cPrevOff + r * cPrevStride + from;
            int dr = dhOff + r * h + from;
            int dcr = dcOff + r * h + from;
            int dor = dOutOff + r * h + from;
            if (dOut == null) {
                backwardRow(h, bound, gates, g, cellsTanh, tc, cPrev, cp, dh, dr, dh, dr, false, dc, dcr, dGates, d);
            } else {
                backwardRow(h, bound, gates, g, cellsTanh, tc, cPrev, cp, dh, dr, dOut, dor, true, dc, dcr, dGates, d);
            }
            LstmCell.backwardRow(h, bound, width, gates, g, cellsTanh, tc, cPrev, cp, dh, dr, dOut, dor, dc, dcr,
                    dGates, d);
        }
    }

    /**
     * Units [0, len) of one row's backward, len a multiple of the lanes, each offset the row's
     * unit {@code from}; dL/dh_t = dh + dOut when {@code addOut}, else dh.
     */
    private static void backwardRow(int h, int len, float[] gates, int g, float[] cellsTanh, int tc,
                                    float[] cPrev, int cp, float[] dh, int dr, float[] dOut, int dor, boolean addOut,
                                    float[] dc, int dcr, float[] dGates, int d) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < len; j += S.length()) {
            FloatVector o = FloatVector.fromArray(S, gates, g + 3 * h + j);
            FloatVector tanhC = FloatVector.fromArray(S, cellsTanh, tc + j);
            FloatVector dhj = FloatVector.fromArray(S, dh, dr + j);
            if (addOut) {
                dhj = dhj.add(FloatVector.fromArray(S, dOut, dor + j));
            }
            // dc += dh o (1 - tanh(c)^2), dp_o = dh tanh(c) o (1 - o)
            FloatVector dcj = FloatVector.fromArray(S, dc, dcr + j).add(dhj.mul(o).mul(one.sub(tanhC.mul(tanhC))));
            dhj.mul(tanhC).mul(o.mul(one.sub(o))).intoArray(dGates, d + 3 * h + j);
            // dp_i = dc g i (1 - i), dp_g = dc i (1 - g^2)
            FloatVector i = FloatVector.fromArray(S, gates, g + j);
            FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * h + j);
            dcj.mul(gg).mul(i.mul(one.sub(i))).intoArray(dGates, d + j);
            dcj.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dGates, d + 2 * h + j);
            // dp_f = dc c_(t-1) f (1 - f), dL/dc_(t-1) = dc f
            FloatVector f = FloatVector.fromArray(S, gates, g + h + j);
            dcj.mul(FloatVector.fromArray(S, cPrev, cp + j)).mul(f.mul(one.sub(f))).intoArray(dGates, d + h + j);
            dcj.mul(f).intoArray(dc, dcr + j);
        }
    }
}
