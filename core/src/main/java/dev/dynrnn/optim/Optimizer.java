package dev.dynrnn.optim;

import dev.dynrnn.tensor.EnableGrad;
import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Base of the optimizers: PyTorch's {@code torch.optim.Optimizer}.
 *
 * <p>An optimizer holds {@link ParamGroup parameter groups}, each with its own hyperparameters,
 * and per-parameter state (momentum buffers, moment estimates, step counts) created on the first
 * step that sees the parameter's gradient. A training step is
 * <pre>{@code
 * optimizer.zeroGrad();
 * loss(model).backward();
 * optimizer.step();
 * }</pre>
 * {@link #step()} skips parameters whose gradient is null, exactly as PyTorch does, so a
 * parameter that took no part in the loss is neither moved nor given state.
 *
 * <p>Updates run over the parameters' float arrays with PyTorch 1.13's single-tensor
 * ({@code foreach=False}) formulas in PyTorch's operation order and float32 rounding, so
 * trajectories match PyTorch's to float precision.
 *
 * <p>Subclasses implement {@link #update} for one parameter and declare their hyperparameters
 * through {@link #checkHyperparameter}, which must be a pure function of its arguments (it is
 * called from this constructor).
 */
public abstract class Optimizer {
    private static final String INITIAL_LR = "initial_lr";

    private final List<String> hyperparameterNames;
    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();

    /**
     * @param groups the parameter groups, each with the hyperparameters it overrides
     * @param hyperparameterNames the optimizer's hyperparameters, by PyTorch's names and in
     *     PyTorch's order (the order of a group's options and of its state dict entry)
     * @param defaults values for groups that do not set them; a name without a default (SGD's
     *     {@code lr}) must be given by every group
     */
    protected Optimizer(List<ParamGroup> groups, List<String> hyperparameterNames, Map<String, Object> defaults) {
        this.hyperparameterNames = List.copyOf(hyperparameterNames);
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : defaults.entrySet()) {
            checked.put(entry.getKey(), checkOption(entry.getKey(), entry.getValue()));
        }
        checkGroup(checked);
        this.defaults = Collections.unmodifiableMap(ordered(checked));
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (ParamGroup group : groups) {
            addParamGroup(group);
        }
    }

    // ------------------------------------------------------------- what subclasses define

    /**
     * Applies one update to {@code param}, whose gradient is not null. {@code state} is the
     * parameter's state (empty on its first step), kept between steps and in state dicts.
     * Runs with autograd recording off.
     */
    protected abstract void update(ParamGroup group, Tensor param, Map<String, Object> state);

    /**
     * Checks one hyperparameter value and returns it normalised ({@code Double}, {@code Boolean}
     * or {@code List<Double>}); throws with PyTorch's message for an invalid value and names the
     * known hyperparameters for an unknown name.
     */
    protected abstract Object checkHyperparameter(String name, Object value);

    /** Checks combinations of a group's (or the defaults') values; the default accepts all. */
    protected void checkGroup(Map<String, Object> options) {}

    /** Called after a group is added, to create state eagerly (as Adagrad does). */
    protected void onParamGroupAdded(ParamGroup group) {}

    // ------------------------------------------------------------- groups

    /** The parameter groups, in order (unmodifiable; each group's hyperparameters can be set). */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /** The default hyperparameters ({@code optimizer.defaults}), unmodifiable. */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /**
     * Adds a group ({@code add_param_group}), e.g. to train layers that were frozen. Its
     * parameters must be leaves, distinct, and in no other group; unset hyperparameters take
     * the defaults.
     */
    public void addParamGroup(ParamGroup group) {
        if (group.optimizer() != null) {
            throw new IllegalArgumentException("this param group already belongs to an optimizer ("
                    + group.optimizer().getClass().getSimpleName() + ")");
        }
        List<Tensor> params = group.params();
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor param = params.get(i);
            if (!param.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor (parameter " + i
                        + " of the group has grad_fn " + param.gradFn().name() + ")");
            }
            Integer previous = seen.put(param, i);
            if (previous != null) {
                throw new IllegalArgumentException("optimizer contains a parameter group with duplicate parameters "
                        + "(parameters " + previous + " and " + i + " are the same tensor)");
            }
        }
        for (ParamGroup existing : paramGroups) {
            for (Tensor param : existing.params()) {
                if (seen.containsKey(param)) {
                    throw new IllegalArgumentException("some parameters appear in more than one parameter group");
                }
            }
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : group.rawOptions().entrySet()) {
            options.put(entry.getKey(), checkOption(entry.getKey(), entry.getValue()));
        }
        for (String name : hyperparameterNames) {
            if (!options.containsKey(name)) {
                if (!defaults.containsKey(name)) {
                    throw new IllegalArgumentException("parameter group didn't specify a value of required "
                            + "optimization parameter " + name);
                }
                options.put(name, defaults.get(name));
            }
        }
        checkGroup(options);
        group.attach(this, ordered(options));
        paramGroups.add(group);
        onParamGroupAdded(group);
    }

    /** Sets a hyperparameter of one of this optimizer's groups; see {@link ParamGroup#set}. */
    void setHyperparameter(ParamGroup group, String name, Object value) {
        Map<String, Object> options = new LinkedHashMap<>(group.rawOptions());
        options.put(name, checkOption(name, value));
        checkGroup(options);
        group.replaceOptions(ordered(options));
    }

    private Object checkOption(String name, Object value) {
        if (INITIAL_LR.equals(name)) {
            // written by the lr schedulers (group.setdefault('initial_lr', group['lr']))
            return Checks.atLeastZero(name, value, "Invalid initial learning rate: ");
        }
        return checkHyperparameter(name, value);
    }

    /** The hyperparameters in the optimizer's order, then {@code initial_lr}. */
    private Map<String, Object> ordered(Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : hyperparameterNames) {
            if (options.containsKey(name)) {
                out.put(name, options.get(name));
            }
        }
        if (options.containsKey(INITIAL_LR)) {
            out.put(INITIAL_LR, options.get(INITIAL_LR));
        }
        return out;
    }

    // ------------------------------------------------------------- gradients and steps

    /**
     * Sets every parameter's gradient to null ({@code zero_grad(set_to_none=True)}, PyTorch 2's
     * default; PyTorch 1.13's default zeroes them instead). Steps are identical either way for
     * parameters that get a gradient; a parameter left out of the next backward is skipped by
     * the next step only when its gradient is null.
     */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** {@code zero_grad(set_to_none)}: null gradients when true, zero-filled ones when false. */
    public void zeroGrad(boolean setToNone) {
        // one no-grad scope for all parameters, not one per parameter
        try (NoGrad ignored = NoGrad.enter()) {
            for (ParamGroup group : paramGroups) {
                for (Tensor param : group.params()) {
                    Tensor grad = param.grad();
                    if (grad == null) {
                        continue;
                    }
                    if (setToNone) {
                        param.setGrad(null);
                    } else {
                        grad.zero_();
                    }
                }
            }
        }
    }

    /**
     * Called at the start of every {@link #step()}, before the updates: for an optimizer that
     * computes what its hyperparameters give once per step for all parameters (the
     * hyperparameters may have changed since the last step). Does nothing by default.
     */
    protected void beginStep() {
    }

    /** One optimization step over every parameter that has a gradient ({@code step()}). */
    public final void step() {
        beginStep();
        try (NoGrad ignored = NoGrad.enter()) {
            for (ParamGroup group : paramGroups) {
                for (Tensor param : group.params()) {
                    if (param.grad() != null) {
                        update(group, param, state.computeIfAbsent(param, p -> new LinkedHashMap<>()));
                    }
                }
            }
        }
    }

    /**
     * {@code step(closure)}: runs {@code closure} (which should zero the gradients, compute the
     * loss and call backward) with recording on, then steps; returns the closure's loss.
     */
    public final Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (EnableGrad ignored = EnableGrad.enter()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /** The state of {@code param} ({@code optimizer.state[p]}), empty before its first step; unmodifiable. */
    public Map<String, Object> state(Tensor param) {
        Map<String, Object> entries = state.get(param);
        return entries == null ? Map.of() : Collections.unmodifiableMap(entries);
    }

    // ------------------------------------------------------------- state dicts

    /**
     * A snapshot of the state and the groups' hyperparameters ({@code state_dict()}), with the
     * state tensors copied; see {@link OptimizerState} for the layout.
     */
    public OptimizerState stateDict() {
        Map<Integer, Map<String, Object>> packedState = new TreeMap<>();
        List<Map<String, Object>> packedGroups = new ArrayList<>();
        int index = 0;
        for (ParamGroup group : paramGroups) {
            List<Integer> indices = new ArrayList<>();
            for (Tensor param : group.params()) {
                Map<String, Object> entries = state.get(param);
                if (entries != null && !entries.isEmpty()) {
                    packedState.put(index, SavedState.copyEntries(entries));
                }
                indices.add(index++);
            }
            Map<String, Object> packed = new LinkedHashMap<>(group.rawOptions());
            packed.put("params", indices);
            packedGroups.add(packed);
        }
        return new OptimizerState(packedState, packedGroups);
    }

    /**
     * Restores a snapshot from {@link #stateDict()} ({@code load_state_dict}): the optimizer must
     * have as many groups, of the same sizes; saved parameters are matched to this optimizer's by
     * position. Each group's saved hyperparameters replace its current ones. The state tensors
     * are copied, so the snapshot can be loaded again. Nothing changes if the snapshot is rejected.
     */
    public void loadStateDict(OptimizerState saved) {
        List<Map<String, Object>> savedGroups = saved.paramGroups();
        if (savedGroups.size() != paramGroups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups ("
                    + savedGroups.size() + ", the optimizer has " + paramGroups.size() + ")");
        }
        Map<Integer, Tensor> byIndex = new TreeMap<>();
        List<Map<String, Object>> newOptions = new ArrayList<>();
        for (int g = 0; g < savedGroups.size(); g++) {
            Map<String, Object> savedGroup = savedGroups.get(g);
            List<Tensor> params = paramGroups.get(g).params();
            List<Integer> indices = SavedState.indices(savedGroup, g);
            if (indices.size() != params.size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match "
                        + "the size of optimizer's group (group " + g + ": " + indices.size() + " saved, "
                        + params.size() + " in the optimizer)");
            }
            for (int i = 0; i < params.size(); i++) {
                if (byIndex.put(indices.get(i), params.get(i)) != null) {
                    throw new IllegalArgumentException("loaded state dict lists parameter " + indices.get(i) + " twice");
                }
            }
            Map<String, Object> options = new LinkedHashMap<>(paramGroups.get(g).rawOptions());
            for (Map.Entry<String, Object> entry : savedGroup.entrySet()) {
                if (!entry.getKey().equals("params")) {
                    options.put(entry.getKey(), checkOption(entry.getKey(), entry.getValue()));
                }
            }
            checkGroup(options);
            newOptions.add(ordered(options));
        }
        Map<Tensor, Map<String, Object>> newState = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Object>> entry : saved.state().entrySet()) {
            Tensor param = byIndex.get(entry.getKey());
            if (param == null) {
                throw new IllegalArgumentException("loaded state dict has state for parameter " + entry.getKey()
                        + ", which is in none of its parameter groups " + byIndex.keySet());
            }
            newState.put(param, SavedState.loadEntries(entry.getKey(), entry.getValue(), param));
        }
        for (int g = 0; g < paramGroups.size(); g++) {
            paramGroups.get(g).replaceOptions(newOptions.get(g));
        }
        state.clear();
        state.putAll(newState);
    }

    // ------------------------------------------------------------- helpers for update()

    /**
     * State tensor {@code key}, created as zeros shaped like {@code param} on first use. State
     * tensors are contiguous from storage offset 0 (created here or copied on load), so update
     * loops index their {@code storage()} directly.
     */
    protected static Tensor buffer(Map<String, Object> state, String key, Tensor param) {
        // get first: computeIfAbsent would make a capturing lambda at every step
        Object buffer = state.get(key);
        if (buffer == null) {
            buffer = Tensor.zeros(param.shape());
            state.put(key, buffer);
        }
        return (Tensor) buffer;
    }

    /** Sets the state of {@code param} before its first step, for optimizers that create state eagerly. */
    protected final void initialState(Tensor param, Map<String, Object> entries) {
        state.put(param, new LinkedHashMap<>(entries));
    }

    /** Increments the parameter's {@code "step"} count and returns the new value (1 on the first step). */
    protected static long incrementStep(Map<String, Object> state) {
        // one lookup of the key rather than a get and a put: this runs for every parameter at every step
        return ((Number) state.merge("step", 1L, Optimizer::nextStep)).longValue();
    }

    private static Object nextStep(Object step, Object one) {
        return ((Number) step).longValue() + 1;
    }

    /** The gradient of {@code param} laid out contiguously (itself when it already is). */
    protected static Tensor contiguousGrad(Tensor param) {
        return param.grad().contiguous();
    }

    /**
     * The tensor to update in place for {@code param}: the parameter itself when contiguous,
     * otherwise a contiguous copy to hand back to {@link #writeBack}.
     */
    protected static Tensor writable(Tensor param) {
        return param.isContiguous() ? param : param.contiguous();
    }

    /** Copies an updated copy from {@link #writable} back into a strided parameter. */
    protected static void writeBack(Tensor param, Tensor updated) {
        if (updated != param) {
            param.copy_(updated);
        }
    }

    // ------------------------------------------------------------- builders

    /**
     * Collects an optimizer's default hyperparameters, checking each as it is set; every
     * optimizer's builder adds setters named after PyTorch's constructor arguments.
     */
    public abstract static class Builder<B extends Builder<B, O>, O extends Optimizer> {
        private final List<ParamGroup> groups;
        private final Map<String, Object> defaults = new LinkedHashMap<>();
        private final BiFunction<String, Object, Object> check;

        /**
         * @param groups the parameter groups the optimizer will hold
         * @param check the optimizer's hyperparameter check ({@link #checkHyperparameter})
         * @param initialDefaults PyTorch's default values
         */
        protected Builder(List<ParamGroup> groups, BiFunction<String, Object, Object> check,
                Map<String, Object> initialDefaults) {
            this.groups = List.copyOf(groups);
            this.check = check;
            this.defaults.putAll(initialDefaults);
        }

        /** Sets a default hyperparameter by PyTorch's name, checking it now. */
        protected final B set(String name, Object value) {
            defaults.put(name, check.apply(name, value));
            @SuppressWarnings("unchecked")
            B self = (B) this;
            return self;
        }

        /** The groups given to the builder. */
        protected final List<ParamGroup> groups() {
            return groups;
        }

        /** The defaults set so far. */
        protected final Map<String, Object> defaults() {
            return defaults;
        }

        /** The optimizer. */
        public abstract O build();
    }

    /** One group of {@code params}, for builders and constructors that take a plain parameter list. */
    protected static List<ParamGroup> singleGroup(List<Tensor> params) {
        // no group at all for no parameters, so the constructor reports the empty list
        return params.isEmpty() ? List.of() : List.of(ParamGroup.of(params));
    }

    // ------------------------------------------------------------- printing

    /** PyTorch's repr: the class name, then each group's hyperparameters in sorted order. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int g = 0; g < paramGroups.size(); g++) {
            out.append("\nParameter Group ").append(g).append('\n');
            new TreeMap<>(paramGroups.get(g).rawOptions()).forEach((key, value) ->
                    out.append("    ").append(key).append(": ").append(PyRepr.ofValue(value)).append('\n'));
        }
        return out.append(')').toString();
    }
}
