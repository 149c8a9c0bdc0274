package dev.dynrnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of checkpoints {@code checkpoint-<step>.safetensors} that keeps the newest
 * {@code keep} good ones and, after a crash or a corrupted file, finds the newest good one.
 *
 * <p>Guarantees: {@link #save} writes through {@link Checkpoint#write} (temporary file, fsync,
 * read back and verify, rename), so a good checkpoint is never replaced by a bad one, and it
 * deletes older checkpoints only after the new one is verified on disk, keeping the
 * {@code keep} newest that verify. {@link #loadLatestGood} skips every checkpoint that does not
 * verify and reports why.
 *
 * <p>Order is by step. Checkpoints newer than the one saved (left by a run that was abandoned
 * by resuming from an older checkpoint) are not touched by {@link #save}; call
 * {@link #discardAfter} when resuming from an older one, or {@link #loadLatestGood} will prefer
 * them. One process at a time may save to a directory. A crash during a write may leave a
 * temporary {@code .checkpoint-<step>.safetensors.<random>.tmp}, which the store ignores.
 */
public final class CheckpointStore {
    private static final Pattern NAME = Pattern.compile("checkpoint-(0|[1-9][0-9]{0,18})\\.safetensors");

    private final Path directory;
    private final int keep;

    /**
     * A store in {@code directory} (created by the first {@link #save}) keeping the newest
     * {@code keep} good checkpoints.
     *
     * @throws IllegalArgumentException if {@code keep < 1}
     */
    public CheckpointStore(Path directory, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("a checkpoint store must keep at least 1 checkpoint, got keep=" + keep);
        }
        this.directory = directory;
        this.keep = keep;
    }

    /** The directory of the checkpoints. */
    public Path directory() {
        return directory;
    }

    /** How many good checkpoints {@link #save} keeps. */
    public int keep() {
        return keep;
    }

    /** The file of the checkpoint at {@code step}. */
    public Path pathFor(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must be at least 0, got " + step);
        }
        return directory.resolve("checkpoint-" + step + ".safetensors");
    }

    /** The checkpoint files in the directory, oldest step first; none if it does not exist. */
    public List<Path> checkpoints() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (stepOf(entry) >= 0 && Files.isRegularFile(entry)) {
                    found.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        found.sort(Comparator.comparingLong(CheckpointStore::stepOf));
        return found;
    }

    /** The step in a checkpoint file name, or -1 if the name is not one. */
    private static long stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    /**
     * Writes {@code checkpoint} as {@code checkpoint-<step>.safetensors} (replacing a file of
     * that step only by a verified one), then deletes older checkpoints beyond the newest
     * {@code keep} that verify; corrupt ones newer than those are left for inspection.
     *
     * @return the file written
     */
    public Path save(Checkpoint checkpoint) throws IOException {
        return save(checkpoint, UnaryOperator.identity());
    }

    /** As {@link #save(Checkpoint)}, with the file's bytes passing through {@code disk}: a test seam. */
    Path save(Checkpoint checkpoint, UnaryOperator<OutputStream> disk) throws IOException {
        Files.createDirectories(directory);
        Path target = pathFor(checkpoint.step());
        checkpoint.write(target, disk);
        List<Path> older = new ArrayList<>(checkpoints());
        older.removeIf(p -> stepOf(p) >= checkpoint.step());
        Collections.reverse(older);
        int good = 1; // the one just written, verified before it was renamed into place
        for (Path candidate : older) {
            if (good >= keep) {
                Files.deleteIfExists(candidate);
            } else if (verifies(candidate)) {
                good++;
            }
        }
        return target;
    }

    private static boolean verifies(Path file) throws IOException {
        try {
            Checkpoint.verify(file);
            return true;
        } catch (CheckpointException corrupt) {
            return false;
        }
    }

    /**
     * Deletes the checkpoints with a step after {@code step}: call it when resuming from an
     * older checkpoint, so that the abandoned run's newer ones are not taken for the latest.
     *
     * @return the files deleted
     */
    public List<Path> discardAfter(long step) throws IOException {
        List<Path> deleted = new ArrayList<>();
        for (Path file : checkpoints()) {
            if (stepOf(file) > step) {
                Files.deleteIfExists(file);
                deleted.add(file);
            }
        }
        return deleted;
    }

    /**
     * The newest checkpoint that verifies, and a report of each newer one skipped.
     * An empty or missing directory gives an empty result with no problems.
     */
    public Loaded loadLatestGood() throws IOException {
        List<Path> files = new ArrayList<>(checkpoints());
        Collections.reverse(files);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                Checkpoint checkpoint = Checkpoint.read(file);
                if (checkpoint.step() != stepOf(file)) {
                    problems.add(file + ": holds step " + checkpoint.step() + ", not the step its name says");
                    continue;
                }
                return new Loaded(checkpoint, problems);
            } catch (CheckpointException corrupt) {
                problems.add(corrupt.getMessage());
            }
        }
        return new Loaded(null, problems);
    }

    /** What {@link #loadLatestGood} found. */
    public static final class Loaded {
        private final Checkpoint checkpoint;
        private final List<String> problems;

        Loaded(Checkpoint checkpoint, List<String> problems) {
            this.checkpoint = checkpoint;
            this.problems = Collections.unmodifiableList(problems);
        }

        /** The newest good checkpoint; empty if there is none. */
        public Optional<Checkpoint> checkpoint() {
            return Optional.ofNullable(checkpoint);
        }

        /**
         * One message per newer checkpoint that was skipped, newest first, each starting with its
         * file and saying what is wrong (e.g. {@code checkpoint-500.safetensors: corrupt: checksum
         * mismatch (...)}); empty when the newest one was good.
         */
        public List<String> problems() {
            return problems;
        }
    }
}
