package dev.dynrnn.nn;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;

/**
 * A lookup table of learned vectors: PyTorch's {@code nn.Embedding}.
 *
 * <p>Parameter {@code weight} (num_embeddings, embedding_dim), initialised N(0, 1) from the
 * default generator, with the padding row (if any) then set to zero; that row receives no
 * gradient.
 */
public final class Embedding extends Module implements UnaryModule {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;
    private final Tensor weight;

    /** A table of {@code numEmbeddings} vectors of size {@code embeddingDim}. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    /**
     * A table whose row {@code paddingIdx} (negative counts from the end; null for none) starts at
     * zero and is never updated by gradients.
     */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        if (numEmbeddings < 0 || embeddingDim < 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be non-negative, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : EmbeddingOp.checkPaddingIdx(paddingIdx, numEmbeddings);
        this.weight = registerParameter("weight", Tensor.zeros(numEmbeddings, embeddingDim));
        try (NoGrad ignored = NoGrad.enter()) {
            weight.normal_(0, 1);
            if (this.paddingIdx != null) {
                weight.select(0, this.paddingIdx).zero_();
            }
        }
    }

    /**
     * @param indices any shape S, integral values in [0, num_embeddings)
     * @return S + (embedding_dim)
     */
    @Override
    public Tensor forward(Tensor indices) {
        return EmbeddingOp.lookup(indices, weight, paddingIdx);
    }

    /** The vectors of {@code indices}: (indices.length, embedding_dim). */
    public Tensor forward(int... indices) {
        float[] values = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            values[i] = indices[i];
        }
        return forward(Tensor.of(values));
    }

    /** (num_embeddings, embedding_dim). */
    public Tensor weight() {
        return weight;
    }

    /** The number of rows ({@code num_embeddings}). */
    public int numEmbeddings() {
        return numEmbeddings;
    }

    /** The size of each vector ({@code embedding_dim}). */
    public int embeddingDim() {
        return embeddingDim;
    }

    /** The padding row (non-negative), or null. */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx);
    }
}
