package dev.dynrnn.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class of this module's test class path in a fresh JVM, for what one JVM cannot do
 * twice: choose its display (AWT reads DISPLAY once) and call System.exit.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** What the child printed and how it ended. */
    public record Result(int exitCode, String out, String err) {}

    /**
     * Runs {@code mainClass} with {@code args} in {@code directory}, the environment changed by
     * {@code environment} (a null value removes the variable), and waits at most {@code seconds}.
     */
    public static Result run(Path directory, Map<String, String> environment, long seconds, String mainClass,
                             String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Path out = Files.createTempFile(directory, "child", ".out");
        Path err = Files.createTempFile(directory, "child", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("child JVM still running after " + seconds + " s: " + command + "\nout:\n"
                    + Files.readString(out) + "\nerr:\n" + Files.readString(err));
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** Surefire names the real test class path in a property; java.class.path may be its booter jar. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, path.split(File.pathSeparator));
    }
}
