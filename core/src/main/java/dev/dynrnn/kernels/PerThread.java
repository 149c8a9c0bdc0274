package dev.dynrnn.kernels;

import java.util.function.Supplier;

/**
 * A value per thread, as {@code ThreadLocal.withInitial}, whose {@link #get} costs a field load
 * and a compare for one thread: the first thread that asked and is still alive (in a training
 * loop, the one that runs it). Other threads take the {@link ThreadLocal}.
 *
 * <p>Why: the kernels' scratch arrays, the grad mode and the tensor scopes are looked up once per
 * op, several hundred times per iteration of a small model, and {@code ThreadLocal.get} (a hash
 * lookup in the thread's map) took 6.5% of workload a's iteration.
 *
 * <p>Thread safety: {@link Owner} is immutable (final fields), so a thread that reads the field
 * sees either null, an owner made by another thread (whose thread is not the reader, so it is
 * not used), or its own. The owner's value stays reachable after its thread ends, until another
 * thread's {@link #get} replaces the dead owner (a {@link ThreadLocal}'s value goes with its
 * thread): at most one dead thread's value, which a pool of reusable arrays can afford.
 *
 * @param <T> the value's type; each thread's value is made once, by the supplier, and never replaced
 */
public final class PerThread<T> {
    private final ThreadLocal<T> values;
    /** The owner thread and its value; a data race by design, see the class comment. */
    private Owner<T> owner;

    private record Owner<T>(Thread thread, T value) {}

    /** Values made by {@code initial} for each thread on its first {@link #get}. */
    public PerThread(Supplier<? extends T> initial) {
        this.values = ThreadLocal.withInitial(initial);
    }

    /** This thread's value. */
    public T get() {
        Owner<T> o = owner;
        Thread current = Thread.currentThread();
        if (o != null && o.thread == current) {
            return o.value;
        }
        return miss(o, current);
    }

    private T miss(Owner<T> o, Thread current) {
        T value = values.get();
        if (o == null || !o.thread.isAlive()) {
            owner = new Owner<>(current, value);
        }
        return value;
    }
}
