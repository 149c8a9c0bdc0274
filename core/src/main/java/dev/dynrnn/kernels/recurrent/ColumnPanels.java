package dev.dynrnn.kernels.recurrent;

import dev.dynrnn.kernels.ArrayKernels;
import dev.dynrnn.kernels.Kernels;
import dev.dynrnn.kernels.Parallel;

/**
 * A matrix B (k, n) that is multiplied many times (W_hh at every step), laid out once as column
 * panels: panel q holds columns [q * WIDTH, (q + 1) * WIDTH) of every row, (k, WIDTH)
 * contiguous (the last panel narrower). A product with B then reads each panel as one contiguous
 * block instead of k short pieces a whole row of B apart, which for W_hh of a few hundred units
 * (rows 4 to 8 KB apart) missed the cache and the TLB on every piece, at half the speed.
 *
 * <p>Each panel's product is an ordinary gemm, and a C element's arithmetic does not depend on
 * the columns around it, so the results are the bits of one product with B as stored.
 */
final class ColumnPanels {
    private ColumnPanels() {}

    /** Columns per panel, as {@link ArrayKernels#gemmPanels} reads them. */
    static final int WIDTH = ArrayKernels.PANEL_WIDTH;

    /**
     * Lays out {@code source} as panels into {@code out} (k * n floats): B = source (k, n) at
     * {@code off} when not {@code transposed}, else B = source^T with source (n, k). A large B
     * (W_hh of a few MB, laid out before every forward and backward, while the other core had
     * nothing to do) is laid out by both threads of {@link Parallel}, half of the panels each.
     */
    static void layOut(float[] source, int off, boolean transposed, int k, int n, float[] out) {
        int panels = (n + WIDTH - 1) / WIDTH;
        if ((long) k * n < RecurrentKernel.PARALLEL_FLOATS || panels < 2) {
            layOut(source, off, transposed, k, n, out, 0, panels);
            return;
        }
        int half = panels / 2;
        Parallel.forEach(2, part -> layOut(source, off, transposed, k, n, out, part == 0 ? 0 : half,
                part == 0 ? half : panels));
    }

    /** Panels [from, to) of {@link #layOut}. */
    private static void layOut(float[] source, int off, boolean transposed, int k, int n, float[] out, int from, int to) {
        for (int q0 = from * WIDTH; q0 < Math.min(n, to * WIDTH); q0 += WIDTH) {
            int width = Math.min(WIDTH, n - q0);
            int panel = q0 * k;
            if (transposed) {   // panel (k, width) = rows [q0, q0 + width) of source (n, k), transposed
                // the scalar kernel, not the chosen one: this runs once per forward, too rarely for
                // the JIT to compile the vector kernel's gathers early, and vector code not yet
                // compiled runs many times slower than scalar code (5% of a c-rnn iteration in
                // the benchmark's first timed iterations)
                Kernels.scalar().transpose(width, k, source, off + q0 * k, k, out, panel, width);
                continue;
            }
            for (int p = 0; p < k; p++) {
                System.arraycopy(source, off + p * n + q0, out, panel + p * width, width);
            }
        }
    }

    /** C (m, n) = beta * C + A (m, k) B, B in panels from {@link #layOut}. */
    static void multiply(ArrayKernels kernels, int m, int n, int k, float[] a, int aOff, int lda, float[] panels,
                         float beta, float[] c, int cOff, int ldc) {
        if (m == 1 && k > 0 && n > 0 && n <= WIDTH) {
            // One row against one panel, which is B as stored (k, n): a step of batch 1 with a
            // small hidden size (workload a). The gemm of that panel takes its one-row path to
            // this gemv (c = beta c + A B, each column summed over k in order: the same bits);
            // called directly, it skips the checks and dispatch of the panel product at every step.
            kernels.gemv(true, k, n, 1f, panels, 0, n, a, aOff, beta, c, cOff);
            return;
        }
        kernels.gemmPanels(m, n, k, a, aOff, lda, panels, 0, beta, c, cOff, ldc);
    }
}
