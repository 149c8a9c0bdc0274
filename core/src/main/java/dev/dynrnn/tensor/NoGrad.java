package dev.dynrnn.tensor;

/**
 * A scope in which ops do not record the autograd graph, as {@code with torch.no_grad():}.
 *
 * <pre>{@code
 * try (var noGrad = NoGrad.enter()) {
 *     prediction = model.forward(x);   // no graph, outputs do not require grad
 * }
 * }</pre>
 * Scopes nest; closing one restores the mode that was in force when it was entered.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;
    private boolean closed;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    /** Turns recording off on this thread until {@link #close()}. */
    public static NoGrad enter() {
        return new NoGrad(GradMode.set(false));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            GradMode.set(previous);
        }
    }
}
