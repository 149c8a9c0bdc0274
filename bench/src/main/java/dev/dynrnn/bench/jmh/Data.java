package dev.dynrnn.bench.jmh;

import java.util.Random;

/** Benchmark inputs. */
final class Data {
    private Data() {}

    /** n values uniform in [from, to), from a seeded {@link Random} so every run sees the same data. */
    static float[] uniform(Random random, int n, float from, float to) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = from + (to - from) * random.nextFloat();
        }
        return out;
    }
}
