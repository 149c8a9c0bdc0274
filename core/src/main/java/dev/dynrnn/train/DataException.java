package dev.dynrnn.train;

import java.io.IOException;

/**
 * Data that cannot be trained on or predicted for, although the file itself reads: an empty
 * series id, a series too short for one step, columns that do not match a model. The message
 * names the file, and the line, column and value where there are ones.
 */
public final class DataException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}, which names the file and the problem. */
    public DataException(String message) {
        super(message);
    }
}
