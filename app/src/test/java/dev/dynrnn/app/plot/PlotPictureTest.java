package dev.dynrnn.app.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** The picture written without a display: the seed's red and blue lines, a title, axis labels, a legend. */
class PlotPictureTest {
    @TempDir
    Path dir;

    /** cos as target and a damped, shifted copy as prediction, in {@code segments} pieces of one pi. */
    static void draw(TrainingPlot plot, int segments) {
        for (int s = 0; s < segments; s++) {
            double[] x = new double[20];
            double[] target = new double[20];
            double[] prediction = new double[20];
            for (int i = 0; i < 20; i++) {
                x[i] = s * Math.PI + i * Math.PI / 19;
                target[i] = Math.cos(x[i]);
                prediction[i] = 0.7 * Math.cos(x[i] + 0.3);
            }
            plot.addSegment(x, target, prediction);
        }
    }

    @Test
    void thePngHoldsRedAndBlueLines() throws Exception {
        Path file = dir.resolve("out/plot.png");
        TrainingPlot plot = TrainingPlot.open(file.toString(), "a title", dir.resolve("unused.png"));
        draw(plot, 6);
        assertEquals("plot written to " + file, plot.finish());
        BufferedImage image = ImageIO.read(file.toFile());
        Pixels pixels = Pixels.count(image);
        assertEquals(1200, pixels.width());
        assertEquals(500, pixels.height());
        assertTrue(pixels.showsBothLines(2000), pixels.toString());
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file is left beside the picture");
        }
    }

    @Test
    void thePictureGetsTheSamePermissionsAsAnyNewFile() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "a POSIX file system");
        Path file = dir.resolve("plot.png");
        TrainingPlot plot = TrainingPlot.open(file.toString(), "t", dir.resolve("unused.png"));
        draw(plot, 1);
        plot.finish();
        Path reference = Files.createFile(dir.resolve("reference"));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));
    }

    @Test
    void theSvgHoldsRedAndBlueLines() throws Exception {
        Path file = dir.resolve("plot.svg");
        TrainingPlot plot = TrainingPlot.open(file.toString(), "a title", dir.resolve("unused.png"));
        draw(plot, 3);
        plot.finish();
        String svg = Files.readString(file);
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg"), "an SVG document");
        assertTrue(svg.contains("rgb(255,0,0)") || svg.contains("#ff0000"), "red stroke");
        assertTrue(svg.contains("rgb(0,0,255)") || svg.contains("#0000ff"), "blue stroke");
    }

    @Test
    void theChartHasATitleAxisLabelsAndALegendWithOneEntryPerColour() {
        XYChart chart = Charts.newChart("dynrnn demo");
        Charts.addSegment(chart, 0, new double[] {0, 1}, new double[] {1, 0}, new double[] {0.5, 0.5});
        Charts.addSegment(chart, 1, new double[] {1, 2}, new double[] {0, -1}, new double[] {0.5, 0.5});
        assertEquals("dynrnn demo", chart.getTitle());
        assertEquals("t", chart.getXAxisTitle());
        assertEquals("value", chart.getYAxisTitle());
        assertTrue(chart.getStyler().isLegendVisible());
        long inLegend = chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count();
        assertEquals(2, inLegend, "target and prediction, once each");
    }

    @Test
    void windowWithoutADisplayFallsBackToTheFile() throws Exception {
        Assumptions.assumeTrue(GraphicsEnvironment.isHeadless(), "runs where the test JVM has no display");
        Path fallback = dir.resolve("dynrnn-demo.png");
        TrainingPlot plot = TrainingPlot.open("window", "t", fallback);
        assertInstanceOf(FilePlot.class, plot);
        draw(plot, 2);
        assertEquals("no display available: plot written to " + fallback, plot.finish());
        assertTrue(Pixels.count(ImageIO.read(fallback.toFile())).showsBothLines(500));
    }

    @Test
    void noneDrawsNothingAndABadValueIsNamed() throws Exception {
        assertNull(TrainingPlot.open("none", "t", dir.resolve("x.png")).finish());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingPlot.open("plot.jpg", "t", dir.resolve("x.png")));
        assertEquals("--plot: expected window, none, FILE.png or FILE.svg, got 'plot.jpg'", e.getMessage());
    }
}
