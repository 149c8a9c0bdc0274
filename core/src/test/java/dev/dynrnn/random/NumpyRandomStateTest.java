package dev.dynrnn.random;

import static dev.dynrnn.random.RandomFixture.integer;
import static dev.dynrnn.random.RandomFixture.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class NumpyRandomStateTest {

    @TestFactory
    Stream<DynamicTest> everyRecordedNumpyCaseIsReproduced() {
        return RandomFixture.cases("numpy").stream()
                .map(testCase -> DynamicTest.dynamicTest(RandomFixture.describe(testCase), () -> replay(testCase)));
    }

    private static void replay(Map<String, Object> testCase) {
        NumpyRandomState random = new NumpyRandomState(integer(testCase, "seed"));
        List<Map<String, Object>> calls = RandomFixture.calls(testCase);
        for (int i = 0; i < calls.size(); i++) {
            Map<String, Object> call = calls.get(i);
            String context = RandomFixture.describe(testCase) + ", call " + i + " " + call.get("op");
            switch ((String) call.get("op")) {
                case "randint": {
                    long[] expected = longs(call, "values");
                    long[] actual = new long[expected.length];
                    for (int k = 0; k < actual.length; k++) {
                        actual[k] = random.randint(integer(call, "low"), integer(call, "high"));
                    }
                    assertArrayEquals(expected, actual, context + "(" + call.get("low") + ", " + call.get("high") + ")");
                    break;
                }
                case "random": {
                    long[] expected = longs(call, "bits64");
                    long[] actual = new long[expected.length];
                    for (int k = 0; k < actual.length; k++) {
                        actual[k] = Double.doubleToRawLongBits(random.randomSample());
                    }
                    assertArrayEquals(expected, actual, context);
                    break;
                }
                default:
                    fail(context + ": unknown op in the fixture");
            }
        }
    }

    @Test
    void seedMustFitIn32BitsAsInNumpy() {
        assertEquals("Seed must be between 0 and 2**32 - 1, got 1099511627783",
                assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState((1L << 40) + 7)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
        new NumpyRandomState(0xffffffffL);
    }

    @Test
    void sharesTorchsEngineSoTheRawStreamsAgree() {
        // np.random.seed(s) and torch.manual_seed(s) both run init_genrand(s)
        NumpyRandomState numpy = new NumpyRandomState(42);
        Generator torch = new Generator(42);
        for (int i = 0; i < 100; i++) {
            long unmasked = numpy.randint(0, 1L << 32); // full 32-bit range: one raw draw
            assertEquals(Integer.toUnsignedLong(torch.nextInt32()), unmasked, "draw " + i);
        }
    }

    @Test
    void singleValueRangeDrawsNothing() {
        NumpyRandomState random = new NumpyRandomState(3);
        long[] before = random.getState();
        assertEquals(5, random.randint(5, 6));
        assertArrayEquals(before, random.getState());
    }

    @Test
    void rejectsEmptyRanges() {
        assertEquals("low >= high: randint(4, 4)",
                assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(0).randint(4, 4)).getMessage());
    }

    @Test
    void stateRoundTripResumesExactly() {
        NumpyRandomState random = new NumpyRandomState(9);
        for (int i = 0; i < 1000; i++) {
            random.randint(1, 4);
        }
        long[] state = random.getState();
        long[] expected = new long[300];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i % 2 == 0 ? random.randint(0, 100) : Double.doubleToRawLongBits(random.randomSample());
        }
        NumpyRandomState restored = new NumpyRandomState(0);
        restored.setState(state);
        for (int i = 0; i < expected.length; i++) {
            long actual = i % 2 == 0 ? restored.randint(0, 100) : Double.doubleToRawLongBits(restored.randomSample());
            assertEquals(expected[i], actual, "draw " + i);
        }
        assertEquals("RandomState state needs 626 values, got 1",
                assertThrows(IllegalArgumentException.class, () -> restored.setState(new long[1])).getMessage());
    }
}
