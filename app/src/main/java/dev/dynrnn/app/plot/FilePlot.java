package dev.dynrnn.app.plot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/**
 * Collects the segments and writes the picture once, to PNG or SVG, atomically.
 *
 * <p>The chart is built on a background thread while training runs, and a throwaway picture is
 * drawn there first: loading XChart, the fonts and Java2D's rendering classes takes a few hundred
 * milliseconds in a fresh JVM, as long as the seed's whole training, so on two cores the demo
 * overlaps the two instead of adding them.
 */
final class FilePlot implements TrainingPlot {
    private final FutureTask<XYChart> chart;
    private final Path file;
    private final String reason;
    /** x, target, prediction of each segment, in order. */
    private final List<double[][]> segments = new ArrayList<>();

    FilePlot(String title, Path file, String reason) {
        this.file = file;
        this.reason = reason;
        boolean svg = isSvg(file);
        this.chart = new FutureTask<>(() -> {
            warmUp(title, svg);
            return Charts.newChart(title);
        });
        Thread builder = new Thread(chart, "dynrnn-plot-setup");
        builder.setDaemon(true);
        builder.start();
    }

    @Override
    public void addSegment(double[] x, double[] target, double[] prediction) {
        segments.add(new double[][] {x.clone(), target.clone(), prediction.clone()});
    }

    @Override
    public String finish() throws IOException {
        XYChart chart = builtChart();
        for (int i = 0; i < segments.size(); i++) {
            double[][] segment = segments.get(i);
            Charts.addSegment(chart, i, segment[0], segment[1], segment[2]);
        }
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        boolean svg = isSvg(absolute);
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

    private static boolean isSvg(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".svg");
    }

    /** The chart from the background thread, once it is ready. */
    private XYChart builtChart() throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return chart.get();
                } catch (InterruptedException e) {
                    interrupted = true;   // the picture is still owed: wait on, then restore the flag
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("could not set up the plot: " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Draws and encodes a small throwaway chart, so that the classes and fonts are loaded. */
    private static void warmUp(String title, boolean svg) throws IOException {
        XYChart scratch = Charts.newChart(title);
        Charts.addSegment(scratch, 0, new double[] {0, 1}, new double[] {1, 0}, new double[] {0, 1});
        OutputStream discard = OutputStream.nullOutputStream();
        if (svg) {
            VectorGraphicsEncoder.saveVectorGraphic(scratch, discard, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } else {
            BitmapEncoder.saveBitmap(scratch, discard, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
