package dev.dynrnn.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header row, read whole: named columns of text, each readable as numbers
 * ({@link #floats}, {@link #doubles}) or as strings ({@link #strings}, e.g. a series id), and
 * writable again with new columns appended ({@link #writeWith(Path, Map)}).
 *
 * <p>Syntax is RFC 4180: fields separated by commas; a field in double quotes may hold commas,
 * line breaks and doubled quotes ({@code "say ""hi"""}); records end with LF, CRLF or CR, the
 * last one optionally. Also accepted: a UTF-8 byte order mark, and blank lines (skipped, as
 * pandas does). Column names are trimmed of spaces and tabs unless quoted. Refused, each with
 * the file and the line: a file that is not UTF-8, an empty file, a header with no data rows,
 * a duplicate column name, a row with more or fewer fields than the header, a quote inside an
 * unquoted field, text after a closing quote, an unterminated quoted field.
 *
 * <p>Line numbers are physical lines from 1, as a text editor shows them, counting every LF,
 * CRLF and CR, including those inside quoted fields. The text is kept as read, so that
 * {@link #writeWith(Path, Map)} copies the input's fields unchanged; numbers are parsed when
 * asked for, and the first bad cell is reported: {@code data.csv:118: column 'x': 'n/a' is not a
 * number}, {@code data.csv:7: column 'y': NaN is not allowed}.
 *
 * <p>Memory: the file's text plus two ints per cell. At most 2<sup>31</sup>-1 characters.
 */
public final class CsvTable {
    private final Path file;
    /** The file's text without the byte order mark. */
    private final String text;
    private final List<String> names;
    private final int columns;
    private final int rows;
    /** Raw field boundaries (quotes included), record after record, the header first. */
    private final int[] fieldStart;
    private final int[] fieldEnd;
    /** The physical line each record starts on, the header first. */
    private final int[] recordLine;

    CsvTable(Path file, String text, List<String> names, int rows, int[] fieldStart, int[] fieldEnd,
            int[] recordLine) {
        this.file = file;
        this.text = text;
        this.names = Collections.unmodifiableList(names);
        this.columns = names.size();
        this.rows = rows;
        this.fieldStart = fieldStart;
        this.fieldEnd = fieldEnd;
        this.recordLine = recordLine;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads {@code file} (UTF-8) and checks its structure; cells are parsed as numbers only when
     * a column is asked for.
     *
     * @throws CsvException naming the file, and the line where there is one, for a missing or
     *     unreadable file, bad UTF-8 and every structural problem listed in the class comment
     */
    public static CsvTable read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw CsvException.at(file, 0, null, "is a directory, not a CSV file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CsvException.of(file, FileProblems.describe(e), e);
        }
        return CsvParser.parse(file, bytes);
    }

    // ---------------------------------------------------------------- columns

    /** The file this table was read from. */
    public Path file() {
        return file;
    }

    /** The column names in file order. */
    public List<String> columnNames() {
        return names;
    }

    /** The number of data rows (the header not counted). */
    public int rowCount() {
        return rows;
    }

    /** Whether there is a column {@code name}. */
    public boolean hasColumn(String name) {
        return names.contains(name);
    }

    /** The physical line (from 1) on which data row {@code row} (from 0) starts. */
    public int line(int row) {
        return recordLine[checkRow(row) + 1];
    }

    /** The text of one cell, unquoted, as it is in the file. */
    public String text(int row, String column) throws CsvException {
        return value(checkRow(row), columnIndex(column));
    }

    /** The column's cells as text, unquoted (e.g. a series id). */
    public List<String> strings(String column) throws CsvException {
        int c = columnIndex(column);
        List<String> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(value(r, c));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The column as float32: each cell is read as the nearest double, then rounded to float, as
     * Python's {@code float(text)} followed by {@code torch.float32} does (the direct nearest
     * float differs in rare double-rounding cases).
     *
     * @throws CsvException for the first cell that is empty, not a decimal number, NaN,
     *     infinite, or beyond the float32 range, naming its line, the column and the text
     */
    public float[] floats(String column) throws CsvException {
        int c = columnIndex(column);
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = (float) number(r, c, true);
        }
        return out;
    }

    /** The column as doubles; the same checks as {@link #floats}, against the float64 range. */
    public double[] doubles(String column) throws CsvException {
        int c = columnIndex(column);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = number(r, c, false);
        }
        return out;
    }

    private int checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " is out of range for " + rows + " data rows");
        }
        return row;
    }

    private int columnIndex(String name) throws CsvException {
        int index = names.indexOf(name);
        if (index >= 0) {
            return index;
        }
        String hint = "";
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name.strip())) {
                hint = "; did you mean '" + candidate + "'?";
                break;
            }
        }
        throw CsvException.missingColumn(file, name, names, hint);
    }

    /** Index into the field arrays of field {@code column} of record {@code record} (0 is the header). */
    private int field(int record, int column) {
        return record * columns + column;
    }

    /** The unquoted text of data row {@code row}, column {@code column}. */
    private String value(int row, int column) {
        int f = field(row + 1, column);
        int start = fieldStart[f];
        int end = fieldEnd[f];
        return start < end && text.charAt(start) == '"' ? CsvParser.unquote(text, start, end) : text.substring(start, end);
    }

    /** The physical line a cell starts on: its record's line plus the breaks before it in the record. */
    private int cellLine(int row, int column) {
        int line = recordLine[row + 1];
        int end = fieldStart[field(row + 1, column)];
        for (int i = fieldStart[field(row + 1, 0)]; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private double number(int row, int column, boolean float32) throws CsvException {
        String cell = value(row, column);
        String s = cell.strip();
        String problem;
        if (s.isEmpty()) {
            problem = "empty cell";
        } else if (isDecimal(s)) {
            double value = Double.parseDouble(s);
            if (!Double.isInfinite(value) && !(float32 && Float.isInfinite((float) value))) {
                return value;
            }
            problem = shown(cell) + " is out of the " + (float32 ? "float32" : "float64") + " range";
        } else {
            String unsigned = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
            if (unsigned.equalsIgnoreCase("nan")) {
                problem = "NaN is not allowed";
            } else if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
                problem = "infinity is not allowed (" + shown(cell) + ")";
            } else {
                problem = shown(cell) + " is not a number";
            }
        }
        throw CsvException.at(file, cellLine(row, column), names.get(column), problem);
    }

    /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}: what Python's float() reads, less nan, inf and _. */
    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A cell's text for a message: quoted, control characters escaped, long ones shortened. */
    private static String shown(String cell) {
        String escaped = cell.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return "'" + (escaped.length() > 40 ? escaped.substring(0, 37) + "..." : escaped) + "'";
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes this table to {@code out} with {@code newColumns} appended, atomically (see
     * {@link AtomicFiles}). The input's header and rows are copied as they were read (quotes,
     * spacing and number text untouched; line ends become LF); new values are written as the
     * shortest text that reads back as the same float32 ({@code 0.1}, {@code 1e-05}), NaN as an
     * empty cell (read as missing by pandas and spreadsheets), infinities as {@code inf} and
     * {@code -inf}. {@code out} may be the input file.
     *
     * @throws IllegalArgumentException if a new column's length is not {@link #rowCount()} or its
     *     name is already a column
     */
    public void writeWith(Path out, Map<String, float[]> newColumns) throws IOException {
        for (Map.Entry<String, float[]> column : newColumns.entrySet()) {
            if (names.contains(column.getKey())) {
                throw new IllegalArgumentException("column '" + column.getKey() + "' is already in " + file);
            }
            checkLength(column.getKey(), column.getValue(), rows);
        }
        List<float[]> values = new ArrayList<>(newColumns.values());
        List<String> header = new ArrayList<>(newColumns.keySet());
        AtomicFiles.write(out, stream -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            for (int record = 0; record <= rows; record++) {
                int start = fieldStart[field(record, 0)];
                writer.write(text, start, fieldEnd[field(record, columns - 1)] - start);
                for (int c = 0; c < values.size(); c++) {
                    writer.write(',');
                    writer.write(record == 0 ? quoted(header.get(c)) : cell(values.get(c)[record - 1]));
                }
                writer.write('\n');
            }
            writer.flush();
        });
    }

    /**
     * Writes {@code columns} (name to values, all of one length) as a new CSV file, atomically,
     * with values formatted as {@link #writeWith} does.
     *
     * @throws IllegalArgumentException if there are no columns or their lengths differ
     */
    public static void writeColumns(Path out, Map<String, float[]> columns) throws IOException {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a CSV file needs at least one column");
        }
        int length = columns.values().iterator().next().length;
        for (Map.Entry<String, float[]> column : columns.entrySet()) {
            checkLength(column.getKey(), column.getValue(), length);
        }
        List<float[]> values = new ArrayList<>(columns.values());
        List<String> header = new ArrayList<>(columns.keySet());
        AtomicFiles.write(out, stream -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            for (int record = 0; record <= length; record++) {
                for (int c = 0; c < values.size(); c++) {
                    if (c > 0) {
                        writer.write(',');
                    }
                    writer.write(record == 0 ? quoted(header.get(c)) : cell(values.get(c)[record - 1]));
                }
                writer.write('\n');
            }
            writer.flush();
        });
    }

    private static void checkLength(String name, float[] values, int rows) {
        if (values == null || values.length != rows) {
            throw new IllegalArgumentException("column '" + name + "' has " + (values == null ? "no" : values.length)
                    + " values for " + rows + " rows");
        }
    }

    private static String cell(float value) {
        return Float.isNaN(value) ? "" : FloatText.format(value);
    }

    /** A name as a CSV field: quoted when it holds a comma, quote, line break or outer space. */
    private static String quoted(String name) {
        boolean plain = !name.isEmpty() && name.strip().equals(name);
        for (int i = 0; plain && i < name.length(); i++) {
            char c = name.charAt(i);
            plain = c != ',' && c != '"' && !CsvParser.isLineBreak(c);
        }
        return plain ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

}
