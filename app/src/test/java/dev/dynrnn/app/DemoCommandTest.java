package dev.dynrnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.app.demo.Cell;
import dev.dynrnn.app.demo.DemoOptions;
import dev.dynrnn.app.demo.SeedDemo;
import dev.dynrnn.app.plot.TrainingPlot;
import dev.dynrnn.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dynrnn demo} through the command line: what it prints, logs and draws, and how it fails. */
class DemoCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void printsTheModelOneLinePerIterationAndASummaryAndWritesLogAndPicture() throws Exception {
        Path png = dir.resolve("demo.png");
        Path log = dir.resolve("logs/demo.jsonl");
        Run run = execute("demo", "--iterations", "12", "--seed", "3", "--plot", png.toString(), "--log", log.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        String[] lines = run.out().split("\n");
        assertEquals(String.join("\n", "RNN(",
                "  (rnn): RNN(1, 32, batch_first=True)",
                "  (out): Linear(in_features=32, out_features=1, bias=True)",
                ")"), String.join("\n", List.of(lines).subList(0, 4)));

        float[] expected = SeedDemo.run(new DemoOptions(12, 3, false, 0.02, 32, Cell.RNN),
                new PrintWriter(new StringWriter()), (i, s, l) -> { }, new TrainingPlot.NoPlot());
        List<String> logLines = Files.readAllLines(log);
        assertEquals(12, logLines.size());
        for (int i = 0; i < 12; i++) {
            String line = lines[4 + i];
            assertTrue(line.matches("iteration +" + (i + 1) + " {2}steps [123]0 {2}loss \\d\\.\\d{6}"), line);
            assertTrue(line.endsWith(String.format(Locale.ROOT, "loss %.6f", expected[i])), line);
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) Json.parse(logLines.get(i));
            assertEquals(List.of("iteration", "steps", "loss", "lr", "seconds"), List.copyOf(record.keySet()));
            assertEquals((long) (i + 1), record.get("iteration"));
            assertEquals(Long.parseLong(line.replaceAll(".*steps (\\d+).*", "$1")), record.get("steps"));
            assertEquals(expected[i], ((Double) record.get("loss")).floatValue());
            assertEquals(0.02, record.get("lr"));
        }
        double lastTen = 0;
        for (int i = 2; i < 12; i++) {
            lastTen += expected[i];
        }
        String summary = lines[16];
        assertTrue(summary.matches("12 iterations in \\d+\\.\\d\\d s: first loss .*"), summary);
        assertTrue(summary.endsWith(String.format(Locale.ROOT, "first loss %.6f, mean of the last ten %.6f",
                expected[0], lastTen / 10)), summary);
        assertEquals("log written to " + log, lines[17]);
        assertEquals("plot written to " + png, lines[18]);
        assertEquals(19, lines.length);
        assertTrue(dev.dynrnn.app.plot.PixelsAccess.showsRedAndBlue(ImageIO.read(png.toFile())));
    }

    @Test
    void theOptionsReachTheModel() {
        Run run = execute("demo", "--iterations", "3", "--cell", "LSTM", "--hidden", "8", "--lr", "0.01", "--static",
                "--plot", "none");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("RNN(\n  (rnn): LSTM(1, 8, batch_first=True)\n"
                + "  (out): Linear(in_features=8, out_features=1, bias=True)\n)\n"), run.out());
        assertTrue(run.out().contains("iteration   3  steps 10  loss "), "static: 10 steps every iteration");
        assertTrue(run.out().contains("mean of the last 3 "), run.out());
    }

    @Test
    void badInputIsAUsageErrorThatNamesTheProblem() {
        Map<String[], String> cases = new HashMap<>();
        cases.put(new String[] {"demo", "--cell", "transformer"}, "Invalid value for option '--cell': expected rnn, lstm or gru, got 'transformer'");
        cases.put(new String[] {"demo", "--iterations", "0"}, "--iterations must be at least 1, got 0");
        cases.put(new String[] {"demo", "--seed", "-1"}, "--seed must be between 0 and 2**32 - 1 (NumPy's range), got -1");
        cases.put(new String[] {"demo", "--lr", "-0.5"}, "--lr must be a positive number, got -0.5");
        cases.put(new String[] {"demo", "--hidden", "0"}, "--hidden must be at least 1, got 0");
        cases.put(new String[] {"demo", "--plot", "x.jpg"}, "--plot: expected window, none, FILE.png or FILE.svg, got 'x.jpg'");
        cases.put(new String[] {"demo", "--iterations", "ten"}, "Invalid value for option '--iterations': 'ten' is not an int");
        cases.put(new String[] {"demo", "--frobnicate"}, "Unknown option: '--frobnicate'");
        cases.put(new String[] {"fly"}, "Unmatched argument at index 0: 'fly'");
        cases.put(new String[] {"train"}, "Missing required options: '--data=FILE', '--input=COL', '--target=COL'");
        cases.put(new String[] {}, "Missing subcommand");
        cases.forEach((args, message) -> {
            Run run = execute(args);
            assertEquals(2, run.exitCode(), String.join(" ", args));
            assertEquals("", run.out(), String.join(" ", args));
            assertTrue(run.err().startsWith("dynrnn: " + message), run.err());
            assertTrue(run.err().contains("--help' for more information."), run.err());
        });
    }

    @Test
    void aFailureWhileRunningExitsWithOneAndAMessage() throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("file"));
        Run run = execute("demo", "--iterations", "1", "--plot", "none", "--log", notADirectory.resolve("x.jsonl").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("dynrnn: "), run.err());
        assertTrue(run.err().contains(notADirectory.toString()), run.err());
    }

    @Test
    void helpAndVersion() {
        Run help = execute("demo", "--help");
        assertEquals(0, help.exitCode());
        for (String option : List.of("--iterations", "--seed", "--static", "--lr", "--hidden", "--cell", "--plot", "--log")) {
            assertTrue(help.out().contains(option), option);
        }
        Run top = execute("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("demo"), top.out());
        Run version = execute("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("dynrnn "), version.out());
    }

    @Test
    void aDisplayThatDoesNotAnswerAlsoBecomesAPicture() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("DISPLAY", ":987");
        ChildJvm.Result result = ChildJvm.run(dir, environment, 120, Main.class.getName(), "demo", "--iterations", "3");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().endsWith("no X server on display :987: plot written to dynrnn-demo.png\n"), result.out());
        assertTrue(dev.dynrnn.app.plot.PixelsAccess.showsRedAndBlue(ImageIO.read(dir.resolve("dynrnn-demo.png").toFile())));
    }

    @Test
    void withoutADisplayTheWindowBecomesAPictureInTheWorkingDirectory() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("DISPLAY", null);
        environment.put("WAYLAND_DISPLAY", null);
        ChildJvm.Result result = ChildJvm.run(dir, environment, 120, Main.class.getName(), "demo", "--iterations", "5");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().endsWith("no display available: plot written to dynrnn-demo.png\n"), result.out());
        assertTrue(dev.dynrnn.app.plot.PixelsAccess.showsRedAndBlue(ImageIO.read(dir.resolve("dynrnn-demo.png").toFile())));
    }
}
