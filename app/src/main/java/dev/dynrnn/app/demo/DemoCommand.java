package dev.dynrnn.app.demo;

import dev.dynrnn.app.cli.JsonlLog;
import dev.dynrnn.app.cli.PlotOptions;
import dev.dynrnn.app.plot.TrainingPlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code dynrnn demo}: runs {@link SeedDemo}, printing the model, one line per iteration and a
 * summary, drawing the plot and optionally writing a JSONL log.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the seed program: an RNN learns cos(t) from sin(t) on sequences whose length "
                + "changes every iteration, the hidden state carried over and detached.",
                "With --seed N it reproduces the PyTorch program after torch.manual_seed(N) and np.random.seed(N)."})
public final class DemoCommand implements Callable<Integer> {
    /** Where the picture goes when a window was asked for but there is no display. */
    static final Path FALLBACK_PLOT = Path.of("dynrnn-demo.png");

    @Spec
    CommandSpec spec;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "60",
            description = "Training iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of PyTorch's and NumPy's generators, 0 to 2^32-1 (default: ${DEFAULT-VALUE}, "
                    + "the seed's commented-out torch.manual_seed(1)).")
    long seed;

    @Option(names = "--static",
            description = "The seed's static variant: 10 points per pi every iteration instead of 10, 20 or 30.")
    boolean staticSteps;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.02",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "32",
            description = "Hidden units of the recurrent layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--cell", paramLabel = "rnn|lstm|gru", defaultValue = "rnn", converter = CellConverter.class,
            description = "The recurrent layer (default: ${DEFAULT-VALUE}).")
    Cell cell;

    @Mixin
    PlotOptions plot;

    @Option(names = "--log", paramLabel = "FILE.jsonl",
            description = "Also write one JSON object per iteration: iteration, steps, loss, lr, seconds.")
    Path log;

    static final class CellConverter implements ITypeConverter<Cell> {
        @Override
        public Cell convert(String value) {
            try {
                return Cell.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected rnn, lstm or gru, got '" + value + "'");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoOptions options;
        try {
            options = new DemoOptions(iterations, seed, staticSteps, lr, hidden, cell);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try (JsonlLog jsonl = JsonlLog.open(log); TrainingPlot picture = openPlot(options)) {
            long started = System.nanoTime();
            SeedDemo.Progress progress = (iteration, steps, loss) -> {
                out.printf(Locale.ROOT, "iteration %3d  steps %2d  loss %.6f%n", iteration, steps, loss);
                out.flush();
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("iteration", iteration);
                record.put("steps", steps);
                record.put("loss", loss);
                record.put("lr", options.lr());
                record.put("seconds", (System.nanoTime() - started) / 1e9);
                jsonl.write(record);
            };
            float[] losses = SeedDemo.run(options, out, progress, picture);
            out.println(summary(losses, (System.nanoTime() - started) / 1e9));
            if (jsonl.file() != null) {
                out.println("log written to " + jsonl.file());
            }
            out.flush();
            String where = picture.finish();
            if (where != null) {
                out.println(where);
            }
        }
        out.flush();
        return 0;
    }

    private TrainingPlot openPlot(DemoOptions options) {
        try {
            return plot.open(title(options), FALLBACK_PLOT);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The plot's title. */
    static String title(DemoOptions options) {
        return String.format(Locale.ROOT, "dynrnn demo: %s(%d) learns cos(t) from sin(t), seed %d, %s time steps",
                options.cell().name(), options.hidden(), options.seed(), options.staticSteps() ? "static" : "dynamic");
    }

    /** First loss and the mean of the last ten (or of all, when there are fewer). */
    static String summary(float[] losses, double seconds) {
        int last = Math.min(10, losses.length);
        double sum = 0;
        for (int i = losses.length - last; i < losses.length; i++) {
            sum += losses[i];
        }
        return String.format(Locale.ROOT, "%d iterations in %.2f s: first loss %.6f, mean of the last %s %.6f",
                losses.length, seconds, losses[0], last == 10 ? "ten" : String.valueOf(last), sum / last);
    }
}
