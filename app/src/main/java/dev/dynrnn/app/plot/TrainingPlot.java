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
     * there is no display, e.g. headless, CI or SSH), {@code none}, or a file ending in
     * {@code .png} or {@code .svg}.
     */
    static TrainingPlot open(String spec, String title, Path fallbackFile) {
        String lower = spec.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("none")) {
            return new NoPlot();
        }
        if (lower.equals("window")) {
            if (GraphicsEnvironment.isHeadless()) {
                return new FilePlot(title, fallbackFile, "no display available");
            }
            try {
                return new WindowPlot(title);
            } catch (AWTError | IllegalStateException e) {
                // DISPLAY is set but names no reachable X server (a stale SSH forwarding, say)
                return new FilePlot(title, fallbackFile, "cannot open a window (" + e.getMessage() + ")");
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
