package dev.dynrnn.train;

import dev.dynrnn.tensor.NoGrad;
import dev.dynrnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SequenceModel} with what it needs to be used on new data: the names of the input and
 * target columns it was trained on, the series column, and the z-score normalization (or null).
 * Saved and loaded by {@link ModelFile}.
 *
 * @param model         the network
 * @param inputColumns  one per model input, in order
 * @param targetColumns one per model output, in order
 * @param seriesColumn  the column that names the series, or null
 * @param normalization the scaling of inputs and targets, or null when the model sees raw values
 */
public record TrainedModel(SequenceModel model, List<String> inputColumns, List<String> targetColumns,
        String seriesColumn, Normalization normalization) {

    /** Checks that the columns fit the model and the normalization. */
    public TrainedModel {
        inputColumns = List.copyOf(inputColumns);
        targetColumns = List.copyOf(targetColumns);
        ModelSpec spec = model.spec();
        if (inputColumns.size() != spec.inputSize() || targetColumns.size() != spec.outputSize()) {
            throw new IllegalArgumentException("a model with " + spec.inputSize() + " input(s) and "
                    + spec.outputSize() + " output(s) cannot have input columns " + inputColumns + " and target columns "
                    + targetColumns);
        }
        if (normalization != null && (!normalization.inputColumns().equals(inputColumns)
                || !normalization.targetColumns().equals(targetColumns))) {
            throw new IllegalArgumentException("the normalization is for columns " + normalization.inputColumns()
                    + " -> " + normalization.targetColumns() + ", the model's are " + inputColumns + " -> " + targetColumns);
        }
    }

    /** The longest run of time steps one forward call takes during prediction (bounds memory, not results). */
    static final int PREDICT_CHUNK = 4096;

    /**
     * Runs the model statefully over each whole series (from a zero state, in evaluation mode,
     * without gradients) and returns its predictions in the targets' units (normalization
     * undone): one array per series, (rows, target columns) row-major.
     *
     * @param data raw (not normalized) data with this model's input columns; targets are not needed
     */
    public List<float[]> predict(SeriesData data) {
        if (!data.inputColumns().equals(inputColumns)) {
            throw new IllegalArgumentException("the model takes input columns " + inputColumns + ", the data has "
                    + data.inputColumns());
        }
        SeriesData scaled = normalization == null ? data : normalization.apply(withoutTargets(data));
        boolean wasTraining = model.isTraining();
        model.eval();
        int width = inputColumns.size();
        int outputs = targetColumns.size();
        List<float[]> out = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (SeriesData.Series s : scaled.series()) {
                float[] prediction = new float[s.length() * outputs];
                HiddenState state = null;
                for (int start = 0; start < s.length(); start += PREDICT_CHUNK) {
                    int steps = Math.min(PREDICT_CHUNK, s.length() - start);
                    float[] x = new float[steps * width];
                    System.arraycopy(s.inputs(), start * width, x, 0, x.length);
                    SequenceModel.Output o = model.forward(Tensor.wrap(x, 1, steps, width), state);
                    float[] y = o.prediction().contiguous().toArray();
                    System.arraycopy(y, 0, prediction, start * outputs, y.length);
                    state = o.state();
                }
                if (normalization != null) {
                    normalization.unscaleTargets(prediction);
                }
                out.add(prediction);
            }
        } finally {
            model.train(wasTraining);
        }
        return out;
    }

    private static SeriesData withoutTargets(SeriesData data) {
        if (data.targetColumns().isEmpty()) {
            return data;
        }
        List<SeriesData.Series> series = new ArrayList<>();
        for (SeriesData.Series s : data.series()) {
            series.add(s.withValues(s.inputValues(), new double[0]));
        }
        return SeriesData.of(data.inputColumns(), List.of(), series);
    }
}
