package dev.dynrnn.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers, and a crash at any moment, see either the old content or the
 * complete new content, never a part.
 *
 * <p>The steps: write to a temporary file in the target's directory (so the rename stays on
 * one file system), {@code fsync} it, optionally check it, rename it over the target with
 * {@code rename(2)} (atomic on POSIX), then {@code fsync} the directory so the rename itself is
 * durable. If any step fails the temporary file is deleted and the target is untouched. After a
 * crash (power loss, {@code kill -9}) a stray temporary file named
 * {@code .<target name>.<random>.tmp} may remain beside the target; the target is still whole.
 *
 * <p>The new file keeps the POSIX permissions of the file it replaces; a new file gets the
 * default permissions (umask). Fsyncing a directory is not possible on Windows and is skipped
 * there.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Produces the file content; may throw to abandon the write. */
    @FunctionalInterface
    public interface ContentWriter {
        /** Writes the whole content to {@code out} (buffered; closing it is not needed). */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Inspects the complete, fsynced temporary file before it replaces the target. */
    @FunctionalInterface
    public interface Verifier {
        /** Throws to reject {@code written} (then the target is left as it was). */
        void verify(Path written) throws IOException;
    }

    /** Replaces {@code target} with {@code content}, atomically and durably. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content), null);
    }

    /** Replaces {@code target} with {@code text} encoded as UTF-8, atomically and durably. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code target} with what {@code writer} writes, atomically and durably. */
    public static void write(Path target, ContentWriter writer) throws IOException {
        write(target, writer, null);
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, once {@code verifier} (when not
     * null) has accepted the fsynced temporary file: a write that fails its check never replaces
     * the target.
     */
    public static void write(Path target, ContentWriter writer, Verifier verifier) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + ": is a directory");
        }
        if (!Files.isDirectory(directory)) {
            throw new IOException(target + ": directory " + directory + " does not exist");
        }
        Path temp = createTemp(directory, absolute.getFileName().toString());
        boolean renamed = false;
        try {
            copyPermissions(absolute, temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
                writer.writeTo(out);
                out.flush();
                // the data must be on disk before the rename can make it visible
                channel.force(true);
            }
            if (verifier != null) {
                verifier.verify(temp);
            }
            rename(temp, absolute);
            renamed = true;
            syncDirectory(directory);
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Lets a writer close its stream without closing the channel that still has to be fsynced. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static Path createTemp(Path directory, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path temp = directory.resolve("." + name + "." + suffix + ".tmp");
            try {
                // CREATE_NEW, not createTempFile: that one makes the file private (0600)
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException collision) {
                if (attempt >= 100) {
                    throw collision;
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (source != null && Files.exists(from)) {
            Files.getFileAttributeView(to, PosixFileAttributeView.class)
                    .setPermissions(source.readAttributes().permissions());
        }
    }

    private static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(target + ": the file system cannot rename atomically (" + e.getMessage() + ")", e);
        }
    }

    /** Makes a rename in {@code directory} durable; not possible (nor needed) on Windows. */
    private static void syncDirectory(Path directory) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
