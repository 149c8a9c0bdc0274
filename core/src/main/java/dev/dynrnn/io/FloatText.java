package dev.dynrnn.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Float32 values as the shortest decimal text that reads back as the same float, in Python's
 * {@code repr} style ({@code 0.1}, {@code 3.0}, {@code 1e-05}, {@code 1.5e+20}). Computed with
 * exact decimal arithmetic, so the text is the same on every JDK ({@link Float#toString} is not
 * the shortest before JDK 19).
 */
final class FloatText {
    private FloatText() {}

    /** The text of a finite or infinite {@code value} ({@code inf}, {@code -inf}); NaN gives {@code nan}. */
    static String format(float value) {
        if (Float.isNaN(value)) {
            return "nan";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return Float.floatToRawIntBits(value) == 0 ? "0.0" : "-0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        // the fewest significant digits that round-trip; more digits never stop round-tripping,
        // so a binary search finds it; 9 always suffice for float32
        int low = 1;
        int high = 9;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Float.parseFloat(round(exact, mid).toString()) == value) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        BigDecimal shortest = round(exact, low).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        String digits = shortest.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder();
        if (shortest.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append(exponent < 0 ? "e-" : "e+");
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }

    private static BigDecimal round(BigDecimal exact, int digits) {
        return exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
    }
}
