/**
 * Variable-length sequences in one batch: PyTorch's {@code torch.nn.utils.rnn}.
 * {@link dev.dynrnn.nn.utils.rnn.RnnUtils} pads, packs and unpacks;
 * {@link dev.dynrnn.nn.utils.rnn.PackedSequence} is the packed batch that the recurrent layers
 * of {@link dev.dynrnn.nn} take and return. Depends on {@link dev.dynrnn.tensor} only.
 */
package dev.dynrnn.nn.utils.rnn;
