package dev.dynrnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A CSV file that cannot be read as the table asked for. Messages name the file, the physical
 * line (from 1, as an editor shows it) and the column where there are ones, and the problem:
 * {@code data.csv:118: column 'x': 'n/a' is not a number},
 * {@code column 'temp' not found in data.csv (columns: time, x, y)}.
 */
public final class CsvException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String column;

    private CsvException(String message, Path file, int line, String column, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** {@code file:line: column 'c': problem}, leaving out the line when 0 and the column when null. */
    static CsvException at(Path file, int line, String column, String problem) {
        return new CsvException(file + (line > 0 ? ":" + line : "") + ": "
                + (column != null ? "column '" + column + "': " : "") + problem, file, line, column, null);
    }

    /** A problem with the file as a whole: {@code file: problem}. */
    static CsvException of(Path file, String problem, Throwable cause) {
        return new CsvException(file + ": " + problem, file, 0, null, cause);
    }

    /** {@code column 'temp' not found in data.csv (columns: time, x, y)}, plus a hint if any. */
    static CsvException missingColumn(Path file, String column, Iterable<String> columns, String hint) {
        return new CsvException("column '" + column + "' not found in " + file + " (columns: "
                + String.join(", ", columns) + ")" + hint, file, 0, column, null);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The physical line of the problem, from 1; 0 when it is not about one line. */
    public int line() {
        return line;
    }

    /** The column name, or null when the problem is not about one column. */
    public String column() {
        return column;
    }
}
