package dev.dynrnn.tensor;

/**
 * One recorded operation in the autograd graph: PyTorch's {@code grad_fn}.
 *
 * <p>A node knows the tensors it was computed from and a {@link BackwardFunction} that maps the
 * gradient of its output to the gradients of those inputs. Nodes are created by the ops as they
 * run (define-by-run), so the graph is exactly the computation that happened this time.
 */
public final class Node {
    private final String name;
    private final Tensor[] inputs;
    private final boolean savesTensors;
    /**
     * Whether the backward function may keep dL/d(output) after it returns (a user's function
     * not marked {@link PureBackward}): the engine then never reuses that gradient's storage.
     */
    final boolean mayKeepGradient;
    private BackwardFunction function;

    /**
     * For select and narrow views: which part of the input the output is, so that backward adds
     * the output's gradient into that part of the input's gradient directly (see Autograd).
     */
    record Slice(int dim, int start, int length, boolean dropsDim) {}

    /** Set by select and narrow; null for every other node. */
    Slice slice;

    /** The output tensor, kept only when it asked to {@link Tensor#retainGrad() retain} its gradient. */
    Tensor retainedOutput;

    // Scratch state of one backward walk (see Autograd): the gradient summed so far and the
    // number of consumers whose contribution has not arrived yet.
    Tensor pendingGrad;
    /** Whether pendingGrad is a sum the engine made (so it may add into it in place). */
    boolean pendingOwned;
    int pendingConsumers;
    /** Whether the current walk has found this node. */
    boolean reached;

    Node(String name, BackwardFunction function, boolean savesTensors, boolean mayKeepGradient, Tensor... inputs) {
        this.name = name;
        this.function = function;
        this.savesTensors = savesTensors;
        this.mayKeepGradient = mayKeepGradient;
        this.inputs = inputs;
    }

    /** PyTorch's name for this node, e.g. {@code MulBackward0}. */
    public String name() {
        return name;
    }

    /** The tensors this node's output was computed from, in argument order. */
    Tensor[] inputs() {
        return inputs;
    }

    /**
     * Applies the backward function; fails clearly when its saved values were already freed, or
     * when an input's storage went back to its {@link TensorScope}.
     */
    Tensor[] apply(Tensor gradOutput) {
        if (function == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access "
                    + "saved tensors after they have already been freed). Saved intermediate values of the graph are "
                    + "freed when you call backward(). Specify retainGraph=true if you need to backward through the "
                    + "graph a second time (node " + name + ")");
        }
        for (Tensor input : inputs) {
            // its function may read the input's storage, or arrays the forward wrote beside it
            if (input != null && input.lease != null && input.lease.released) {
                throw input.lease.releasedError();
            }
        }
        return function.apply(gradOutput);
    }

    /** Drops the saved values (what {@code retain_graph=False} does after a backward pass). */
    void release() {
        if (savesTensors && function != null) {
            BackwardFunction released = function;
            function = null;
            released.release();
        }
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }

    /**
     * The derivative rule of one op: given dL/d(output), returns dL/d(input) for each input in
     * order (null for an input that needs none). Runs with gradient recording off.
     */
    @FunctionalInterface
    public interface BackwardFunction {
        Tensor[] apply(Tensor gradOutput);

        /**
         * Called once when the graph frees this node's saved values (after a backward pass
         * without retainGraph): an op whose saved buffers came from a pool may return them here,
         * since nothing will read them again. Does nothing by default.
         */
        default void release() {}
    }

    /**
     * A backward function that reads dL/d(output) only while it runs: it keeps neither that
     * tensor nor a view of it once it returns (returning it, or views of it, as input gradients
     * is fine; the engine follows those). The engine may then reuse the storage of the gradients
     * it hands to such functions once the backward pass is over (see {@link Tensor#gradientStorage}).
     * Every built-in op's backward is pure; a {@link Tensor#customOp} function is treated as
     * possibly keeping its gradient unless it implements this interface.
     */
    @FunctionalInterface
    public interface PureBackward extends BackwardFunction {}
}
