package dev.dynrnn.bench.compare;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import dev.dynrnn.bench.Measurement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The measurements of one comparison, summarised as a table: per workload, the median over rounds
 * of each system's time per iteration, and how many times slower PyTorch and DJL are than dynrnn.
 * A system that could not run shows why instead of a time.
 */
public final class ResultTable {
    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setStrictness(Strictness.LENIENT)   // Python's json writes NaN for a missing loss
            .create();

    private final List<String> systems;
    private final List<String> workloads;
    private final List<Measurement> measurements = new ArrayList<>();
    /** system -> why it has no numbers (not built, skipped), shown in every row. */
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    /** "workload/system" -> why a run failed, shown in that cell. */
    private final Map<String, String> failures = new LinkedHashMap<>();

    /**
     * @param systems   column order, e.g. dynrnn, pytorch, djl; ratios are against the first
     * @param workloads row order
     */
    public ResultTable(List<String> systems, List<String> workloads) {
        this.systems = List.copyOf(systems);
        this.workloads = List.copyOf(workloads);
    }

    /** Parses one JSON line printed by a workload runner. */
    public static Measurement parse(String jsonLine) {
        Measurement m;
        try {
            m = GSON.fromJson(jsonLine, Measurement.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a measurement line: " + jsonLine + " (" + e.getMessage() + ")", e);
        }
        if (m == null || m.system() == null || m.workload() == null || !(m.secondsPerIteration() > 0)) {
            throw new IllegalArgumentException("measurement line lacks system, workload or a positive "
                    + "seconds_per_iteration: " + jsonLine);
        }
        return m;
    }

    public void add(Measurement m) {
        measurements.add(m);
    }

    public void markUnavailable(String system, String reason) {
        unavailable.put(system, reason);
    }

    public void markFailed(String workload, String system, String reason) {
        failures.put(workload + "/" + system, reason);
    }

    /** The median over rounds of {@code system}'s seconds per iteration on {@code workload}. */
    public Optional<Double> medianSeconds(String workload, String system) {
        double[] values = measurements.stream()
                .filter(m -> m.workload().equals(workload) && m.system().equals(system))
                .mapToDouble(Measurement::secondsPerIteration).toArray();
        return median(values);
    }

    /** The median over rounds of {@code system}'s peak RSS on {@code workload}. */
    public Optional<Double> medianPeakRss(String workload, String system) {
        double[] values = measurements.stream()
                .filter(m -> m.workload().equals(workload) && m.system().equals(system) && m.peakRssBytes() > 0)
                .mapToDouble(Measurement::peakRssBytes).toArray();
        return median(values);
    }

    static Optional<Double> median(double[] values) {
        if (values.length == 0) {
            return Optional.empty();
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return Optional.of(sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }

    /** Time per iteration in milliseconds, then the ratios to the first system, then peak RSS. */
    public String render() {
        String base = systems.get(0);
        List<String> header = new ArrayList<>(List.of("workload"));
        for (String s : systems) {
            header.add(s + " ms/it");
        }
        for (String s : systems.subList(1, systems.size())) {
            header.add(s + "/" + base);
        }
        for (String s : systems) {
            header.add(s + " MiB");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (String w : workloads) {
            List<String> row = new ArrayList<>(List.of(w));
            for (String s : systems) {
                row.add(medianSeconds(w, s).map(sec -> milliseconds(sec * 1e3)).orElseGet(() -> missing(w, s)));
            }
            Optional<Double> baseTime = medianSeconds(w, base);
            for (String s : systems.subList(1, systems.size())) {
                Optional<Double> t = medianSeconds(w, s);
                row.add(baseTime.isPresent() && t.isPresent()
                        ? String.format(Locale.ROOT, "%.2fx", t.get() / baseTime.get()) : "-");
            }
            for (String s : systems) {
                row.add(medianPeakRss(w, s).map(b -> String.format(Locale.ROOT, "%.0f", b / (1 << 20))).orElse("-"));
            }
            rows.add(row);
        }
        return layout(rows);
    }

    private String missing(String workload, String system) {
        String failure = failures.get(workload + "/" + system);
        if (failure != null) {
            return "failed";
        }
        return unavailable.containsKey(system) ? "n/a" : "-";
    }

    /** Notes under the table: the systems' versions, why systems are missing, which runs failed. */
    public String notes() {
        StringBuilder b = new StringBuilder();
        for (String s : systems) {
            measurements.stream().filter(m -> m.system().equals(s)).map(Measurement::version).distinct()
                    .forEach(v -> b.append(s).append(' ').append(v).append('\n'));
        }
        unavailable.forEach((s, why) -> b.append(s).append(": ").append(why).append('\n'));
        failures.forEach((key, why) -> b.append(key).append(" failed: ").append(why).append('\n'));
        return b.toString();
    }

    /** Three significant digits (more left of the point), never scientific notation. */
    static String milliseconds(double ms) {
        int decimals = ms > 0 ? Math.max(0, 2 - (int) Math.floor(Math.log10(ms))) : 0;
        return String.format(Locale.ROOT, "%." + decimals + "f", ms);
    }

    private static String layout(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                // the workload name left-aligned, numbers right-aligned
                b.append(c == 0 ? String.format("%-" + width[c] + "s", cell) : String.format("%" + width[c] + "s", cell));
                b.append(c == columns - 1 ? "\n" : "  ");
            }
        }
        return b.toString();
    }
}
