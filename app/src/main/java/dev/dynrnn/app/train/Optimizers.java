package dev.dynrnn.app.train;

import dev.dynrnn.optim.Adagrad;
import dev.dynrnn.optim.Adam;
import dev.dynrnn.optim.AdamW;
import dev.dynrnn.optim.Optimizer;
import dev.dynrnn.optim.RMSprop;
import dev.dynrnn.optim.SGD;
import dev.dynrnn.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** {@code --optimizer NAME --lr LR}: the optimizers of {@code dev.dynrnn.optim} with PyTorch's other defaults. */
final class Optimizers {
    private Optimizers() {}

    static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    /** The canonical name of {@code name} (any case). */
    static String check(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(lower)) {
            throw new IllegalArgumentException("--optimizer: unknown optimizer '" + name + "' (expected one of "
                    + String.join(", ", NAMES) + ")");
        }
        return lower;
    }

    static Optimizer create(String name, List<Tensor> parameters, double lr) {
        return switch (check(name)) {
            case "sgd" -> new SGD(parameters, lr);
            case "adam" -> new Adam(parameters, lr);
            case "adamw" -> new AdamW(parameters, lr);
            case "rmsprop" -> new RMSprop(parameters, lr);
            case "adagrad" -> new Adagrad(parameters, lr);
            default -> throw new IllegalStateException(name);
        };
    }
}
