package dev.dynrnn.random;

/**
 * NumPy's legacy generator ({@code np.random.RandomState}, what {@code np.random.seed} and the
 * {@code np.random.*} functions use), reproduced bit for bit for the calls below (checked against
 * NumPy 1.24).
 *
 * <p>The engine is the same MT19937 as PyTorch's, seeded the same way ({@code init_genrand}), so
 * {@code np.random.seed(s)} and {@code torch.manual_seed(s)} start from the same 32-bit stream;
 * what differs is how each library turns those bits into numbers.
 *
 * <p>Each public method is atomic (synchronized), like NumPy's per-state lock.
 */
public final class NumpyRandomState {
    /** Length of the array {@link #getState()} returns. */
    public static final int STATE_LENGTH = 2 + MersenneTwister.STATE_WORDS;

    private static final long UINT32_MAX = 0xffffffffL;

    private final MersenneTwister engine = new MersenneTwister(0);
    private long seed;

    /** {@code np.random.RandomState(seed)}, or the global state after {@code np.random.seed(seed)}. */
    public NumpyRandomState(long seed) {
        seed(seed);
    }

    /**
     * {@code np.random.seed(seed)} for an integer seed: {@code init_genrand(seed)}. (Seeding from
     * an array, NumPy's {@code init_by_array}, is not supported.)
     *
     * @throws IllegalArgumentException unless {@code 0 <= seed <= 2^32 - 1}, as NumPy requires
     */
    public synchronized void seed(long seed) {
        if (seed < 0 || seed > UINT32_MAX) {
            throw new IllegalArgumentException("Seed must be between 0 and 2**32 - 1, got " + seed);
        }
        this.seed = seed;
        engine.seed((int) seed);
    }

    /**
     * {@code np.random.randint(low, high)} for scalar bounds: an int64 uniform in
     * {@code [low, high)} by masked rejection. With {@code range = high - 1 - low} (unsigned) and
     * {@code mask} the smallest {@code 2^k - 1 >= range}, it draws {@code v = next & mask} until
     * {@code v <= range} and returns {@code low + v}. {@code next} is one 32-bit output when
     * {@code range < 2^32}, else two joined as {@code (first << 32) | second}; a full 32- or 64-bit
     * range takes one draw unmasked, and {@code range = 0} takes none.
     *
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public synchronized long randint(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("low >= high: randint(" + low + ", " + high + ")");
        }
        long range = high - 1 - low; // unsigned, fits since high - 1 >= low
        if (range == 0) {
            return low;
        }
        if (Long.compareUnsigned(range, UINT32_MAX) < 0) {
            long mask = smallestMaskCovering(range);
            long value;
            do {
                value = Integer.toUnsignedLong(engine.nextInt()) & mask;
            } while (value > range);
            return low + value;
        }
        if (range == UINT32_MAX) {
            return low + Integer.toUnsignedLong(engine.nextInt());
        }
        if (range == -1L) {
            return low + nextLong64();
        }
        long mask = smallestMaskCovering(range);
        long value;
        do {
            value = nextLong64() & mask;
        } while (Long.compareUnsigned(value, range) > 0);
        return low + value;
    }

    /**
     * {@code np.random.random()} (also {@code random_sample}, {@code rand}): a double in
     * {@code [0, 1)} from 53 bits of two draws,
     * {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53}.
     */
    public synchronized double randomSample() {
        long a = Integer.toUnsignedLong(engine.nextInt()) >>> 5;
        long b = Integer.toUnsignedLong(engine.nextInt()) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * The full state, for exact resumption with {@link #setState(long[])}; {@link #STATE_LENGTH}
     * values: {@code [0]} the seed, {@code [1]} the index of the next MT19937 word (NumPy's
     * {@code pos}, 0..624), {@code [2..625]} the 624 words as unsigned 32-bit values.
     */
    public synchronized long[] getState() {
        long[] state = new long[STATE_LENGTH];
        state[0] = seed;
        state[1] = engine.position();
        int[] words = engine.words();
        for (int i = 0; i < words.length; i++) {
            state[2 + i] = Integer.toUnsignedLong(words[i]);
        }
        return state;
    }

    /**
     * Restores a state from {@link #getState()}.
     *
     * @throws IllegalArgumentException if the array has the wrong length or a value out of range
     */
    public synchronized void setState(long[] state) {
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException(
                    "RandomState state needs " + STATE_LENGTH + " values, got " + state.length);
        }
        int[] words = new int[MersenneTwister.STATE_WORDS];
        for (int i = 0; i < words.length; i++) {
            long word = state[2 + i];
            if (word < 0 || word > UINT32_MAX) {
                throw new IllegalArgumentException("RandomState state[" + (2 + i) + "] is not a 32-bit word: " + word);
            }
            words[i] = (int) word;
        }
        if (state[1] < 0 || state[1] > MersenneTwister.STATE_WORDS) {
            throw new IllegalArgumentException("RandomState state[1] (position) must be in [0, 624], got " + state[1]);
        }
        engine.restore(words, (int) state[1]);
        seed = state[0];
    }

    private long nextLong64() {
        long high = Integer.toUnsignedLong(engine.nextInt());
        long low = Integer.toUnsignedLong(engine.nextInt());
        return (high << 32) | low;
    }

    /** NumPy's {@code gen_mask}: all bits up to the highest set bit of {@code range}. */
    private static long smallestMaskCovering(long range) {
        return -1L >>> Long.numberOfLeadingZeros(range);
    }
}
