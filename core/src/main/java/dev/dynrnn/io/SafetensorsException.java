package dev.dynrnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a valid safetensors file, or does not hold what was asked of it. The
 * message starts with the file and names the problem: the tensor key, the dtype, both shapes,
 * the offending offsets or byte counts.
 */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    SafetensorsException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    SafetensorsException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that has the problem. */
    public Path file() {
        return file;
    }
}
