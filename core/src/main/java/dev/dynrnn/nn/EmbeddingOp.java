package dev.dynrnn.nn;

import dev.dynrnn.tensor.Node;
import dev.dynrnn.tensor.Tensor;
import java.util.Arrays;

/** The embedding lookup, out[s, :] = weight[indices[s], :], with its scatter-add backward. */
final class EmbeddingOp {
    private EmbeddingOp() {}

    /**
     * @param indices    any shape S, integral values in [0, rows)
     * @param weight     (rows, dim)
     * @param paddingIdx a row that gets no gradient (negative counts from the end), or null
     * @return S + (dim); dL/dweight[r] = sum of dL/dout[s] over the s with indices[s] = r
     */
    static Tensor lookup(Tensor indices, Tensor weight, Integer paddingIdx) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: 'weight' must be 2-D (num_embeddings, embedding_dim), got shape "
                    + Arrays.toString(weight.shape()));
        }
        int rows = weight.size(0);
        int dim = weight.size(1);
        int padding = paddingIdx == null ? -1 : checkPaddingIdx(paddingIdx, rows);
        int[] index = Functional.classIndices(indices);
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= rows) {
                throw new IndexOutOfBoundsException("embedding: index " + index[i] + " is out of range for "
                        + rows + " embeddings (at element " + i + " of the indices)");
            }
        }
        float[] table = weight.toArray();
        float[] out = new float[index.length * dim];
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(table, index[i] * dim, out, i * dim, dim);
        }
        int[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        shape[indices.dim()] = dim;
        return Tensor.customOp(Tensor.wrap(out, shape), "EmbeddingBackward0", (Node.PureBackward) g -> {
            float[] gradOut = g.toArray();
            float[] grad = new float[rows * dim];
            for (int i = 0; i < index.length; i++) {
                if (index[i] == padding) {
                    continue;
                }
                for (int k = 0; k < dim; k++) {
                    grad[index[i] * dim + k] += gradOut[i * dim + k];
                }
            }
            return new Tensor[] {Tensor.wrap(grad, rows, dim)};
        }, weight);
    }

    /** PyTorch's padding_idx rule: in [-rows, rows), negative values counting from the end. */
    static int checkPaddingIdx(int paddingIdx, int rows) {
        if (paddingIdx >= rows || paddingIdx < -rows) {
            throw new IllegalArgumentException("padding_idx must be within num_embeddings (" + rows + "), got "
                    + paddingIdx);
        }
        return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
    }
}
