package dev.dynrnn.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Behaviour beyond the PyTorch fixtures: seeding, state round trips, argument checks. */
class GeneratorTest {

    /** A mix of every draw kind; returns everything drawn, as float bits, in order. */
    private static int[] drawMix(Generator generator) {
        float[] out = new float[40];
        generator.normal(out, 0, 1, 0, 1);       // leaves a cached normal
        generator.uniform(out, 1, 5, -1, 2);
        generator.normal(out, 6, 17, 0.5, 2);    // vectorised path
        generator.normal(out, 23, 3, 0, 1);      // consumes the cache first
        generator.bernoulli(out, 26, 6, 0.3);
        out[32] = generator.randint(-7, 1000);
        out[33] = generator.randint(0, 1L << 40);
        out[34] = Float.intBitsToFloat(generator.nextInt32());
        out[35] = (float) generator.nextLong64();
        generator.normal(out, 36, 4, 0, 1);
        int[] bits = new int[out.length];
        for (int i = 0; i < out.length; i++) {
            bits[i] = Float.floatToRawIntBits(out[i]);
        }
        return bits;
    }

    @Test
    void sameSeedGivesSameDraws() {
        assertArrayEquals(drawMix(new Generator(2024)), drawMix(new Generator(2024)));
        assertNotEquals(Arrays.toString(drawMix(new Generator(2024))), Arrays.toString(drawMix(new Generator(2025))));
    }

    @Test
    void onlyTheLow32BitsOfTheSeedReachTheEngineButAllAreKept() {
        Generator low = new Generator(7);
        Generator high = new Generator((1L << 40) + 7);
        assertArrayEquals(drawMix(low), drawMix(high));
        assertEquals((1L << 40) + 7, high.initialSeed());
        assertEquals("18446744073709551615", Long.toUnsignedString(new Generator(-1).initialSeed()));
    }

    @Test
    void manualSeedRestartsTheStreamAndDropsTheCachedNormal() {
        Generator generator = new Generator(3);
        float[] first = new float[1];
        generator.normal(first, 0, 1, 0, 1); // caches the second normal of the pair
        assertSame(generator, generator.manualSeed(3));
        float[] again = new float[1];
        generator.normal(again, 0, 1, 0, 1);
        assertEquals(first[0], again[0], "a stale cached normal would have been returned instead");
    }

    @Test
    void stateRoundTripResumesExactlyIncludingTheCachedNormal() {
        Generator generator = new Generator(11);
        drawMix(generator);
        float[] one = new float[1];
        generator.normal(one, 0, 1, 0, 1); // now a normal is cached
        long[] state = generator.getState();
        assertEquals(Generator.STATE_LENGTH, state.length);
        assertEquals(1, state[2], "cached-normal flag");

        int[] expected = drawMix(generator);
        Generator restored = new Generator(999);
        restored.setState(state);
        assertEquals(11, restored.initialSeed());
        assertArrayEquals(expected, drawMix(restored));

        generator.setState(state);
        assertArrayEquals(expected, drawMix(generator), "restoring into the same generator rewinds it");
    }

    @Test
    void getStateReturnsACopy() {
        Generator generator = new Generator(5);
        long[] state = generator.getState();
        state[10] = 12345;
        assertNotEquals(12345, generator.getState()[10]);
    }

    @Test
    void setStateRejectsMalformedStates() {
        Generator generator = new Generator(5);
        long[] good = generator.getState();
        assertEquals("generator state needs 628 values, got 3",
                assertThrows(IllegalArgumentException.class, () -> generator.setState(new long[3])).getMessage());
        long[] badFlag = good.clone();
        badFlag[2] = 2;
        assertEquals("generator state[2] (normal cached?) must be 0 or 1, got 2",
                assertThrows(IllegalArgumentException.class, () -> generator.setState(badFlag)).getMessage());
        long[] badWord = good.clone();
        badWord[4] = 1L << 32;
        assertEquals("generator state[4] is not a 32-bit word: 4294967296",
                assertThrows(IllegalArgumentException.class, () -> generator.setState(badWord)).getMessage());
        long[] badPosition = good.clone();
        badPosition[1] = 625;
        assertEquals("generator state[1] (position) must be in [0, 624], got 625",
                assertThrows(IllegalArgumentException.class, () -> generator.setState(badPosition)).getMessage());
        assertArrayEquals(good, generator.getState(), "a rejected state leaves the generator untouched");
    }

    @Test
    void defaultGeneratorIsSharedAndSeededLikeAFreshTorchGenerator() {
        assertSame(Generator.defaultGenerator(), Generator.defaultGenerator());
        assertEquals(67280421310721L, Generator.DEFAULT_SEED);
        assertEquals(Generator.DEFAULT_SEED, new Generator().initialSeed());
        Generator shared = Generator.defaultGenerator();
        long[] saved = shared.getState(); // other tests may share it; leave it as found
        try {
            shared.manualSeed(77);
            assertArrayEquals(drawMix(new Generator(77)), drawMix(shared));
        } finally {
            shared.setState(saved);
        }
    }

    @Test
    void fillsOnlyTheRequestedRange() {
        Generator generator = new Generator(1);
        for (int length : new int[] {0, 1, 15, 16, 17, 40}) {
            float[] out = new float[length + 6];
            Arrays.fill(out, -99f);
            generator.normal(out, 3, length, 0, 1);
            generator.uniform(out, 3, length, 0, 1);
            generator.bernoulli(out, 3, length, 0.5);
            for (int i : new int[] {0, 1, 2, length + 3, length + 4, length + 5}) {
                assertEquals(-99f, out[i], "length " + length + ", index " + i);
            }
        }
    }

    @Test
    void offsetDoesNotChangeTheValues() {
        float[] plain = new float[20];
        new Generator(8).normal(plain, 0, 20, 0, 1);
        float[] shifted = new float[25];
        new Generator(8).normal(shifted, 5, 20, 0, 1);
        assertArrayEquals(plain, Arrays.copyOfRange(shifted, 5, 25));
    }

    @Test
    void bernoulliExtremesAreConstant() {
        float[] out = new float[50];
        Generator generator = new Generator(4);
        generator.bernoulli(out, 0, 50, 0.0);
        for (float v : out) {
            assertEquals(0f, v);
        }
        generator.bernoulli(out, 0, 50, 1.0);
        for (float v : out) {
            assertEquals(1f, v);
        }
    }

    @Test
    void randintStaysInRangeIncludingRangesBeyondLong() {
        Generator generator = new Generator(6);
        for (int i = 0; i < 1000; i++) {
            long small = generator.randint(-3, 4);
            assertEquals(true, small >= -3 && small < 4, "randint(-3, 4) gave " + small);
            long huge = generator.randint(Long.MIN_VALUE, Long.MAX_VALUE); // range 2^64 - 1
            assertNotEquals(Long.MAX_VALUE, huge);
        }
    }

    @Test
    void rejectsInvalidArgumentsWithPytorchLikeMessages() {
        Generator generator = new Generator(0);
        float[] out = new float[4];
        assertEquals("uniform_ expects to return a [from, to) range, but found from=1.0 > to=0.0",
                assertThrows(IllegalArgumentException.class, () -> generator.uniform(out, 0, 4, 1, 0)).getMessage());
        assertEquals("to is out of bounds for float: 1.0E39",
                assertThrows(IllegalArgumentException.class, () -> generator.uniform(out, 0, 4, 0, 1e39)).getMessage());
        assertEquals("from is out of bounds for float: NaN",
                assertThrows(IllegalArgumentException.class,
                        () -> generator.uniform(out, 0, 4, Double.NaN, 1)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> generator.uniform(out, 0, 4, -Float.MAX_VALUE, Float.MAX_VALUE));
        assertEquals("normal expects std >= 0.0, but found std -1.0",
                assertThrows(IllegalArgumentException.class, () -> generator.normal(out, 0, 4, 0, -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> generator.normal(out, 0, 4, 0, Double.NaN));
        assertEquals("bernoulli_ expects p to be in [0, 1], but got p=1.5",
                assertThrows(IllegalArgumentException.class, () -> generator.bernoulli(out, 0, 4, 1.5)).getMessage());
        assertEquals("random_ expects 'from' to be less than 'to', but got from=3 >= to=3",
                assertThrows(IllegalArgumentException.class, () -> generator.randint(3, 3)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> generator.uniform(out, 2, 3, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> generator.normal(out, -1, 2, 0, 1));
    }

    @Test
    void rejectedCallsDoNotAdvanceTheGenerator() {
        Generator generator = new Generator(12);
        long[] before = generator.getState();
        float[] out = new float[20];
        assertThrows(IllegalArgumentException.class, () -> generator.normal(out, 0, 20, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> generator.uniform(out, 10, 20, 0, 1));
        assertArrayEquals(before, generator.getState());
    }
}
