/**
 * Plain array kernels on {@code float[]} runs with offsets: gemm/gemv, elementwise maps,
 * reductions. They know nothing about tensors or autograd.
 *
 * <p>{@link dev.dynrnn.kernels.Kernels#get()} returns the implementation chosen once at start-up:
 * the Vector API kernels when {@code jdk.incubator.vector} is loaded, else the scalar reference
 * kernels. Both are deterministic and tested against each other.
 */
package dev.dynrnn.kernels;
