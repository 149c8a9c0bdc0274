package dev.dynrnn.train;

/**
 * The loss became NaN or infinite. Thrown by {@link Trainer#step()} before the optimizer step,
 * so the weights are those of the last finite iteration; the trainer must not be stepped again
 * (its random generator has moved on).
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long iteration;
    private final float loss;

    TrainingDivergedException(long iteration, long epoch, float loss) {
        super("the loss became " + loss + " at iteration " + iteration + " (epoch " + epoch + "); training stopped."
                + " Try a lower --lr, --clip (e.g. 1.0) or --normalize");
        this.iteration = iteration;
        this.loss = loss;
    }

    /** The iteration (from 1) whose loss was not finite. */
    public long iteration() {
        return iteration;
    }

    /** The loss: NaN or an infinity. */
    public float loss() {
        return loss;
    }
}
