package dev.dynrnn.train;

import dev.dynrnn.random.Generator;

/**
 * How many time steps each training iteration takes (truncated back-propagation through time):
 * a fixed number, or, as the seed's "dynamic time steps", a length drawn uniformly from
 * [min, max] for each iteration.
 *
 * @param min the shortest chunk, at least 1
 * @param max the longest chunk, at least {@code min}
 */
public record Bptt(int min, int max) {

    /** Checks 1 &lt;= min &lt;= max. */
    public Bptt {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("bptt needs 1 <= MIN <= MAX, got " + min + (min == max ? "" : ":" + max));
        }
    }

    /** Always {@code steps} time steps. */
    public static Bptt fixed(int steps) {
        return new Bptt(steps, steps);
    }

    /** Parses {@code N} or {@code MIN:MAX}. */
    public static Bptt parse(String text) {
        String s = text.strip();
        int colon = s.indexOf(':');
        try {
            if (colon < 0) {
                return fixed(Integer.parseInt(s));
            }
            return new Bptt(Integer.parseInt(s.substring(0, colon).strip()), Integer.parseInt(s.substring(colon + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bptt must be N or MIN:MAX with whole numbers, got '" + text + "'");
        }
    }

    /** Whether the length is drawn at random. */
    public boolean isRandom() {
        return min != max;
    }

    /**
     * The next chunk length: {@code min} when fixed (no draw), otherwise
     * {@code generator.randint(min, max + 1)}, as {@code torch.randint(min, max + 1, ())} draws it.
     */
    public int next(Generator generator) {
        return isRandom() ? (int) generator.randint(min, (long) max + 1) : min;
    }

    @Override
    public String toString() {
        return isRandom() ? min + ":" + max : Integer.toString(min);
    }
}
