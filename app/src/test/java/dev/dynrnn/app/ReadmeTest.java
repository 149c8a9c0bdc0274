package dev.dynrnn.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.app.demo.DemoCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The README's demo section stays true to the code: its excerpt of SeedDemo and its table of options. */
class ReadmeTest {
    /** Maven runs the tests in the module's directory; the README is one level up. */
    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).getParent();

    private static String demoSection() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## The demo");
        assertTrue(start >= 0, "README.md has a section '## The demo'");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    @Test
    void theExcerptIsTheCodeOfSeedDemoInItsOrder() throws Exception {
        String section = demoSection();
        int open = section.indexOf("```java\n");
        int close = section.indexOf("\n```", open + 1);
        List<String> excerpt = trimmedLines(section.substring(open + "```java\n".length(), close));
        List<String> source = trimmedLines(Files.readString(
                ROOT.resolve("app/src/main/java/dev/dynrnn/app/demo/SeedDemo.java")));
        int at = 0;
        for (String line : excerpt) {
            while (at < source.size() && !source.get(at).equals(line)) {
                at++;
            }
            assertTrue(at < source.size(), "README's excerpt line is not in SeedDemo.java (in this order): " + line);
            at++;
        }
    }

    @Test
    void theTableListsEveryOptionOfTheCommand() throws Exception {
        String section = demoSection();
        for (OptionSpec option : new CommandLine(new DemoCommand()).getCommandSpec().options()) {
            String name = option.longestName();
            if (name.equals("--help") || name.equals("--version")) {
                continue;
            }
            assertTrue(section.contains("| `" + name), "README's option table lacks " + name);
        }
    }

    private static List<String> trimmedLines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(line.trim());
            }
        }
        return out;
    }
}
