package dev.dynrnn.random;

import static dev.dynrnn.random.RandomFixture.floatsFromBits;
import static dev.dynrnn.random.RandomFixture.integer;
import static dev.dynrnn.random.RandomFixture.longs;
import static dev.dynrnn.random.RandomFixture.real;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.zip.CRC32;

/** Replays one recorded PyTorch call on a {@link Generator} and compares bit for bit. */
final class PytorchReplay {
    private PytorchReplay() {}

    static void replay(Generator generator, Map<String, Object> call, String context) {
        String op = (String) call.get("op");
        switch (op) {
            case "uniform":
            case "normal":
            case "bernoulli":
                checkFloats(generator, call, context);
                break;
            case "randint": {
                long[] expected = longs(call, "values");
                long[] actual = new long[expected.length];
                for (int i = 0; i < actual.length; i++) {
                    actual[i] = generator.randint(integer(call, "low"), integer(call, "high"));
                }
                assertArrayEquals(expected, actual, context);
                break;
            }
            case "random_int64": {
                // int64 random_() keeps random64() % 2^63
                long[] expected = longs(call, "values");
                long[] actual = new long[expected.length];
                for (int i = 0; i < actual.length; i++) {
                    actual[i] = generator.nextLong64() & Long.MAX_VALUE;
                }
                assertArrayEquals(expected, actual, context);
                break;
            }
            default:
                fail(context + ": unknown op '" + op + "' in the fixture");
        }
    }

    /**
     * A float-valued call, made {@code repeat} times (default 1): compared element by element
     * against "bits", or through the CRC-32 of all outputs' little-endian bytes against "crc32".
     */
    private static void checkFloats(Generator generator, Map<String, Object> call, String context) {
        int n = (int) integer(call, "n");
        int repeat = call.containsKey("repeat") ? (int) integer(call, "repeat") : 1;
        float[] out = new float[n];
        CRC32 crc = new CRC32();
        ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < repeat; r++) {
            makeCall(generator, call, out);
            bytes.clear();
            bytes.asFloatBuffer().put(out);
            crc.update(bytes.array(), 0, 4 * n);
        }
        if (call.containsKey("bits")) {
            assertSameFloats(floatsFromBits(call, "bits"), out, context);
        } else {
            assertEquals(integer(call, "crc32"), crc.getValue(), context + ": CRC-32 of " + repeat + " calls");
        }
    }

    private static void makeCall(Generator generator, Map<String, Object> call, float[] out) {
        switch ((String) call.get("op")) {
            case "uniform":
                generator.uniform(out, 0, out.length, real(call, "from"), real(call, "to"));
                break;
            case "normal":
                generator.normal(out, 0, out.length, real(call, "mean"), real(call, "std"));
                break;
            default:
                generator.bernoulli(out, 0, out.length, real(call, "p"));
        }
    }

    /** Bitwise equality, reporting the first differing element and how many differ. */
    static void assertSameFloats(float[] expected, float[] actual, String context) {
        if (expected.length != actual.length) {
            fail(context + ": expected " + expected.length + " values, got " + actual.length);
        }
        int first = -1;
        int count = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                count++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (count > 0) {
            fail(String.format("%s: %d of %d values differ; first at [%d]: expected %s (0x%08x), got %s (0x%08x)",
                    context, count, expected.length, first, expected[first],
                    Float.floatToRawIntBits(expected[first]), actual[first], Float.floatToRawIntBits(actual[first])));
        }
    }
}
