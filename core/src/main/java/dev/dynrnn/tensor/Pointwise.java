package dev.dynrnn.tensor;

import dev.dynrnn.kernels.Kernels;

/**
 * Elementwise ops. Each constant holds its forward and, beside it, its derivative rule, written
 * with tensor ops so it reads like the formula (the backward runs with recording off).
 */
final class Pointwise {
    private Pointwise() {}

    /** Unary ops: y = f(x), dL/dx = dL/dy * f'(x), with f' written in terms of x or y. */
    enum Unary {
        /** y = -x; dx = -g. */
        NEG("NegBackward0", false) {
            float f(float x) { return -x; }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.neg(); }
        },
        /** y = e^x; dx = g * y. */
        EXP("ExpBackward0", true) {
            float f(float x) { return (float) Math.exp(x); }
            void forward(float[] in, float[] out) { Kernels.get().exp(in, 0, out, 0, in.length); }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y); }
        },
        /** y = ln x; dx = g / x. */
        LOG("LogBackward0", true) {
            float f(float x) { return (float) Math.log(x); }
            void forward(float[] in, float[] out) { Kernels.get().log(in, 0, out, 0, in.length); }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.div(x); }
        },
        /** y = sqrt x; dx = g / (2 y). */
        SQRT("SqrtBackward0", true) {
            float f(float x) { return (float) Math.sqrt(x); }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.div(y.mul(2f)); }
        },
        /** y = |x|; dx = g * sign(x), sign(0) = 0. */
        ABS("AbsBackward0", true) {
            float f(float x) { return Math.abs(x); }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(map(x, v -> Math.signum(v))); }
        },
        /** y = tanh x; dx = g * (1 - y^2). */
        TANH("TanhBackward0", true) {
            float f(float x) { return (float) Math.tanh(x); }
            void forward(float[] in, float[] out) { Kernels.get().tanh(in, 0, out, 0, in.length); }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y.mul(y).rsub(1f)); }
        },
        /** y = 1 / (1 + e^-x), in float as PyTorch (so y underflows to 0 below x = -88.7); dx = g * y * (1 - y). */
        SIGMOID("SigmoidBackward0", true) {
            float f(float x) { return 1f / (1f + (float) Math.exp(-x)); }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y.mul(y.rsub(1f))); }
        },
        /** y = max(x, 0); dx = g where y > 0, else 0. */
        RELU("ReluBackward0", true) {
            float f(float x) { return x > 0 ? x : (Float.isNaN(x) ? x : 0f); }
            Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(map(y, v -> v > 0 ? 1f : 0f)); }
        };

        final String nodeName;
        final boolean savesTensors;

        Unary(String nodeName, boolean savesTensors) {
            this.nodeName = nodeName;
            this.savesTensors = savesTensors;
        }

        abstract float f(float x);

        abstract Tensor backward(Tensor x, Tensor y, Tensor g);

        /** y = f(x) over a whole array; transcendental ops override this with the array kernel. */
        void forward(float[] in, float[] out) {
            for (int i = 0; i < in.length; i++) {
                out[i] = f(in[i]);
            }
        }
    }

    static Tensor unary(Unary op, Tensor x) {
        float[] in = Strided.toContiguousArray(x);
        float[] out = new float[in.length];
        op.forward(in, out);
        Tensor y = Tensor.wrap(out, x.shape.clone());
        if (Tensor.recording(x)) {
            Tensor yValue = y.detach();
            y.recordIfNeeded(op.nodeName, op.savesTensors, g -> new Tensor[] {op.backward(x, yValue, g)}, x);
        }
        return y;
    }

    /** Binary ops with broadcasting: z = f(a, b); each input's gradient is reduced back to its shape. */
    enum Binary {
        /** z = a + b; da = g, db = g. */
        ADD("AddBackward0", false) {
            float f(float a, float b) { return a + b; }
            Tensor gradA(Tensor a, Tensor b, Tensor z, Tensor g) { return g; }
            Tensor gradB(Tensor a, Tensor b, Tensor z, Tensor g) { return g; }
        },
        /** z = a - b; da = g, db = -g. */
        SUB("SubBackward0", false) {
            float f(float a, float b) { return a - b; }
            Tensor gradA(Tensor a, Tensor b, Tensor z, Tensor g) { return g; }
            Tensor gradB(Tensor a, Tensor b, Tensor z, Tensor g) { return g.neg(); }
        },
        /** z = a * b; da = g * b, db = g * a. */
        MUL("MulBackward0", true) {
            float f(float a, float b) { return a * b; }
            Tensor gradA(Tensor a, Tensor b, Tensor z, Tensor g) { return g.mul(b); }
            Tensor gradB(Tensor a, Tensor b, Tensor z, Tensor g) { return g.mul(a); }
        },
        /** z = a / b; da = g / b, db = -g * a / b^2. */
        DIV("DivBackward0", true) {
            float f(float a, float b) { return a / b; }
            Tensor gradA(Tensor a, Tensor b, Tensor z, Tensor g) { return g.div(b); }
            Tensor gradB(Tensor a, Tensor b, Tensor z, Tensor g) { return g.neg().mul(a).div(b.mul(b)); }
        },
        /**
         * z = a^b; da = g * b * a^(b-1) (0 where b = 0), db = g * z * ln a (0 where a = 0 and
         * b >= 0), PyTorch's conventions where the formulas give 0 * inf.
         */
        POW("PowBackward1", true) {
            float f(float a, float b) { return (float) Math.pow(a, b); }
            Tensor gradA(Tensor a, Tensor b, Tensor z, Tensor g) {
                return g.mul(b).mul(zeroWhereExponentIsZero(a.pow(b.sub(1f)), b, z.shape));
            }
            Tensor gradB(Tensor a, Tensor b, Tensor z, Tensor g) { return g.mul(z).mul(logOrZero(a, b, z.shape)); }
        };

        final String nodeName;
        final boolean savesTensors;

        Binary(String nodeName, boolean savesTensors) {
            this.nodeName = nodeName;
            this.savesTensors = savesTensors;
        }

        abstract float f(float a, float b);

        abstract Tensor gradA(Tensor a, Tensor b, Tensor z, Tensor g);

        abstract Tensor gradB(Tensor a, Tensor b, Tensor z, Tensor g);
    }

    static Tensor binary(Binary op, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(op.name().toLowerCase(), a.shape, b.shape);
        float[] out;
        if (a.isContiguous() && b.isContiguous() && Shapes.same(a.shape, b.shape)) {
            out = sameShape(op, a, b);
        } else {
            out = Strided.map(op::f, a.data(), a.offset, Shapes.expandedStrides(op.name(), a.shape, a.strides, shape),
                    b.data(), b.offset, Shapes.expandedStrides(op.name(), b.shape, b.strides, shape), shape);
        }
        Tensor z = Tensor.wrap(out, shape);
        if (Tensor.recording(a, b)) {
            Tensor zValue = z.detach();
            int[] aShape = a.shape;
            int[] bShape = b.shape;
            z.recordIfNeeded(op.nodeName, op.savesTensors, g -> new Tensor[] {
                a.requiresGrad() ? Reductions.sumToShape(op.gradA(a, b, zValue, g), aShape) : null,
                b.requiresGrad() ? Reductions.sumToShape(op.gradB(a, b, zValue, g), bShape) : null,
            }, a, b);
        }
        return z;
    }

    private static float[] sameShape(Binary op, Tensor a, Tensor b) {
        int n = a.numel();
        float[] out = new float[n];
        float[] x = a.data();
        float[] y = b.data();
        int xo = a.offset;
        int yo = b.offset;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = x[xo + i] + y[yo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = x[xo + i] - y[yo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = x[xo + i] * y[yo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = x[xo + i] / y[yo + i]; }
            default -> { for (int i = 0; i < n; i++) out[i] = op.f(x[xo + i], y[yo + i]); }
        }
        return out;
    }

    /** a^(b-1) where b != 0, else 0, so that b * a^(b-1) is 0 (not 0 * inf) when b = 0 and a = 0. */
    private static Tensor zeroWhereExponentIsZero(Tensor power, Tensor b, int[] shape) {
        return Tensor.wrap(Strided.map((pv, bv) -> bv == 0f ? 0f : pv,
                power.data(), power.offset, Shapes.expandedStrides("pow", power.shape, power.strides, shape),
                b.data(), b.offset, Shapes.expandedStrides("pow", b.shape, b.strides, shape), shape), shape.clone());
    }

    /** ln a where defined, 0 where a = 0 and b >= 0 (PyTorch's convention for d(a^b)/db at a = 0). */
    private static Tensor logOrZero(Tensor a, Tensor b, int[] shape) {
        return Tensor.wrap(Strided.map((av, bv) -> av == 0f && bv >= 0f ? 0f : (float) Math.log(av),
                a.data(), a.offset, Shapes.expandedStrides("pow", a.shape, a.strides, shape),
                b.data(), b.offset, Shapes.expandedStrides("pow", b.shape, b.strides, shape), shape), shape.clone());
    }

    /**
     * y = x + c; dx = g. Also {@code x - c} as x + (-c), which IEEE defines to be the same
     * rounding; {@code nodeName} is PyTorch's name for the op the caller asked for.
     */
    static Tensor addScalar(Tensor x, float c, String nodeName) {
        float[] in = Strided.toContiguousArray(x);
        for (int i = 0; i < in.length; i++) {
            in[i] += c;
        }
        return Tensor.wrap(in, x.shape.clone()).recordIfNeeded(nodeName, false, g -> new Tensor[] {g}, x);
    }

    /** y = c - x; dx = -g. */
    static Tensor rsubScalar(Tensor x, float c) {
        float[] in = Strided.toContiguousArray(x);
        for (int i = 0; i < in.length; i++) {
            in[i] = c - in[i];
        }
        return Tensor.wrap(in, x.shape.clone()).recordIfNeeded("RsubBackward1", false, g -> new Tensor[] {g.neg()}, x);
    }

    /** y = x * c; dx = g * c. */
    static Tensor mulScalar(Tensor x, float c) {
        float[] in = Strided.toContiguousArray(x);
        for (int i = 0; i < in.length; i++) {
            in[i] *= c;
        }
        return Tensor.wrap(in, x.shape.clone()).recordIfNeeded("MulBackward0", false, g -> new Tensor[] {g.mul(c)}, x);
    }

    /** y = x / c, a true division as PyTorch's (not x * (1/c), which differs in the last bit); dx = g / c. */
    static Tensor divScalar(Tensor x, float c) {
        float[] in = Strided.toContiguousArray(x);
        for (int i = 0; i < in.length; i++) {
            in[i] /= c;
        }
        return Tensor.wrap(in, x.shape.clone()).recordIfNeeded("DivBackward0", false, g -> new Tensor[] {g.div(c)}, x);
    }

    /** y = x^p; dx = g * p * x^(p-1). */
    static Tensor powScalar(Tensor x, float p) {
        float[] in = Strided.toContiguousArray(x);
        for (int i = 0; i < in.length; i++) {
            in[i] = power(in[i], p);
        }
        return Tensor.wrap(in, x.shape.clone()).recordIfNeeded("PowBackward0", true,
                g -> new Tensor[] {p == 0f ? Tensor.zeros(x.shape) : g.mul(x.pow(p - 1f).mul(p))}, x);
    }

    /**
     * x^p with PyTorch's special cases for common exponents, which round differently from a
     * general power (x * x * x is two float roundings, 1 / sqrt(x) two), so results agree to the bit.
     */
    static float power(float x, float p) {
        if (p == 2f) {
            return x * x;
        }
        if (p == 3f) {
            return x * x * x;
        }
        if (p == -2f) {
            return (float) (1.0 / (x * x));
        }
        if (p == 0.5f) {
            return (float) Math.sqrt(x);
        }
        if (p == -0.5f) {
            return 1f / (float) Math.sqrt(x);
        }
        if (p == -1f) {
            return 1f / x;
        }
        return (float) Math.pow(x, p);
    }

    /** y = min(max(x, lo), hi); dx = g where lo <= x <= hi, else 0. */
    static Tensor clamp(Tensor x, float lo, float hi, String nodeName) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: min (" + lo + ") must not be greater than max (" + hi + ")");
        }
        float[] in = Strided.toContiguousArray(x);
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = clampValue(in[i], lo, hi);
        }
        return Tensor.wrap(out, x.shape.clone()).recordIfNeeded(nodeName, true,
                g -> new Tensor[] {g.mul(map(x, v -> v >= lo && v <= hi ? 1f : 0f))}, x);
    }

    static float clampValue(float x, float lo, float hi) {
        return Float.isNaN(x) ? x : Math.min(Math.max(x, lo), hi);
    }

    /** Applies a float function to every element, without recording (masks for backward rules). */
    static Tensor map(Tensor x, java.util.function.DoubleUnaryOperator f) {
        float[] values = Strided.toContiguousArray(x);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) f.applyAsDouble(values[i]);
        }
        return Tensor.wrap(values, x.shape.clone());
    }
}
