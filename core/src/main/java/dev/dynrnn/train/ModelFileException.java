package dev.dynrnn.train;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be used: the message starts with the file and names the key and shapes. */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file. */
    public Path file() {
        return file;
    }
}
