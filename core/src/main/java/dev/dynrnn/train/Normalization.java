package dev.dynrnn.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A z-score per column, z = (x - mean) / std, fitted on training data and stored with the model
 * so that prediction scales new inputs the same way and maps predictions back,
 * x = z * std + mean.
 *
 * <p>mean and std are over every row of every series, in double; std is the population standard
 * deviation (divide by n, as numpy's {@code std()} and scikit-learn's {@code StandardScaler}). A
 * constant column (std 0) keeps std = 1, so it is only centred.
 */
public final class Normalization {
    private final List<String> inputColumns;
    private final double[] inputMean;
    private final double[] inputStd;
    private final List<String> targetColumns;
    private final double[] targetMean;
    private final double[] targetStd;

    /**
     * A normalization with the given statistics.
     *
     * @throws IllegalArgumentException if lengths differ, a value is not finite, or a std is not positive
     */
    public Normalization(List<String> inputColumns, double[] inputMean, double[] inputStd,
            List<String> targetColumns, double[] targetMean, double[] targetStd) {
        this.inputColumns = List.copyOf(inputColumns);
        this.inputMean = check("input", inputColumns, inputMean, "mean");
        this.inputStd = check("input", inputColumns, inputStd, "std");
        this.targetColumns = List.copyOf(targetColumns);
        this.targetMean = check("target", targetColumns, targetMean, "mean");
        this.targetStd = check("target", targetColumns, targetStd, "std");
    }

    private static double[] check(String kind, List<String> columns, double[] values, String what) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(kind + " " + what + " has " + values.length + " values for "
                    + columns.size() + " columns " + columns);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]) || (what.equals("std") && !(values[i] > 0))) {
                throw new IllegalArgumentException(kind + " column '" + columns.get(i) + "': " + what + " "
                        + values[i] + " is not " + (what.equals("std") ? "a positive finite number" : "finite"));
            }
        }
        return values.clone();
    }

    /** Fits mean and std of every input and target column of {@code data}. */
    public static Normalization fit(SeriesData data) {
        int in = data.inputColumns().size();
        int out = data.targetColumns().size();
        double[][] inputStats = stats(data, in, true);
        double[][] targetStats = stats(data, out, false);
        return new Normalization(data.inputColumns(), inputStats[0], inputStats[1], data.targetColumns(),
                targetStats[0], targetStats[1]);
    }

    /** {mean, std} per column. */
    private static double[][] stats(SeriesData data, int width, boolean inputs) {
        double[] mean = new double[width];
        double[] std = new double[width];
        long n = data.totalRows();
        for (SeriesData.Series s : data.series()) {
            double[] values = inputs ? s.inputValues() : s.targetValues();
            for (int i = 0; i < values.length; i++) {
                mean[i % width] += values[i];
            }
        }
        for (int c = 0; c < width; c++) {
            mean[c] /= n;
        }
        for (SeriesData.Series s : data.series()) {
            double[] values = inputs ? s.inputValues() : s.targetValues();
            for (int i = 0; i < values.length; i++) {
                double d = values[i] - mean[i % width];
                std[i % width] += d * d;
            }
        }
        for (int c = 0; c < width; c++) {
            std[c] = Math.sqrt(std[c] / n);
            if (std[c] == 0) {
                std[c] = 1;
            }
        }
        return new double[][] {mean, std};
    }

    /**
     * {@code data} scaled: inputs always, targets when {@code data} has them (prediction input
     * may have none).
     *
     * @throws IllegalArgumentException if the data's columns are not the ones this was fitted on
     */
    public SeriesData apply(SeriesData data) {
        if (!data.inputColumns().equals(inputColumns)) {
            throw new IllegalArgumentException("the normalization is for input columns " + inputColumns
                    + ", the data has " + data.inputColumns());
        }
        boolean targets = !data.targetColumns().isEmpty();
        if (targets && !data.targetColumns().equals(targetColumns)) {
            throw new IllegalArgumentException("the normalization is for target columns " + targetColumns
                    + ", the data has " + data.targetColumns());
        }
        return data.mapValues((s, values) -> scale(values, inputMean, inputStd),
                (s, values) -> targets ? scale(values, targetMean, targetStd) : values);
    }

    private static double[] scale(double[] values, double[] mean, double[] std) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (values[i] - mean[i % mean.length]) / std[i % mean.length];
        }
        return out;
    }

    /** Maps scaled predictions, (rows, target columns) row-major, back to the targets' units, in place. */
    public void unscaleTargets(float[] predictions) {
        int width = targetMean.length;
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = (float) (predictions[i] * targetStd[i % width] + targetMean[i % width]);
        }
    }

    /** The input columns, in model order. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** The target columns, in model order. */
    public List<String> targetColumns() {
        return targetColumns;
    }

    /** Per input column. */
    public double[] inputMean() {
        return inputMean.clone();
    }

    /** Per input column. */
    public double[] inputStd() {
        return inputStd.clone();
    }

    /** Per target column. */
    public double[] targetMean() {
        return targetMean.clone();
    }

    /** Per target column. */
    public double[] targetStd() {
        return targetStd.clone();
    }

    /**
     * As JSON: {@code {"inputs": {"x": {"mean": m, "std": s}, ...}, "targets": {...}}}, columns
     * in model order.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("inputs", columnsJson(inputColumns, inputMean, inputStd));
        json.put("targets", columnsJson(targetColumns, targetMean, targetStd));
        return json;
    }

    private static Map<String, Object> columnsJson(List<String> columns, double[] mean, double[] std) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("mean", mean[i]);
            column.put("std", std[i]);
            json.put(columns.get(i), column);
        }
        return json;
    }

    /** Reads what {@link #toJson()} wrote. */
    public static Normalization fromJson(Map<String, Object> json) {
        Object[] inputs = columnsFromJson(json, "inputs");
        Object[] targets = columnsFromJson(json, "targets");
        @SuppressWarnings("unchecked")
        List<String> inputNames = (List<String>) inputs[0];
        @SuppressWarnings("unchecked")
        List<String> targetNames = (List<String>) targets[0];
        return new Normalization(inputNames, (double[]) inputs[1], (double[]) inputs[2], targetNames,
                (double[]) targets[1], (double[]) targets[2]);
    }

    private static Object[] columnsFromJson(Map<String, Object> json, String key) {
        if (!(json.get(key) instanceof Map<?, ?> columns)) {
            throw new IllegalArgumentException("normalization has no \"" + key + "\" object");
        }
        List<String> names = new java.util.ArrayList<>();
        double[] mean = new double[columns.size()];
        double[] std = new double[columns.size()];
        int i = 0;
        for (Map.Entry<?, ?> entry : columns.entrySet()) {
            names.add((String) entry.getKey());
            if (!(entry.getValue() instanceof Map<?, ?> column) || !(column.get("mean") instanceof Number m)
                    || !(column.get("std") instanceof Number s)) {
                throw new IllegalArgumentException("normalization of " + key + " column '" + entry.getKey()
                        + "' needs numbers \"mean\" and \"std\", got " + entry.getValue());
            }
            mean[i] = m.doubleValue();
            std[i] = s.doubleValue();
            i++;
        }
        return new Object[] {names, mean, std};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && inputColumns.equals(other.inputColumns)
                && targetColumns.equals(other.targetColumns) && Arrays.equals(inputMean, other.inputMean)
                && Arrays.equals(inputStd, other.inputStd) && Arrays.equals(targetMean, other.targetMean)
                && Arrays.equals(targetStd, other.targetStd);
    }

    @Override
    public int hashCode() {
        return inputColumns.hashCode() * 31 + Arrays.hashCode(inputMean);
    }

    @Override
    public String toString() {
        return "Normalization" + toJson();
    }
}
