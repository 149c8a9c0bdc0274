package dev.dynrnn.train;

import dev.dynrnn.io.Checkpoint;
import java.io.IOException;
import dev.dynrnn.optim.OptimizerState;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Trainer}'s complete state as a {@link Checkpoint}, and back: restoring it into a
 * trainer built the same way (same model spec, optimizer type, data and options) makes the
 * rest of training bit-identical to a run that never stopped.
 *
 * <p>Tensors: {@code model.<state dict key>}, {@code optimizer.<param index>.<key>} (e.g.
 * {@code optimizer.0.exp_avg}), and {@code hidden.h}, {@code hidden.c} (LSTM) when the position
 * is inside an epoch, (L, S, H) with series in data order. State JSON: the iteration, epochs
 * completed, the position (row) in the data, the generator state ({@code rng}), the
 * optimizer's non-tensor state and parameter groups, the model spec, and an {@code extra}
 * object for the caller (the command line keeps its options there).
 */
public final class TrainingCheckpoint {
    private static final String FORMAT = "dynrnn-training/1";

    private TrainingCheckpoint() {}

    /** The trainer's state now, with {@code extra} (a JSON object) kept alongside. */
    public static Checkpoint capture(Trainer trainer, Map<String, ?> extra) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((key, value) -> tensors.put("model." + key, value));
        OptimizerState optimizer = trainer.optimizer().stateDict();
        Map<String, Object> optimizerState = new LinkedHashMap<>();
        optimizer.state().forEach((index, entries) -> {
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((key, value) -> {
                if (value instanceof Tensor tensor) {
                    tensors.put("optimizer." + index + "." + key, tensor);
                } else {
                    plain.put(key, value);
                }
            });
            optimizerState.put(Integer.toString(index), plain);
        });
        HiddenState hidden = trainer.hiddenState();
        if (hidden != null) {
            tensors.put("hidden.h", hidden.h());
            if (hidden.c() != null) {
                tensors.put("hidden.c", hidden.c());
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", FORMAT);
        state.put("iteration", trainer.iteration());
        state.put("epochs_completed", trainer.epochsCompleted());
        state.put("position", trainer.position());
        state.put("rng", trainer.generator().getState());
        state.put("spec", trainer.model().spec().toJson());
        Map<String, Object> optimizerJson = new LinkedHashMap<>();
        optimizerJson.put("state", optimizerState);
        optimizerJson.put("param_groups", optimizer.paramGroups());
        state.put("optimizer", optimizerJson);
        state.put("extra", extra);
        return new Checkpoint(trainer.iteration(), tensors, state);
    }

    /** The {@code extra} object given to {@link #capture}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> extra(Checkpoint checkpoint) throws IOException {
        Object extra = checkpoint.state().get("extra");
        if (!(extra instanceof Map)) {
            throw new TrainingCheckpointException(checkpoint.source(), "not a training checkpoint: it has no \"extra\" object");
        }
        return (Map<String, Object>) extra;
    }

    /**
     * Loads {@code checkpoint} into {@code trainer}: weights, optimizer state, generator state,
     * position and hidden state.
     *
     * @throws TrainingCheckpointException if it is not a training checkpoint or does not fit the
     *     trainer (another model spec, another optimizer), saying what differs
     */
    public static void restore(Trainer trainer, Checkpoint checkpoint) throws IOException {
        Map<String, Object> state = checkpoint.state();
        if (!FORMAT.equals(state.get("format"))) {
            throw new TrainingCheckpointException(checkpoint.source(), "not a training checkpoint (format "
                    + state.get("format") + ", expected " + FORMAT + ")");
        }
        try {
            @SuppressWarnings("unchecked")
            ModelSpec spec = ModelSpec.fromJson((Map<String, Object>) state.get("spec"));
            if (!spec.equals(trainer.model().spec())) {
                throw new TrainingCheckpointException(checkpoint.source(), "the checkpoint's model is " + spec.describe()
                        + ", the model being trained is " + trainer.model().spec().describe());
            }
            Map<String, Tensor> model = new LinkedHashMap<>();
            for (String key : trainer.model().stateDict().keySet()) {
                model.put(key, checkpoint.tensor("model." + key));
            }
            trainer.model().loadStateDict(model);
            trainer.optimizer().loadStateDict(optimizerState(checkpoint));
            trainer.generator().setState(checkpoint.getLongArray("rng"));
            HiddenState hidden = null;
            if (checkpoint.tensors().containsKey("hidden.h")) {
                hidden = new HiddenState(checkpoint.tensor("hidden.h"),
                        checkpoint.tensors().containsKey("hidden.c") ? checkpoint.tensor("hidden.c") : null);
            }
            long position = checkpoint.getLong("position");
            trainer.restore(checkpoint.getLong("iteration"), checkpoint.getLong("epochs_completed"),
                    (int) Math.min(Integer.MAX_VALUE, position), hidden);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new TrainingCheckpointException(checkpoint.source(), "does not fit this training run: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static OptimizerState optimizerState(Checkpoint checkpoint) throws IOException {
        if (!(checkpoint.state().get("optimizer") instanceof Map<?, ?> json)
                || !(json.get("state") instanceof Map<?, ?> plainState)
                || !(json.get("param_groups") instanceof List<?> groups)) {
            throw new TrainingCheckpointException(checkpoint.source(), "the optimizer state is missing or malformed");
        }
        Map<Integer, Map<String, Object>> state = new TreeMap<>();
        for (Map.Entry<?, ?> entry : plainState.entrySet()) {
            state.put(Integer.parseInt((String) entry.getKey()),
                    new LinkedHashMap<>((Map<String, Object>) entry.getValue()));
        }
        for (Map.Entry<String, Tensor> entry : checkpoint.tensors().entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("optimizer.")) {
                int dot = name.indexOf('.', "optimizer.".length());
                int index = Integer.parseInt(name.substring("optimizer.".length(), dot));
                state.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(name.substring(dot + 1), entry.getValue());
            }
        }
        List<Map<String, Object>> paramGroups = new ArrayList<>();
        for (Object group : groups) {
            paramGroups.add((Map<String, Object>) group);
        }
        return new OptimizerState(state, paramGroups);
    }
}
