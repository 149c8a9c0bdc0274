package dev.dynrnn.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint that verifies (its checksum is right) but cannot continue this training run: it
 * is not a training checkpoint, or it was made with another model, optimizer or data. The
 * message starts with the file and says what differs.
 */
public final class TrainingCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    TrainingCheckpointException(Path file, String problem) {
        super((file == null ? "checkpoint" : file.toString()) + ": " + problem);
    }
}
