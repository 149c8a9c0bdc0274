package dev.dynrnn.nn;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base class of all layers and models: PyTorch's {@code torch.nn.Module}.
 *
 * <p>A module holds named parameters and named child modules, each in registration order. That
 * order is the order of {@link #parameters()}, {@link #stateDict()} and {@link #toString()}, and
 * names nest with dots ({@code rnn.weight_ih_l0}, {@code out.bias}) exactly as in PyTorch, so a
 * state dict saved from a PyTorch model of the same structure loads by name.
 *
 * <p>A model is written by subclassing, registering its parts in the constructor and adding a
 * forward method of whatever signature it needs (the seed's model):
 * <pre>{@code
 * class Net extends Module {
 *     final RNN rnn = registerModule("rnn", RNN.builder(1, 32).batchFirst(true).build());
 *     final Linear out = registerModule("out", new Linear(32, 1));
 *
 *     RNN.Output forward(Tensor x, Tensor hState) {      // x (batch, time, 1)
 *         RNN.Output r = rnn.forward(x, hState);           // r.output() (batch, time, 32)
 *         return new RNN.Output(out.forward(r.output()), r.hN());
 *     }
 * }
 * }</pre>
 *
 * <p>Parameters are ordinary tensors with {@code requiresGrad} set. Training or evaluation mode
 * is per module ({@link #train()}, {@link #eval()}); there is no global switch.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // ---------------------------------------------------------------- registration

    /**
     * Registers {@code value} as a parameter called {@code name}, marks it as requiring grad and
     * returns it. Registering a name again replaces the value in its original position, as
     * assigning {@code self.name = nn.Parameter(..)} does.
     */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName("parameter", name);
        if (value == null) {
            throw new IllegalArgumentException("cannot register a null parameter '" + name
                    + "'; leave it unregistered instead (PyTorch's bias=False)");
        }
        checkFree(name, parameters);
        if (!value.isLeaf()) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a leaf tensor (it has grad_fn "
                    + value.gradFn().name() + "); register value.detach() instead");
        }
        value.requiresGrad(true);
        parameters.put(name, value);
        return value;
    }

    /**
     * Registers {@code module} as a child called {@code name} and returns it. Registering a name
     * again replaces the child in its original position.
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName("module", name);
        if (module == null) {
            throw new IllegalArgumentException("cannot register a null module '" + name + "'");
        }
        if (module == this) {
            throw new IllegalArgumentException("a module cannot be its own child ('" + name + "')");
        }
        checkFree(name, children);
        children.put(name, module);
        return module;
    }

    /**
     * Registers {@code value} as a buffer called {@code name}: state that is saved in the state
     * dict but is not a parameter (a loss's class weights): {@code register_buffer}. Returns it.
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName("buffer", name);
        if (value == null) {
            throw new IllegalArgumentException("cannot register a null buffer '" + name + "'; leave it unregistered");
        }
        checkFree(name, buffers);
        buffers.put(name, value);
        return value;
    }

    /** Fails when {@code name} is taken by a kind of attribute other than {@code sameKind}. */
    private void checkFree(String name, Map<String, ?> sameKind) {
        for (Map<String, ?> kind : List.<Map<String, ?>>of(parameters, buffers, children)) {
            if (kind != sameKind && kind.containsKey(name)) {
                String what = kind == parameters ? "a parameter" : kind == buffers ? "a buffer" : "a child module";
                throw new IllegalArgumentException("attribute '" + name + "' already exists as " + what);
            }
        }
    }

    private static void checkName(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name can't be empty");
        }
        if (name.contains(".")) {
            throw new IllegalArgumentException(kind + " name can't contain \".\", got '" + name + "'");
        }
    }

    // ---------------------------------------------------------------- traversal

    /** The direct children in registration order, by name: {@code named_children()}. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    /** The direct children in registration order: {@code children()}. */
    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    /**
     * This module (under the name {@code ""}) and every descendant, depth first in registration
     * order, with dotted names; a module reachable twice is listed once: {@code named_modules()}.
     */
    public final Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectModules("", this, out, seen);
        return Collections.unmodifiableMap(out);
    }

    private static void collectModules(String prefix, Module module, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(module)) {
            return;
        }
        out.put(prefix, module);
        for (Map.Entry<String, Module> child : module.children.entrySet()) {
            collectModules(prefix.isEmpty() ? child.getKey() : prefix + "." + child.getKey(), child.getValue(), out, seen);
        }
    }

    /**
     * Every parameter of this module and its descendants with its dotted name, in PyTorch's
     * order (a module's own parameters, then each child's, depth first); a tensor shared by two
     * modules appears once, under its first name: {@code named_parameters()}.
     */
    public final Map<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> entry : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> parameter : entry.getValue().parameters.entrySet()) {
                if (seen.add(parameter.getValue())) {
                    out.put(dotted(entry.getKey(), parameter.getKey()), parameter.getValue());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The tensors of {@link #namedParameters()}, in the same order: {@code parameters()}. */
    public final List<Tensor> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Every buffer of this module and its descendants with its dotted name: {@code named_buffers()}. */
    public final Map<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> entry : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> buffer : entry.getValue().buffers.entrySet()) {
                out.put(dotted(entry.getKey(), buffer.getKey()), buffer.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String dotted(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Every parameter and buffer by dotted name (a module's parameters, then its buffers, then
     * its children's), as detached views that share storage with them: {@code state_dict()}. Unlike {@link #namedParameters()} a shared tensor appears under
     * each of its names.
     */
    public final Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", this, out);
        return Collections.unmodifiableMap(out);
    }

    private static void collectState(String prefix, Module module, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> parameter : module.parameters.entrySet()) {
            out.put(dotted(prefix, parameter.getKey()), parameter.getValue().detach());
        }
        for (Map.Entry<String, Tensor> buffer : module.buffers.entrySet()) {
            out.put(dotted(prefix, buffer.getKey()), buffer.getValue().detach());
        }
        for (Map.Entry<String, Module> child : module.children.entrySet()) {
            collectState(dotted(prefix, child.getKey()), child.getValue(), out);
        }
    }

    /** Which keys {@link #loadStateDict(Map, boolean)} did not find or did not use. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        public LoadResult {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }

    /** {@link #loadStateDict(Map, boolean)} with {@code strict = true}. */
    public final LoadResult loadStateDict(Map<String, Tensor> stateDict) {
        return loadStateDict(stateDict, true);
    }

    /**
     * Copies values into the parameters and buffers by dotted name: {@code load_state_dict(state_dict, strict)}.
     *
     * <p>A shape mismatch is always an error. With {@code strict}, keys of this module missing
     * from {@code stateDict} and keys of {@code stateDict} that this module lacks are errors too;
     * otherwise they are returned. Every problem is listed in one exception, in PyTorch's words,
     * and nothing is copied unless all checks pass. The values are copied (under no-grad), so the
     * parameters stay the same tensor objects an optimizer may already hold.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> stateDict, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> sizeMismatches = new ArrayList<>();
        for (Map.Entry<String, Tensor> entry : own.entrySet()) {
            Tensor given = stateDict.get(entry.getKey());
            if (given == null) {
                missing.add(entry.getKey());
            } else if (!entry.getValue().sameShape(given)) {
                sizeMismatches.add("size mismatch for " + entry.getKey() + ": copying a param with shape "
                        + Arrays.toString(given.shape()) + " from checkpoint, the shape in current model is "
                        + Arrays.toString(entry.getValue().shape()) + ".");
            }
        }
        for (String key : stateDict.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        List<String> errors = new ArrayList<>();
        if (strict && !unexpected.isEmpty()) {
            errors.add("Unexpected key(s) in state_dict: " + quoted(unexpected) + ".");
        }
        if (strict && !missing.isEmpty()) {
            errors.add("Missing key(s) in state_dict: " + quoted(missing) + ".");
        }
        errors.addAll(sizeMismatches);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + moduleName() + ":\n\t"
                    + String.join("\n\t", errors));
        }
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> entry : own.entrySet()) {
                Tensor given = stateDict.get(entry.getKey());
                if (given != null) {
                    entry.getValue().copy_(given);
                }
            }
        }
        return new LoadResult(missing, unexpected);
    }

    private static String quoted(List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            out.add("\"" + key + "\"");
        }
        return String.join(", ", out);
    }

    // ---------------------------------------------------------------- modes and gradients

    /** Sets training mode on this module and all descendants: {@code train(mode)}. Returns this. */
    public Module train(boolean mode) {
        for (Module module : namedModules().values()) {
            module.training = mode;
        }
        return this;
    }

    /** Training mode (dropout active): {@code train()}. Returns this. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode (dropout off): {@code eval()}. Returns this. */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode ({@code self.training}). */
    public final boolean isTraining() {
        return training;
    }

    /** Turns gradient tracking of every parameter on or off (freezing): {@code requires_grad_()}. */
    public final Module requiresGrad(boolean requires) {
        for (Tensor parameter : parameters()) {
            parameter.requiresGrad(requires);
        }
        return this;
    }

    /** Clears every parameter's gradient (sets it to null): {@code zero_grad(set_to_none=True)}. */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears every parameter's gradient: to null when {@code setToNone}, otherwise by filling the
     * existing gradient with zeros (PyTorch 1.13's default, which matters to optimizers that step
     * parameters whose gradient is zero but skip those whose gradient is None).
     */
    public final void zeroGrad(boolean setToNone) {
        for (Tensor parameter : parameters()) {
            if (setToNone || parameter.grad() == null) {
                parameter.zeroGrad();
            } else {
                parameter.grad().zero_();
            }
        }
    }

    // ---------------------------------------------------------------- printing

    /**
     * The text after the class name in this module's one-line repr, e.g.
     * {@code in_features=32, out_features=1, bias=True} ({@code extra_repr()}); empty by default.
     */
    protected String extraRepr() {
        return "";
    }

    /** The name printed for this module: the class's simple name, as PyTorch's {@code _get_name()}. */
    protected String moduleName() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /** The module tree exactly as PyTorch's {@code repr(module)} prints it. */
    @Override
    public String toString() {
        List<String> extraLines = new ArrayList<>();
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            extraLines.addAll(Arrays.asList(extra.split("\n", -1)));
        }
        List<String> childLines = new ArrayList<>();
        for (Map.Entry<String, Module> child : children.entrySet()) {
            childLines.add("(" + child.getKey() + "): " + indentAfterFirstLine(child.getValue().toString()));
        }
        StringBuilder out = new StringBuilder(moduleName()).append('(');
        if (extraLines.size() == 1 && childLines.isEmpty()) {
            out.append(extraLines.get(0));
        } else if (!extraLines.isEmpty() || !childLines.isEmpty()) {
            List<String> lines = new ArrayList<>(extraLines);
            lines.addAll(childLines);
            out.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return out.append(')').toString();
    }

    /** PyTorch's {@code _addindent(s, 2)}: every line but the first gains two spaces. */
    private static String indentAfterFirstLine(String text) {
        return text.replace("\n", "\n  ");
    }
}
