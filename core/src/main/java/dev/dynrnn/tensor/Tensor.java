package dev.dynrnn.tensor;

import dev.dynrnn.random.Generator;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-dimensional array of float32 values that records, as it is computed, how to
 * differentiate it: PyTorch's {@code torch.Tensor}.
 *
 * <p>Storage is a {@code float[]} shared by views; a tensor is the triple (shape, strides,
 * offset) over it. Views are returned where PyTorch returns views (view, transpose, permute,
 * select, narrow, expand, unsqueeze, squeeze, detach); writes through a view are seen by the
 * tensor it views.
 *
 * <p>Autograd is define-by-run: every op on tensors that {@link #requiresGrad() require grad}
 * records a {@link Node} on its output, so {@link #backward()} differentiates exactly the
 * computation that ran, whatever loops and branches produced it.
 *
 * <p>Method names follow PyTorch's (camelCase); names ending in {@code _} work in place.
 */
public final class Tensor {
    /** Read through {@link #data()}, which refuses a tensor whose scope took its storage back. */
    private final float[] data;
    /** Set when the storage was lent by a {@link TensorScope}: shared by every view of it; else null. */
    final TensorScope.Lease lease;
    final int[] shape;
    final int[] strides;
    final int offset;
    /** The product of the shape, asked for by nearly every op. */
    private final int numel;
    /**
     * {@link #isContiguous()} once known: 0 not yet, 1 yes, 2 no. Shape, strides and offset are
     * final, so the answer never changes, and ops ask it of the same tensor several times.
     */
    private byte contiguity;

    private boolean requiresGrad;
    Tensor grad;
    /**
     * Set only by {@link #wrapGradient}: the storage was just allocated for this tensor and nothing
     * else holds it, so the backward engine may adopt it (as a leaf's grad, or as a sum it adds
     * into) instead of copying it. The engine clears it when it adopts the tensor.
     */
    boolean freshGradient;
    private Node gradFn;

    Tensor(float[] data, int[] shape, int[] strides, int offset) {
        this(data, shape, strides, offset, Shapes.numel(shape));
    }

    /** For views and wraps whose element count is already known: {@code numel} is the product of {@code shape}. */
    Tensor(float[] data, int[] shape, int[] strides, int offset, int numel) {
        this(data, shape, strides, offset, numel, null);
    }

    /** A tensor over storage lent by a scope ({@code lease}), or a view of such a tensor. */
    Tensor(float[] data, int[] shape, int[] strides, int offset, int numel, TensorScope.Lease lease) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = numel;
        this.lease = lease;
    }

    /** A view over this tensor's storage (sharing its lease, if any). */
    Tensor viewOf(int[] shape, int[] strides, int offset, int numel) {
        return new Tensor(data(), shape, strides, offset, numel, lease);
    }

    /** A view over this tensor's storage whose element count is the product of {@code shape}. */
    Tensor viewOf(int[] shape, int[] strides, int offset) {
        return viewOf(shape, strides, offset, Shapes.numel(shape));
    }

    /**
     * The storage, for the ops of this package; throws when a {@link TensorScope} took it back
     * (another tensor may be using it now).
     */
    float[] data() {
        if (lease != null && lease.released) {
            throw lease.releasedError();
        }
        return data;
    }

    /**
     * A contiguous tensor over {@code data} itself, not a copy: for kernels that produce arrays.
     * {@code data.length} must equal the product of {@code shape}.
     */
    public static Tensor wrap(float[] data, int... shape) {
        int numel = Shapes.numel(shape);
        if (data.length != numel) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " is invalid for input of size "
                    + data.length);
        }
        return new Tensor(data, shape, Shapes.contiguousStrides(shape), 0, numel);
    }

    /**
     * {@link #wrap} for a gradient that a backward function returns: {@code data} was allocated by
     * that function for this result alone (no other tensor is over it) and is neither kept nor
     * written by it afterwards. The engine may then make it a leaf's {@code grad}, or the sum it
     * adds later contributions into, without copying it (at most once, should the tensor be
     * returned at two indices). Values are as with {@link #wrap}.
     */
    public static Tensor wrapGradient(float[] data, int... shape) {
        Tensor t = wrap(data, shape);
        t.freshGradient = true;
        return t;
    }

    /**
     * Records a custom differentiable op, as {@code torch.autograd.Function}: {@code output} is a
     * fresh tensor computed from {@code inputs} with recording off, and {@code backward} maps
     * dL/d(output) to dL/d(input) for each input (null where none). Does nothing when recording
     * is off or no input requires grad. Returns {@code output}.
     */
    public static Tensor customOp(Tensor output, String name, Node.BackwardFunction backward, Tensor... inputs) {
        if (output.gradFn != null) {
            throw new IllegalArgumentException("customOp: the output of " + name + " already has a grad_fn "
                    + output.gradFn.name() + "; compute it with recording off");
        }
        if (recording(inputs)) {
            output.gradFn = new Node(name, backward, true, !(backward instanceof Node.PureBackward), inputs);
            output.requiresGrad = true;
        }
        return output;
    }

    /**
     * A zero-filled array of {@code length} floats for a gradient that a backward function
     * computes and returns through {@link #wrapGradient}. During a backward pass, large arrays
     * (16 KiB and more) are reused from one pass to the next: the engine takes back, when the
     * pass is over, those that no leaf kept as its {@code grad} and no function that may keep its
     * gradient received (see {@link Node.PureBackward}). So a training loop does not allocate
     * its activations' gradients again every iteration. Outside a backward pass (and on other
     * threads) this is {@code new float[length]}. The function must not keep the array.
     */
    public static float[] gradientStorage(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("gradientStorage: negative length " + length);
        }
        return length < GradientBuffers.MIN_LENGTH ? new float[length] : GradientBuffers.get().take(length);
    }

    // ---------------------------------------------------------------- creation

    /** Zeros of the given shape: {@code torch.zeros}. */
    public static Tensor zeros(int... shape) {
        Shapes.checkSizes(shape);
        int[] own = shape.clone();
        int numel = Shapes.numel(own);
        return new Tensor(new float[numel], own, Shapes.contiguousStrides(own), 0, numel);
    }

    /**
     * A tensor of the given shape for an op to write its result into: {@code torch.empty}, except
     * that its elements are zero (Java has no uninitialised arrays, and storage lent again is
     * cleared), so an op may add into it. Inside a {@link TensorScope}, storage of at least
     * {@value TensorScope#MIN_LENGTH} floats is lent by the scope and taken back when it closes;
     * otherwise it is a new array. Use it for what an op returns, never for state that outlives
     * a training step (parameters, optimizer state): those are made with {@link #zeros}.
     */
    public static Tensor empty(int... shape) {
        Shapes.checkSizes(shape);
        int[] own = shape.clone();
        int numel = Shapes.numel(own);
        TensorScope scope = numel < TensorScope.MIN_LENGTH ? null : TensorScope.current();
        if (scope == null) {
            return new Tensor(new float[numel], own, Shapes.contiguousStrides(own), 0, numel);
        }
        TensorScope.Lease lease = scope.lend(numel);
        return new Tensor(lease.array, own, Shapes.contiguousStrides(own), 0, numel, lease);
    }

    /** Ones of the given shape: {@code torch.ones}. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor filled with {@code value}: {@code torch.full}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data(), value);
        return t;
    }

    /** Zeros shaped like {@code other}: {@code torch.zeros_like}. */
    public static Tensor zerosLike(Tensor other) {
        return zeros(other.shape);
    }

    /** Ones shaped like {@code other}: {@code torch.ones_like}. */
    public static Tensor onesLike(Tensor other) {
        return ones(other.shape);
    }

    /** A 0-dim tensor holding {@code value}: {@code torch.tensor(value)}. */
    public static Tensor scalar(float value) {
        return wrap(new float[] {value});
    }

    /** A 1-D tensor holding a copy of {@code values}: {@code torch.tensor([..])}. */
    public static Tensor of(float... values) {
        return wrap(values.clone(), values.length);
    }

    /** A copy of {@code values} viewed as {@code shape} (numel must match). */
    public static Tensor of(float[] values, int... shape) {
        Shapes.checkSizes(shape);
        if (Shapes.numel(shape) != values.length) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " is invalid for input of size "
                    + values.length);
        }
        return wrap(values.clone(), shape.clone());
    }

    /** A 2-D tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("expected sequence of length " + cols + " at dim 1 (got "
                        + rows[r].length + " at row " + r + ")");
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return wrap(flat, rows.length, cols);
    }

    /** A 3-D tensor from nested arrays of equal lengths. */
    public static Tensor of(float[][][] blocks) {
        int rows = blocks.length == 0 ? 0 : blocks[0].length;
        int cols = rows == 0 ? 0 : blocks[0][0].length;
        float[] flat = new float[blocks.length * rows * cols];
        for (int b = 0; b < blocks.length; b++) {
            Tensor block = of(blocks[b]);
            if (block.shape[0] != rows || (rows > 0 && block.shape[1] != cols)) {
                throw new IllegalArgumentException("expected sequence of shape [" + rows + ", " + cols
                        + "] at dim 0 index " + b + " (got " + Shapes.format(block.shape) + ")");
            }
            System.arraycopy(block.data(), 0, flat, b * rows * cols, rows * cols);
        }
        return wrap(flat, blocks.length, rows, cols);
    }

    /**
     * Values {@code start, start+step, ...} below {@code end}: {@code torch.arange(start, end, step)},
     * {@code ceil((end - start) / step)} of them, bit for bit PyTorch's (see {@link Ranges}).
     */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be nonzero");
        }
        if (!Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: unsupported range: " + start + " -> " + end + " (step " + step + ")");
        }
        if ((end - start) / step < 0) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign"
                    + " (start " + start + ", end " + end + ", step " + step + ")");
        }
        double size = Math.ceil((end - start) / step);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: " + size + " elements are more than a Java array holds");
        }
        int n = (int) size;
        return wrap(Ranges.arange(start, step, n), n);
    }

    /** {@code 0, 1, ..., end-1}: {@code torch.arange(end)}. */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /**
     * {@code steps} evenly spaced values from {@code start} to {@code end} inclusive:
     * {@code torch.linspace}. As in PyTorch, the first half counts up from the start and the
     * second half down from the end, so both endpoints are exact; the values are bit for bit
     * PyTorch's (see {@link Ranges}).
     */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        }
        float[] values = steps == 1 ? new float[] {(float) start}
                : steps == 0 ? new float[0] : Ranges.linspace((float) start, (float) end, steps);
        return wrap(values, steps);
    }

    /** Uniform values in [0, 1) from the default generator: {@code torch.rand}. */
    public static Tensor rand(int... shape) {
        return rand(Generator.defaultGenerator(), shape);
    }

    /** Uniform values in [0, 1) from {@code generator}: {@code torch.rand(..., generator=g)}. */
    public static Tensor rand(Generator generator, int... shape) {
        return zeros(shape).uniform_(0, 1, generator);
    }

    /** Standard normal values from the default generator: {@code torch.randn}. */
    public static Tensor randn(int... shape) {
        return randn(Generator.defaultGenerator(), shape);
    }

    /** Standard normal values from {@code generator}. */
    public static Tensor randn(Generator generator, int... shape) {
        return zeros(shape).normal_(0, 1, generator);
    }

    /** Reseeds the default generator: {@code torch.manual_seed}. */
    public static void manualSeed(long seed) {
        Generator.defaultGenerator().manualSeed(seed);
    }

    // ---------------------------------------------------------------- metadata

    /** The size of every dim (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** PyTorch's {@code size()}: same as {@link #shape()}. */
    public int[] size() {
        return shape.clone();
    }

    /** The size of one dim; negative dims count from the end. */
    public int size(int dim) {
        return shape[Shapes.wrapDim("size", dim, shape.length)];
    }

    /** Number of dims. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return numel;
    }

    /** Elements to skip in storage to move one step along each dim (a copy). */
    public int[] stride() {
        return strides.clone();
    }

    /** Where element [0, ..., 0] sits in {@link #storage()}. */
    public int storageOffset() {
        return offset;
    }

    /**
     * The backing array, shared with every view of it. For kernels and optimizers that work on
     * raw arrays; writing to it bypasses autograd.
     *
     * @throws IllegalStateException when the {@link TensorScope} that lent the storage has closed
     *                               and the tensor was not kept
     */
    public float[] storage() {
        return data();
    }

    /**
     * True when the elements are laid out row-major without gaps from {@link #storageOffset()}
     * (always for an empty tensor, as in PyTorch).
     */
    public boolean isContiguous() {
        if (contiguity == 0) {
            contiguity = rowMajorWithoutGaps() ? (byte) 1 : (byte) 2;
        }
        return contiguity == 1;
    }

    private boolean rowMajorWithoutGaps() {
        if (numel == 0) {
            return true;
        }
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** True when this tensor and {@code other} have the same shape. */
    public boolean sameShape(Tensor other) {
        return Shapes.same(shape, other.shape);
    }

    /**
     * True when the shape is {@code dims}: PyTorch's {@code t.shape == (d0, d1, ...)}, without
     * the copy that {@link #shape()} makes (layers check their inputs with it on every call).
     */
    public boolean hasShape(int... dims) {
        return Arrays.equals(shape, dims);
    }

    // ---------------------------------------------------------------- element access

    /** The value of a one-element tensor: {@code item()}. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        }
        return data()[offset];
    }

    /** The element at {@code index} (one index per dim; negative indices count from the end). */
    public float get(int... index) {
        return data()[storageIndex("get", index)];
    }

    /** Sets the element at {@code index}, bypassing autograd (like writing through {@code .data}). */
    public void set(float value, int... index) {
        checkInPlace("set");
        data()[storageIndex("set", index)] = value;
    }

    private int storageIndex(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for a tensor of shape "
                    + Shapes.format(shape) + ", got " + index.length);
        }
        int position = offset;
        for (int d = 0; d < shape.length; d++) {
            position += checkIndex(op, d, index[d]) * strides[d];
        }
        return position;
    }

    int checkIndex(String op, int dim, int index) {
        int size = shape[dim];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of bounds for dimension " + dim
                    + " with size " + size);
        }
        return index < 0 ? index + size : index;
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        return contiguousCopy().data();
    }

    /** Row-major elements as doubles (handy for printing and comparison). */
    public double[] toDoubleArray() {
        float[] values = toArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients are computed for this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as needing its gradient: {@code requires_grad_()}. Returns this. */
    public Tensor requiresGrad(boolean requires) {
        if (gradFn != null && !requires) {
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want "
                    + "to use a computed variable in a subgraph that doesn't require differentiation use "
                    + "var_no_grad = var.detach().");
        }
        requiresGrad = requires;
        return this;
    }

    /** The gradient accumulated by backward, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient (null clears it). */
    public void setGrad(Tensor gradient) {
        if (gradient != null && !sameShape(gradient)) {
            throw new IllegalArgumentException("assigned grad has data of a different size: "
                    + Shapes.format(gradient.shape) + " vs tensor " + Shapes.format(shape));
        }
        grad = gradient;
    }

    /** The node that produced this tensor ({@code grad_fn}), or null for leaves. */
    public Node gradFn() {
        return gradFn;
    }

    /** True for tensors not produced by a recorded op: user-created ones and parameters. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Keeps this non-leaf tensor's gradient in {@link #grad()} during backward: {@code retain_grad()}. */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        }
        if (gradFn != null) {
            gradFn.retainedOutput = this;
        }
        return this;
    }

    /** Backward from a one-element tensor, freeing the graph's saved values: {@code backward()}. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("grad can be implicitly created only for scalar outputs (got shape "
                    + Shapes.format(shape) + ")");
        }
        backward(onesLike(this), false);
    }

    /** Backward with an explicit gradient of this tensor's shape. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /**
     * Backward with an explicit gradient; {@code retainGraph} keeps the saved values so the graph
     * can be walked again ({@code retain_graph=True}).
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    /** A view of the same storage cut from the graph: {@code detach()}. */
    public Tensor detach() {
        return viewOf(shape, strides, offset, numel);
    }

    /** Clears the accumulated gradient (sets it to null, as PyTorch's default {@code zero_grad}). */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Attaches a node when recording is on and any input requires grad; returns this. For the
     * built-in ops, whose backward functions are all {@link Node.PureBackward pure}.
     */
    Tensor recordIfNeeded(String name, boolean savesTensors, Node.BackwardFunction backward, Tensor... inputs) {
        if (recording(inputs)) {
            gradFn = new Node(name, backward, savesTensors, false, inputs);
            requiresGrad = true;
        }
        return this;
    }

    /**
     * True when the op about to run on {@code inputs} will be recorded. The inputs' flags are read
     * first: the grad mode is a thread-local lookup, which ops on tensors that need no gradient
     * (data, and the views and temporaries taken inside other ops and backward functions) skip.
     */
    static boolean recording(Tensor... inputs) {
        for (Tensor input : inputs) {
            if (input != null && input.requiresGrad) {
                return GradMode.isEnabled();
            }
        }
        return false;
    }

    void checkInPlace(String op) {
        if (requiresGrad && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a " + (gradFn == null ? "leaf Variable" : "tensor")
                    + " that requires grad is being used in an in-place operation; wrap it in NoGrad.enter()");
        }
    }

    // ---------------------------------------------------------------- copies and views

    /** A tensor with the same values laid out contiguously (this one when it already is). */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.contiguous(this);
    }

    /**
     * A new contiguous tensor with a copy of the values: {@code clone()}. Differentiable. The copy
     * is always a new array, never one lent by a {@link TensorScope}.
     */
    public Tensor clone() {
        return Views.cloneOf(this);
    }

    /** A contiguous copy with no autograd history. */
    Tensor contiguousCopy() {
        return wrap(Strided.toContiguousArray(this), shape.clone());
    }

    /** A view with a new shape (one dim may be -1); must be compatible with the strides. */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /** A view when possible, otherwise a copy, with a new shape: {@code reshape}. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** All dims flattened into one: {@code flatten()} (a 1-D tensor is returned as is, as in PyTorch). */
    public Tensor flatten() {
        return shape.length == 1 ? this : reshape(-1);
    }

    /** Swaps two dims (a view): {@code transpose(dim0, dim1)}. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** Transpose of a tensor of at most 2 dims: {@code t()}. */
    public Tensor t() {
        return Views.t(this);
    }

    /** Reorders the dims (a view): {@code permute}. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Inserts a dim of size 1 (a view). */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Removes every dim of size 1 (a view). */
    public Tensor squeeze() {
        return Views.squeeze(this, -1, true);
    }

    /** Removes {@code dim} if its size is 1 (a view). */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim, false);
    }

    /** The slice at {@code index} along {@code dim}, which is removed (a view): {@code select}, {@code x[:, i]}. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Elements {@code start..start+length-1} along {@code dim} (a view): {@code narrow}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Python's {@code x[..., start:end]} on {@code dim} (a view); negative bounds count from the end. */
    public Tensor slice(int dim, int start, int end) {
        int d = Shapes.wrapDim("slice", dim, shape.length);
        int size = shape[d];
        int from = Math.max(0, Math.min(size, start < 0 ? start + size : start));
        int to = Math.max(from, Math.min(size, end < 0 ? end + size : end));
        return narrow(d, from, to - from);
    }

    /** Broadcasts to a larger shape without copying (stride 0); -1 keeps a size: {@code expand}. */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /** Broadcasts to {@code other}'s shape. */
    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /** The entries at {@code indices} along {@code dim}, copied: {@code index_select}. */
    public Tensor indexSelect(int dim, int... indices) {
        return Joining.indexSelect(this, dim, indices);
    }

    /** Concatenation along an existing dim: {@code torch.cat}. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Joining.cat(tensors, dim);
    }

    /** Joins tensors of one shape along a new dim: {@code torch.stack}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joining.stack(tensors, dim);
    }

    /** Splits into chunks of {@code size} along {@code dim} (views): {@code split}. */
    public List<Tensor> split(int size, int dim) {
        return Joining.split(this, size, dim);
    }

    /**
     * Splits into views of the given sizes along {@code dim}, which must add up to its size:
     * {@code split(split_sizes, dim)} ({@code split_with_sizes}). Backward costs
     * O(numel log pieces), not O(numel pieces), so a sequence can be cut into its time steps.
     */
    public List<Tensor> split(int[] sizes, int dim) {
        return Joining.splitWithSizes(this, sizes, dim);
    }

    /** Splits into {@code chunks} nearly equal views along {@code dim}: {@code chunk}. */
    public List<Tensor> chunk(int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        }
        int d = Shapes.wrapDim("chunk", dim, shape.length);
        return split((shape[d] + chunks - 1) / chunks, d);
    }

    /** The slices along {@code dim}, each without that dim (views): {@code unbind}. */
    public List<Tensor> unbind(int dim) {
        int d = Shapes.wrapDim("unbind", dim, shape.length);
        Tensor[] parts = new Tensor[shape[d]];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Views.select(this, d, i, "UnbindBackward0");
        }
        return List.of(parts);
    }

    // ---------------------------------------------------------------- pointwise

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Pointwise.binary(Pointwise.Binary.ADD, this, other);
    }

    /** {@code this + alpha * other}, broadcasting: {@code add(other, alpha=...)}. */
    public Tensor add(Tensor other, float alpha) {
        return add(other.mul(alpha));
    }

    /** {@code this + value}. */
    public Tensor add(float value) {
        return Pointwise.addScalar(this, value, "AddBackward0");
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Pointwise.binary(Pointwise.Binary.SUB, this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(float value) {
        return Pointwise.addScalar(this, -value, "SubBackward0");
    }

    /** {@code value - this}: {@code rsub}. */
    public Tensor rsub(float value) {
        return Pointwise.rsubScalar(this, value);
    }

    /** {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return Pointwise.binary(Pointwise.Binary.MUL, this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(float value) {
        return Pointwise.mulScalar(this, value);
    }

    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) {
        return Pointwise.binary(Pointwise.Binary.DIV, this, other);
    }

    /** {@code this / value} (a true division, as PyTorch's). */
    public Tensor div(float value) {
        return Pointwise.divScalar(this, value);
    }

    /** {@code this ^ other} elementwise, broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Pointwise.binary(Pointwise.Binary.POW, this, exponent);
    }

    /** {@code this ^ exponent} elementwise. */
    public Tensor pow(float exponent) {
        return Pointwise.powScalar(this, exponent);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Pointwise.unary(Pointwise.Unary.NEG, this);
    }

    /** {@code e^this}. */
    public Tensor exp() {
        return Pointwise.unary(Pointwise.Unary.EXP, this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Pointwise.unary(Pointwise.Unary.LOG, this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Pointwise.unary(Pointwise.Unary.SQRT, this);
    }

    /** Absolute value (gradient 0 at 0, as PyTorch's sign). */
    public Tensor abs() {
        return Pointwise.unary(Pointwise.Unary.ABS, this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Pointwise.unary(Pointwise.Unary.TANH, this);
    }

    /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public Tensor sigmoid() {
        return Pointwise.unary(Pointwise.Unary.SIGMOID, this);
    }

    /** {@code max(x, 0)} (gradient 0 at 0, as PyTorch). */
    public Tensor relu() {
        return Pointwise.unary(Pointwise.Unary.RELU, this);
    }

    /** Limits values to [min, max]; gradient 1 inside the range (inclusive), 0 outside. */
    public Tensor clamp(float min, float max) {
        return Pointwise.clamp(this, min, max, "ClampBackward1");
    }

    /** Limits values to at least {@code min}. */
    public Tensor clampMin(float min) {
        return Pointwise.clamp(this, min, Float.POSITIVE_INFINITY, "ClampMinBackward0");
    }

    /** Limits values to at most {@code max}. */
    public Tensor clampMax(float max) {
        return Pointwise.clamp(this, Float.NEGATIVE_INFINITY, max, "ClampMaxBackward0");
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (0-dim). */
    public Tensor sum() {
        return Reductions.sumAll(this);
    }

    /** Sum over {@code dim}. */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, dim, keepdim);
    }

    /** Sum over {@code dim}, dropping it. */
    public Tensor sum(int dim) {
        return sum(dim, false);
    }

    /** Mean of all elements (0-dim): the sum divided by {@code numel()} (nan when empty, as PyTorch). */
    public Tensor mean() {
        return Reductions.meanAll(this);
    }

    /** Mean over {@code dim}: the sum over it divided by its size. */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, dim, keepdim);
    }

    /** Mean over {@code dim}, dropping it. */
    public Tensor mean(int dim) {
        return mean(dim, false);
    }

    /** Largest element (0-dim); the gradient is shared evenly among ties, as PyTorch's amax. */
    public Tensor max() {
        return Reductions.maxAll(this);
    }

    /** Largest element along {@code dim} (values of {@code torch.max(x, dim)}); gradient to the first max. */
    public Tensor max(int dim, boolean keepdim) {
        return Reductions.max(this, dim, keepdim);
    }

    /** Largest element along {@code dim}, dropping it: {@code torch.max(x, dim).values}. */
    public Tensor max(int dim) {
        return max(dim, false);
    }

    /** Index of the largest element along {@code dim} (first one on ties), as float values. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.argmax(this, dim, keepdim);
    }

    /** Index of the largest element along {@code dim}, dropping it. */
    public Tensor argmax(int dim) {
        return argmax(dim, false);
    }

    /** Row-major index of the largest element (0-dim, first one on ties): {@code torch.argmax(x)}. */
    public Tensor argmax() {
        return Reductions.argmax(detach().reshape(-1), 0, false);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product with PyTorch's {@code matmul} rules: 1-D x 1-D is a dot product, 2-D x 2-D a
     * matrix product, a 1-D operand is promoted to a matrix and the added dim removed afterwards,
     * and leading (batch) dims broadcast.
     */
    public Tensor matmul(Tensor other) {
        return Matmul.matmul(this, other);
    }

    // ---------------------------------------------------------------- in place (no autograd)

    /** Adds {@code other} (broadcast to this shape) in place: {@code add_}. */
    public Tensor add_(Tensor other) {
        checkInPlace("add_");
        addInPlace(other);
        return this;
    }

    /** Adds {@code alpha * other} in place: {@code add_(other, alpha=...)}. */
    public Tensor add_(Tensor other, float alpha) {
        checkInPlace("add_");
        InPlace.axpy(this, alpha, other);
        return this;
    }

    /** Adds a scalar in place. */
    public Tensor add_(float value) {
        checkInPlace("add_");
        InPlace.apply(this, x -> x + value);
        return this;
    }

    /** Multiplies by {@code other} in place. */
    public Tensor mul_(Tensor other) {
        checkInPlace("mul_");
        InPlace.combine(this, other, (a, b) -> a * b);
        return this;
    }

    /** Multiplies by a scalar in place. */
    public Tensor mul_(float value) {
        checkInPlace("mul_");
        InPlace.apply(this, x -> x * value);
        return this;
    }

    /** Divides by {@code other} in place. */
    public Tensor div_(Tensor other) {
        checkInPlace("div_");
        InPlace.combine(this, other, (a, b) -> a / b);
        return this;
    }

    /** {@code this += value * t1 * t2}: {@code addcmul_}. */
    public Tensor addcmul_(Tensor t1, Tensor t2, float value) {
        checkInPlace("addcmul_");
        InPlace.addcmul(this, t1, t2, value);
        return this;
    }

    /** {@code this += value * t1 / t2}: {@code addcdiv_}. */
    public Tensor addcdiv_(Tensor t1, Tensor t2, float value) {
        checkInPlace("addcdiv_");
        InPlace.addcdiv(this, t1, t2, value);
        return this;
    }

    /** Copies {@code source} (broadcast to this shape) into this tensor: {@code copy_}. */
    public Tensor copy_(Tensor source) {
        checkInPlace("copy_");
        InPlace.combine(this, source, (a, b) -> b);
        return this;
    }

    /** Sets every element to 0: {@code zero_}. */
    public Tensor zero_() {
        return fill_(0f);
    }

    /** Sets every element to {@code value}: {@code fill_}. */
    public Tensor fill_(float value) {
        checkInPlace("fill_");
        // one Arrays.fill when contiguous: zeroGrad(false) clears every gradient this way per
        // step, and without the capturing lambda below, whose creation did not compile to a
        // plain allocation there (1% of workload a's iteration in a profile)
        if (isContiguous()) {
            Arrays.fill(data(), offset, offset + numel, value);
            return this;
        }
        InPlace.fillFrom(this, (array, start, length) -> Arrays.fill(array, start, start + length, value));
        return this;
    }

    /** Clamps in place. */
    public Tensor clamp_(float min, float max) {
        checkInPlace("clamp_");
        InPlace.apply(this, x -> Pointwise.clampValue((float) x, min, max));
        return this;
    }

    /** Fills with uniform values in [from, to) from the default generator: {@code uniform_}. */
    public Tensor uniform_(double from, double to) {
        return uniform_(from, to, Generator.defaultGenerator());
    }

    /** Fills with uniform values in [from, to) from {@code generator}, in PyTorch's order. */
    public Tensor uniform_(double from, double to, Generator generator) {
        checkInPlace("uniform_");
        if (!(from <= to)) {
            throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from="
                    + from + " > to=" + to);
        }
        InPlace.fillFrom(this, (array, start, length) -> generator.uniform(array, start, length, from, to));
        return this;
    }

    /** Fills with normal values from the default generator: {@code normal_}. */
    public Tensor normal_(double mean, double std) {
        return normal_(mean, std, Generator.defaultGenerator());
    }

    /** Fills with normal values from {@code generator}, in PyTorch's order. */
    public Tensor normal_(double mean, double std, Generator generator) {
        checkInPlace("normal_");
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal_ expects std >= 0.0, but found std " + std);
        }
        InPlace.fillFrom(this, (array, start, length) -> generator.normal(array, start, length, mean, std));
        return this;
    }

    /** Accumulates {@code other} into this tensor; used for gradient accumulation. */
    void addInPlace(Tensor other) {
        InPlace.axpy(this, 1f, other);
    }

    // ---------------------------------------------------------------- comparison and printing

    /**
     * True when both have the same shape and every pair of elements satisfies
     * {@code |a - b| <= atol + rtol * |b|}: {@code torch.allclose}. NaNs are never close.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!sameShape(other)) {
            return false;
        }
        float[] a = toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #allClose(Tensor, double, double)} with PyTorch's defaults rtol=1e-5, atol=1e-8. */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5, 1e-8);
    }

    /** PyTorch's repr: {@code tensor([[0.1000, 0.2000]], requires_grad=True)}. */
    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
