package dev.dynrnn.nn;

import java.math.BigDecimal;

/** Formats values the way Python's {@code repr} does, for module reprs that match PyTorch's. */
final class PyRepr {
    private PyRepr() {}

    /** {@code True} / {@code False}. */
    static String bool(boolean value) {
        return value ? "True" : "False";
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back as the same double, in
     * fixed notation when the decimal exponent is in [-4, 16) ({@code 0.5}, {@code 1.0}) and in
     * scientific notation otherwise ({@code 1e-05}, {@code 1.5e+16}).
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = decimal.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
