package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesANewFileAndReplacesAnOldOne() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "first");
        assertEquals("first", Files.readString(target));
        AtomicFiles.write(target, "second, longer".getBytes(StandardCharsets.UTF_8));
        assertEquals("second, longer", Files.readString(target));
        assertEquals(List.of("out.txt"), listing(), "no temporary file is left behind");
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("model.bin");
        AtomicFiles.writeString(target, "good");
        IOException failure = new IOException("disk full");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer, so part of it reached the temporary file
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals("good", Files.readString(target));
        assertEquals(List.of("model.bin"), listing());
    }

    @Test
    void anUncheckedFailureAlsoCleansUp() throws IOException {
        Path target = dir.resolve("a.txt");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), listing(), "no target was created and the temporary is gone");
    }

    @Test
    void aRejectingVerifierLeavesTheOldFile() throws IOException {
        Path target = dir.resolve("ckpt");
        AtomicFiles.writeString(target, "good");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target,
                out -> out.write("bad".getBytes(StandardCharsets.UTF_8)),
                written -> {
                    // the verifier sees the complete new content, not the target
                    assertEquals("bad", Files.readString(written));
                    assertTrue(!written.equals(target));
                    throw new IOException("checksum mismatch");
                }));
        assertEquals("checksum mismatch", thrown.getMessage());
        assertEquals("good", Files.readString(target));
        assertEquals(List.of("ckpt"), listing());
    }

    @Test
    void anAcceptingVerifierLetsTheWriteThrough() throws IOException {
        Path target = dir.resolve("ckpt");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}),
                written -> assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(written)));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }

    @Test
    void aWriterMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.txt");
        AtomicFiles.write(target, out -> {
            out.write('x');
            out.close();
        });
        assertEquals("x", Files.readString(target));
    }

    @Test
    void keepsThePermissionsOfTheReplacedFile() throws IOException {
        Path target = dir.resolve("shared.txt");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeString(target, "new");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aNewFileIsNotMadePrivate() throws IOException {
        // Files.createTempFile would give 0600; a model file should be readable like any other
        Path reference = Files.createFile(dir.resolve("reference"));
        Path target = dir.resolve("fresh.txt");
        AtomicFiles.writeString(target, "x");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
    }

    @Test
    void refusesADirectoryOrAMissingParent() {
        IOException isDirectory = assertThrows(IOException.class, () -> AtomicFiles.writeString(dir, "x"));
        assertEquals(dir + ": is a directory", isDirectory.getMessage());
        Path orphan = dir.resolve("missing").resolve("out.txt");
        IOException noParent = assertThrows(IOException.class, () -> AtomicFiles.writeString(orphan, "x"));
        assertEquals(orphan + ": directory " + dir.resolve("missing") + " does not exist", noParent.getMessage());
    }
}
