package dev.dynrnn.app.demo;

/**
 * What {@code ./dynrnn demo} can change in the seed program; {@link #SEED} holds the seed's own
 * values.
 *
 * @param iterations  training iterations (the seed: 60)
 * @param seed        seeds both PyTorch's generator and NumPy's, in [0, 2^32 - 1] as NumPy requires
 *                    (the seed's commented-out {@code torch.manual_seed(1)})
 * @param staticSteps the seed's commented-out variant: 10 points per pi every iteration, no random lengths
 * @param lr          Adam's learning rate (the seed's {@code LR = 0.02})
 * @param hidden      hidden units of the recurrent layer (the seed: 32)
 * @param cell        the recurrent layer (the seed: RNN)
 */
public record DemoOptions(int iterations, long seed, boolean staticSteps, double lr, int hidden, Cell cell) {
    /** The seed program's values, with seed 1. */
    public static final DemoOptions SEED = new DemoOptions(60, 1, false, SeedDemo.LR, 32, Cell.RNN);

    public DemoOptions {
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
        }
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("--seed must be between 0 and 2**32 - 1 (NumPy's range), got " + seed);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("--hidden must be at least 1, got " + hidden);
        }
        if (cell == null) {
            throw new IllegalArgumentException("--cell must be rnn, lstm or gru, got null");
        }
    }
}
