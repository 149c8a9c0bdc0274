/**
 * Random number generation that reproduces PyTorch and NumPy bit for bit, so that a model
 * initialised, shuffled and trained here starts from the same numbers as its Python twin.
 *
 * <ul>
 *   <li>{@link dev.dynrnn.random.Generator}: PyTorch's CPU generator ({@code torch.manual_seed},
 *       {@code rand}, {@code randn}, {@code uniform_}, {@code normal_}, {@code bernoulli_},
 *       {@code randint}), with a saveable state;</li>
 *   <li>{@link dev.dynrnn.random.NumpyRandomState}: NumPy's legacy {@code np.random.seed},
 *       {@code randint} and {@code random}.</li>
 * </ul>
 * Both run on one package-private MT19937 engine. The generators fill float arrays and know
 * nothing of tensors.
 */
package dev.dynrnn.random;
