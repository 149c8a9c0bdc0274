package dev.dynrnn.app.train;

import dev.dynrnn.app.plot.TrainingPlot;
import dev.dynrnn.io.CsvTable;
import dev.dynrnn.train.ModelFile;
import dev.dynrnn.train.SeriesData;
import dev.dynrnn.train.TrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dynrnn predict}: runs a trained model statefully over each whole series of a CSV file
 * and writes the file again with a {@code <target>_pred} column per target.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs a model from 'dynrnn train --save' over each whole series of a CSV file (from a zero state, "
                    + "carrying the state through every row) and writes the file's columns plus <target>_pred for "
                    + "each target."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:predicted", "1:bad input: a missing or malformed file, column or cell", "2:bad command line"})
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file from train --save.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "CSV file with the model's input columns (and its series column, if it has one).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the predictions (CSV).")
    Path output;

    @Option(names = "--series", paramLabel = "COL",
            description = "Series column, if other than the one the model was trained with.")
    String series;

    @Option(names = "--plot", defaultValue = "none", paramLabel = "window|none|FILE.png|FILE.svg",
            description = "Plot target (red) against prediction (blue) of the first series; needs the target "
                    + "column in the data (default: ${DEFAULT-VALUE}).")
    String plot;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            long start = System.nanoTime();
            TrainedModel trained = ModelFile.load(model);
            CsvTable table = CsvTable.read(data);
            String seriesColumn = series != null ? series : trained.seriesColumn();
            boolean hasTargets = trained.targetColumns().stream().allMatch(table::hasColumn);
            SeriesData input = SeriesData.fromCsv(table, trained.inputColumns(),
                    hasTargets ? trained.targetColumns() : List.of(), seriesColumn);
            List<float[]> predictions = trained.predict(input);
            int outputs = trained.targetColumns().size();
            Map<String, float[]> columns = new LinkedHashMap<>();
            for (int k = 0; k < outputs; k++) {
                float[] column = new float[table.rowCount()];
                for (int s = 0; s < input.seriesCount(); s++) {
                    SeriesData.Series one = input.series(s);
                    for (int t = 0; t < one.length(); t++) {
                        column[one.row(t)] = predictions.get(s)[t * outputs + k];
                    }
                }
                columns.put(trained.targetColumns().get(k) + "_pred", column);
            }
            table.writeWith(output, columns);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!quiet) {
                out.printf(Locale.ROOT, "predicted %s for %d series, %d rows, in %.1f s; wrote %s%n",
                        String.join(", ", columns.keySet()), input.seriesCount(), table.rowCount(), seconds, output);
            }
            plot(input, predictions, trained, hasTargets, out);
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("dynrnn predict: error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private void plot(SeriesData input, List<float[]> predictions, TrainedModel trained, boolean hasTargets,
            PrintWriter out) throws IOException {
        if (plot.equalsIgnoreCase("none")) {
            return;
        }
        if (!hasTargets) {
            throw new IllegalArgumentException("--plot needs the target column(s) " + trained.targetColumns()
                    + " in " + data + " to compare with; the predictions were written to " + output);
        }
        SeriesData.Series first = input.series(0);
        int outputs = trained.targetColumns().size();
        double[] x = new double[first.length()];
        double[] target = new double[first.length()];
        double[] predicted = new double[first.length()];
        for (int t = 0; t < first.length(); t++) {
            x[t] = t;
            target[t] = first.targets()[t * outputs];
            predicted[t] = predictions.get(0)[t * outputs];
        }
        String title = "dynrnn predict: " + trained.targetColumns().get(0)
                + (first.id().isEmpty() ? "" : " of series " + first.id());
        try (TrainingPlot chart = TrainingPlot.open(plot, title, Path.of("predict-plot.png"))) {
            chart.addSegment(x, target, predicted);
            String where = chart.finish();
            if (where != null && !quiet) {
                out.println(where);
            }
        }
    }
}
