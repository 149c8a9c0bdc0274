/**
 * Neural network layers, losses and the {@link dev.dynrnn.nn.Module} tree: PyTorch's
 * {@code torch.nn}.
 *
 * <p>Modules hold named parameters (tensors that require grad) and child modules in
 * registration order, which gives PyTorch's dotted names ({@code rnn.weight_ih_l0}) and state
 * dicts. Recurrent layers ({@link dev.dynrnn.nn.RNN}, {@link dev.dynrnn.nn.LSTM},
 * {@link dev.dynrnn.nn.GRU}) and cells are written from differentiable tensor ops, one cell
 * step shared by layer and cell ({@code Cells}); they also take a batch of sequences of
 * different lengths packed by {@link dev.dynrnn.nn.utils.rnn.RnnUtils}, and
 * {@link dev.dynrnn.nn.Functional#maskedMean} leaves padding out of a loss.
 * {@link dev.dynrnn.nn.Functional} holds the
 * stateless functions the modules call. Initialisation draws from the generator in PyTorch's
 * order so that equal seeds give PyTorch's initial weights.
 */
package dev.dynrnn.nn;
