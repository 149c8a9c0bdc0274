/**
 * Recurrent layers over whole sequences on plain arrays: forward and backward through time of the
 * Elman RNN, the LSTM and the GRU in one call each ({@link dev.dynrnn.kernels.recurrent.RecurrentKernel}),
 * with per-step batch sizes for packed sequences ({@link dev.dynrnn.kernels.recurrent.StepLayout}).
 * The cell equations, forward and backward side by side, are in {@code RnnStep}, {@code LstmStep}
 * and {@code GruStep}. Like the rest of {@code dev.dynrnn.kernels}, nothing here knows about
 * tensors or autograd; {@code dev.dynrnn.nn} wraps a call as one autograd node.
 */
package dev.dynrnn.kernels.recurrent;
