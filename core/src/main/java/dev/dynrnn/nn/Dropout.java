package dev.dynrnn.nn;

import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.Tensor;

/**
 * Inverted dropout: PyTorch's {@code nn.Dropout}. In training mode each element is zeroed with
 * probability p and the survivors are scaled by 1/(1 - p); in eval mode it is the identity. See
 * {@link Functional#dropout(Tensor, double, boolean, Generator)}.
 */
public final class Dropout extends Module implements UnaryModule {
    private final double p;
    private final Generator generator;

    /** p = 0.5, masks from the default generator. */
    public Dropout() {
        this(0.5);
    }

    /** Drops with probability {@code p}, masks from the default generator. */
    public Dropout(double p) {
        this(p, null);
    }

    /** Drops with probability {@code p}, masks from {@code generator} (null: the default generator). */
    public Dropout(double p, Generator generator) {
        Functional.checkProbability(p);
        this.p = p;
        this.generator = generator;
    }

    /** Any shape in, the same shape out. */
    @Override
    public Tensor forward(Tensor input) {
        return Functional.dropout(input, p, isTraining(), generator == null ? Generator.defaultGenerator() : generator);
    }

    /** The probability of zeroing an element. */
    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyRepr.number(p) + ", inplace=False";
    }
}
