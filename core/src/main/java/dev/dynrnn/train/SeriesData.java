package dev.dynrnn.train;

import dev.dynrnn.io.CsvException;
import java.io.IOException;
import dev.dynrnn.io.CsvTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Numeric sequences to train on or predict for: one or more series (e.g. one per sensor,
 * station or patient), each a run of rows in time order, every row holding the values of the
 * input columns and of the target columns. Series may differ in length.
 *
 * <p>Read from a CSV file with {@link #fromCsv}: the rows of each value of the series column form
 * one series, in file order (they need not be adjacent), series ordered by first appearance;
 * without a series column the whole file is one series. Values are kept as the doubles the
 * text denotes and offered as float32 ({@link Series#inputs()}), so that a z-score
 * ({@link Normalization}) is computed in double and rounded once, as
 * {@code ((x - mean) / std).astype(np.float32)} does.
 */
public final class SeriesData {
    private final List<String> inputColumns;
    private final List<String> targetColumns;
    private final String seriesColumn;
    private final List<Series> series;

    private SeriesData(List<String> inputColumns, List<String> targetColumns, String seriesColumn, List<Series> series) {
        this.inputColumns = List.copyOf(inputColumns);
        this.targetColumns = List.copyOf(targetColumns);
        this.seriesColumn = seriesColumn;
        this.series = List.copyOf(series);
    }

    /** One sequence: its id and, per row, the input and target values. */
    public static final class Series {
        private final String id;
        private final int length;
        private final int[] rows;
        private final double[] inputValues;
        private final double[] targetValues;
        private final float[] inputs;
        private final float[] targets;

        Series(String id, int length, int[] rows, double[] inputValues, double[] targetValues) {
            this.id = id;
            this.length = length;
            this.rows = rows;
            this.inputValues = inputValues;
            this.targetValues = targetValues;
            this.inputs = toFloats(inputValues);
            this.targets = toFloats(targetValues);
        }

        /**
         * A series from values in memory.
         *
         * @param inputs  (rows, input columns)
         * @param targets (rows, target columns), or null when there are no targets
         */
        public static Series of(String id, double[][] inputs, double[][] targets) {
            int length = inputs.length;
            if (targets != null && targets.length != length) {
                throw new IllegalArgumentException("series '" + id + "' has " + length + " rows of inputs but "
                        + targets.length + " rows of targets");
            }
            int[] rows = new int[length];
            for (int i = 0; i < length; i++) {
                rows[i] = i;
            }
            return new Series(id, length, rows, flatten(id, "inputs", inputs),
                    targets == null ? new double[0] : flatten(id, "targets", targets));
        }

        private static double[] flatten(String id, String what, double[][] rows) {
            int width = rows.length == 0 ? 0 : rows[0].length;
            double[] out = new double[rows.length * width];
            for (int r = 0; r < rows.length; r++) {
                if (rows[r].length != width) {
                    throw new IllegalArgumentException("series '" + id + "' " + what + " row " + r + " has "
                            + rows[r].length + " values, row 0 has " + width);
                }
                for (int c = 0; c < width; c++) {
                    double value = rows[r][c];
                    if (!Double.isFinite(value) || Float.isInfinite((float) value)) {
                        throw new IllegalArgumentException("series '" + id + "' " + what + " row " + r + " column " + c
                                + ": " + value + " is not a finite float32 value");
                    }
                    out[r * width + c] = value;
                }
            }
            return out;
        }

        private static float[] toFloats(double[] values) {
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }

        /** The series id (the value in the series column; empty when there is none). */
        public String id() {
            return id;
        }

        /** The number of rows (time steps). */
        public int length() {
            return length;
        }

        /** The data row (from 0, in the file) of time step {@code t}. */
        public int row(int t) {
            return rows[t];
        }

        /** The inputs as float32, (length, input columns) row-major; do not modify. */
        public float[] inputs() {
            return inputs;
        }

        /** The targets as float32, (length, target columns) row-major; empty without targets; do not modify. */
        public float[] targets() {
            return targets;
        }

        double[] inputValues() {
            return inputValues;
        }

        double[] targetValues() {
            return targetValues;
        }

        Series withValues(double[] newInputs, double[] newTargets) {
            return new Series(id, length, rows, newInputs, newTargets);
        }
    }

    // ---------------------------------------------------------------- construction

    /**
     * The series of {@code table}.
     *
     * @param inputColumns  at least one column, each read as numbers
     * @param targetColumns the columns to predict; may be empty (for prediction without targets)
     * @param seriesColumn  the column whose value names each row's series, or null for one series
     * @throws CsvException for a missing column (listing the columns there are), an empty,
     *     non-numeric, NaN, infinite or out-of-float32-range cell (file, line, column, value)
     * @throws DataException for an empty series id (file, line, column)
     * @throws IllegalArgumentException for an empty input list or a column named twice
     */
    public static SeriesData fromCsv(CsvTable table, List<String> inputColumns, List<String> targetColumns,
            String seriesColumn) throws IOException {
        checkColumns(inputColumns, targetColumns, seriesColumn);
        double[][] inputs = numericColumns(table, inputColumns);
        double[][] targets = numericColumns(table, targetColumns);
        Map<String, List<Integer>> rowsById = new LinkedHashMap<>();
        if (seriesColumn == null) {
            List<Integer> all = new ArrayList<>(table.rowCount());
            for (int r = 0; r < table.rowCount(); r++) {
                all.add(r);
            }
            rowsById.put("", all);
        } else {
            List<String> ids = table.strings(seriesColumn);
            for (int r = 0; r < ids.size(); r++) {
                String id = ids.get(r).strip();
                if (id.isEmpty()) {
                    throw new DataException(table.file() + ":" + table.line(r) + ": column '" + seriesColumn
                            + "': empty series id");
                }
                rowsById.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
            }
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> entry : rowsById.entrySet()) {
            int[] rows = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            series.add(new Series(entry.getKey(), rows.length, rows, gather(inputs, rows), gather(targets, rows)));
        }
        return new SeriesData(inputColumns, targetColumns, seriesColumn, series);
    }

    /** Series from memory, e.g. {@code SeriesData.of(List.of("x"), List.of("y"), List.of(Series.of("a", xs, ys)))}. */
    public static SeriesData of(List<String> inputColumns, List<String> targetColumns, List<Series> series) {
        checkColumns(inputColumns, targetColumns, null);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series given");
        }
        Set<String> ids = new HashSet<>();
        for (Series s : series) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("series id '" + s.id() + "' appears twice");
            }
            int inputWidth = s.length() == 0 ? 0 : s.inputValues().length / s.length();
            if (s.length() > 0 && inputWidth != inputColumns.size()) {
                throw new IllegalArgumentException("series '" + s.id() + "' has " + inputWidth + " inputs per row, "
                        + "expected " + inputColumns.size() + " " + inputColumns);
            }
            if (s.targetValues().length != s.length() * targetColumns.size()) {
                throw new IllegalArgumentException("series '" + s.id() + "' has "
                        + (s.length() == 0 ? 0 : s.targetValues().length / s.length()) + " targets per row, expected "
                        + targetColumns.size() + " " + targetColumns);
            }
        }
        return new SeriesData(inputColumns, targetColumns, null, series);
    }

    private static void checkColumns(List<String> inputColumns, List<String> targetColumns, String seriesColumn) {
        if (inputColumns.isEmpty()) {
            throw new IllegalArgumentException("at least one input column is needed");
        }
        Set<String> seen = new HashSet<>();
        for (String column : inputColumns) {
            if (!seen.add(column)) {
                throw new IllegalArgumentException("input column '" + column + "' is named twice");
            }
        }
        Set<String> targets = new HashSet<>();
        for (String column : targetColumns) {
            if (!targets.add(column)) {
                throw new IllegalArgumentException("target column '" + column + "' is named twice");
            }
        }
        if (seriesColumn != null && (seen.contains(seriesColumn) || targets.contains(seriesColumn))) {
            throw new IllegalArgumentException("the series column '" + seriesColumn
                    + "' cannot also be an input or target column");
        }
    }

    /** Each column as doubles, after checking that every cell is a finite float32 value. */
    private static double[][] numericColumns(CsvTable table, List<String> columns) throws IOException {
        double[][] out = new double[columns.size()][];
        for (int c = 0; c < out.length; c++) {
            table.floats(columns.get(c)); // the float32 checks, with file, line, column and value
            out[c] = table.doubles(columns.get(c));
        }
        return out;
    }

    /** (rows, columns) row-major values of {@code rows} from column arrays. */
    private static double[] gather(double[][] columns, int[] rows) {
        double[] out = new double[rows.length * columns.length];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < columns.length; c++) {
                out[i * columns.length + c] = columns[c][rows[i]];
            }
        }
        return out;
    }

    /** The same series with every value replaced (same shapes); for {@link Normalization}. */
    SeriesData mapValues(BiFunction<Series, double[], double[]> inputs, BiFunction<Series, double[], double[]> targets) {
        List<Series> mapped = new ArrayList<>();
        for (Series s : series) {
            mapped.add(s.withValues(inputs.apply(s, s.inputValues()), targets.apply(s, s.targetValues())));
        }
        return new SeriesData(inputColumns, targetColumns, seriesColumn, mapped);
    }

    // ---------------------------------------------------------------- access

    /** The input column names, in model order. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** The target column names, in model order (empty when the data has no targets). */
    public List<String> targetColumns() {
        return targetColumns;
    }

    /** The series column, or null when the data is one series. */
    public String seriesColumn() {
        return seriesColumn;
    }

    /** The series, in order of first appearance. */
    public List<Series> series() {
        return Collections.unmodifiableList(series);
    }

    /** Series {@code index}. */
    public Series series(int index) {
        return series.get(index);
    }

    /** The number of series. */
    public int seriesCount() {
        return series.size();
    }

    /** The length of the longest series. */
    public int maxLength() {
        int max = 0;
        for (Series s : series) {
            max = Math.max(max, s.length());
        }
        return max;
    }

    /** The number of rows of all series. */
    public long totalRows() {
        long total = 0;
        for (Series s : series) {
            total += s.length();
        }
        return total;
    }
}
