package dev.dynrnn.tensor;

/** A scope that turns recording back on inside a {@link NoGrad} scope, as {@code torch.enable_grad()}. */
public final class EnableGrad implements AutoCloseable {
    private final boolean previous;
    private boolean closed;

    private EnableGrad(boolean previous) {
        this.previous = previous;
    }

    /** Turns recording on on this thread until {@link #close()}. */
    public static EnableGrad enter() {
        return new EnableGrad(GradMode.set(true));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            GradMode.set(previous);
        }
    }
}
