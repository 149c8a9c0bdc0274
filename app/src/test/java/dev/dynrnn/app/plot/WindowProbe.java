package dev.dynrnn.app.plot;

import dev.dynrnn.app.Main;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.WindowEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/**
 * Runs {@code dynrnn demo} with its live window on the display the parent test chose (Xvfb),
 * screenshots the window during and after training, checks that it stays open once training is
 * over, then closes it as a user would. Arguments: the two screenshot files. Prints
 * {@code open-after-training=true|false} and {@code exit=N}.
 */
public final class WindowProbe {
    private WindowProbe() {}

    public static void main(String[] args) throws Exception {
        Path during = Path.of(args[0]);
        Path after = Path.of(args[1]);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                original.write(b);
                captured.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                captured.write(bytes, offset, length);
            }
        }, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread demo = new Thread(() -> exit.set(Main.commandLine().execute("demo", "--iterations", "30")));
        demo.start();

        waitFor(captured, "iteration   3 ", demo);
        Frame frame = visibleFrame();
        Robot robot = new Robot();
        ImageIO.write(robot.createScreenCapture(bounds(frame)), "png", during.toFile());

        waitFor(captured, "close the plot window to exit", demo);
        robot.waitForIdle();
        Thread.sleep(500);   // the last repaint
        ImageIO.write(robot.createScreenCapture(bounds(frame)), "png", after.toFile());
        Thread.sleep(1000);
        System.out.println("open-after-training=" + (demo.isAlive() && frame.isShowing()));

        SwingUtilities.invokeAndWait(() -> frame.dispatchEvent(new WindowEvent(frame, WindowEvent.WINDOW_CLOSING)));
        demo.join(20_000);
        System.out.println("exit=" + exit.get());
        System.exit(0);
    }

    private static void waitFor(ByteArrayOutputStream captured, String text, Thread demo) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!captured.toString(StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline || !demo.isAlive()) {
                throw new IllegalStateException("the demo " + (demo.isAlive() ? "never printed" : "ended without printing")
                        + " '" + text + "'");
            }
            Thread.sleep(5);
        }
    }

    private static Frame visibleFrame() throws InterruptedException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            for (Frame frame : Frame.getFrames()) {
                if (frame.isShowing()) {
                    return frame;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no window appeared");
    }

    private static Rectangle bounds(Frame frame) throws Exception {
        Rectangle[] bounds = new Rectangle[1];
        SwingUtilities.invokeAndWait(() -> bounds[0] = new Rectangle(frame.getLocationOnScreen(), frame.getSize()));
        return bounds[0];
    }
}
