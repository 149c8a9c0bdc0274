package dev.dynrnn.bench;

/**
 * The seed program's data for workloads a and b: sin(t) in, cos(t) out, over 1 to 3 half-periods
 * per iteration, 10 samples per half-period, continuing where the previous iteration stopped.
 *
 * <p>The seed draws the number of half-periods with {@code np.random.randint(1, 4)}. Every system
 * in the benchmark takes it instead from one 64-bit LCG (Knuth's MMIX constants), so all of them
 * train on the same sequence of lengths:
 * <pre>
 *   state = state * 6364136223846793005 + 1442695040888963407   (mod 2^64, starts at the seed)
 *   d     = 1 + (state >>> 33) % 3
 * </pre>
 * Then, as in the seed, {@code t = linspace(step*pi, (step+d)*pi, 10*d)} in float32 and {@code step
 * += d}. bench/peers/pytorch_workloads.py implements the same.
 */
public final class SeedData {
    private static final long MULTIPLIER = 6364136223846793005L;
    private static final long INCREMENT = 1442695040888963407L;

    private long state;
    private long step;

    public SeedData(long seed) {
        this.state = seed;
    }

    /** The next number of half-periods, 1, 2 or 3. */
    public int nextHalfPeriods() {
        state = state * MULTIPLIER + INCREMENT;
        return 1 + (int) ((state >>> 33) % 3);
    }

    /**
     * Draws the next length and fills the next input and target.
     *
     * @return {@code {x, y}}, each of length {@code 10 * d}: x = sin(t), y = cos(t), as float32
     */
    public float[][] next() {
        int d = nextHalfPeriods();
        double start = step * Math.PI;
        double end = (step + d) * Math.PI;
        step += d;
        int n = 10 * d;
        float[] x = new float[n];
        float[] y = new float[n];
        // numpy.linspace: start + i * delta in double, the last sample exactly end, then float32
        double delta = (end - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            float t = (float) (i == n - 1 ? end : start + i * delta);
            x[i] = (float) Math.sin(t);
            y[i] = (float) Math.cos(t);
        }
        return new float[][] {x, y};
    }
}
