package dev.dynrnn.app.plot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/** Collects the segments and writes the picture once, to PNG or SVG, atomically. */
final class FilePlot implements TrainingPlot {
    private final XYChart chart;
    private final Path file;
    private final String reason;
    private int segments;

    FilePlot(String title, Path file, String reason) {
        this.chart = Charts.newChart(title);
        this.file = file;
        this.reason = reason;
    }

    @Override
    public void addSegment(double[] x, double[] target, double[] prediction) {
        Charts.addSegment(chart, segments++, x, target, prediction);
    }

    @Override
    public String finish() throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        boolean svg = absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        // A sibling written in full, then renamed over the target: a reader never sees half a
        // picture. Opened as an ordinary new file (not Files.createTempFile, whose owner-only
        // permissions the renamed picture would keep).
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid()
                + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
                if (svg) {
                    VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                } else {
                    BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                }
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return (reason == null ? "" : reason + ": ") + "plot written to " + file;
    }
}
