package dev.dynrnn.random;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998): the engine behind both
 * PyTorch's CPU generator ({@code at::mt19937}) and NumPy's legacy {@code RandomState}.
 *
 * <p>Both libraries seed it with {@code init_genrand}:
 * <pre>
 *   state[0] = seed
 *   state[i] = 1812433253 * (state[i-1] ^ (state[i-1] >>> 30)) + i      (mod 2^32)
 * </pre>
 * and both start with the state "used up", so the first draw regenerates all 624 words first.
 * PyTorch counts down ({@code left = 1, next = 0}) and NumPy counts up ({@code pos = 624}); the
 * single {@link #position} used here is the index of the next word to temper, where 624 means
 * "regenerate before the next draw". The draw sequences are identical.
 *
 * <p>Not thread-safe; its owners synchronise.
 */
final class MersenneTwister {
    static final int STATE_WORDS = 624;
    private static final int SHIFT = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[STATE_WORDS];
    /** Index of the next word of {@link #state} to temper; {@value #STATE_WORDS} = regenerate first. */
    private int position;

    /** An engine seeded with {@code init_genrand(seed)}; the 32 bits are taken as unsigned. */
    MersenneTwister(int seed) {
        seed(seed);
    }

    /** Re-seeds with {@code init_genrand(seed)}, discarding the whole previous state. */
    void seed(int seed) {
        state[0] = seed;
        for (int i = 1; i < STATE_WORDS; i++) {
            int previous = state[i - 1];
            state[i] = 1812433253 * (previous ^ (previous >>> 30)) + i;
        }
        position = STATE_WORDS;
    }

    /** The next 32 random bits (an unsigned value held in an {@code int}). */
    int nextInt() {
        if (position >= STATE_WORDS) {
            regenerate();
        }
        int y = state[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** The 624 state words, copied. */
    int[] words() {
        return state.clone();
    }

    /** The index of the next word to temper, in {@code [0, 624]}. */
    int position() {
        return position;
    }

    /** Restores a state captured with {@link #words()} and {@link #position()}. */
    void restore(int[] words, int position) {
        if (words.length != STATE_WORDS) {
            throw new IllegalArgumentException(
                    "MT19937 state needs " + STATE_WORDS + " words, got " + words.length);
        }
        if (position < 0 || position > STATE_WORDS) {
            throw new IllegalArgumentException(
                    "MT19937 position must be in [0, " + STATE_WORDS + "], got " + position);
        }
        System.arraycopy(words, 0, state, 0, STATE_WORDS);
        this.position = position;
    }

    /** Replaces all 624 words by the next ones of the recurrence (the "twist"). */
    private void regenerate() {
        for (int i = 0; i < STATE_WORDS; i++) {
            int mixed = (state[i] & UPPER_MASK) | (state[(i + 1) % STATE_WORDS] & LOWER_MASK);
            int twisted = (mixed >>> 1) ^ ((mixed & 1) != 0 ? MATRIX_A : 0);
            state[i] = state[(i + SHIFT) % STATE_WORDS] ^ twisted;
        }
        position = 0;
    }
}
