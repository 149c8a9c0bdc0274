package dev.dynrnn.random;

import java.util.Objects;

/**
 * A random generator that reproduces PyTorch's CPU generator ({@code at::CPUGeneratorImpl},
 * PyTorch 1.13) bit for bit: seeded with the same number, it yields the same {@code torch.rand},
 * {@code torch.randn}, {@code uniform_}, {@code normal_}, {@code bernoulli_} and
 * {@code torch.randint} values, and the same interleavings of them.
 *
 * <p>The engine is MT19937 seeded with {@code init_genrand(seed mod 2^32)} (PyTorch keeps the full
 * 64-bit seed only to report it). {@link #nextInt32()} is one tempered 32-bit output;
 * {@link #nextLong64()} joins two of them, the first as the high half. Box-Muller produces normals
 * in pairs; the small-tensor path keeps the second one in the generator (as a double) for the next
 * call, exactly like PyTorch, and {@link #getState()} saves it.
 *
 * <p>What is bit-exact, as checked by the tests against PyTorch 1.13.1 on x86-64 running its AVX2
 * kernels (which it also runs on AVX-512 CPUs for these ops):
 * <ul>
 *   <li>{@link #uniform} and {@link #randint}, for every size;</li>
 *   <li>{@link #normal} for fewer than 16 elements (double Box-Muller; {@link StrictMath} and
 *       glibc agreed on every value tested once rounded to float, though they are not
 *       guaranteed to agree to the last bit of the double);</li>
 *   <li>{@link #normal} for 16 or more elements, as the AVX2 kernel computes it (see
 *       {@link NormalFill}). A PyTorch running its "default" (non-AVX) kernels uses scalar
 *       {@code std::log/cos/sin} there instead and differs by a few ulp in about 40% of values;
 *       ARM builds were not checked;</li>
 *   <li>{@link #bernoulli} as PyTorch computes it without MKL. See that method for MKL builds.</li>
 * </ul>
 *
 * <p>Each public method is atomic (synchronized), like PyTorch's per-generator mutex.
 */
public final class Generator {
    /** The seed of a fresh {@code torch.Generator()}: {@code default_rng_seed_val}. */
    public static final long DEFAULT_SEED = 67280421310721L;
    /** Length of the array {@link #getState()} returns. */
    public static final int STATE_LENGTH = 4 + MersenneTwister.STATE_WORDS;

    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);
    private static final long LOW_53_BITS = (1L << 53) - 1;
    private static final int LOW_24_BITS = (1 << 24) - 1;
    /** From this range on, PyTorch's {@code random_(from, to)} reduces a 64-bit draw. */
    private static final long RANDINT_64_BIT_RANGE = 1L << 32;

    private final MersenneTwister engine = new MersenneTwister(0);
    private long seed;
    /** The sine half of the last double Box-Muller pair, not yet returned. */
    private boolean hasCachedNormal;
    private double cachedNormal;

    /** A generator seeded with {@link #DEFAULT_SEED}, like {@code torch.Generator()}. */
    public Generator() {
        this(DEFAULT_SEED);
    }

    /**
     * A generator seeded like {@code torch.Generator().manual_seed(seed)}.
     *
     * @param seed read as an unsigned 64-bit value, as PyTorch 1.13 reads a negative Python seed
     *     (two's complement: {@code -1} is {@code 2^64 - 1})
     */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /**
     * The process-wide generator that the library uses when none is given, seeded with
     * {@link #DEFAULT_SEED}. PyTorch seeds its own default generator from {@code /dev/urandom},
     * so runs are comparable only after seeding both: {@code defaultGenerator().manualSeed(s)}
     * corresponds to {@code torch.manual_seed(s)}.
     */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /**
     * Re-seeds, as {@code torch.manual_seed(seed)} does for the CPU generator: the engine gets
     * {@code init_genrand(seed mod 2^32)} and the cached normal is dropped.
     *
     * @return this generator
     */
    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        engine.seed((int) seed);
        hasCachedNormal = false;
        cachedNormal = 0.0;
        return this;
    }

    /**
     * The seed last given ({@code torch.initial_seed()}), as the 64 bits PyTorch stores; use
     * {@link Long#toUnsignedString(long)} to print it as PyTorch does.
     */
    public synchronized long initialSeed() {
        return seed;
    }

    /** One 32-bit output of MT19937 ({@code CPUGeneratorImpl::random()}), as unsigned bits. */
    public synchronized int nextInt32() {
        return engine.nextInt();
    }

    /**
     * 64 random bits ({@code CPUGeneratorImpl::random64()}): {@code (first << 32) | second} of two
     * 32-bit outputs.
     */
    public synchronized long nextLong64() {
        return nextLong64Unlocked();
    }

    /**
     * Fills {@code out[offset, offset + length)} like {@code tensor.uniform_(from, to)} on a float32
     * CPU tensor (hence also {@code torch.rand}, {@code nn.init.uniform_} and
     * {@code kaiming_uniform_}). PyTorch's kernel is serial; per element, in float arithmetic:
     * <pre>
     *   x   = (random() &amp; (2^24 - 1)) * 2^-24          // in [0, 1), exact
     *   out = fma(x, (float) to - (float) from, (float) from)
     * </pre>
     * The fused multiply-add is what GCC emits for {@code x * (to - from) + from} in PyTorch's AVX2
     * kernel; it matters only when {@code to - from} is not a power of two.
     *
     * @throws IllegalArgumentException if {@code from > to}, either bound is not a finite float,
     *     or {@code to - from} exceeds {@link Float#MAX_VALUE}
     */
    public synchronized void uniform(float[] out, int offset, int length, double from, double to) {
        Objects.checkFromIndexSize(offset, length, out.length);
        checkUniformBounds(from, to);
        float low = (float) from;
        float width = (float) to - low;
        for (int i = 0; i < length; i++) {
            out[offset + i] = Math.fma(nextUniformFloat(), width, low);
        }
    }

    /**
     * Fills {@code out[offset, offset + length)} like {@code tensor.normal_(mean, std)} on a
     * contiguous float32 CPU tensor ({@code torch.randn} for mean 0, std 1). PyTorch picks the
     * algorithm by size, and so does this method:
     * <ul>
     *   <li>{@code length >= 16}: the vectorised fill of {@link NormalFill} (float arithmetic,
     *       {@code length} or {@code length + 16} 32-bit draws, cache untouched);</li>
     *   <li>{@code length < 16}: per element, {@code (float) fma(z, std, mean)} where {@code z} is
     *       the cached normal if there is one, else a fresh double Box-Muller pair
     *       <pre>
     *   u1, u2 = (random64() &amp; (2^53 - 1)) * 2^-53    // two draws each
     *   r      = sqrt(-2 log(1 - u2)),  theta = 2 pi u1
     *   z      = r cos(theta)                           // r sin(theta) is cached
     *       </pre></li>
     * </ul>
     *
     * @throws IllegalArgumentException if {@code std} is negative, infinite or NaN
     */
    public synchronized void normal(float[] out, int offset, int length, double mean, double std) {
        Objects.checkFromIndexSize(offset, length, out.length);
        if (!(std >= 0.0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        }
        if (length >= NormalFill.BLOCK) {
            NormalFill.fill(this, out, offset, length, (float) mean, (float) std);
            return;
        }
        for (int i = 0; i < length; i++) {
            // GCC fuses PyTorch's `val * std + mean` (in double) on AVX2 builds
            out[offset + i] = (float) Math.fma(nextStandardNormal(), std, mean);
        }
    }

    /**
     * Fills {@code out[offset, offset + length)} with 1 (probability {@code p}) or 0, like
     * {@code tensor.bernoulli_(p)} (and so the mask of {@code dropout}): per element
     * {@code u = (random64() & (2^53 - 1)) * 2^-53} and {@code out = u < p ? 1 : 0}.
     *
     * <p>This is PyTorch's path in builds without MKL (such as the Debian build the fixtures come
     * from), and in MKL builds on non-Intel CPUs. The official x86-64 wheels on Intel CPUs instead
     * seed MKL's MCG31 stream with one {@code random()} and sample with {@code viRngBernoulli}.
     * That stream is not reproduced here, so there the masks differ, and so does the generator
     * state afterwards (MKL takes one 32-bit draw per call, this path two per element).
     *
     * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1]}
     */
    public synchronized void bernoulli(float[] out, int offset, int length, double p) {
        Objects.checkFromIndexSize(offset, length, out.length);
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        }
        for (int i = 0; i < length; i++) {
            out[offset + i] = nextUniformDouble() < p ? 1f : 0f;
        }
    }

    /**
     * One element of {@code torch.randint(low, high, (n,))} (int64; also {@code random_(low, high)}):
     * {@code low + random() % range} for {@code range = high - low < 2^32}, otherwise
     * {@code low + random64() % range} (unsigned remainder). The modulo makes small values
     * slightly more likely when {@code range} does not divide {@code 2^32}, as in PyTorch.
     *
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public synchronized long randint(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException(
                    "random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
        }
        long range = high - low; // exact as an unsigned 64-bit number, even if it overflows long
        long offset = Long.compareUnsigned(range, RANDINT_64_BIT_RANGE) >= 0
                ? Long.remainderUnsigned(nextLong64Unlocked(), range)
                : Integer.toUnsignedLong(engine.nextInt()) % range;
        return low + offset;
    }

    /**
     * The full state, for exact resumption with {@link #setState(long[])}; {@link #STATE_LENGTH}
     * values:
     * <pre>
     *   [0]        the seed ({@link #initialSeed()})
     *   [1]        index of the next MT19937 word to use, 0..624 (624: twist first)
     *   [2]        1 if a Box-Muller normal is cached, else 0
     *   [3]        the cached normal, {@link Double#doubleToRawLongBits}
     *   [4..627]   the 624 MT19937 words, each as an unsigned 32-bit value
     * </pre>
     */
    public synchronized long[] getState() {
        long[] state = new long[STATE_LENGTH];
        state[0] = seed;
        state[1] = engine.position();
        state[2] = hasCachedNormal ? 1 : 0;
        state[3] = Double.doubleToRawLongBits(cachedNormal);
        int[] words = engine.words();
        for (int i = 0; i < words.length; i++) {
            state[4 + i] = Integer.toUnsignedLong(words[i]);
        }
        return state;
    }

    /**
     * Restores a state from {@link #getState()}; afterwards this generator continues exactly as
     * the one the state was taken from.
     *
     * @throws IllegalArgumentException if the array has the wrong length or a value out of range
     */
    public synchronized void setState(long[] state) {
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException(
                    "generator state needs " + STATE_LENGTH + " values, got " + state.length);
        }
        if (state[2] != 0 && state[2] != 1) {
            throw new IllegalArgumentException("generator state[2] (normal cached?) must be 0 or 1, got " + state[2]);
        }
        int[] words = new int[MersenneTwister.STATE_WORDS];
        for (int i = 0; i < words.length; i++) {
            long word = state[4 + i];
            if (word < 0 || word > 0xffffffffL) {
                throw new IllegalArgumentException(
                        "generator state[" + (4 + i) + "] is not a 32-bit word: " + word);
            }
            words[i] = (int) word;
        }
        if (state[1] < 0 || state[1] > MersenneTwister.STATE_WORDS) {
            throw new IllegalArgumentException(
                    "generator state[1] (position) must be in [0, 624], got " + state[1]);
        }
        engine.restore(words, (int) state[1]);
        seed = state[0];
        hasCachedNormal = state[2] == 1;
        cachedNormal = Double.longBitsToDouble(state[3]);
    }

    /**
     * {@code uniform_real_distribution<float>(0, 1)}: 24 random bits scaled to {@code [0, 1)}.
     * For {@link NormalFill}, which calls it from inside {@link #normal}, holding the lock.
     */
    float nextUniformFloat() {
        return (engine.nextInt() & LOW_24_BITS) * 0x1.0p-24f;
    }

    /** {@code uniform_real_distribution<double>(0, 1)}: 53 random bits scaled to {@code [0, 1)}. */
    private double nextUniformDouble() {
        return (nextLong64Unlocked() & LOW_53_BITS) * 0x1.0p-53;
    }

    private long nextLong64Unlocked() {
        long high = Integer.toUnsignedLong(engine.nextInt());
        long low = Integer.toUnsignedLong(engine.nextInt());
        return (high << 32) | low;
    }

    /** {@code at::normal_distribution<double>(0, 1)}: Box-Muller, second value cached. */
    private double nextStandardNormal() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u1 = nextUniformDouble();
        double u2 = nextUniformDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormal = radius * StrictMath.sin(theta);
        hasCachedNormal = true;
        return radius * StrictMath.cos(theta);
    }

    private static void checkUniformBounds(double from, double to) {
        checkFloatBound("from", from);
        checkFloatBound("to", to);
        if (from > to) {
            throw new IllegalArgumentException(
                    "uniform_ expects to return a [from, to) range, but found from=" + from + " > to=" + to);
        }
        if (to - from > Float.MAX_VALUE) {
            throw new IllegalArgumentException("uniform_ expects to-from <= Float.MAX_VALUE, but found to="
                    + to + " and from=" + from + " which result in to-from to exceed the limit");
        }
    }

    private static void checkFloatBound(String name, double value) {
        if (!(Math.abs(value) <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException(name + " is out of bounds for float: " + value);
        }
    }
}
