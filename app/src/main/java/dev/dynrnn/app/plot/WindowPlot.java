package dev.dynrnn.app.plot;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CountDownLatch;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.knowm.xchart.XChartPanel;
import org.knowm.xchart.XYChart;

/**
 * A live window, as the seed's {@code plt.ion()} figure: each segment is drawn as it arrives and
 * the window stays open after training until the user closes it.
 */
final class WindowPlot implements TrainingPlot {
    private final XYChart chart;
    private final CountDownLatch closed = new CountDownLatch(1);
    private XChartPanel<XYChart> panel;
    private JFrame frame;
    private int segments;

    WindowPlot(String title) {
        this.chart = Charts.newChart(title);
        onEdt(() -> {
            panel = new XChartPanel<>(chart);
            frame = new JFrame(title);
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            frame.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowClosed(java.awt.event.WindowEvent e) {
                    closed.countDown();
                }
            });
            frame.add(panel);
            frame.pack();
            frame.setLocationRelativeTo(null);
            frame.setVisible(true);
        });
    }

    /**
     * Queues the segment for the event thread and returns at once: training goes on while the
     * window repaints (tens of milliseconds for a full chart), and repaints requested faster
     * than they can be drawn are merged into one.
     */
    @Override
    public void addSegment(double[] x, double[] target, double[] prediction) {
        int index = segments++;
        SwingUtilities.invokeLater(() -> {
            Charts.addSegment(chart, index, x, target, prediction);
            panel.revalidate();
            panel.repaint();
        });
    }

    @Override
    public void pause(double seconds) {
        try {
            Thread.sleep(Math.round(seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String finish() throws java.io.IOException {
        System.out.println("close the plot window to exit");
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** The frame, for tests that take a screenshot under Xvfb. */
    JFrame frame() {
        return frame;
    }

    private static void onEdt(Runnable task) {
        try {
            if (SwingUtilities.isEventDispatchThread()) {
                task.run();
            } else {
                SwingUtilities.invokeAndWait(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("plot window failed: " + e.getCause(), e.getCause());
        }
    }
}
