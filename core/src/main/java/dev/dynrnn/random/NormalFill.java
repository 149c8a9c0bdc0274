package dev.dynrnn.random;

/**
 * PyTorch's vectorised Box-Muller fill ({@code normal_fill_AVX2} in
 * {@code aten/src/ATen/native/cpu/DistributionTemplates.h}), used by {@code normal_} and
 * {@code torch.randn} for contiguous float tensors of 16 or more elements.
 *
 * <p>All {@code n} uniforms {@code u} are drawn first. Then each block of 16 is transformed in
 * place, pairing element {@code j} with element {@code j + 8}:
 * <pre>
 *   radius     = sqrt(-2 log(1 - u[j]))          // 1 - u is in (0, 1], so log is finite
 *   theta      = 2 pi u[j + 8]
 *   out[j]     = fma(radius cos(theta), std, mean)
 *   out[j + 8] = fma(radius sin(theta), std, mean)
 * </pre>
 * If {@code n} is not a multiple of 16, the last 16 elements are drawn afresh and transformed
 * again, overwriting the normals a full block already put there (so {@code n + 16} uniforms are
 * consumed). log, sin and cos are the AVX polynomials of {@link AvxMathFun}.
 */
final class NormalFill {
    /** PyTorch takes this path from this many elements on. */
    static final int BLOCK = 16;
    private static final int HALF = BLOCK / 2;
    /** {@code _mm256_set1_ps(2.0f * c10::pi<double>)}: 2 pi rounded once, to float. */
    private static final float TWO_PI = (float) (2.0 * Math.PI);

    private NormalFill() {}

    /** Fills {@code out[offset, offset + length)} with normals; needs {@code length >= 16}. */
    static void fill(Generator generator, float[] out, int offset, int length, float mean, float std) {
        if (length < BLOCK) {
            throw new IllegalArgumentException("normal fill needs at least " + BLOCK + " elements, got " + length);
        }
        for (int i = 0; i < length; i++) {
            out[offset + i] = generator.nextUniformFloat();
        }
        for (int start = 0; start + BLOCK <= length; start += BLOCK) {
            transformBlock(out, offset + start, mean, std);
        }
        if (length % BLOCK != 0) {
            int tail = offset + length - BLOCK;
            for (int i = 0; i < BLOCK; i++) {
                out[tail + i] = generator.nextUniformFloat();
            }
            transformBlock(out, tail, mean, std);
        }
    }

    /** Box-Muller on the 16 uniforms at {@code data[start, start + 16)}, in place. */
    static void transformBlock(float[] data, int start, float mean, float std) {
        for (int lane = 0; lane < HALF; lane++) {
            float u1 = 1f - data[start + lane];
            float u2 = data[start + lane + HALF];
            // a double sqrt rounded to float is the correctly rounded float sqrt (vsqrtps)
            float radius = (float) Math.sqrt(-2f * AvxMathFun.log(u1));
            float theta = TWO_PI * u2;
            data[start + lane] = Math.fma(radius * AvxMathFun.cos(theta), std, mean);
            data[start + lane + HALF] = Math.fma(radius * AvxMathFun.sin(theta), std, mean);
        }
    }
}
