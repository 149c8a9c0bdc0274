package dev.dynrnn.app.plot;

import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Target (red) against prediction (blue), one segment per training step, as the seed's
 * matplotlib figure. Where it goes is chosen by {@code --plot}: a live window, a PNG or SVG
 * file, or nowhere.
 */
public interface TrainingPlot extends AutoCloseable {

    /**
     * Adds one segment: x positions and the target and predicted values at them. The plot may
     * keep the arrays (a window draws them later), so the caller must not change them afterwards.
     */
    void addSegment(double[] x, double[] target, double[] prediction);

    /**
     * Lets a live window show the latest segment for {@code seconds} before training goes on, as
     * the seed's {@code plt.pause(0.05)}; files and {@code none} do not wait.
     */
    default void pause(double seconds) {
    }

    /**
     * Ends the run: a window stays open until the user closes it; a file is written.
     * Returns a line for the user saying where the picture is, or null.
     */
    String finish() throws IOException;

    @Override
    default void close() {
    }

    /**
     * Opens the plot named by {@code spec}: {@code window} (falls back to {@code fallbackFile} when
     * there is no display, e.g. headless, CI or SSH, or when DISPLAY names a display that does not
     * answer), {@code none}, or a file ending in {@code .png} or {@code .svg}. Call it before
     * anything else in the process uses AWT, so that a dead display can still be avoided.
     */
    static TrainingPlot open(String spec, String title, Path fallbackFile) {
        String lower = spec.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("none")) {
            return new NoPlot();
        }
        if (lower.equals("window")) {
            String display = System.getenv("DISPLAY");
            String unreachable = DisplayProbe.unreachableReason(display);
            if (unreachable != null) {
                // Before AWT's first use, which reads this once: draw without the dead display.
                System.setProperty("java.awt.headless", "true");
                return new FilePlot(title, fallbackFile, unreachable);
            }
            if (GraphicsEnvironment.isHeadless()) {
                return new FilePlot(title, fallbackFile, "no display available");
            }
            try {
                return new WindowPlot(title);
            } catch (AWTError | IllegalStateException e) {
                // AWT cannot draw at all after failing to open the display, not even into a file.
                throw new IllegalStateException("cannot open a window on DISPLAY=" + display + " (" + e.getMessage()
                        + "); use --plot FILE.png or --plot none", e);
            }
        }
        if (lower.endsWith(".png") || lower.endsWith(".svg")) {
            return new FilePlot(title, Path.of(spec), null);
        }
        throw new IllegalArgumentException("--plot: expected window, none, FILE.png or FILE.svg, got '" + spec + "'");
    }

    /** The plot that draws nothing ({@code --plot none}). */
    final class NoPlot implements TrainingPlot {
        @Override
        public void addSegment(double[] x, double[] target, double[] prediction) {
        }

        @Override
        public String finish() {
            return null;
        }
    }
}
