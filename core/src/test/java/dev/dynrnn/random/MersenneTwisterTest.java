package dev.dynrnn.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MersenneTwisterTest {

    @Test
    void matchesTheReferenceSequenceForSeed5489() {
        // Values from mt19937ar.c and the C++ standard ([rand.predef]: 10000th output of std::mt19937)
        MersenneTwister twister = new MersenneTwister(5489);
        assertEquals(3499211612L, Integer.toUnsignedLong(twister.nextInt()));
        for (int i = 2; i < 10000; i++) {
            twister.nextInt();
        }
        assertEquals(4123659995L, Integer.toUnsignedLong(twister.nextInt()));
    }

    @Test
    void restoredStateContinuesTheSameSequence() {
        MersenneTwister original = new MersenneTwister(42);
        for (int i = 0; i < 700; i++) {
            original.nextInt();
        }
        MersenneTwister copy = new MersenneTwister(0);
        copy.restore(original.words(), original.position());
        for (int i = 0; i < 1000; i++) {
            assertEquals(original.nextInt(), copy.nextInt(), "draw " + i);
        }
    }

    @Test
    void restoreRejectsMalformedState() {
        MersenneTwister twister = new MersenneTwister(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> twister.restore(new int[623], 0));
        assertEquals("MT19937 state needs 624 words, got 623", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> twister.restore(new int[624], 625));
        assertEquals("MT19937 position must be in [0, 624], got 625", e.getMessage());
    }
}
