package dev.dynrnn.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's tensor repr ({@code torch/_tensor_str.py} with default print options: precision 4,
 * line width 80, summarised above 1000 elements with 3 edge items), so printed values can be
 * compared with PyTorch's output line for line.
 */
final class TensorFormatter {
    private TensorFormatter() {}

    private static final int PRECISION = 4;
    private static final int LINE_WIDTH = 80;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final String PREFIX = "tensor(";

    static String format(Tensor t) {
        Tensor x = t.detach();
        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>();
        String body;
        if (x.numel() == 0 && x.dim() != 1) {
            body = "[]";
            suffixes.add("size=" + sizeTuple(x.shape));
        } else {
            boolean summarize = x.numel() > THRESHOLD;
            Style style = Style.of(summarize ? summarized(x) : x.toArray());
            body = tensorString(x, indent, summarize, style);
        }
        if (t.gradFn() != null) {
            suffixes.add("grad_fn=<" + t.gradFn().name() + ">");
        } else if (t.requiresGrad()) {
            suffixes.add("requires_grad=True");
        }
        return addSuffixes(PREFIX + body, suffixes, indent);
    }

    private static String sizeTuple(int[] shape) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            out.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return out.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String addSuffixes(String tensorString, List<String> suffixes, int indent) {
        StringBuilder out = new StringBuilder(tensorString);
        int lastLineLength = tensorString.length() - tensorString.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                out.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLength = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    private static String tensorString(Tensor x, int indent, boolean summarize, Style style) {
        if (x.dim() == 0) {
            return style.format(x.item());
        }
        if (x.dim() == 1) {
            return vectorString(x, indent, summarize, style);
        }
        int size = x.shape[0];
        List<String> slices = new ArrayList<>();
        if (summarize && size > 2 * EDGE_ITEMS) {
            for (int i = 0; i < EDGE_ITEMS; i++) {
                slices.add(tensorString(x.select(0, i), indent + 1, true, style));
            }
            slices.add("...");
            for (int i = size - EDGE_ITEMS; i < size; i++) {
                slices.add(tensorString(x.select(0, i), indent + 1, true, style));
            }
        } else {
            for (int i = 0; i < size; i++) {
                slices.add(tensorString(x.select(0, i), indent + 1, summarize, style));
            }
        }
        String separator = "," + "\n".repeat(x.dim() - 1) + " ".repeat(indent + 1);
        return "[" + String.join(separator, slices) + "]";
    }

    private static String vectorString(Tensor x, int indent, boolean summarize, Style style) {
        int elementLength = style.width + 2;
        int perLine = Math.max(1, (LINE_WIDTH - indent) / elementLength);
        float[] values = x.toArray();
        List<String> items = new ArrayList<>();
        if (summarize && values.length > 2 * EDGE_ITEMS) {
            for (int i = 0; i < EDGE_ITEMS; i++) {
                items.add(style.format(values[i]));
            }
            items.add(" ...");
            for (int i = values.length - EDGE_ITEMS; i < values.length; i++) {
                items.add(style.format(values[i]));
            }
        } else {
            for (float v : values) {
                items.add(style.format(v));
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i += perLine) {
            lines.add(String.join(", ", items.subList(i, Math.min(items.size(), i + perLine))));
        }
        return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }

    /** The values that decide the style of a summarised tensor: its edge items on every dim. */
    private static float[] summarized(Tensor x) {
        if (x.dim() == 0) {
            return new float[] {x.item()};
        }
        List<Float> values = new ArrayList<>();
        collectEdges(x, values);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void collectEdges(Tensor x, List<Float> out) {
        int size = x.shape[0];
        List<Integer> rows = new ArrayList<>();
        if (size > 2 * EDGE_ITEMS) {
            for (int i = 0; i < EDGE_ITEMS; i++) {
                rows.add(i);
            }
            for (int i = size - EDGE_ITEMS; i < size; i++) {
                rows.add(i);
            }
        } else {
            for (int i = 0; i < size; i++) {
                rows.add(i);
            }
        }
        for (int i : rows) {
            Tensor row = x.select(0, i);
            if (row.dim() == 0) {
                out.add(row.item());
            } else {
                collectEdges(row, out);
            }
        }
    }

    /** PyTorch's _Formatter: integer, fixed or scientific notation, and a common width. */
    private static final class Style {
        boolean intMode = true;
        boolean sciMode;
        int width = 1;

        static Style of(float[] values) {
            Style style = new Style();
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            List<Float> finite = new ArrayList<>();
            for (float v : values) {
                if (Float.isFinite(v) && v != 0f) {
                    finite.add(v);
                    min = Math.min(min, Math.abs((double) v));
                    max = Math.max(max, Math.abs((double) v));
                    if (v != Math.ceil(v)) {
                        style.intMode = false;
                    }
                }
            }
            if (finite.isEmpty()) {
                return style;
            }
            if (style.intMode) {
                style.sciMode = max / min > 1000 || max > 1e8;
                for (float v : finite) {
                    style.width = Math.max(style.width, style.sciMode ? scientific(v).length() : integer(v).length() + 1);
                }
            } else {
                style.sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
                for (float v : finite) {
                    style.width = Math.max(style.width, style.sciMode ? scientific(v).length() : fixed(v).length());
                }
            }
            return style;
        }

        String format(float v) {
            String text;
            if (sciMode) {
                text = scientific(v);
            } else if (intMode) {
                text = integer(v) + (Float.isFinite(v) ? "." : "");
            } else {
                text = fixed(v);
            }
            return " ".repeat(Math.max(0, width - text.length())) + text;
        }
    }

    private static String nonFinite(float v) {
        return Float.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }

    /** Python's {@code '{:.0f}'}. */
    private static String integer(float v) {
        if (!Float.isFinite(v)) {
            return nonFinite(v);
        }
        return negativeZero(v, new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).toPlainString());
    }

    /** Python's {@code '{:.4f}'}: the exact binary value rounded half-even. */
    private static String fixed(float v) {
        if (!Float.isFinite(v)) {
            return nonFinite(v);
        }
        return negativeZero(v, new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN).toPlainString());
    }

    /** Python's {@code '{:.4e}'}: mantissa with 4 decimals, exponent with sign and at least 2 digits. */
    private static String scientific(float v) {
        if (!Float.isFinite(v)) {
            return nonFinite(v);
        }
        if (v == 0f) {
            return (1 / v < 0 ? "-" : "") + "0." + "0".repeat(PRECISION) + "e+00";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).setScale(PRECISION, RoundingMode.HALF_EVEN);
        String sign = exponent < 0 ? "-" : "+";
        String digits = String.valueOf(Math.abs(exponent));
        return mantissa.toPlainString() + "e" + sign + (digits.length() < 2 ? "0" + digits : digits);
    }

    private static String negativeZero(float v, String text) {
        boolean negative = v < 0 || (v == 0f && 1 / v < 0);
        return negative && !text.startsWith("-") ? "-" + text : text;
    }
}
