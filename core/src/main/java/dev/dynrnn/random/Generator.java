package dev.dynrnn.random;

/** Placeholder replaced by the PyTorch-compatible generator (branch random). */
public final class Generator {
    private static final Generator DEFAULT = new Generator(67280421310721L);
    private java.util.Random random;

    public Generator(long seed) {
        manualSeed(seed);
    }

    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    public void manualSeed(long seed) {
        random = new java.util.Random(seed);
    }

    public void uniform(float[] out, int offset, int length, double from, double to) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (float) (from + (to - from) * random.nextFloat());
        }
    }

    public void normal(float[] out, int offset, int length, double mean, double std) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (float) (mean + std * random.nextGaussian());
        }
    }
}
