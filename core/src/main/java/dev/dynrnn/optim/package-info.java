/**
 * Optimizers, gradient clipping and learning-rate schedules: PyTorch's {@code torch.optim},
 * {@code torch.optim.lr_scheduler} and {@code clip_grad_norm_} / {@code clip_grad_value_}.
 *
 * <p>{@link dev.dynrnn.optim.SGD}, {@link dev.dynrnn.optim.Adam}, {@link dev.dynrnn.optim.AdamW},
 * {@link dev.dynrnn.optim.RMSprop} and {@link dev.dynrnn.optim.Adagrad} take a list of parameters
 * (e.g. {@code module.parameters()}) or {@link dev.dynrnn.optim.ParamGroup}s with their own
 * hyperparameters; options are set through a builder whose setters carry PyTorch's argument names:
 * <pre>{@code
 * Adam adam = Adam.builder(model.parameters()).lr(1e-3).betas(0.9, 0.999).amsgrad(true).build();
 * LRScheduler schedule = new SequentialLR(adam,
 *         List.of(new LinearLR(adam, 0.1, 1.0, 10), new CosineAnnealingLR(adam, 90)), List.of(10));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     adam.zeroGrad();
 *     loss(model).backward();
 *     ClipGrad.clipGradNorm(model.parameters(), 1.0);
 *     adam.step();
 *     schedule.step();
 * }
 * }</pre>
 * Updates follow PyTorch 1.13's single-tensor formulas in float32 and in PyTorch's order of
 * operations, so a trajectory matches PyTorch's to float precision; schedules compute in double
 * exactly as PyTorch's Python code does. {@code stateDict()} / {@code loadStateDict} of optimizers
 * and schedulers use PyTorch's layout and keys and resume bit-identically.
 *
 * <p>Depends on {@code dev.dynrnn.tensor} only.
 */
package dev.dynrnn.optim;
