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
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static FloatVector k(float value) {
        return FloatVector.broadcast(S, value);
    }

    /** e^x per lane; see {@link FloatMath#exp}. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector z = xc.fma(k(LOG2E), k(ROUND_MAGIC));
        IntVector n = ((IntVector) z.reinterpretAsInts()).sub(ROUND_MAGIC_BITS);
        FloatVector nf = z.sub(ROUND_MAGIC);
        FloatVector negN = nf.neg();
        FloatVector r = negN.fma(k(LN2_HI), xc);
        r = negN.fma(k(LN2_LO), r);
        FloatVector p = r.fma(k(EXP_P4), k(EXP_P3));
        p = p.fma(r, k(EXP_P2));
        p = p.fma(r, k(EXP_P1));
        p = p.fma(r, k(EXP_P0));
        FloatVector em1 = p.fma(r.mul(r), r);
        FloatVector y = em1.add(1f);
        // 2^n as two factors 2^n1 * 2^n2, each a normal float, as in FloatMath.exp.
        IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = n.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    /** Natural logarithm per lane; see {@link FloatMath#log}. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.lt(Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(TWO_POW_23), subnormal);
        IntVector bits = (IntVector) xs.reinterpretAsInts();
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
        return y.blend(Float.NEGATIVE_INFINITY, x.eq(0f));
    }

    /** tanh per lane; see {@link FloatMath#tanh}. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector e = exp(a.mul(2f));
        FloatVector large = k(1f).sub(k(2f).div(e.add(1f)));
        large = large.blend(large.neg(), x.lt(0f));
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(k(TANH_T4), k(TANH_T3));
        p = p.fma(x2, k(TANH_T2));
        p = p.fma(x2, k(TANH_T1));
        p = p.fma(x2, k(TANH_T0));
        FloatVector small = p.mul(x2).fma(x, x);
        return large.blend(small, a.lt(TANH_SMALL));
    }

    /** Logistic sigmoid per lane; see {@link FloatMath#sigmoid}. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = k(1f).blend(e, x.lt(0f));
        return num.div(e.add(1f));
    }
}
