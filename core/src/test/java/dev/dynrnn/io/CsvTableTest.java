package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path path = dir.resolve("data.csv");
        Files.write(path, content.getBytes(StandardCharsets.UTF_8));
        return path;
    }

    private CsvTable table(String content) throws IOException {
        return CsvTable.read(csv(content));
    }

    /** Reading fails with exactly {@code "<path>" + rest}. */
    private void assertReadFails(String content, String rest) throws IOException {
        Path path = csv(content);
        CsvException e = assertThrows(CsvException.class, () -> CsvTable.read(path));
        assertEquals(path + rest, e.getMessage());
    }

    // ------------------------------------------------------------ syntax

    @Test
    void readsColumnsByName() throws IOException {
        CsvTable t = table("time,x,y\n0,1.5,-2\n1,2.5,3e2\n");
        assertEquals(List.of("time", "x", "y"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertArrayEquals(new float[] {1.5f, 2.5f}, t.floats("x"));
        assertArrayEquals(new double[] {-2, 300}, t.doubles("y"));
        assertEquals(List.of("0", "1"), t.strings("time"));
        assertEquals("3e2", t.text(1, "y"), "text is kept as written");
    }

    @Test
    void lineEndingsBomAndTrailingNewlineAreOptional() throws IOException {
        for (String content : List.of("a,b\n1,2\n3,4", "a,b\r\n1,2\r\n3,4\r\n", "\ufeffa,b\n1,2\n3,4\n",
                "a,b\r1,2\r3,4\r", "\ufeffa,b\r\n1,2\n3,4")) {
            CsvTable t = table(content);
            assertEquals(List.of("a", "b"), t.columnNames(), content);
            assertArrayEquals(new float[] {1, 3}, t.floats("a"), content);
            assertArrayEquals(new float[] {2, 4}, t.floats("b"), content);
        }
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
        CsvTable t = table("id,\"name, full\",x\n\"a,1\",\"say \"\"hi\"\"\",\"1.5\"\n\"multi\nline\r\nid\",\"\",2\n");
        assertEquals(List.of("id", "name, full", "x"), t.columnNames());
        assertEquals(List.of("a,1", "multi\nline\r\nid"), t.strings("id"));
        assertEquals(List.of("say \"hi\"", ""), t.strings("name, full"));
        assertArrayEquals(new float[] {1.5f, 2f}, t.floats("x"), "a quoted number is a number");
        assertEquals(2, t.line(0));
        assertEquals(3, t.line(1));
    }

    @Test
    void blankLinesAreSkippedAndLinesStillCount() throws IOException {
        Path path = csv("\na,b\n\n1,2\r\n\r\n3,x\n\n");
        CsvTable t = CsvTable.read(path);
        assertEquals(2, t.rowCount());
        assertEquals(4, t.line(0));
        assertEquals(6, t.line(1));
        CsvException e = assertThrows(CsvException.class, () -> t.floats("b"));
        assertEquals(path + ":6: column 'b': 'x' is not a number", e.getMessage());
        assertEquals(6, e.line());
        assertEquals("b", e.column());
    }

    @Test
    void headerNamesAreTrimmedUnlessQuoted() throws IOException {
        CsvTable t = table("time, x ,\" y \"\n1,2,3\n");
        assertEquals(List.of("time", "x", " y "), t.columnNames());
    }

    @Test
    void aPandasIndexColumnHasAnEmptyName() throws IOException {
        CsvTable t = table(",x\n0,1.5\n1,2.5\n");
        assertEquals(List.of("", "x"), t.columnNames());
        assertArrayEquals(new float[] {0, 1}, t.floats(""));
    }

    // ------------------------------------------------------------ file and structure errors

    @Test
    void aMissingFileOrADirectory() {
        Path missing = dir.resolve("nope.csv");
        CsvException e = assertThrows(CsvException.class, () -> CsvTable.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        assertEquals(dir + ": is a directory, not a CSV file",
                assertThrows(CsvException.class, () -> CsvTable.read(dir)).getMessage());
    }

    @Test
    void anEmptyFile() throws IOException {
        assertReadFails("", ": the file is empty (expected a header row of column names)");
        assertReadFails("\ufeff\n\r\n", ": the file is empty (expected a header row of column names)");
    }

    @Test
    void aHeaderWithoutRows() throws IOException {
        assertReadFails("time,x,y\n", ": no data rows after the header (columns: time, x, y)");
        assertReadFails("time,x,y", ": no data rows after the header (columns: time, x, y)");
    }

    @Test
    void duplicateColumnNames() throws IOException {
        assertReadFails("\nt,x,y,x\n1,2,3,4\n", ":2: column name 'x' appears twice (columns 2 and 4)");
        assertReadFails("t,x,\" x\",x \n1,2,3,4\n", ":1: column name 'x' appears twice (columns 2 and 4)");
    }

    @Test
    void raggedRows() throws IOException {
        assertReadFails("a,b,c\n1,2,3\n4,5\n", ":3: expected 3 fields as in the header, found 2");
        assertReadFails("a,b,c\n1,2,3\n4,5,6,\n", ":3: expected 3 fields as in the header, found 4");
        // the line is where the record starts, even when a quoted field spans lines
        assertReadFails("a,b\n\"x\ny\",1,2\n", ":2: expected 2 fields as in the header, found 3");
    }

    @Test
    void quotingErrors() throws IOException {
        assertReadFails("a,b\n1,\"open\n2,3\n", ":2: field 2 opens a quote that is never closed");
        assertReadFails("a,b\n1,\"x\"y\n", ":2: field 2 has 'y' after its closing quote (expected a comma or the end"
                + " of the line)");
        assertReadFails("a,b\n1,5\" pipe\n", ":2: field 2 has a quote inside an unquoted field; quote the whole"
                + " field and double the quote (\"5\"\" pipe\")");
    }

    @Test
    void notUtf8() throws IOException {
        Path path = dir.resolve("latin1.csv");
        Files.write(path, "name,x\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));
        CsvException e = assertThrows(CsvException.class, () -> CsvTable.read(path));
        assertEquals(path + ":2: not UTF-8 (byte 0xe9 at offset 10); save the file as UTF-8", e.getMessage());
    }

    // ------------------------------------------------------------ cell errors

    @Test
    void aMissingColumnListsTheColumns() throws IOException {
        Path path = csv("time,x,y\n1,2,3\n");
        CsvTable t = CsvTable.read(path);
        CsvException e = assertThrows(CsvException.class, () -> t.floats("temp"));
        assertEquals("column 'temp' not found in " + path + " (columns: time, x, y)", e.getMessage());
        assertEquals("temp", e.column());
        assertEquals("column 'X' not found in " + path + " (columns: time, x, y); did you mean 'x'?",
                assertThrows(CsvException.class, () -> t.strings("X")).getMessage());
    }

    @Test
    void nonNumericAndEmptyCells() throws IOException {
        StringBuilder content = new StringBuilder("t,x\n");
        for (int i = 2; i < 118; i++) {
            content.append(i).append(",0.5\n");
        }
        content.append("118,n/a\n119,\n");
        Path path = csv(content.toString());
        CsvTable t = CsvTable.read(path);
        assertEquals(path + ":118: column 'x': 'n/a' is not a number",
                assertThrows(CsvException.class, () -> t.floats("x")).getMessage());
        Path empty = csv("t,x\n1,2\n2,\n");
        assertEquals(empty + ":3: column 'x': empty cell",
                assertThrows(CsvException.class, () -> CsvTable.read(empty).floats("x")).getMessage());
        Path blank = csv("t,x\n1,\"  \"\n");
        assertEquals(blank + ":2: column 'x': empty cell",
                assertThrows(CsvException.class, () -> CsvTable.read(blank).doubles("x")).getMessage());
    }

    @Test
    void onlyPlainDecimalNumbersAreNumbers() throws IOException {
        // Java's parseFloat takes all of these; Python's float() and pandas take none
        for (String text : List.of("1.5f", "2d", "0x1p3", "1e", "e5", ".", "-", "1.2.3", "1,5", "12abc", "1 2", "--1")) {
            Path path = csv("x\n\"" + text + "\"\n");
            assertEquals(path + ":2: column 'x': '" + text + "' is not a number",
                    assertThrows(CsvException.class, () -> CsvTable.read(path).floats("x")).getMessage(), text);
        }
        CsvTable ok = table("x\n 1.5 \n+2\n-.5\n5.\n1E-3\n\t7e+1\n");
        assertArrayEquals(new float[] {1.5f, 2f, -0.5f, 5f, 1e-3f, 70f}, ok.floats("x"));
    }

    @Test
    void nanAndInfinityAreRefused() throws IOException {
        Path path = csv("t,y\n1,2\n2,3\n3,4\n4,5\n5,6\n6,NaN\n");
        assertEquals(path + ":7: column 'y': NaN is not allowed",
                assertThrows(CsvException.class, () -> CsvTable.read(path).floats("y")).getMessage());
        for (String nan : List.of("nan", "-NaN", "NAN")) {
            Path p = csv("y\n" + nan + "\n");
            assertEquals(p + ":2: column 'y': NaN is not allowed",
                    assertThrows(CsvException.class, () -> CsvTable.read(p).doubles("y")).getMessage());
        }
        for (String inf : List.of("inf", "-inf", "+Infinity", "INF")) {
            Path p = csv("y\n" + inf + "\n");
            assertEquals(p + ":2: column 'y': infinity is not allowed ('" + inf + "')",
                    assertThrows(CsvException.class, () -> CsvTable.read(p).floats("y")).getMessage());
        }
    }

    @Test
    void numbersBeyondTheRange() throws IOException {
        Path path = csv("y\n1e39\n");
        CsvTable t = CsvTable.read(path);
        assertEquals(path + ":2: column 'y': '1e39' is out of the float32 range",
                assertThrows(CsvException.class, () -> t.floats("y")).getMessage());
        assertArrayEquals(new double[] {1e39}, t.doubles("y"));
        Path huge = csv("y\n-1e999\n");
        assertEquals(huge + ":2: column 'y': '-1e999' is out of the float64 range",
                assertThrows(CsvException.class, () -> CsvTable.read(huge).doubles("y")).getMessage());
    }

    @Test
    void aCellErrorNamesTheLineTheCellIsOn() throws IOException {
        // a record over three lines: the bad cell is on the third
        Path path = csv("note,x\n\"two\r\nline\nnote\",oops\n");
        assertEquals(path + ":4: column 'x': 'oops' is not a number",
                assertThrows(CsvException.class, () -> CsvTable.read(path).floats("x")).getMessage());
    }

    @Test
    void longOrMultilineValuesAreShortenedInMessages() throws IOException {
        Path path = csv("x\n\"a\nb" + "c".repeat(60) + "\"\n");
        assertEquals(path + ":2: column 'x': 'a\\nb" + "c".repeat(33) + "...' is not a number",
                assertThrows(CsvException.class, () -> CsvTable.read(path).floats("x")).getMessage());
    }

    @Test
    void floatsRoundThroughTheNearestDoubleAsPythonAndPyTorchDo() throws IOException {
        // just above 1 + 2^-24, the midpoint of the floats 1 and 1 + 2^-23: the nearest float is
        // 1 + 2^-23, but the nearest double is the midpoint itself, which rounds to 1 (ties to
        // even). Python: np.float32(float(text)) == 1.0, torch.tensor([float(text)]) == 1.0.
        String text = "1.000000059604644776";
        assertEquals(1.0000001f, Float.parseFloat(text));
        assertArrayEquals(new float[] {1f}, table("x\n" + text + "\n").floats("x"));
    }

    // ------------------------------------------------------------ writing

    @Test
    void writesTheInputAsReadPlusNewColumns() throws IOException {
        String input = "\ufefftime, x ,\"id, full\"\r\n0,1.50,\"a \"\"b\"\"\"\r\n\r\n1,  2e0,\"multi\nline\"\n2,3,c";
        CsvTable t = table(input);
        Map<String, float[]> predictions = new LinkedHashMap<>();
        predictions.put("pred x", new float[] {0.1f, Float.NaN, 1e-5f});
        predictions.put("p,2", new float[] {3f, -0f, Float.POSITIVE_INFINITY});
        Path out = dir.resolve("out.csv");
        t.writeWith(out, predictions);
        assertEquals("time, x ,\"id, full\",pred x,\"p,2\"\n"
                + "0,1.50,\"a \"\"b\"\"\",0.1,3.0\n"
                + "1,  2e0,\"multi\nline\",,-0.0\n"
                + "2,3,c,1e-05,inf\n", Files.readString(out));
        CsvTable back = CsvTable.read(out);
        assertEquals(List.of("time", "x", "id, full", "pred x", "p,2"), back.columnNames());
        assertEquals(t.strings("id, full"), back.strings("id, full"));
        assertEquals(List.of("3.0", "-0.0", "inf"), back.strings("p,2"));
        assertEquals(List.of("0.1", "", "1e-05"), back.strings("pred x"));
    }

    @Test
    void mayOverwriteItsInput() throws IOException {
        Path path = csv("x\n1\n2\n");
        CsvTable.read(path).writeWith(path, Map.of("y", new float[] {0.5f, 0.25f}));
        assertEquals("x,y\n1,0.5\n2,0.25\n", Files.readString(path));
    }

    @Test
    void writingRefusesWrongLengthsAndExistingNames() throws IOException {
        Path path = csv("time,x\n1,2\n2,3\n");
        CsvTable t = CsvTable.read(path);
        Path out = dir.resolve("out.csv");
        assertEquals("column 'pred' has 3 values for 2 rows", assertThrows(IllegalArgumentException.class,
                () -> t.writeWith(out, Map.of("pred", new float[3]))).getMessage());
        assertEquals("column 'x' is already in " + path, assertThrows(IllegalArgumentException.class,
                () -> t.writeWith(out, Map.of("x", new float[2]))).getMessage());
        assertEquals("column 'b' has 1 values for 2 rows", assertThrows(IllegalArgumentException.class,
                () -> CsvTable.writeColumns(out, new LinkedHashMap<>(Map.of("a", new float[2])) {
                    {
                        put("b", new float[1]);
                    }
                })).getMessage());
    }

    @Test
    void writesColumnsAsANewFile() throws IOException {
        Map<String, float[]> columns = new LinkedHashMap<>();
        columns.put("step", new float[] {0, 1, 2});
        columns.put("loss \"train\"", new float[] {0.6931472f, 0.5f, 1.2345678e-7f});
        Path out = dir.resolve("loss.csv");
        CsvTable.writeColumns(out, columns);
        assertEquals("step,\"loss \"\"train\"\"\"\n0.0,0.6931472\n1.0,0.5\n2.0,1.2345679e-07\n", Files.readString(out));
        assertArrayEquals(columns.get("loss \"train\""), CsvTable.read(out).floats("loss \"train\""));
    }
}
