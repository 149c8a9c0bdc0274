package dev.dynrnn.optim;

import java.util.List;

/**
 * Validation of hyperparameter values, with PyTorch's messages. Values arrive as {@code Object}
 * because parameter groups hold them by name, as PyTorch's group dicts do; numbers are stored as
 * {@code Double}, switches as {@code Boolean} and {@code betas} as a two-element {@code List<Double>}.
 */
final class Checks {
    private Checks() {}

    /** A number, as a double. */
    static double number(String name, Object value) {
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("hyperparameter '" + name + "' must be a number, got " + describe(value));
        }
        return number.doubleValue();
    }

    /** A number that is at least 0 (NaN rejected); {@code message} is PyTorch's text before the value. */
    static double atLeastZero(String name, Object value, String message) {
        double number = number(name, value);
        if (!(number >= 0)) {
            throw new IllegalArgumentException(message + PyRepr.of(number));
        }
        return number;
    }

    /** A boolean switch. */
    static boolean flag(String name, Object value) {
        if (!(value instanceof Boolean flag)) {
            throw new IllegalArgumentException("hyperparameter '" + name + "' must be a boolean, got " + describe(value));
        }
        return flag;
    }

    /** Adam's {@code (beta1, beta2)}, each in [0, 1); given as a {@code double[]} or a list of numbers. */
    static List<Double> betas(Object value) {
        double[] betas;
        if (value instanceof double[] array) {
            betas = array.clone();
        } else if (value instanceof List<?> list) {
            betas = new double[list.size()];
            for (int i = 0; i < betas.length; i++) {
                betas[i] = number("betas", list.get(i));
            }
        } else {
            throw new IllegalArgumentException("hyperparameter 'betas' must be two numbers (beta1, beta2), got "
                    + describe(value));
        }
        if (betas.length != 2) {
            throw new IllegalArgumentException("hyperparameter 'betas' must be two numbers (beta1, beta2), got "
                    + betas.length);
        }
        for (int i = 0; i < 2; i++) {
            if (!(0.0 <= betas[i] && betas[i] < 1.0)) {
                throw new IllegalArgumentException("Invalid beta parameter at index " + i + ": " + PyRepr.of(betas[i]));
            }
        }
        return List.of(betas[0], betas[1]);
    }

    static IllegalArgumentException unknown(String optimizer, String name, List<String> known) {
        return new IllegalArgumentException(optimizer + " has no hyperparameter '" + name + "' (its hyperparameters: "
                + String.join(", ", known) + ")");
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
