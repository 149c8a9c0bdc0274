package dev.dynrnn.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * {@link #writeWith(Path, Map)} copies the input columns byte for byte; numbers are parsed when asked
 * for, and the first bad cell is reported: {@code data.csv:118: column 'x': 'n/a' is not a
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

    private CsvTable(Path file, String text, List<String> names, int rows, int[] fieldStart, int[] fieldEnd,
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
        String text = decodeUtf8(file, bytes);
        if (text.startsWith("\ufeff")) {
            text = text.substring(1);
        }
        return new Parser(file, text).parse();
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

    /** Index of the first field of record {@code record} (0 is the header). */
    private int field(int record, int column) {
        return record * columns + column;
    }

    /** The unquoted text of data row {@code row}, column {@code column}. */
    private String value(int row, int column) {
        int f = field(row + 1, column);
        int start = fieldStart[f];
        int end = fieldEnd[f];
        return start < end && text.charAt(start) == '"' ? unquote(text, start, end) : text.substring(start, end);
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
            plain = c != ',' && c != '"' && !isLineBreak(c);
        }
        return plain ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String decodeUtf8(Path file, byte[] bytes) throws CsvException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) ? 1 : 0;
            }
            throw CsvException.at(file, line, null, String.format("not UTF-8 (byte 0x%02x at offset %d);"
                    + " save the file as UTF-8", bytes[at] & 0xff, at));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Splits the text into records and fields, checking the syntax as it goes. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private int pos;
        private int line = 1;
        private int[] starts = new int[64];
        private int[] ends = new int[64];
        private int fields;
        private int[] lines = new int[16];
        private int records;
        private int recordFirstField;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        CsvTable parse() throws CsvException {
            int width = -1;
            while (true) {
                skipBlankLines();
                if (pos >= text.length()) {
                    break;
                }
                int first = fields;
                int startLine = line;
                readRecord();
                int count = fields - first;
                if (width < 0) {
                    width = count;
                } else if (count != width) {
                    throw CsvException.at(file, startLine, null, "expected " + width + " fields as in the header, found "
                            + count);
                }
                if (records == lines.length) {
                    lines = Arrays.copyOf(lines, 2 * records);
                }
                lines[records++] = startLine;
            }
            if (records == 0) {
                throw CsvException.at(file, 0, null, "the file is empty (expected a header row of column names)");
            }
            List<String> names = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (int c = 0; c < width; c++) {
                String name = starts[c] < ends[c] && text.charAt(starts[c]) == '"'
                        ? unquote(text, starts[c], ends[c])
                        : text.substring(starts[c], ends[c]).strip();
                Integer earlier = seen.put(name, c);
                if (earlier != null) {
                    throw CsvException.at(file, lines[0], null, "column name '" + name + "' appears twice (columns "
                            + (earlier + 1) + " and " + (c + 1) + ")");
                }
                names.add(name);
            }
            if (records == 1) {
                throw CsvException.at(file, 0, null, "no data rows after the header (columns: "
                        + String.join(", ", names) + ")");
            }
            return new CsvTable(file, text, names, records - 1, Arrays.copyOf(starts, fields),
                    Arrays.copyOf(ends, fields), Arrays.copyOf(lines, records));
        }

        private void skipBlankLines() {
            while (pos < text.length() && isLineBreak(text.charAt(pos))) {
                skipLineBreak();
            }
        }

        private void readRecord() throws CsvException {
            recordFirstField = fields;
            while (true) {
                int start = pos;
                if (pos < text.length() && text.charAt(pos) == '"') {
                    readQuoted();
                } else {
                    readUnquoted();
                }
                addField(start, pos);
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos < text.length()) {
                    skipLineBreak();
                }
                return;
            }
        }

        private void readUnquoted() throws CsvException {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ',' || isLineBreak(c)) {
                    return;
                }
                if (c == '"') {
                    throw CsvException.at(file, line, null, "field " + (fieldInRecord() + 1) + " has a quote inside"
                            + " an unquoted field; quote the whole field and double the quote (\"5\"\" pipe\")");
                }
                pos++;
            }
        }

        private void readQuoted() throws CsvException {
            int openLine = line;
            pos++; // opening quote
            while (true) {
                if (pos >= text.length()) {
                    throw CsvException.at(file, openLine, null, "field " + (fieldInRecord() + 1)
                            + " opens a quote that is never closed");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                        pos += 2;
                        continue;
                    }
                    pos++;
                    break;
                }
                if (isLineBreak(c)) {
                    skipLineBreak();
                } else {
                    pos++;
                }
            }
            if (pos < text.length() && text.charAt(pos) != ',' && !isLineBreak(text.charAt(pos))) {
                throw CsvException.at(file, line, null, "field " + (fieldInRecord() + 1) + " has "
                        + describe(text.charAt(pos)) + " after its closing quote (expected a comma or the end of"
                        + " the line)");
            }
        }

        /** Fields of the current record read so far. */
        private int fieldInRecord() {
            return fields - recordFirstField;
        }

        private void addField(int start, int end) {
            if (fields == starts.length) {
                starts = Arrays.copyOf(starts, 2 * fields);
                ends = Arrays.copyOf(ends, 2 * fields);
            }
            starts[fields] = start;
            ends[fields] = end;
            fields++;
        }

        /** Steps over one LF, CRLF or CR, counting one line. */
        private void skipLineBreak() {
            if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos++;
            }
            pos++;
            line++;
        }
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    /** The value of a quoted field: without the outer quotes, doubled quotes made single. */
    private static String unquote(String text, int start, int end) {
        return text.substring(start + 1, end - 1).replace("\"\"", "\"");
    }
}
