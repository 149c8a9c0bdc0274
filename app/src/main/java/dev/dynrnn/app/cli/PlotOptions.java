package dev.dynrnn.app.cli;

import dev.dynrnn.app.plot.TrainingPlot;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --plot} option of commands that draw target against prediction while training
 * (a picocli mixin: {@code @Mixin PlotOptions plot;}).
 */
public final class PlotOptions {
    @Option(names = "--plot", paramLabel = "window|none|FILE.png|FILE.svg", defaultValue = "window",
            description = "Where the plot goes: a live window (default; without a display it is written to "
                    + "the fallback file instead), none, or a PNG or SVG file.")
    String plot = "window";

    /** The value given, e.g. {@code window} or {@code out/plot.png}. */
    public String spec() {
        return plot;
    }

    /**
     * Opens the plot; {@code fallbackFile} receives the picture when a window was asked for but
     * there is no display.
     *
     * @throws IllegalArgumentException if the value is none of window, none, *.png, *.svg
     */
    public TrainingPlot open(String title, Path fallbackFile) {
        return TrainingPlot.open(plot, title, fallbackFile);
    }
}
