package dev.dynrnn.kernels;

/**
 * Plain array kernels: matrix products, elementwise maps and reductions on {@code float[]} runs.
 * They know nothing about tensors or autograd.
 *
 * <p>Conventions shared by every method:
 * <ul>
 *   <li>A run is {@code (array, offset)} plus a length {@code n} given once, last. Matrices are
 *       row-major with a leading dimension ({@code lda}: distance between rows, at least the
 *       number of columns), so a matrix may be a view into a larger array.
 *   <li>Elementwise outputs may be the very same run as an input (same array and offset), but must
 *       not partially overlap one.
 *   <li>Arguments are checked before anything is written; a bad one throws
 *       {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} naming it.
 *   <li>Results are deterministic: the same inputs give the same bits on every run. Exact
 *       operations (add, mul, relu, ...) give identical results in every implementation;
 *       reductions and products may differ between implementations by rounding only, and the
 *       transcendental maps by at most 2 ulp (see each implementation for its summation order).
 * </ul>
 */
public interface ArrayKernels {

    /** Short name of the implementation, e.g. {@code "vector(512-bit)"} or {@code "scalar"}. */
    String name();

    // ---------------------------------------------------------------- matrix products

    /**
     * General matrix multiply, as BLAS sgemm but row-major:
     * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(X) = X} or {@code X^T}.
     *
     * <p>Shapes: op(A) is (m, k), op(B) is (k, n), C is (m, n). Stored, A is (m, k) with row
     * stride {@code lda} or, when {@code transA}, (k, m); likewise B is (k, n) or, when
     * {@code transB}, (n, k). When {@code beta == 0} C is only written, never read (NaN in C is
     * overwritten); when {@code alpha == 0} or {@code k == 0}, A and B are not read.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** Columns per panel of the B that {@link #gemmPanels} takes: a multiple of every register tile width. */
    int PANEL_WIDTH = 32;

    /**
     * {@code C = A B + beta * C} for a B that is multiplied many times (a recurrent layer's
     * W_hh, once per step), laid out once as column panels: panel q holds columns [q * W,
     * q * W + w) of every row of B, w = min(W, n - q * W), W = {@value #PANEL_WIDTH}, (k, w)
     * row-major at {@code panels[panelsOff + q * W * k]}. A panel is read as one contiguous
     * block rather than as k pieces a whole row of B apart, which for a B of a few MB missed the
     * cache and the TLB on every piece.
     *
     * <p>Shapes: A (m, k) with row stride {@code lda}, B (k, n) (k * n floats of panels), C (m, n).
     * Each panel's columns of C get the bits of {@code gemm(false, false, m, w, k, 1, A, the
     * panel, w, beta, C)}; {@code beta == 0} overwrites C.
     */
    default void gemmPanels(int m, int n, int k, float[] a, int aOff, int lda, float[] panels, int panelsOff,
                            float beta, float[] c, int cOff, int ldc) {
        Check.gemm(false, false, m, n, k, a, aOff, lda, panels, panelsOff, Math.max(n, 1), c, cOff, ldc);
        for (int q = 0; q < n; q += PANEL_WIDTH) {
            int width = Math.min(PANEL_WIDTH, n - q);
            gemm(false, false, m, width, k, 1f, a, aOff, lda, panels, panelsOff + q * k, width, beta, c, cOff + q, ldc);
        }
    }

    /**
     * {@link #gemmPanels} for {@code groups} groups of n columns, group g's panels at
     * {@code panelsOff + g * groupStride * k} and its C at {@code cOff + g * groupStride}: the
     * bits of one gemmPanels call per group, which the vector kernels make with one packing of A
     * for all groups (the four gates' columns of one thread's half of an LSTM step). The groups'
     * columns of C must not overlap.
     */
    default void gemmPanelGroups(int groups, int groupStride, int m, int n, int k, float[] a, int aOff, int lda,
                                 float[] panels, int panelsOff, float beta, float[] c, int cOff, int ldc) {
        Check.panelGroups(groups, groupStride, n);
        for (int g = 0; g < groups; g++) {
            gemmPanels(m, n, k, a, aOff, lda, panels, panelsOff + g * groupStride * k, beta, c, cOff + g * groupStride, ldc);
        }
    }

    /**
     * Matrix-vector product, as BLAS sgemv but row-major: {@code y = alpha * op(A) * x + beta * y}.
     *
     * <p>Shapes: A is stored (m, n) with row stride {@code lda}. Without {@code transA}, x has n
     * elements and y has m; with it, x has m and y has n. {@code beta == 0} overwrites y.
     */
    void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
              float[] x, int xOff, float beta, float[] y, int yOff);

    // ---------------------------------------------------------------- fill, copy, BLAS-1

    /** {@code out[i] = value} for i in [0, n). */
    void fill(float value, float[] out, int outOff, int n);

    /** {@code dst[i] = src[i]} for i in [0, n); the runs may overlap (as System.arraycopy). */
    void copy(float[] src, int srcOff, float[] dst, int dstOff, int n);

    /**
     * {@code out (cols, rows) = a (rows, cols)} transposed: {@code out[outOff + j * ldo + i] =
     * a[aOff + i * lda + j]}, row strides {@code lda >= cols} and {@code ldo >= rows}. A copy, so
     * every implementation gives the same bits. The two must not overlap.
     */
    void transpose(int rows, int cols, float[] a, int aOff, int lda, float[] out, int outOff, int ldo);

    /** In place: {@code x[i] = alpha * x[i]}. */
    void scale(float alpha, float[] x, int xOff, int n);

    /** In place: {@code y[i] = alpha * x[i] + y[i]} (one rounding per element, fused multiply-add). */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    // ---------------------------------------------------------------- binary elementwise

    /** {@code out[i] = a[i] + b[i]}. */
    void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] - b[i]}. */
    void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] * b[i]}. */
    void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] / b[i]}. */
    void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] + s}. */
    void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int n);

    /** {@code out[i] = a[i] * s}. */
    void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int n);

    // ---------------------------------------------------------------- unary elementwise

    /** {@code out[i] = -a[i]}. */
    void neg(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = |a[i]|}. */
    void abs(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = sqrt(a[i])}, correctly rounded; NaN for negative inputs. */
    void sqrt(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = e^a[i]}. */
    void exp(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = ln(a[i])}: -inf at 0, NaN below 0. */
    void log(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = tanh(a[i])}. */
    void tanh(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = 1 / (1 + e^-a[i])}. */
    void sigmoid(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = max(a[i], 0)}; NaN stays NaN, as in PyTorch. */
    void relu(float[] a, int aOff, float[] out, int outOff, int n);

    /** {@code out[i] = a[i]^exponent}, with the special cases of {@link Math#pow}. */
    void pow(float[] a, int aOff, float exponent, float[] out, int outOff, int n);

    /** {@code out[i] = min(max(a[i], min), max)}; NaN stays NaN. Requires {@code min <= max}. */
    void clamp(float[] a, int aOff, float min, float max, float[] out, int outOff, int n);

    // ---------------------------------------------------------------- backward helpers

    /**
     * Backward of tanh from its output: {@code gradIn[i] = gradOut[i] * (1 - y[i] * y[i])},
     * where {@code y = tanh(x)}. Overwrites gradIn (which may be the gradOut run).
     */
    void tanhBackward(float[] y, int yOff, float[] gradOut, int gradOutOff,
                      float[] gradIn, int gradInOff, int n);

    /**
     * Backward of sigmoid from its output: {@code gradIn[i] = gradOut[i] * y[i] * (1 - y[i])},
     * where {@code y = sigmoid(x)}. Overwrites gradIn (which may be the gradOut run).
     */
    void sigmoidBackward(float[] y, int yOff, float[] gradOut, int gradOutOff,
                         float[] gradIn, int gradInOff, int n);

    /**
     * Backward of relu: {@code gradIn[i] = x[i] > 0 ? gradOut[i] : 0}. Works from the input x or
     * the output y (same sign test). Overwrites gradIn (which may be the gradOut run).
     */
    void reluBackward(float[] x, int xOff, float[] gradOut, int gradOutOff,
                      float[] gradIn, int gradInOff, int n);

    // ---------------------------------------------------------------- reductions

    /** {@code sum_i a[i]}; 0 when n is 0. */
    float sum(float[] a, int aOff, int n);

    /** {@code sum_i a[i] * b[i]}; 0 when n is 0. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code sum_i a[i]^2}; 0 when n is 0. */
    float sumOfSquares(float[] a, int aOff, int n);

    /** {@code max_i a[i]}; NaN if any element is NaN (as PyTorch), -inf when n is 0. */
    float max(float[] a, int aOff, int n);

    /**
     * Sum over rows, one output per column: {@code out[j] = sum_i a[i*lda + j]} for a (m, n)
     * matrix; out has n elements (e.g. a bias gradient from a (batch, features) gradient).
     * Accumulates in float, rows in order 0..m-1, so every implementation gives the same bits.
     */
    void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff);

    /**
     * Sum of each row, one output per row: {@code out[i] = sum_j a[i*lda + j]} for a (m, n)
     * matrix; out has m elements. Each row is summed as {@link #sum} does.
     */
    void sumCols(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff);

    // ---------------------------------------------------------------- recurrent cells

    /**
     * The LSTM cell's pointwise forward for hidden units [from, from + width) of {@code rows}
     * rows (H = {@code hidden}). Row r's gate block, (4H) at {@code gatesOff + r * 4H}, holds
     * the pre-activations p = (p_i, p_f, p_g, p_o) and is overwritten with the activations:
     * <pre>
     *   i = sigmoid(p_i)   f = sigmoid(p_f)   g = tanh(p_g)   o = sigmoid(p_o)
     *   c_t = f * c_(t-1) + i * g        (two products, then their sum)
     *   h_t = o * tanh(c_t)
     * </pre>
     * c_(t-1) of row r at {@code cPrevOff + r * cPrevStride} (stride 0: one row for all); c_t,
     * tanh(c_t) and h_t (rows, H) at their offsets. {@code cellsTanh} null keeps tanh(c_t) in
     * {@code row} (H floats of scratch) instead. sigmoid and tanh are this implementation's
     * {@link #sigmoid} and {@link #tanh}, so a unit's bits do not depend on the range it is in.
     */
    default void lstmForward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                             float[] cPrev, int cPrevOff, int cPrevStride, float[] cells, int cellsOff,
                             float[] cellsTanh, int cellsTanhOff, float[] out, int outOff, float[] row) {
        Check.lstm(rows, hidden, from, width, gates, gatesOff, cPrev, cPrevOff, cPrevStride);
        LstmCell.forward(this, rows, hidden, from, width, gates, gatesOff, cPrev, cPrevOff, cPrevStride, cells,
                cellsOff, cellsTanh, cellsTanhOff, out, outOff, row);
    }

    /**
     * The backward of {@link #lstmForward} for the same units, given the activations (i, f, g, o)
     * in {@code gates}, tanh(c_t) and c_(t-1), dh = dL/dh_t from the later steps (read only),
     * {@code dOut} = dL/dh_t from the output (added to dh; null for none) and dc = dL/dc_t,
     * which is replaced by dL/dc_(t-1); writes dL/dp (rows, 4H) into {@code dGates}:
     * <pre>
     *   dc   = dc + dh * o * (1 - tanh(c_t)^2)
     *   dp_i = dc * g * (i (1 - i))          dp_f = dc * c_(t-1) * (f (1 - f))
     *   dp_g = dc * i * (1 - g^2)            dp_o = dh * tanh(c_t) * (o (1 - o))
     *   dL/dc_(t-1) = dc * f
     * </pre>
     * products left to right as written. Only exact operations: every implementation gives the
     * same bits.
     */
    default void lstmBackward(int rows, int hidden, int from, int width, float[] gates, int gatesOff,
                              float[] cellsTanh, int cellsTanhOff, float[] cPrev, int cPrevOff, int cPrevStride,
                              float[] dh, int dhOff, float[] dOut, int dOutOff, float[] dc, int dcOff,
                              float[] dGates, int dGatesOff) {
        Check.lstm(rows, hidden, from, width, gates, gatesOff, cPrev, cPrevOff, cPrevStride);
        LstmCell.backward(rows, hidden, from, width, gates, gatesOff, cellsTanh, cellsTanhOff, cPrev, cPrevOff,
                cPrevStride, dh, dhOff, dOut, dOutOff, dc, dcOff, dGates, dGatesOff);
    }

    // ---------------------------------------------------------------- optimizer updates

    /**
     * Adam's update of the leading elements that have no operand nonzero and below {@code tiny}
     * in magnitude ({@code 0 < |x| < tiny}, x one of p[i], g[i], m[i], v[i]; tiny positive and
     * finite), in place: PyTorch 1.13's single-tensor Adam without weight decay, maximize or
     * amsgrad, in exactly these float operations (so every implementation gives the same bits):
     * <pre>
     *   m[i] = fma(oneMinusBeta1, g[i], m[i] * beta1)                        exp_avg.mul_(β1).add_(g, alpha=1-β1)
     *   v[i] = fma(oneMinusBeta2 * g[i], g[i], v[i] * beta2)                 exp_avg_sq.mul_(β2).addcmul_(g, g, value=1-β2)
     *   p[i] = p[i] + (negStepSize * m[i]) / (sqrt(v[i]) / bc2Sqrt + eps)    param.addcdiv_(exp_avg, denom, value=-step_size)
     * </pre>
     * with the square root correctly rounded. Returns the index of the first element that has a
     * tiny operand (n when none), and leaves it and the elements after it as they were: float
     * hardware handles subnormal numbers correctly but very slowly, so the caller takes those
     * elements on its slow path and calls again after them. One pass that tests and updates
     * together, each array read once.
     */
    int adamUntilTiny(float tiny, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                      float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc2Sqrt, float eps,
                      float negStepSize, int n);
}
