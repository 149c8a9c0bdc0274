package dev.dynrnn.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits CSV text into records and fields for {@link CsvTable}, checking the syntax as it goes
 * and counting physical lines (LF, CRLF and CR each end one) for the messages.
 */
final class CsvParser {
    private final Path file;
    private final String text;
    private int pos;
    private int line = 1;
    /** Raw field boundaries, quotes included, record after record. */
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int fields;
    /** The line each record starts on. */
    private int[] lines = new int[16];
    private int records;
    private int recordFirstField;

    private CsvParser(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Decodes {@code bytes} as UTF-8 (dropping a byte order mark) and parses them. */
    static CsvTable parse(Path file, byte[] bytes) throws CsvException {
        String text = decodeUtf8(file, bytes);
        if (text.startsWith("\ufeff")) {
            text = text.substring(1);
        }
        return new CsvParser(file, text).parse();
    }

    private static String decodeUtf8(Path file, byte[] bytes) throws CsvException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) ? 1 : 0;
            }
            throw CsvException.at(file, line, null, String.format("not UTF-8 (byte 0x%02x at offset %d);"
                    + " save the file as UTF-8", bytes[at] & 0xff, at));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private CsvTable parse() throws CsvException {
        int width = -1;
        while (true) {
            skipBlankLines();
            if (pos >= text.length()) {
                break;
            }
            int first = fields;
            int startLine = line;
            readRecord();
            int count = fields - first;
            if (width < 0) {
                width = count;
            } else if (count != width) {
                throw CsvException.at(file, startLine, null, "expected " + width + " fields as in the header, found "
                        + count);
            }
            if (records == lines.length) {
                lines = Arrays.copyOf(lines, 2 * records);
            }
            lines[records++] = startLine;
        }
        if (records == 0) {
            throw CsvException.at(file, 0, null, "the file is empty (expected a header row of column names)");
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int c = 0; c < width; c++) {
            String name = starts[c] < ends[c] && text.charAt(starts[c]) == '"'
                    ? unquote(text, starts[c], ends[c])
                    : text.substring(starts[c], ends[c]).strip();
            Integer earlier = seen.put(name, c);
            if (earlier != null) {
                throw CsvException.at(file, lines[0], null, "column name '" + name + "' appears twice (columns "
                        + (earlier + 1) + " and " + (c + 1) + ")");
            }
            names.add(name);
        }
        if (records == 1) {
            throw CsvException.at(file, 0, null, "no data rows after the header (columns: "
                    + String.join(", ", names) + ")");
        }
        return new CsvTable(file, text, names, records - 1, Arrays.copyOf(starts, fields),
                Arrays.copyOf(ends, fields), Arrays.copyOf(lines, records));
    }

    private void skipBlankLines() {
        while (pos < text.length() && isLineBreak(text.charAt(pos))) {
            skipLineBreak();
        }
    }

    private void readRecord() throws CsvException {
        recordFirstField = fields;
        while (true) {
            int start = pos;
            if (pos < text.length() && text.charAt(pos) == '"') {
                readQuoted();
            } else {
                readUnquoted();
            }
            addField(start, pos);
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            if (pos < text.length()) {
                skipLineBreak();
            }
            return;
        }
    }

    private void readUnquoted() throws CsvException {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || isLineBreak(c)) {
                return;
            }
            if (c == '"') {
                throw CsvException.at(file, line, null, "field " + (fieldInRecord() + 1) + " has a quote inside"
                        + " an unquoted field; quote the whole field and double the quote (\"5\"\" pipe\")");
            }
            pos++;
        }
    }

    private void readQuoted() throws CsvException {
        int openLine = line;
        pos++; // opening quote
        while (true) {
            if (pos >= text.length()) {
                throw CsvException.at(file, openLine, null, "field " + (fieldInRecord() + 1)
                        + " opens a quote that is never closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (isLineBreak(c)) {
                skipLineBreak();
            } else {
                pos++;
            }
        }
        if (pos < text.length() && text.charAt(pos) != ',' && !isLineBreak(text.charAt(pos))) {
            throw CsvException.at(file, line, null, "field " + (fieldInRecord() + 1) + " has "
                    + describe(text.charAt(pos)) + " after its closing quote (expected a comma or the end of"
                    + " the line)");
        }
    }

    /** Fields of the current record read so far. */
    private int fieldInRecord() {
        return fields - recordFirstField;
    }

    private void addField(int start, int end) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, 2 * fields);
            ends = Arrays.copyOf(ends, 2 * fields);
        }
        starts[fields] = start;
        ends[fields] = end;
        fields++;
    }

    /** Steps over one LF, CRLF or CR, counting one line. */
    private void skipLineBreak() {
        if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }

    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /** The value of a quoted field: without the outer quotes, doubled quotes made single. */
    static String unquote(String text, int start, int end) {
        return text.substring(start + 1, end - 1).replace("\"\"", "\"");
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
