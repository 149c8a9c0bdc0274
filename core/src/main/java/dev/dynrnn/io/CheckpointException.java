package dev.dynrnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that is missing, corrupt (checksum mismatch, truncation, garbage), not a
 * dynrnn checkpoint, or lacks what is asked of it. The message starts with the file.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    CheckpointException(Path file, String problem) {
        super((file == null ? "checkpoint" : file.toString()) + ": " + problem);
        this.file = file;
    }

    CheckpointException(Path file, String problem, Throwable cause) {
        super((file == null ? "checkpoint" : file.toString()) + ": " + problem, cause);
        this.file = file;
    }

    /** The checkpoint file, or null for a checkpoint that was built in memory. */
    public Path file() {
        return file;
    }
}
