/**
 * dynrnn: define-by-run neural networks for Java, centred on recurrent networks.
 *
 * <p>Packages depend on each other in one direction only:
 * {@code kernels <- random <- tensor <- autograd <- nn <- optim <- io}.
 */
package dev.dynrnn;
