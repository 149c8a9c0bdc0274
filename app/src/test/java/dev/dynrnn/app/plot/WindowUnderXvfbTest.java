package dev.dynrnn.app.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.app.ChildJvm;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live window on a virtual X server: it opens, grows while training runs, shows red and blue
 * lines, stays open after training until it is closed, and then the demo exits with 0. Runs
 * where Xvfb is installed (CI installs it); skipped elsewhere.
 */
class WindowUnderXvfbTest {
    @TempDir
    Path dir;

    private static Optional<Path> xvfb() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "Xvfb"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void theWindowGrowsShowsRedAndBlueAndStaysOpenUntilClosed() throws Exception {
        Optional<Path> xvfb = xvfb();
        Assumptions.assumeTrue(xvfb.isPresent(), "Xvfb is not installed");
        // -displayfd 1: Xvfb picks a free display itself and prints its number once it is ready.
        Process server = new ProcessBuilder(xvfb.get().toString(), "-displayfd", "1", "-screen", "0", "1600x900x24",
                "-nolisten", "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader ready = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String display = ready.readLine();
            assertTrue(display != null && display.matches("\\d+"), "Xvfb did not report a display: " + display);

            Path during = dir.resolve("during.png");
            Path after = dir.resolve("after.png");
            ChildJvm.Result result = ChildJvm.run(dir, Map.of("DISPLAY", ":" + display), 180,
                    WindowProbe.class.getName(), during.toString(), after.toString());
            assertEquals(0, result.exitCode(), result.out() + result.err());
            assertTrue(result.out().contains("open-after-training=true"), result.out());
            assertTrue(result.out().contains("exit=0"), result.out());
            assertTrue(result.out().contains("iteration  30 "), result.out());

            Pixels early = Pixels.count(ImageIO.read(during.toFile()));
            Pixels done = Pixels.count(ImageIO.read(after.toFile()));
            assertTrue(done.showsBothLines(2000), "the finished window: " + done);
            assertTrue(done.red() > early.red() && done.blue() > early.blue(),
                    "the window grows: during " + early + ", after " + done);
            assertTrue(early.red() > 0, "the window draws while training: " + early);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
