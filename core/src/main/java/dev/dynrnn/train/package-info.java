/**
 * Training recurrent models on tabular time series, as a library (the {@code dynrnn train}
 * and {@code predict} commands are thin layers over it).
 *
 * <ul>
 *   <li>{@link dev.dynrnn.train.SeriesData}: input and target columns of a CSV file, split into
 *       series by a series column; {@link dev.dynrnn.train.Normalization}: z-scores per column.</li>
 *   <li>{@link dev.dynrnn.train.SequenceModel}: the seed's model, a recurrent layer {@code rnn}
 *       (RNN, LSTM or GRU) and a Linear {@code out} at every step, built from a
 *       {@link dev.dynrnn.train.ModelSpec}; its state dict has PyTorch's keys.</li>
 *   <li>{@link dev.dynrnn.train.Trainer}: truncated back-propagation through time in chunks of
 *       {@link dev.dynrnn.train.Bptt} steps, the hidden state carried (detached) from chunk to
 *       chunk, all series batched together whatever their lengths.</li>
 *   <li>{@link dev.dynrnn.train.ModelFile}: a {@link dev.dynrnn.train.TrainedModel} as a
 *       safetensors file PyTorch loads with {@code load_state_dict}; plain PyTorch state dicts
 *       as initial weights.</li>
 *   <li>{@link dev.dynrnn.train.TrainingCheckpoint}: a trainer's complete state as a
 *       {@link dev.dynrnn.io.Checkpoint}, for exact resumption.</li>
 * </ul>
 *
 * <pre>{@code
 * SeriesData raw = SeriesData.fromCsv(CsvTable.read(Path.of("data.csv")), List.of("x"), List.of("y"), null);
 * Normalization norm = Normalization.fit(raw);
 * Generator generator = new Generator(1);
 * SequenceModel model = new SequenceModel(new ModelSpec(Cell.LSTM, 1, 32, 1, 0, 1), generator);
 * Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.02), norm.apply(raw))
 *         .bptt(Bptt.parse("10:30")).generator(generator).build();
 * while (trainer.epochsCompleted() < 5) {
 *     Trainer.Step step = trainer.step();
 * }
 * ModelFile.save(Path.of("model.safetensors"), new TrainedModel(model, List.of("x"), List.of("y"), null, norm));
 * }</pre>
 */
package dev.dynrnn.train;
