package dev.dynrnn.nn;

import dev.dynrnn.tensor.Tensor;

/**
 * Modules applied one after another, registered as children {@code "0"}, {@code "1"}, ...:
 * PyTorch's {@code nn.Sequential}. Each module must be a {@link UnaryModule}.
 */
public final class Sequential extends Module implements UnaryModule {
    private int size;

    /** Chains {@code modules} in order. */
    public Sequential(Module... modules) {
        for (Module module : modules) {
            append(module);
        }
    }

    /** Adds {@code module} at the end: {@code append}. Returns this. */
    public Sequential append(Module module) {
        if (!(module instanceof UnaryModule)) {
            throw new IllegalArgumentException("Sequential: module " + size + " ("
                    + (module == null ? "null" : module.moduleName()) + ") does not map one tensor to one tensor "
                    + "(it does not implement UnaryModule)");
        }
        registerModule(Integer.toString(size), module);
        size++;
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for Sequential of length " + size);
        }
        return namedChildren().get(Integer.toString(index < 0 ? index + size : index));
    }

    /** The number of modules. */
    public int size() {
        return size;
    }

    /** Applies each module to the previous one's output. */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module module : children()) {
            x = ((UnaryModule) module).forward(x);
        }
        return x;
    }
}
