package dev.dynrnn.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.io.CsvTable;
import dev.dynrnn.train.ModelFile;
import dev.dynrnn.train.SeriesData;
import dev.dynrnn.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynrnn predict} end to end: the output file, stateful prediction per series, plots and errors. */
class PredictCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void trainAModel() throws Exception {
        TrainCommandTest.writeSeries(dir.resolve("data.csv"), 37, 50, 12);
        Cli.Result trained = Cli.run(dir, "train", "--data", "@data.csv", "--input", "u,v", "--target", "y", "--series",
                "id", "--cell", "lstm", "--hidden", "8", "--iterations", "20", "--normalize", "--save",
                "@model.safetensors", "-q");
        assertEquals(0, trained.exitCode(), trained.toString());
    }

    @Test
    void writesTheInputColumnsAndOnePredictionColumnPerTarget() throws Exception {
        Cli.Result result = Cli.run(dir, "predict", "--model", "@model.safetensors", "--data", "@data.csv", "--out",
                "@preds.csv");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().startsWith("predicted y_pred for 3 series, 99 rows, in "), result.out());
        List<String> input = Files.readAllLines(dir.resolve("data.csv"));
        List<String> output = Files.readAllLines(dir.resolve("preds.csv"));
        assertEquals("id,t,u,v,y,y_pred", output.get(0));
        assertEquals(input.size(), output.size());
        for (int i = 1; i < input.size(); i++) {
            assertTrue(output.get(i).startsWith(input.get(i) + ","), "line " + (i + 1) + " keeps the input's fields");
        }
        // the same numbers as the library, each series run statefully from its first row, in file order
        TrainedModel model = ModelFile.load(dir.resolve("model.safetensors"));
        CsvTable table = CsvTable.read(dir.resolve("data.csv"));
        SeriesData data = SeriesData.fromCsv(table, List.of("u", "v"), List.of(), "id");
        List<float[]> expected = model.predict(data);
        float[] written = CsvTable.read(dir.resolve("preds.csv")).floats("y_pred");
        for (int s = 0; s < data.seriesCount(); s++) {
            for (int t = 0; t < data.series(s).length(); t++) {
                assertEquals(expected.get(s)[t], written[data.series(s).row(t)], "series " + s + " row " + t);
            }
        }
    }

    @Test
    void targetsAreNotNeededButThePlotWantsThem() throws Exception {
        StringBuilder noTarget = new StringBuilder();
        for (String line : Files.readAllLines(dir.resolve("data.csv"))) {
            noTarget.append(line, 0, line.lastIndexOf(',')).append('\n');
        }
        Files.writeString(dir.resolve("new.csv"), noTarget);
        Cli.Result result = Cli.run(dir, "predict", "--model", "@model.safetensors", "--data", "@new.csv", "--out",
                "@preds.csv", "-q");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("id,t,u,v,y_pred", Files.readAllLines(dir.resolve("preds.csv")).get(0));
        result = Cli.run(dir, "predict", "--model", "@model.safetensors", "--data", "@new.csv", "--out", "@preds.csv",
                "--plot", "@p.png");
        TrainCommandTest.assertError("dynrnn predict: error: --plot needs the target column(s) [y] in "
                + dir.resolve("new.csv"), 1, result);
        result = Cli.run(dir, "predict", "--model", "@model.safetensors", "--data", "@data.csv", "--out", "@preds.csv",
                "--plot", "@p.png");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("plot written to " + dir.resolve("p.png")), result.out());
        assertTrue(Files.size(dir.resolve("p.png")) > 1000);
    }

    @Test
    void badInput() throws Exception {
        Files.writeString(dir.resolve("other.csv"), "id,t,u,y\ns0,0,1,2\n");
        TrainCommandTest.assertError("dynrnn predict: error: column 'v' not found in " + dir.resolve("other.csv")
                + " (columns: id, t, u, y)", 1, Cli.run(dir, "predict", "--model", "@model.safetensors", "--data",
                "@other.csv", "--out", "@preds.csv"));
        Cli.Result notAModel = Cli.run(dir, "predict", "--model", "@data.csv", "--data", "@data.csv", "--out",
                "@preds.csv");
        TrainCommandTest.assertError("dynrnn predict: error: " + dir.resolve("data.csv") + ": header length ", 1,
                notAModel);
        assertTrue(notAModel.err().contains("not a safetensors file, or a corrupt one"), notAModel.err());
        assertEquals(0, Cli.run(dir, "predict", "--model", "@model.safetensors", "--data", "@data.csv", "--out",
                "@p1.csv").exitCode());
        TrainCommandTest.assertError("dynrnn predict: error: column 'y_pred' is already in " + dir.resolve("p1.csv"), 1,
                Cli.run(dir, "predict", "--model", "@model.safetensors", "--data", "@p1.csv", "--out", "@p2.csv"));
        TrainCommandTest.assertError("Missing required option: '--out=FILE'", 2,
                Cli.run(dir, "predict", "--model", "@model.safetensors", "--data", "@data.csv"));
    }
}
