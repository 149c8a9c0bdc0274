package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

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
