package dev.dynrnn.app.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Builds the seed's figure (12 x 5 inches at 100 dpi) and adds its red and blue segments. */
final class Charts {
    private Charts() {}

    static final Color TARGET = Color.RED;
    static final Color PREDICTION = Color.BLUE;

    static XYChart newChart(String title) {
        XYChart chart = new XYChartBuilder().width(1200).height(500).title(title).xAxisTitle("t")
                .yAxisTitle("value").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    /** Adds a segment as two lines; only the first segment's lines appear in the legend. */
    static void addSegment(XYChart chart, int index, double[] x, double[] target, double[] prediction) {
        line(chart, "target" + suffix(index), x, target, TARGET, index == 0);
        line(chart, "prediction" + suffix(index), x, prediction, PREDICTION, index == 0);
    }

    private static String suffix(int index) {
        return index == 0 ? "" : " " + index;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color, boolean legend) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(2f));
        series.setMarker(SeriesMarkers.NONE);
        series.setShowInLegend(legend);
    }
}
