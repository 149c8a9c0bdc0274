package dev.dynrnn.io;

/** Malformed JSON: the message starts with {@code line L, column C:} and says what was expected. */
public final class JsonParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    JsonParseException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** The line of the error, counted from 1. */
    public int line() {
        return line;
    }

    /** The column of the error, counted from 1 in UTF-16 characters. */
    public int column() {
        return column;
    }
}
