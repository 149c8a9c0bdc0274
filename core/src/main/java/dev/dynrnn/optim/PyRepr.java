package dev.dynrnn.optim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code repr} of a float, so that error messages read as PyTorch's do
 * ({@code Invalid learning rate: -0.1}, {@code Invalid epsilon value: -1e-08}).
 */
final class PyRepr {
    private PyRepr() {}

    /** Shortest digits; scientific notation when the exponent is below -4 or at least 16, as Python. */
    static String of(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String power = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + power;
        }
        String plain = decimal.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /** A hyperparameter as Python prints it: floats by {@link #of}, True/False, tuples in parentheses. */
    static String ofValue(Object value) {
        if (value instanceof Double number) {
            return of(number);
        }
        if (value instanceof Boolean flag) {
            return flag ? "True" : "False";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(ofValue(v)));
            return "(" + String.join(", ", parts) + ")";
        }
        return String.valueOf(value);
    }
}
