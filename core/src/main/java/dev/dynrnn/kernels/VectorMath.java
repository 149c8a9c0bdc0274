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
 * measured up to 10x slower. Keeping whole loops in one method avoids both. For the same reason
 * constants are broadcast into locals before each loop rather than by a helper that returns a
 * vector: such a helper, not inlined into a large caller, boxed every constant of tanh's
 * polynomial on every iteration (7.5 KB per call on 256 floats, 10x slower).
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    /**
     * {@code out[i] = exp(t)} with {@code t = scale * (abs ? |a[i]| : a[i])}, for i in [0, len);
     * see {@link FloatMath#exp}. scale is 1 (exp), 2 with abs (tanh) or -1 with abs (sigmoid);
     * multiplying by them is exact.
     */
    static void exp(float[] a, int aOff, boolean abs, float scale, float[] out, int outOff, int len) {
        FloatVector log2e = FloatVector.broadcast(S, LOG2E);
        FloatVector roundMagic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector ln2Hi = FloatVector.broadcast(S, LN2_HI);
        FloatVector ln2Lo = FloatVector.broadcast(S, LN2_LO);
        FloatVector p4 = FloatVector.broadcast(S, EXP_P4);
        FloatVector p3 = FloatVector.broadcast(S, EXP_P3);
        FloatVector p2 = FloatVector.broadcast(S, EXP_P2);
        FloatVector p1 = FloatVector.broadcast(S, EXP_P1);
        FloatVector p0 = FloatVector.broadcast(S, EXP_P0);
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            if (abs) x = x.abs();
            x = x.mul(scale);
            FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
            FloatVector z = xc.fma(log2e, roundMagic);
            IntVector n = z.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector negN = z.sub(ROUND_MAGIC).neg();
            FloatVector r = negN.fma(ln2Hi, xc);
            r = negN.fma(ln2Lo, r);
            FloatVector p = r.fma(p4, p3);
            p = p.fma(r, p2);
            p = p.fma(r, p1);
            p = p.fma(r, p0);
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
        FloatVector l3 = FloatVector.broadcast(S, LOG_L3);
        FloatVector l2 = FloatVector.broadcast(S, LOG_L2);
        FloatVector l1 = FloatVector.broadcast(S, LOG_L1);
        FloatVector l0 = FloatVector.broadcast(S, LOG_L0);
        FloatVector ln2Hi = FloatVector.broadcast(S, LN2_HI);
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
            FloatVector l = z.fma(l3, l2);
            l = l.fma(z, l1);
            l = l.fma(z, l0);
            FloatVector r = l.mul(z);
            FloatVector hfsq = f.mul(0.5f).mul(f);
            FloatVector inner = s.fma(hfsq.add(r), kf.mul(LN2_LO));
            FloatVector y = kf.fma(ln2Hi, f.sub(hfsq.sub(inner)));
            // Special cases, as FloatMath.special: 0 -> -inf, below 0 or NaN -> NaN, +inf -> +inf.
            y = y.blend(Float.POSITIVE_INFINITY, x.eq(Float.POSITIVE_INFINITY));
            y = y.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not());
            y.blend(Float.NEGATIVE_INFINITY, x.eq(0f)).intoArray(out, outOff + i);
        }
    }

    /**
     * {@code out[i] = tanh(a[i])} for i in [0, len), len a multiple of V: {@link #exp} (abs, scale
     * 2) and {@link #tanh(float[], int, float[], float[], int, int)} in one pass, each vector's
     * exp(2|x|) kept in registers, so the same operations and bits. For a short run (a hidden
     * state of 32, the RNN step of workload a), where the pass through a scratch array and the
     * lookup of that array cost as much as the arithmetic.
     */
    static void tanh(float[] a, int aOff, float[] out, int outOff, int len) {
        FloatVector log2e = FloatVector.broadcast(S, LOG2E);
        FloatVector roundMagic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector ln2Hi = FloatVector.broadcast(S, LN2_HI);
        FloatVector ln2Lo = FloatVector.broadcast(S, LN2_LO);
        FloatVector p4 = FloatVector.broadcast(S, EXP_P4);
        FloatVector p3 = FloatVector.broadcast(S, EXP_P3);
        FloatVector p2 = FloatVector.broadcast(S, EXP_P2);
        FloatVector p1 = FloatVector.broadcast(S, EXP_P1);
        FloatVector p0 = FloatVector.broadcast(S, EXP_P0);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector t4 = FloatVector.broadcast(S, TANH_T4);
        FloatVector t3 = FloatVector.broadcast(S, TANH_T3);
        FloatVector t2 = FloatVector.broadcast(S, TANH_T2);
        FloatVector t1 = FloatVector.broadcast(S, TANH_T1);
        FloatVector t0 = FloatVector.broadcast(S, TANH_T0);
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            // exp(2|x|), as exp(a, aOff, true, 2f, ...)
            FloatVector xc = x.abs().mul(2f).max(EXP_MIN).min(EXP_MAX);
            FloatVector z = xc.fma(log2e, roundMagic);
            IntVector n = z.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector negN = z.sub(ROUND_MAGIC).neg();
            FloatVector r = negN.fma(ln2Hi, xc);
            r = negN.fma(ln2Lo, r);
            FloatVector q = r.fma(p4, p3);
            q = q.fma(r, p2);
            q = q.fma(r, p1);
            q = q.fma(r, p0);
            FloatVector y = q.fma(r.mul(r), r).add(1f);
            IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = n.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector ev = y.mul(s1).mul(s2);
            // tanh given ev, as tanh(a, aOff, e, out, outOff, len)
            FloatVector large = one.sub(two.div(ev.add(1f)));
            large = large.blend(large.neg(), x.lt(0f));
            FloatVector x2 = x.mul(x);
            FloatVector p = x2.fma(t4, t3);
            p = p.fma(x2, t2);
            p = p.fma(x2, t1);
            p = p.fma(x2, t0);
            FloatVector small = p.mul(x2).fma(x, x);
            large.blend(small, x.abs().lt(TANH_SMALL)).intoArray(out, outOff + i);
        }
    }

    /**
     * {@code out[i] = tanh(a[i])} given {@code e[i] = exp(2|a[i]|)} (from {@link #exp}), for i in
     * [0, len); see {@link FloatMath#tanh}. out may be the a run.
     */
    static void tanh(float[] a, int aOff, float[] e, float[] out, int outOff, int len) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector t4 = FloatVector.broadcast(S, TANH_T4);
        FloatVector t3 = FloatVector.broadcast(S, TANH_T3);
        FloatVector t2 = FloatVector.broadcast(S, TANH_T2);
        FloatVector t1 = FloatVector.broadcast(S, TANH_T1);
        FloatVector t0 = FloatVector.broadcast(S, TANH_T0);
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            FloatVector ev = FloatVector.fromArray(S, e, i);
            FloatVector large = one.sub(two.div(ev.add(1f)));
            large = large.blend(large.neg(), x.lt(0f));
            FloatVector x2 = x.mul(x);
            FloatVector p = x2.fma(t4, t3);
            p = p.fma(x2, t2);
            p = p.fma(x2, t1);
            p = p.fma(x2, t0);
            FloatVector small = p.mul(x2).fma(x, x);
            large.blend(small, x.abs().lt(TANH_SMALL)).intoArray(out, outOff + i);
        }
    }

    /**
     * {@code out[i] = sigmoid(a[i])} given {@code e[i] = exp(-|a[i]|)} (from {@link #exp}), for i
     * in [0, len); see {@link FloatMath#sigmoid}. out may be the a run.
     */
    static void sigmoid(float[] a, int aOff, float[] e, float[] out, int outOff, int len) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < len; i += V) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            FloatVector ev = FloatVector.fromArray(S, e, i);
            FloatVector num = one.blend(ev, x.lt(0f));
            num.div(ev.add(1f)).intoArray(out, outOff + i);
        }
    }
}
