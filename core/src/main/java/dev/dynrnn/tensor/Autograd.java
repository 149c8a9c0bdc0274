package dev.dynrnn.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The backward walk: reverse-mode differentiation over the graph that the ops recorded.
 *
 * <p>Both passes are iterative (explicit stacks), so a graph made of a 100,000-step recurrence
 * does not overflow the Java stack. A node runs once all of its consumers have contributed to its
 * output gradient, which is what makes a tensor used twice receive the sum of both gradients.
 */
final class Autograd {
    private Autograd() {}

    /** Nodes the walks' lists and stacks have room for before they grow. */
    private static final int INITIAL_CAPACITY = 128;

    static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("element 0 of tensors does not require grad and does not have a grad_fn");
        }
        if (!Shapes.same(root.shape, gradient.shape)) {
            throw new IllegalArgumentException("backward: gradient of shape " + Shapes.format(gradient.shape())
                    + " does not match the tensor's shape " + Shapes.format(root.shape()));
        }
        root.data();   // refuses a root whose TensorScope took its storage back
        if (root.gradFn() == null) {
            accumulateIntoLeaf(root, gradient);
            return;
        }
        GradientBuffers buffers = GradientBuffers.get();
        var outerPass = buffers.begin();
        boolean completed = false;
        try (NoGrad ignored = NoGrad.enter()) {
            List<Node> nodes = reachableNodes(root.gradFn());
            run(root.gradFn(), gradient, retainGraph, nodes, buffers);
            completed = true;
        } finally {
            buffers.end(completed, outerPass);
        }
    }

    /**
     * Every node reachable from {@code start}, with {@code pendingConsumers} counted. A node is
     * marked {@code reached} (cleared with the other scratch fields when the walk ends) rather
     * than kept in a hash set.
     */
    private static List<Node> reachableNodes(Node start) {
        // sized for a small model's graph (an RNN and a head called per step): no regrowth there
        List<Node> order = new ArrayList<>(INITIAL_CAPACITY);
        ArrayDeque<Node> stack = new ArrayDeque<>(INITIAL_CAPACITY);
        stack.push(start);
        start.reached = true;
        start.pendingConsumers = 0;
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            order.add(node);
            for (Tensor input : node.inputs()) {
                Node producer = input == null ? null : input.gradFn();
                if (producer == null) {
                    continue;
                }
                if (!producer.reached) {
                    producer.reached = true;
                    producer.pendingConsumers = 0;
                    stack.push(producer);
                }
                producer.pendingConsumers++;
            }
        }
        return order;
    }

    private static void run(Node start, Tensor gradient, boolean retainGraph, List<Node> nodes,
                            GradientBuffers buffers) {
        ArrayDeque<Node> ready = new ArrayDeque<>(INITIAL_CAPACITY);
        start.pendingGrad = gradient;
        ready.push(start);
        try {
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor gradOutput = node.pendingGrad;
                node.pendingGrad = null;
                if (node.retainedOutput != null) {
                    accumulateIntoLeaf(node.retainedOutput, gradOutput);
                }
                Tensor[] inputs = node.inputs();
                if (node.slice != null) {
                    addIntoSlice(node, gradOutput, ready);
                    continue;
                }
                if (node.mayKeepGradient) {
                    buffers.kept(gradOutput.data());
                }
                Tensor[] gradInputs = node.apply(gradOutput);
                notAdoptableWhenShared(gradInputs);
                if (!retainGraph) {
                    node.release();
                }
                for (int i = 0; i < inputs.length; i++) {
                    Tensor input = inputs[i];
                    if (input == null || !input.requiresGrad()) {
                        continue;
                    }
                    Tensor gradInput = gradInputs[i];
                    if (gradInput != null) {
                        checkShape(node, i, input, gradInput);
                    }
                    Node producer = input.gradFn();
                    if (producer == null) {
                        if (gradInput != null) {
                            accumulateIntoLeaf(input, gradInput);
                        }
                        continue;
                    }
                    if (gradInput != null) {
                        accumulatePending(producer, gradInput);
                    }
                    if (--producer.pendingConsumers == 0) {
                        if (producer.pendingGrad == null) {
                            producer.pendingGrad = Tensor.zeros(input.shape());
                        }
                        ready.push(producer);
                    }
                }
            }
        } finally {
            for (Node node : nodes) {
                node.pendingGrad = null;
                node.pendingOwned = false;
                node.pendingConsumers = 0;
                node.reached = false;
            }
        }
    }

    /**
     * The backward of a select or narrow view: its gradient goes straight into that part of the
     * input's gradient (which the engine then owns), where the node's own backward would build
     * a zero tensor of the input's size around it. A loop that reads a sequence one step at a
     * time (x.select(1, t) for every t) so costs O(size) in backward rather than O(T * size).
     */
    private static void addIntoSlice(Node node, Tensor gradOutput, ArrayDeque<Node> ready) {
        Tensor input = node.inputs()[0];
        if (!input.requiresGrad()) {
            return;
        }
        checkShape(node, gradOutput, node.slice, input);
        Node producer = input.gradFn();
        Tensor target;
        if (producer == null) {
            if (input.grad == null) {
                input.grad = Tensor.zeros(input.shape);
            }
            target = input.grad;
        } else {
            if (!producer.pendingOwned) {
                Tensor owned = Tensor.zeros(input.shape);
                if (producer.pendingGrad != null) {
                    owned.addInPlace(producer.pendingGrad);
                }
                producer.pendingGrad = owned;
                producer.pendingOwned = true;
            }
            target = producer.pendingGrad;
        }
        addIntoPart(target, node.slice, gradOutput);
        if (producer != null && --producer.pendingConsumers == 0) {
            ready.push(producer);
        }
    }

    /**
     * target[slice] += gradOutput. Both contiguous (the engine's own sums always are): target seen
     * as (outer, size along the dim, inner), the slice's rows are runs of length * inner, added
     * without making a view; otherwise through a view of the slice.
     */
    private static void addIntoPart(Tensor target, Node.Slice slice, Tensor gradOutput) {
        if (!target.isContiguous() || !gradOutput.isContiguous()) {
            Tensor part = slice.dropsDim() ? target.select(slice.dim(), slice.start())
                    : target.narrow(slice.dim(), slice.start(), slice.length());
            part.addInPlace(gradOutput);
            return;
        }
        int outer = Reductions.outer(target.shape, slice.dim());
        int inner = Reductions.inner(target.shape, slice.dim());
        int run = slice.length() * inner;
        int stride = target.shape[slice.dim()] * inner;
        float[] t = target.data();
        float[] g = gradOutput.data();
        for (int o = 0; o < outer; o++) {
            int to = target.offset + o * stride + slice.start() * inner;
            int from = gradOutput.offset + o * run;
            for (int i = 0; i < run; i++) {
                t[to + i] += g[from + i];
            }
        }
    }

    /** The gradient must have the view's shape: the input's, with the slice's dim removed or resized. */
    private static void checkShape(Node node, Tensor gradOutput, Node.Slice slice, Tensor input) {
        int[] in = input.shape;
        int[] g = gradOutput.shape;
        boolean ok = g.length == in.length - (slice.dropsDim() ? 1 : 0);
        for (int d = 0, j = 0; ok && d < in.length; d++) {
            if (d == slice.dim()) {
                if (!slice.dropsDim()) {
                    ok = g[j++] == slice.length();
                }
            } else {
                ok = g[j++] == in[d];
            }
        }
        if (!ok) {
            throw new IllegalStateException("Function " + node.name() + " got a gradient of shape " + Shapes.format(g)
                    + " for a slice along dim " + slice.dim() + " of an input of shape " + Shapes.format(in));
        }
    }

    /**
     * Adds one consumer's contribution to a node's output gradient. The first is kept as given
     * (it may be a view of another gradient); the second starts a sum the engine owns, which
     * later contributions are added to in place, so k contributions cost one new tensor, not k - 1.
     */
    private static void accumulatePending(Node producer, Tensor gradInput) {
        if (producer.pendingGrad == null) {
            producer.pendingGrad = gradInput;
            producer.pendingOwned = adopt(gradInput);
        } else if (producer.pendingOwned) {
            producer.pendingGrad.addInPlace(gradInput);
        } else {
            producer.pendingGrad = producer.pendingGrad.add(gradInput);
            producer.pendingOwned = true;
        }
    }

    private static void checkShape(Node node, int index, Tensor input, Tensor gradInput) {
        if (!Shapes.same(input.shape, gradInput.shape)) {
            throw new IllegalStateException("Function " + node.name() + " returned an invalid gradient at index "
                    + index + " - got " + Shapes.format(gradInput.shape()) + " but expected shape compatible with "
                    + Shapes.format(input.shape()));
        }
    }

    /**
     * A fresh gradient that a backward returned at two indices, or with a view of it at another
     * index, is adopted by neither: the producer that adopted it would add its other
     * contributions into it in place, under the other producer's gradient.
     */
    private static void notAdoptableWhenShared(Tensor[] gradInputs) {
        for (int i = 0; i < gradInputs.length; i++) {
            Tensor gradient = gradInputs[i];
            if (gradient == null || !gradient.freshGradient) {
                continue;
            }
            for (int j = 0; j < gradInputs.length; j++) {
                if (j != i && gradInputs[j] != null && gradInputs[j].data() == gradient.data()) {
                    gradient.freshGradient = false;
                    break;
                }
            }
        }
    }

    /**
     * Leaves own their gradient: the first arrival is copied (or adopted, when fresh), later ones
     * are added in place.
     */
    static void accumulateIntoLeaf(Tensor leaf, Tensor gradient) {
        if (leaf.grad == null) {
            if (adopt(gradient)) {
                GradientBuffers.get().kept(gradient.data());
                leaf.grad = gradient;
            } else {
                leaf.grad = gradient.contiguousCopy();
            }
        } else {
            leaf.grad.addInPlace(gradient);
        }
    }

    /**
     * True when the engine may keep {@code gradient} itself as a sum it owns: it was made by
     * {@link Tensor#wrapGradient} (fresh storage nobody else holds) and not adopted before. The
     * flag is cleared here, so a tensor a backward returned at two indices is adopted at most
     * once, and one that goes on to be passed along (the incoming gradient of the next node,
     * returned as is by a view's backward) is never added into in place.
     */
    private static boolean adopt(Tensor gradient) {
        if (!gradient.freshGradient) {
            return false;
        }
        gradient.freshGradient = false;
        return true;
    }
}
