package dev.dynrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynrnn.io.CsvException;
import dev.dynrnn.io.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesDataTest {
    @TempDir
    Path dir;

    Path csv(String text) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void rowsOfASeriesNeedNotBeAdjacent() throws Exception {
        Path file = csv("id,x,y\nb,1,10\na,2,20\nb,3,30\nb,4,40\na,5,50\n");
        SeriesData data = SeriesData.fromCsv(CsvTable.read(file), List.of("x"), List.of("y"), "id");
        assertEquals(2, data.seriesCount());
        assertEquals("b", data.series(0).id());
        assertArrayEquals(new float[] {1, 3, 4}, data.series(0).inputs());
        assertArrayEquals(new float[] {10, 30, 40}, data.series(0).targets());
        assertEquals(3, data.series(0).row(2));
        assertArrayEquals(new float[] {2, 5}, data.series(1).inputs());
        assertEquals(3, data.maxLength());
        assertEquals(5, data.totalRows());
    }

    @Test
    void withoutSeriesColumnTheFileIsOneSeries() throws Exception {
        Path file = csv("x,u,y\n1,0.5,2\n2,0.25,3\n");
        SeriesData data = SeriesData.fromCsv(CsvTable.read(file), List.of("x", "u"), List.of("y"), null);
        assertEquals(1, data.seriesCount());
        assertArrayEquals(new float[] {1, 0.5f, 2, 0.25f}, data.series(0).inputs());
    }

    @Test
    void zScoreUsesThePopulationStdAndLeavesConstantColumnsUnscaled() throws Exception {
        Path file = csv("x,c,y\n1,7,0\n2,7,0\n3,7,0\n4,7,4\n");
        SeriesData data = SeriesData.fromCsv(CsvTable.read(file), List.of("x", "c"), List.of("y"), null);
        Normalization n = Normalization.fit(data);
        assertArrayEquals(new double[] {2.5, 7}, n.inputMean());
        assertArrayEquals(new double[] {Math.sqrt(1.25), 1}, n.inputStd());
        assertArrayEquals(new double[] {1}, n.targetMean());
        assertArrayEquals(new double[] {Math.sqrt(3)}, n.targetStd());
        SeriesData scaled = n.apply(data);
        assertArrayEquals(new float[] {(float) (-1.5 / Math.sqrt(1.25)), 0, (float) (-0.5 / Math.sqrt(1.25)), 0,
            (float) (0.5 / Math.sqrt(1.25)), 0, (float) (1.5 / Math.sqrt(1.25)), 0}, scaled.series(0).inputs());
        float[] back = scaled.series(0).targets().clone();
        n.unscaleTargets(back);
        assertArrayEquals(new float[] {0, 0, 0, 4}, back, 1e-6f);
    }

    @Test
    void badCellsAreReportedWithFileLineColumnAndValue() throws Exception {
        assertEquals(dir.resolve("data.csv") + ":3: column 'x': 'n/a' is not a number",
                error("t,x,y\n1,2,3\n2,n/a,4\n", "x", "y"));
        assertEquals(dir.resolve("data.csv") + ":2: column 'y': empty cell", error("t,x,y\n1,2,\n", "x", "y"));
        assertEquals(dir.resolve("data.csv") + ":2: column 'x': NaN is not allowed", error("t,x,y\n1,nan,1\n", "x", "y"));
        assertEquals(dir.resolve("data.csv") + ":2: column 'y': infinity is not allowed ('-inf')",
                error("t,x,y\n1,1,-inf\n", "x", "y"));
        assertEquals(dir.resolve("data.csv") + ":2: column 'x': '1e39' is out of the float32 range",
                error("t,x,y\n1,1e39,1\n", "x", "y"));
        assertEquals("column 'temp' not found in " + dir.resolve("data.csv") + " (columns: t, x, y)",
                error("t,x,y\n1,2,3\n", "temp", "y"));
    }

    @Test
    void emptySeriesId() throws Exception {
        Path file = csv("id,x,y\na,1,2\n,3,4\n");
        DataException e = assertThrows(DataException.class,
                () -> SeriesData.fromCsv(CsvTable.read(file), List.of("x"), List.of("y"), "id"));
        assertEquals(file + ":3: column 'id': empty series id", e.getMessage());
    }

    @Test
    void columnsNamedTwice() throws Exception {
        Path file = csv("id,x,y\na,1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeriesData.fromCsv(CsvTable.read(file), List.of("x", "x"), List.of("y"), null));
        assertEquals("input column 'x' is named twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SeriesData.fromCsv(CsvTable.read(file), List.of("x", "id"), List.of("y"), "id"));
        assertEquals("the series column 'id' cannot also be an input or target column", e.getMessage());
    }

    private String error(String text, String input, String target) throws Exception {
        Path file = csv(text);
        return assertThrows(CsvException.class,
                () -> SeriesData.fromCsv(CsvTable.read(file), List.of(input), List.of(target), null)).getMessage();
    }
}
