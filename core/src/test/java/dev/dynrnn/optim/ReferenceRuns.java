package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The optimizer configurations of {@code optim_reference.py}'s {@code RUNS}, one for one. */
final class ReferenceRuns {
    private ReferenceRuns() {}

    /** Gradient clipping inside the loop: a norm type, or value clipping when {@code byValue}. */
    record Clip(boolean byValue, double normType, double limit) {}

    /** How to build one run: the optimizer and, optionally, clipping and a scheduler. */
    record Run(Function<List<Tensor>, Optimizer> optimizer, Clip clip, Function<Optimizer, LRScheduler> scheduler,
            Function<Optimizer, ReduceLROnPlateau> plateau) {
        Run(Function<List<Tensor>, Optimizer> optimizer) {
            this(optimizer, null, null, null);
        }
    }

    /** A run in progress: model, optimizer, schedulers, and the total norms clipping returned. */
    static final class Training {
        final ReferenceModel model = new ReferenceModel();
        final Optimizer optimizer;
        final LRScheduler scheduler;
        final ReduceLROnPlateau plateau;
        private final Clip clip;
        float lastNorm = Float.NaN;

        Training(Run run) {
            optimizer = run.optimizer().apply(model.params);
            scheduler = run.scheduler() == null ? null : run.scheduler().apply(optimizer);
            plateau = run.plateau() == null ? null : run.plateau().apply(optimizer);
            clip = run.clip();
        }

        /** One iteration of the reference loop; {@code step} counts from 0. */
        void step(int step) {
            model.lossAndBackward(optimizer);
            if (clip != null) {
                if (clip.byValue()) {
                    ClipGrad.clipGradValue(model.params, clip.limit());
                } else {
                    lastNorm = ClipGrad.clipGradNorm(model.params, clip.limit(), clip.normType());
                }
            }
            optimizer.step();
            if (scheduler != null) {
                scheduler.step();
            }
            if (plateau != null) {
                plateau.step(ReferenceModel.metric(step));
            }
        }

        double[] groupLrs() {
            return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
        }
    }

    /** The first two parameters (w1, b1) and the rest (w2, b2, unused). */
    private static ParamGroup[] twoGroups(List<Tensor> p, Map<String, Object> first, Map<String, Object> second) {
        ParamGroup a = ParamGroup.of(p.subList(0, 2));
        ParamGroup b = ParamGroup.of(p.subList(2, p.size()));
        first.forEach(a::set);
        second.forEach(b::set);
        return new ParamGroup[] {a, b};
    }

    static final Map<String, Run> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put("sgd_plain", new Run(p -> new SGD(p, 0.1)));
        RUNS.put("sgd_momentum", new Run(p -> SGD.builder(p).lr(0.05).momentum(0.9).build()));
        RUNS.put("sgd_dampening", new Run(p -> SGD.builder(p).lr(0.05).momentum(0.9).dampening(0.3).build()));
        RUNS.put("sgd_nesterov", new Run(p -> SGD.builder(p).lr(0.05).momentum(0.9).nesterov(true).build()));
        RUNS.put("sgd_weight_decay", new Run(p -> SGD.builder(p).lr(0.1).weightDecay(0.05).build()));
        RUNS.put("sgd_all", new Run(p -> SGD.builder(p).lr(0.03).momentum(0.8).weightDecay(0.02).nesterov(true)
                .build()));
        RUNS.put("sgd_maximize", new Run(p -> SGD.builder(p).lr(0.002).momentum(0.5).dampening(0.1).maximize(true)
                .build()));
        RUNS.put("adam_plain", new Run(p -> new Adam(p, 0.02)));
        RUNS.put("adam_weight_decay", new Run(p -> Adam.builder(p).lr(0.02).weightDecay(0.1).build()));
        RUNS.put("adam_amsgrad", new Run(p -> Adam.builder(p).lr(0.02).amsgrad(true).build()));
        RUNS.put("adam_all", new Run(p -> Adam.builder(p).lr(0.01).betas(0.8, 0.99).eps(1e-6).weightDecay(0.05)
                .amsgrad(true).build()));
        RUNS.put("adam_maximize", new Run(p -> Adam.builder(p).lr(0.005).maximize(true).build()));
        RUNS.put("adamw_plain", new Run(p -> new AdamW(p, 0.02)));
        RUNS.put("adamw_amsgrad", new Run(p -> AdamW.builder(p).lr(0.02).betas(0.85, 0.995).weightDecay(0.2)
                .amsgrad(true).build()));
        RUNS.put("adamw_maximize", new Run(p -> AdamW.builder(p).lr(0.005).maximize(true).build()));
        RUNS.put("rmsprop_plain", new Run(p -> new RMSprop(p, 0.01)));
        RUNS.put("rmsprop_momentum", new Run(p -> RMSprop.builder(p).lr(0.005).momentum(0.9).build()));
        RUNS.put("rmsprop_centered", new Run(p -> RMSprop.builder(p).lr(0.005).centered(true).build()));
        RUNS.put("rmsprop_weight_decay", new Run(p -> RMSprop.builder(p).lr(0.005).weightDecay(0.1).build()));
        RUNS.put("rmsprop_all", new Run(p -> RMSprop.builder(p).lr(0.002).alpha(0.95).eps(1e-6).weightDecay(0.05)
                .momentum(0.3).centered(true).build()));
        RUNS.put("rmsprop_maximize", new Run(p -> RMSprop.builder(p).lr(0.002).maximize(true).build()));
        RUNS.put("adagrad_plain", new Run(p -> new Adagrad(p, 0.05)));
        RUNS.put("adagrad_lr_decay", new Run(p -> Adagrad.builder(p).lr(0.1).lrDecay(0.05).build()));
        RUNS.put("adagrad_weight_decay", new Run(p -> Adagrad.builder(p).lr(0.1).weightDecay(0.1).build()));
        RUNS.put("adagrad_all", new Run(p -> Adagrad.builder(p).lr(0.05).lrDecay(0.01).weightDecay(0.05)
                .initialAccumulatorValue(0.1).eps(1e-6).maximize(true).build()));
        RUNS.put("sgd_groups", new Run(p -> SGD.builder(twoGroups(p,
                Map.of("lr", 0.1, "momentum", 0.9),
                Map.of("lr", 0.02, "momentum", 0.5, "nesterov", true, "weight_decay", 0.01))).lr(0.05).build()));
        RUNS.put("adam_groups", new Run(p -> Adam.builder(twoGroups(p,
                Map.of("lr", 0.03),
                Map.of("betas", new double[] {0.7, 0.9}, "amsgrad", true, "weight_decay", 0.01))).lr(0.01).build()));
        RUNS.put("sgd_clip_norm2", new Run(p -> SGD.builder(p).lr(0.1).momentum(0.9).build(),
                new Clip(false, 2.0, 0.25), null, null));
        RUNS.put("adam_clip_norm_inf", new Run(p -> new Adam(p, 0.02),
                new Clip(false, Double.POSITIVE_INFINITY, 0.05), null, null));
        RUNS.put("sgd_clip_value", new Run(p -> new SGD(p, 0.5), new Clip(true, 0, 0.02), null, null));
        RUNS.put("sgd_warmup_cosine", new Run(p -> SGD.builder(p).lr(0.1).momentum(0.9).build(), null,
                o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 10), new CosineAnnealingLR(o, 90, 0.001)),
                        List.of(10)), null));
        RUNS.put("adam_step_lr", new Run(p -> new Adam(p, 0.03), null, o -> new StepLR(o, 20, 0.5), null));
        RUNS.put("rmsprop_plateau", new Run(p -> RMSprop.builder(p).lr(0.01).momentum(0.5).build(), null, null,
                o -> ReduceLROnPlateau.builder(o).factor(0.5).patience(3).threshold(0.01).cooldown(2).build()));
    }
}
