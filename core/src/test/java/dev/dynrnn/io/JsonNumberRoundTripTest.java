package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Numbers written by {@link Json#write} parse back to exactly the same bits. */
class JsonNumberRoundTripTest {

    @Property(tries = 5000)
    void everyFiniteFloatRoundTripsThroughItsDouble(@ForAll int bits) {
        float value = Float.intBitsToFloat(bits);
        Assume.that(Float.isFinite(value));
        List<?> parsed = (List<?>) Json.parse(Json.write(new float[] {value}));
        float back = ((Number) parsed.get(0)).floatValue();
        assertEquals(bits, Float.floatToRawIntBits(back), () -> Json.write(value));
    }

    @Test
    void floatWhoseShortestDigitsMissThroughDoubleIsWrittenWithMoreDigits() {
        float tricky = Float.intBitsToFloat(363742205); // Float.toString gives 7.038531E-26
        assertNotEquals(tricky, (float) Double.parseDouble(Float.toString(tricky)), "premise");
        String written = Json.write(new float[] {tricky});
        assertEquals("[7.038530691851209E-26]", written);
        assertEquals(tricky, ((Number) ((List<?>) Json.parse(written)).get(0)).floatValue());
        assertEquals("[0.1,-2.5,1.0E-10]", Json.write(new float[] {0.1f, -2.5f, 1e-10f}), "usually the shortest");
    }

    @Property(tries = 5000)
    void everyFiniteDoubleRoundTrips(@ForAll long bits) {
        double value = Double.longBitsToDouble(bits);
        Assume.that(Double.isFinite(value));
        double back = ((Number) Json.parse(Json.write(value))).doubleValue();
        assertEquals(bits, Double.doubleToRawLongBits(back), () -> Json.write(value));
    }

    @Property(tries = 2000)
    void everyLongRoundTripsAsALong(@ForAll long value) {
        assertEquals(value, Json.parse(Json.write(value)));
    }
}
