package dev.dynrnn.kernels;

import static dev.dynrnn.kernels.FloatMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lanewise versions of {@link FloatMath}: the same operations in the same order, so every lane
 * gets exactly the bits the scalar function returns (tested). Only loaded with the Vector API.
 *
 * <p>Every method here takes arrays and loops itself, over a length that is a multiple of the
 * lane count; no vector crosses a method boundary. A vector passed to or returned from a call
 * that C2 does not inline is boxed on the heap, and whether a call is inlined depends on
 * warm-up history ("already compiled into a big method") and on the inlining node budget:
 * measured up to 10x slower. Keeping whole loops in one method avoids both.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private static FloatVector k(float value) {
        return FloatVector.broadcast(S, value);
    }

    /**
     * {@code out[i] = exp(t)} with {@code t = scale * (abs ? |a[i]| : a[i])}, for i in [0, len);
     * see {@link FloatMath#exp}. scale is 1 (exp), 2 with abs (tanh) or -1 with abs (sigmoid);
     * multiplying by them is exact.
     */
    static void exp(float[] a, int aOff, boolean abs, float scale, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            if (abs) x = x.abs();
            x = x.mul(scale);
            FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
            FloatVector z = xc.fma(k(LOG2E), k(ROUND_MAGIC));
            IntVector n = z.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector negN = z.sub(ROUND_MAGIC).neg();
            FloatVector r = negN.fma(k(LN2_HI), xc);
            r = negN.fma(k(LN2_LO), r);
            FloatVector p = r.fma(k(EXP_P4), k(EXP_P3));
            p = p.fma(r, k(EXP_P2));
            p = p.fma(r, k(EXP_P1));
            p = p.fma(r, k(EXP_P0));
            FloatVector y = p.fma(r.mul(r), r).add(1f);
            // 2^n as two factors 2^n1 * 2^n2, each a normal float, as in FloatMath.exp.
            IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = n.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(s1).mul(s2).intoArray(out, outOff + i);
        }
    }

    /** {@code out[i] = ln(a[i])} for i in [0, len); see {@link FloatMath#log}. */
    static void log(float[] a, int aOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            VectorMask<Float> subnormal = x.lt(Float.MIN_NORMAL);
            FloatVector xs = x.blend(x.mul(TWO_POW_23), subnormal);
            IntVector bits = xs.reinterpretAsInts();
            IntVector e = bits.sub(LOG_SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
            FloatVector m = bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
            IntVector eAdj = e.blend(e.sub(23), subnormal.cast(e.species()));
            FloatVector kf = (FloatVector) eAdj.convert(VectorOperators.I2F, 0);
            FloatVector f = m.sub(1f);
            FloatVector s = f.div(f.add(2f));
            FloatVector z = s.mul(s);
            FloatVector l = z.fma(k(LOG_L3), k(LOG_L2));
            l = l.fma(z, k(LOG_L1));
            l = l.fma(z, k(LOG_L0));
            FloatVector r = l.mul(z);
            FloatVector hfsq = f.mul(0.5f).mul(f);
            FloatVector inner = s.fma(hfsq.add(r), kf.mul(LN2_LO));
            FloatVector y = kf.fma(k(LN2_HI), f.sub(hfsq.sub(inner)));
            // Special cases, as FloatMath.special: 0 -> -inf, below 0 or NaN -> NaN, +inf -> +inf.
            y = y.blend(Float.POSITIVE_INFINITY, x.eq(Float.POSITIVE_INFINITY));
            y = y.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not());
            y.blend(Float.NEGATIVE_INFINITY, x.eq(0f)).intoArray(out, outOff + i);
        }
    }

    /**
     * {@code out[i] = tanh(a[i])} given {@code e[i] = exp(2|a[i]|)} (from {@link #exp}), for i in
     * [0, len); see {@link FloatMath#tanh}. out may be the a run.
     */
    static void tanh(float[] a, int aOff, float[] e, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            FloatVector ev = FloatVector.fromArray(S, e, i);
            FloatVector large = k(1f).sub(k(2f).div(ev.add(1f)));
            large = large.blend(large.neg(), x.lt(0f));
            FloatVector x2 = x.mul(x);
            FloatVector p = x2.fma(k(TANH_T4), k(TANH_T3));
            p = p.fma(x2, k(TANH_T2));
            p = p.fma(x2, k(TANH_T1));
            p = p.fma(x2, k(TANH_T0));
            FloatVector small = p.mul(x2).fma(x, x);
            large.blend(small, x.abs().lt(TANH_SMALL)).intoArray(out, outOff + i);
        }
    }

    /**
     * {@code out[i] = sigmoid(a[i])} given {@code e[i] = exp(-|a[i]|)} (from {@link #exp}), for i
     * in [0, len); see {@link FloatMath#sigmoid}. out may be the a run.
     */
    static void sigmoid(float[] a, int aOff, float[] e, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            FloatVector ev = FloatVector.fromArray(S, e, i);
            FloatVector num = k(1f).blend(ev, x.lt(0f));
            num.div(ev.add(1f)).intoArray(out, outOff + i);
        }
    }
}
