package dev.dynrnn.app.train;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How training shows its progress: a progress bar when standard output is a terminal, a line
 * about every tenth of the run otherwise (for logs), nothing with {@code --quiet}.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintWriter lines;
    private final long max;
    private long nextLine;
    private boolean closed;

    private Progress(ProgressBar bar, PrintWriter lines, long max, long start) {
        this.bar = bar;
        this.lines = lines;
        this.max = max;
        this.nextLine = start + Math.max(1, max / 10);
    }

    /**
     * @param max   the value at the end (iterations, or rows for an --epochs run)
     * @param start the value now (above 0 when resuming)
     * @param unit  what is counted, for the bar's label
     */
    static Progress open(boolean quiet, PrintWriter out, long max, long start, String unit) {
        if (quiet) {
            return new Progress(null, null, max, start);
        }
        if (isTerminal()) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(max)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).setUpdateIntervalMillis(200)
                    .setMaxRenderedLength(100).build();
            bar.stepTo(start);
            return new Progress(bar, null, max, start);
        }
        return new Progress(null, out, max, start);
    }

    /**
     * Whether standard output is a terminal. Up to Java 21 that is {@code System.console() != null};
     * from Java 22 on a console may exist when output is redirected, and its {@code isTerminal()}
     * (called reflectively, as the code targets Java 17) tells.
     */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException before22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Moves to {@code value}; {@code message} describes the latest iteration. */
    void update(long value, String message) {
        if (bar != null) {
            bar.stepTo(value);
            bar.setExtraMessage(" " + message);
        } else if (lines != null && (value >= nextLine || value >= max)) {
            lines.println(message);
            lines.flush();
            nextLine = value + Math.max(1, max / 10);
        }
    }

    /** Ends the bar (once: a second close would draw it again, over what was printed since). */
    @Override
    public void close() {
        if (bar != null && !closed) {
            bar.close();
        }
        closed = true;
    }
}
