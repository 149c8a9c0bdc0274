package dev.dynrnn.nn;

import dev.dynrnn.random.Generator;
import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/**
 * y = x W^T + b: PyTorch's {@code nn.Linear}.
 *
 * <p>Parameters {@code weight} (out_features, in_features) and {@code bias} (out_features),
 * initialised as PyTorch does, in this order from the default generator: W ~ U(-k, k) by
 * kaiming_uniform_(a = sqrt 5), which works out to k = 1/sqrt(in_features), then
 * b ~ U(-1/sqrt(in_features), 1/sqrt(in_features)).
 */
public final class Linear extends Module implements UnaryModule {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A linear layer with a bias. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /** A linear layer, with a bias when {@code bias} is true. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, null);
    }

    /**
     * A linear layer whose initial weights are drawn from {@code generator} (null: the default
     * generator), so that a model can be built reproducibly without touching the default one.
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be non-negative, got "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        resetParameters(generator == null ? Generator.defaultGenerator() : generator);
    }

    /**
     * PyTorch's {@code reset_parameters}: kaiming_uniform_(weight, a = sqrt 5), i.e. bound
     * sqrt(3) * gain / sqrt(fan_in) with gain = sqrt(2 / (1 + a^2)), then the bias. The bound is
     * computed with Python's operations in Python's order so it is the same double. Draws from
     * the default generator.
     */
    public void resetParameters() {
        resetParameters(Generator.defaultGenerator());
    }

    /** {@link #resetParameters()} drawing from {@code generator}. */
    public void resetParameters(Generator generator) {
        try (NoGrad ignored = NoGrad.enter()) {
            if (weight.numel() > 0) {
                double a = Math.sqrt(5.0);
                double gain = Math.sqrt(2.0 / (1 + a * a));
                double std = gain / Math.sqrt(inFeatures);
                double bound = Math.sqrt(3.0) * std;
                weight.uniform_(-bound, bound, generator);
            }
            if (bias != null) {
                double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
                bias.uniform_(-bound, bound, generator);
            }
        }
    }

    /**
     * @param input (*, in_features)
     * @return (*, out_features)
     */
    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear: expected input with last dim " + inFeatures
                    + " (in_features), got shape " + Arrays.toString(input.shape()));
        }
        return Functional.linear(input, weight, bias);
    }

    /** (out_features, in_features). */
    public Tensor weight() {
        return weight;
    }

    /** (out_features), or null without bias. */
    public Tensor bias() {
        return bias;
    }

    /** The size of each input vector ({@code in_features}). */
    public int inFeatures() {
        return inFeatures;
    }

    /** The size of each output vector ({@code out_features}). */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + PyRepr.bool(bias != null);
    }
}
