package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters optimized together with their own hyperparameters: one of PyTorch's
 * {@code optimizer.param_groups} dicts.
 *
 * <p>Hyperparameters are held by PyTorch's names ({@code "lr"}, {@code "weight_decay"},
 * {@code "betas"}, ...), so a group reads and a state dict stores exactly as in PyTorch. A value
 * set here before the group is given to an optimizer overrides that optimizer's default; once
 * the group belongs to an optimizer, {@link #set} checks the value as the optimizer's constructor
 * does and the next {@code step()} uses it.
 *
 * <pre>{@code
 * // torch.optim.SGD([{'params': base}, {'params': head, 'lr': 1e-3}], lr=1e-2, momentum=0.9)
 * SGD sgd = SGD.builder(ParamGroup.of(base), ParamGroup.of(head).set("lr", 1e-3))
 *         .lr(1e-2).momentum(0.9).build();
 * sgd.paramGroups().get(1).setLr(5e-4);
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();
    private Optimizer owner;

    private ParamGroup(List<Tensor> params) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == null) {
                throw new IllegalArgumentException("parameter " + i + " of the group is null");
            }
        }
        this.params = List.copyOf(params);
    }

    /** A group of {@code params} (in this order) that uses the optimizer's defaults until {@link #set}. */
    public static ParamGroup of(List<Tensor> params) {
        return new ParamGroup(params);
    }

    /** A group of the given parameters. */
    public static ParamGroup of(Tensor... params) {
        return new ParamGroup(Arrays.asList(params));
    }

    /** The parameters, in the order given (unmodifiable). */
    public List<Tensor> params() {
        return params;
    }

    /**
     * Sets hyperparameter {@code name} (PyTorch's name, e.g. {@code "lr"}, {@code "momentum"},
     * {@code "betas"} as a {@code double[]} or list) and returns this group. Rejects names the
     * optimizer does not have and invalid values, naming them, once the group belongs to one.
     */
    public ParamGroup set(String name, Object value) {
        if (owner != null) {
            owner.setHyperparameter(this, name, value);
        } else {
            options.put(name, value);
        }
        return this;
    }

    /** The value of hyperparameter {@code name}: a {@code Double}, {@code Boolean} or {@code List<Double>}. */
    public Object get(String name) {
        Object value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("param group has no hyperparameter '" + name + "' (it has: "
                    + String.join(", ", options.keySet()) + ")");
        }
        return value;
    }

    /** True when the group holds hyperparameter {@code name}. */
    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** A numeric hyperparameter. */
    public double getDouble(String name) {
        return Checks.number(name, get(name));
    }

    /** A boolean hyperparameter ({@code nesterov}, {@code amsgrad}, ...). */
    public boolean getBoolean(String name) {
        return Checks.flag(name, get(name));
    }

    /** A hyperparameter made of several numbers, such as {@code betas}. */
    public double[] getDoubles(String name) {
        Object value = get(name);
        if (value instanceof double[] array) {   // as given, before the group belongs to an optimizer
            return array.clone();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("hyperparameter '" + name + "' is not a list of numbers: "
                    + Checks.describe(value));
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Checks.number(name, list.get(i));
        }
        return out;
    }

    /** The learning rate, {@code group['lr']}. */
    public double lr() {
        return getDouble("lr");
    }

    /** Sets the learning rate ({@code group['lr'] = lr}), as schedulers do. */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /** Every hyperparameter by name, in the optimizer's order (unmodifiable view). */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /** The optimizer this group belongs to, or null before it is given to one. */
    public Optimizer optimizer() {
        return owner;
    }

    // ------------------------------------------------------------- used by Optimizer

    Map<String, Object> rawOptions() {
        return options;
    }

    void attach(Optimizer optimizer, Map<String, Object> checkedOptions) {
        options.clear();
        options.putAll(checkedOptions);
        owner = optimizer;
    }

    void replaceOptions(Map<String, Object> checkedOptions) {
        options.clear();
        options.putAll(checkedOptions);
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, " + options + ")";
    }
}
