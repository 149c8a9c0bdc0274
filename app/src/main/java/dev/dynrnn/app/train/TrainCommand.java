package dev.dynrnn.app.train;

import dev.dynrnn.app.cli.JsonlLog;
import dev.dynrnn.app.plot.TrainingPlot;
import dev.dynrnn.io.Checkpoint;
import dev.dynrnn.io.CheckpointStore;
import dev.dynrnn.io.CsvTable;
import dev.dynrnn.optim.Optimizer;
import dev.dynrnn.random.Generator;
import dev.dynrnn.train.Bptt;
import dev.dynrnn.train.Cell;
import dev.dynrnn.train.DataException;
import dev.dynrnn.train.ModelFile;
import dev.dynrnn.train.ModelSpec;
import dev.dynrnn.train.Normalization;
import dev.dynrnn.train.SequenceModel;
import dev.dynrnn.train.SeriesData;
import dev.dynrnn.train.TrainedModel;
import dev.dynrnn.train.Trainer;
import dev.dynrnn.train.TrainingCheckpoint;
import dev.dynrnn.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dynrnn train}: fits the seed's model (a recurrent layer {@code rnn} and a Linear
 * {@code out} at every step) to columns of a CSV file with truncated back-propagation through
 * time. The work is done by {@link Trainer}; this class reads the flags, wires the parts
 * together and handles files, checkpoints, the log, progress and the plot.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Trains a recurrent model (rnn, then a linear layer at every time step) on columns of a CSV file.",
            "Each iteration takes the next --bptt rows of every series, starts from the hidden state the previous "
                    + "chunk ended with (detached), and takes one optimizer step on the mean squared error. At the end "
                    + "of the data the state is reset and the next epoch starts from the first row."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trained", "1:bad input: a missing or malformed file, column or cell, a checkpoint that does "
                + "not fit", "2:bad command line", "3:the loss became NaN or infinite (the last good checkpoint stays)"})
public final class TrainCommand implements Callable<Integer> {
    /** Exit code when the loss is not finite. */
    public static final int DIVERGED = 3;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV file with a header row.")
    Path data;

    @Option(names = "--input", required = true, split = ",", paramLabel = "COL",
            description = "Input column(s), comma-separated.")
    List<String> inputs;

    @Option(names = "--target", required = true, split = ",", paramLabel = "COL",
            description = "Target column(s) to predict at every row, comma-separated.")
    List<String> targets;

    @Option(names = "--series", paramLabel = "COL",
            description = "Column naming the series each row belongs to; all series train together as one batch.")
    String series;

    @Option(names = "--cell", defaultValue = "rnn", paramLabel = "rnn|lstm|gru",
            description = "Recurrent layer (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", defaultValue = "32", paramLabel = "N", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", paramLabel = "N", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "P",
            description = "Dropout between stacked layers (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--bptt", defaultValue = "20", paramLabel = "N|MIN:MAX",
            description = "Time steps per iteration, or a range to draw each iteration's length from (default: "
                    + "${DEFAULT-VALUE}).")
    String bptt;

    @ArgGroup(exclusive = true)
    Length length;

    static final class Length {
        @Option(names = "--iterations", paramLabel = "N", description = "Train for N iterations (optimizer steps).")
        Long iterations;

        @Option(names = "--epochs", paramLabel = "N", description = "Train for N passes over the data (default: 10).")
        Long epochs;
    }

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "sgd, adam, adamw, rmsprop or adagrad, with PyTorch's defaults but --lr (default: "
                    + "${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.02", paramLabel = "LR", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", defaultValue = "0", paramLabel = "NORM",
            description = "Clip the gradients' total norm to NORM before each step; 0: no clipping (default).")
    double clip;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the initial weights, dropout and --bptt draws; PyTorch's torch.manual_seed(N) "
                    + "gives the same initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--normalize", description = "Z-score every input and target column (mean and std of the data); "
            + "stored with the model, undone in predictions.")
    boolean normalize;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Initial weights: a safetensors state dict (a dynrnn model, or PyTorch's save_file(model"
                    + ".state_dict())).")
    Path init;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model (safetensors).")
    Path save;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Write checkpoints to DIR.")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "N",
            description = "Iterations between checkpoints (default: ${DEFAULT-VALUE}); one is also written at the end.")
    long checkpointEvery;

    @Option(names = "--checkpoint-keep", defaultValue = "3", paramLabel = "N",
            description = "How many of the newest good checkpoints to keep (default: ${DEFAULT-VALUE}).")
    int checkpointKeep;

    @Option(names = "--resume", description = "Continue from the newest good checkpoint in --checkpoint DIR (start "
            + "afresh if there is none); the other flags must be the same as the run's.")
    boolean resume;

    @Option(names = "--log", paramLabel = "FILE.jsonl",
            description = "Write one JSON object per iteration: iteration, epoch, steps, loss, lr, seconds.")
    Path log;

    @Option(names = "--plot", defaultValue = "none", paramLabel = "window|none|FILE.png|FILE.svg",
            description = "Plot target (red) against prediction (blue) of the first series, chunk by chunk "
                    + "(default: ${DEFAULT-VALUE}).")
    String plot;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        try {
            return run();
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            err.println("dynrnn train: error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The flags checked and parsed; a bad value is a usage error (exit code 2). */
    private record Flags(Cell cell, Bptt bptt, String optimizer, long iterations, long epochs) {}

    private Flags flags() {
        try {
            Cell cellType = Cell.parse(cell);
            Bptt chunks = Bptt.parse(bptt);
            String optimizerName = Optimizers.check(optimizer);
            long iterations = length != null && length.iterations != null ? length.iterations : -1;
            long epochs = iterations < 0 ? (length != null && length.epochs != null ? length.epochs : 10) : -1;
            if (iterations == 0 || iterations < -1 || epochs == 0 || epochs < -1) {
                throw new IllegalArgumentException((iterations < 0 ? "--epochs" : "--iterations") + " must be at least 1");
            }
            new ModelSpec(cellType, inputs.size(), hidden, layers, dropout, targets.size());
            if (!(lr >= 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("--lr must be a finite number >= 0, got " + lr);
            }
            if (!(clip >= 0) || Double.isInfinite(clip)) {
                throw new IllegalArgumentException("--clip must be a finite number >= 0 (0: no clipping), got " + clip);
            }
            if (checkpointEvery < 1) {
                throw new IllegalArgumentException("--checkpoint-every must be at least 1, got " + checkpointEvery);
            }
            if (checkpointKeep < 1) {
                throw new IllegalArgumentException("--checkpoint-keep must be at least 1, got " + checkpointKeep);
            }
            if (resume && checkpointDir == null) {
                throw new IllegalArgumentException("--resume needs --checkpoint DIR (where the checkpoints are)");
            }
            return new Flags(cellType, chunks, optimizerName, iterations, epochs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int run() throws IOException {
        Flags flags = flags();
        Cell cellType = flags.cell();
        Bptt chunks = flags.bptt();
        String optimizerName = flags.optimizer();
        long iterations = flags.iterations();
        long epochs = flags.epochs();

        CsvTable table = CsvTable.read(data);
        SeriesData raw = SeriesData.fromCsv(table, inputs, targets, series);
        Normalization normalization = normalize ? Normalization.fit(raw) : null;
        SeriesData scaled = normalization == null ? raw : normalization.apply(raw);
        Generator generator = new Generator(seed);
        ModelSpec modelSpec = new ModelSpec(cellType, inputs.size(), hidden, layers, dropout, targets.size());
        SequenceModel model = new SequenceModel(modelSpec, generator);
        if (init != null) {
            ModelFile.loadWeights(init, model);
        }
        Optimizer optim = Optimizers.create(optimizerName, model.parameters(), lr);
        Trainer trainer;
        try {
            trainer = Trainer.builder(model, optim, scaled).bptt(chunks).clip(clip).generator(generator).build();
        } catch (DataException e) {
            throw new DataException(data + ": " + e.getMessage());
        }
        Map<String, Object> config = config(cellType, chunks, optimizerName);

        CheckpointStore store = checkpointDir == null ? null : new CheckpointStore(checkpointDir, checkpointKeep);
        double secondsBefore = 0;
        long resumedFrom = -1;
        if (store != null && resume) {
            Checkpoint checkpoint = Resume.latest(store, err);
            if (checkpoint == null) {
                say("no checkpoint in " + checkpointDir + ": starting from the beginning");
            } else {
                Map<String, Object> extra = TrainingCheckpoint.extra(checkpoint);
                Resume.checkSameRun(checkpoint, config, extra.get("config"));
                TrainingCheckpoint.restore(trainer, checkpoint);
                secondsBefore = extra.get("seconds") instanceof Number n ? n.doubleValue() : 0;
                resumedFrom = checkpoint.step();
                say("resuming from " + checkpoint.source() + " (iteration " + trainer.iteration() + ", epoch "
                        + (trainer.epochsCompleted() + 1) + ")");
            }
        } else if (store != null && !store.checkpoints().isEmpty()) {
            List<Path> existing = store.checkpoints();
            throw new IllegalArgumentException(checkpointDir + " already holds checkpoints (newest: "
                    + existing.get(existing.size() - 1).getFileName() + "); add --resume to continue that run, or "
                    + "use another directory");
        }

        int longest = scaled.maxLength();
        long max = iterations > 0 ? iterations : epochs * longest;
        Run run = new Run(trainer, store, config, resumedFrom);
        try (JsonlLog jsonl = resumedFrom >= 0 ? JsonlLog.resume(log, resumedFrom) : JsonlLog.open(log);
                Progress progress = Progress.open(quiet, out, max, progress(trainer, iterations, longest),
                        iterations > 0 ? "it" : "rows");
                TrainingPlot chart = TrainingPlot.open(plot, "dynrnn train: " + targets.get(0)
                        + (series == null ? "" : " of series " + raw.series(0).id()), Path.of("train-plot.png"))) {
            long startNanos = System.nanoTime();
            long firstIteration = trainer.iteration();
            float firstLoss = Float.NaN;
            float lastLoss = Float.NaN;
            while (iterations > 0 ? trainer.iteration() < iterations : trainer.epochsCompleted() < epochs) {
                Trainer.Step step;
                try {
                    step = trainer.step();
                } catch (TrainingDivergedException e) {
                    err.println("dynrnn train: error: " + e.getMessage());
                    err.println("dynrnn train: " + (run.lastCheckpoint == null ? "no checkpoint was written"
                            : "the last good checkpoint is " + run.lastCheckpoint + " (iteration "
                            + run.lastCheckpointIteration + ")") + (save == null ? "" : "; " + save + " was not written"));
                    err.flush();
                    return DIVERGED;
                }
                double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
                firstLoss = Float.isNaN(firstLoss) ? step.loss() : firstLoss;
                lastLoss = step.loss();
                jsonl.write(logEntry(step, seconds));
                plotStep(chart, raw, normalization, step, longest);
                progress.update(progress(trainer, iterations, longest), String.format(Locale.ROOT,
                        "iteration %d  epoch %d  loss %.6g", step.iteration(), step.epoch(), step.loss()));
                if (store != null && step.iteration() % checkpointEvery == 0) {
                    run.checkpoint(seconds);
                }
            }
            double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
            if (store != null && run.lastCheckpointIteration != trainer.iteration()) {
                run.checkpoint(seconds);
            }
            progress.close();
            if (save != null) {
                ModelFile.save(save, new TrainedModel(model, inputs, targets, series, normalization));
            }
            summary(trainer, raw, firstIteration, firstLoss, lastLoss, (System.nanoTime() - startNanos) / 1e9);
            String where = chart.finish();
            if (where != null) {
                say(where);
            }
        }
        return 0;
    }

    /** What a resumed run must share with the checkpoint's run: everything that changes the numbers. */
    private Map<String, Object> config(Cell cellType, Bptt chunks, String optimizerName) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data_sha256", sha256(data));
        config.put("input", inputs);
        config.put("target", targets);
        config.put("series", series);
        config.put("cell", cellType.id());
        config.put("hidden", hidden);
        config.put("layers", layers);
        config.put("dropout", dropout);
        config.put("bptt", chunks.toString());
        config.put("optimizer", optimizerName);
        config.put("lr", lr);
        config.put("clip", clip);
        config.put("seed", seed);
        config.put("normalize", normalize);
        return config;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Checkpoints of one run, and the newest written. */
    private final class Run {
        final Trainer trainer;
        final CheckpointStore store;
        final Map<String, Object> config;
        Path lastCheckpoint;
        long lastCheckpointIteration;

        Run(Trainer trainer, CheckpointStore store, Map<String, Object> config, long resumedFrom) {
            this.trainer = trainer;
            this.store = store;
            this.config = config;
            this.lastCheckpointIteration = resumedFrom;
            this.lastCheckpoint = resumedFrom >= 0 ? store.pathFor(resumedFrom) : null;
        }

        void checkpoint(double seconds) throws IOException {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("config", config);
            extra.put("seconds", seconds);
            lastCheckpoint = store.save(TrainingCheckpoint.capture(trainer, extra));
            lastCheckpointIteration = trainer.iteration();
        }
    }

    private static long progress(Trainer trainer, long iterations, int longest) {
        return iterations > 0 ? trainer.iteration() : trainer.epochsCompleted() * longest + trainer.position();
    }

    private Map<String, Object> logEntry(Trainer.Step step, double seconds) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("iteration", step.iteration());
        entry.put("epoch", step.epoch());
        entry.put("steps", step.steps());
        entry.put("loss", step.loss());
        entry.put("lr", step.lr());
        entry.put("seconds", Math.round(seconds * 1e6) / 1e6);
        if (!Float.isNaN(step.gradNorm())) {
            entry.put("grad_norm", step.gradNorm());
        }
        return entry;
    }

    /** The first series' first target and its prediction over the chunk, at its row numbers across epochs. */
    private static void plotStep(TrainingPlot chart, SeriesData raw, Normalization normalization, Trainer.Step step,
            int longest) {
        if (chart instanceof TrainingPlot.NoPlot) {
            return;
        }
        SeriesData.Series first = raw.series(0);
        float[] prediction = step.prediction(0);
        int outputs = raw.targetColumns().size();
        int rows = prediction.length / outputs;
        if (rows == 0) {
            return;
        }
        if (normalization != null) {
            normalization.unscaleTargets(prediction);
        }
        double[] x = new double[rows];
        double[] target = new double[rows];
        double[] predicted = new double[rows];
        for (int t = 0; t < rows; t++) {
            x[t] = (double) (step.epoch() - 1) * longest + step.start() + t;
            target[t] = first.targets()[(step.start() + t) * outputs];
            predicted[t] = prediction[t * outputs];
        }
        chart.addSegment(x, target, predicted);
    }

    private void summary(Trainer trainer, SeriesData raw, long firstIteration, float firstLoss, float lastLoss,
            double seconds) {
        long done = trainer.iteration() - firstIteration;
        say(String.format(Locale.ROOT, "trained %s (hidden %d, %d layer%s) on %d series, %d rows: %d iteration%s%s in "
                        + "%.1f s (%.0f it/s)%s", cell.toLowerCase(Locale.ROOT), hidden, layers, layers == 1 ? "" : "s",
                raw.seriesCount(), raw.totalRows(), done, done == 1 ? "" : "s",
                firstIteration > 0 ? " (from iteration " + firstIteration + ")" : "", seconds,
                seconds > 0 ? done / seconds : 0,
                done > 0 ? String.format(Locale.ROOT, "; loss %.6g first, %.6g last", firstLoss, lastLoss) : ""));
        if (save != null) {
            say("model saved to " + save);
        }
    }

    private void say(String line) {
        if (!quiet) {
            out.println(line);
            out.flush();
        }
    }
}
