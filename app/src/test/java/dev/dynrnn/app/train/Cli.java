package dev.dynrnn.app.train;

import dev.dynrnn.app.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the dynrnn command line in this JVM, capturing what it prints; copies fixtures. */
final class Cli {
    private Cli() {}

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }

    static Result run(Path directory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] resolved = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            // relative paths are relative to the test's directory, as if the command ran there
            resolved[i] = args[i].startsWith("@") ? directory.resolve(args[i].substring(1)).toString() : args[i];
        }
        int code = commandLine.execute(resolved);
        return new Result(code, out.toString(), err.toString());
    }

    /** Copies {@code fixtures/train/NAME} of the core test jar into {@code directory}. */
    static Path fixture(Path directory, String name) throws IOException {
        Path target = directory.resolve(name);
        try (InputStream in = Cli.class.getResourceAsStream("/fixtures/train/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture fixtures/train/" + name
                        + ": run scripts/reference/train_reference.py with /usr/bin/python3");
            }
            Files.copy(in, target);
        }
        return target;
    }

    /** The text of {@code fixtures/NAME.json} of the core test jar. */
    static String fixtureJson(String name) throws IOException {
        try (InputStream in = Cli.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
