package dev.dynrnn.app.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        boolean svg = absolute.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg");
        Path temporary = Files.createTempFile(absolute.getParent(), ".plot-", svg ? ".svg" : ".png");
        try {
            if (svg) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, temporary.toString(),
                        VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else {
                BitmapEncoder.saveBitmap(chart, temporary.toString(), BitmapEncoder.BitmapFormat.PNG);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return (reason == null ? "" : reason + ": ") + "plot written to " + file;
    }
}
