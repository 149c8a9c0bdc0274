package dev.dynrnn.tensor;

import dev.dynrnn.kernels.PerThread;
import java.util.ArrayList;

/**
 * A training step's worth of tensors whose storage is reused by the next step: what DJL's
 * {@code NDManager} sub-managers do, for a loop that must not allocate its activations anew in
 * every iteration. PyTorch frees a tensor when its last reference goes; Java cannot know that, so
 * the loop says when the step's tensors are done with:
 * <pre>{@code
 * for (int i = 0; i < iterations; i++) {
 *     try (TensorScope step = TensorScope.open()) {
 *         LSTM.Output out = lstm.forward(x, h, c);
 *         Tensor loss = mse.forward(head.forward(out.output()), y);
 *         optimizer.zeroGrad();
 *         loss.backward();
 *         optimizer.step();
 *         step.attach(h, c);                    // the previous state: read for the last time here
 *         h = step.keep(out.hN().detach());    // carried to the next step
 *         c = step.keep(out.cN().detach());
 *         lastLoss = loss.item();
 *     }
 * }
 * }</pre>
 *
 * <p>While a scope is open on a thread, the large results of ops on that thread (arrays of at
 * least {@value #MIN_LENGTH} floats made through {@link Tensor#empty}: the outputs and final
 * states of the recurrent layers, Linear's output, contiguous copies) take their storage from
 * the scope, which lends arrays that earlier scopes on the thread gave back, zero-filled. Closing
 * the scope takes back every array it lent, except those of tensors passed to {@link #keep}.
 * From then on, a tensor over a taken-back array (or any view of it) refuses to be read or used:
 * {@link Tensor#storage()}, {@link Tensor#item()}, every op on it and a backward through the graph
 * that used it throw {@link IllegalStateException}, instead of reading what the next step wrote
 * there. Treat every tensor made inside the scope that way: keep what outlives the step.
 *
 * <p>Parameters, their gradients and optimizer state are not made by ops and are never lent: a
 * scope around a training step changes none of their values. Nor does it change any result:
 * lent arrays are zero-filled like new ones.
 *
 * <p>A carried state kept by one step and read for the last time by the next can be handed to
 * the next step's scope with {@link #attach}, so that the state's storage is reused too.
 *
 * <p>Scopes nest: an inner scope lends from the same arrays, and {@link #keep} in an inner scope
 * hands the storage to the enclosing scope (or, in the outermost, to the garbage collector). A
 * scope belongs to the thread that opened it, and is closed innermost first.
 */
public final class TensorScope implements AutoCloseable {
    /** Shortest array that is lent (16 KiB); shorter results are new arrays, cheap for Java to allocate. */
    public static final int MIN_LENGTH = 1 << 12;

    /** Each thread's innermost open scope, in a holder of one (null when none is open). */
    private static final PerThread<TensorScope[]> CURRENT = new PerThread<>(() -> new TensorScope[1]);
    private static final PerThread<FreeArrays> FREE = new PerThread<>(FreeArrays::new);

    /** One lent array, shared by every tensor over it; taken back when its scope closes, unless kept. */
    static final class Lease {
        final float[] array;
        TensorScope owner;
        boolean released;

        Lease(float[] array, TensorScope owner) {
            this.array = array;
            this.owner = owner;
        }

        IllegalStateException releasedError() {
            return new IllegalStateException("tensor used after the TensorScope it was made in (on thread "
                    + owner.thread.getName() + ") closed: its storage (" + array.length + " floats) went back to be "
                    + "reused. Keep what outlives a scope with scope.keep(tensor) before it closes");
        }
    }

    private final TensorScope outer;
    private final Thread thread;
    private final FreeArrays free;
    private final ArrayList<Lease> leases = new ArrayList<>();
    private boolean closed;

    private TensorScope(TensorScope outer, FreeArrays free) {
        this.outer = outer;
        this.thread = Thread.currentThread();
        this.free = free;
    }

    /** Opens a scope on this thread, inside the one already open here, if any. */
    public static TensorScope open() {
        TensorScope[] current = CURRENT.get();
        TensorScope scope = new TensorScope(current[0], FREE.get());
        current[0] = scope;
        return scope;
    }

    /** The innermost scope open on this thread, or null. */
    static TensorScope current() {
        return CURRENT.get()[0];
    }

    /**
     * Makes {@code tensor}'s storage outlive this scope, for it and every view of it: it passes
     * to the enclosing scope, or, when there is none, is never taken back. Tensors not lent by
     * this scope (or null) are returned as they are. Returns {@code tensor}.
     *
     * @throws IllegalStateException when this scope is closed, or is not the innermost open one
     *                               on this thread
     */
    public Tensor keep(Tensor tensor) {
        checkInnermost("keep");
        TensorScope.Lease lease = tensor == null ? null : tensor.lease;
        if (lease != null && lease.owner == this) {
            lease.owner = outer;
            leases.remove(lease);
            if (outer != null) {
                outer.leases.add(lease);
            }
        }
        return tensor;
    }

    /** {@link #keep(Tensor)} of each (nulls skipped); returns {@code tensors}. */
    public Tensor[] keep(Tensor... tensors) {
        for (Tensor tensor : tensors) {
            keep(tensor);
        }
        return tensors;
    }

    /**
     * Hands {@code tensor}'s storage to this scope, to be taken back when it closes, as if the
     * tensor were made here: for what an earlier scope kept and this step is the last to read,
     * such as the recurrent state carried from the previous step (what DJL's loop does by closing
     * the previous state). Tensors whose storage was not lent by a scope, and null, are returned
     * as they are (their arrays are left to the garbage collector). Returns {@code tensor}.
     *
     * @throws IllegalStateException when this scope is closed or not the innermost open one, or
     *                               when the tensor's storage was already taken back
     */
    public Tensor attach(Tensor tensor) {
        checkInnermost("attach");
        TensorScope.Lease lease = tensor == null ? null : tensor.lease;
        if (lease == null || lease.owner == this) {
            return tensor;
        }
        if (lease.released) {
            throw lease.releasedError();
        }
        if (lease.owner != null) {
            lease.owner.leases.remove(lease);
        }
        lease.owner = this;
        leases.add(lease);
        return tensor;
    }

    /** {@link #attach(Tensor)} of each (nulls skipped); returns {@code tensors}. */
    public Tensor[] attach(Tensor... tensors) {
        for (Tensor tensor : tensors) {
            attach(tensor);
        }
        return tensors;
    }

    /** A zero-filled array of {@code length} floats for a tensor of this scope. */
    Lease lend(int length) {
        Lease lease = new Lease(free.take(length), this);
        leases.add(lease);
        return lease;
    }

    /**
     * Takes back the storage of every tensor made in this scope and not kept; those tensors can
     * no longer be used. Closing a closed scope does nothing.
     *
     * @throws IllegalStateException when called on another thread, or while a scope opened
     *                               inside this one is still open
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkInnermost("close");
        closed = true;
        for (Lease lease : leases) {
            lease.released = true;
            free.giveBack(lease.array);
        }
        leases.clear();
        free.endRound();
        CURRENT.get()[0] = outer;
    }

    private void checkInnermost(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("TensorScope." + what + " on thread " + Thread.currentThread().getName()
                    + ": the scope belongs to thread " + thread.getName() + ", which opened it");
        }
        if (closed) {
            throw new IllegalStateException("TensorScope." + what + ": the scope is closed");
        }
        if (CURRENT.get()[0] != this) {
            throw new IllegalStateException("TensorScope." + what + ": a scope opened inside this one is still open; "
                    + "close it first");
        }
    }
}
