/**
 * Reading and writing files, with no dependency beyond the JDK.
 *
 * <ul>
 *   <li>{@link dev.dynrnn.io.Json}: a strict JSON reader and writer (fixtures, headers, JSONL logs).</li>
 *   <li>{@link dev.dynrnn.io.AtomicFiles}: replace a file so that a crash leaves the old or the new
 *       content, never a part.</li>
 *   <li>{@link dev.dynrnn.io.Safetensors}: model weights in the safetensors format, byte for byte as
 *       PyTorch's {@code safetensors.torch.save_file} writes them.</li>
 *   <li>{@link dev.dynrnn.io.Checkpoint} and {@link dev.dynrnn.io.CheckpointStore}: checksummed
 *       training checkpoints in safetensors files, and a directory that keeps the newest good ones.</li>
 *   <li>{@link dev.dynrnn.io.CsvTable}: CSV data with a header row, read into named columns with
 *       errors that give file, line, column and value; written back with prediction columns.</li>
 * </ul>
 *
 * <p>Problems with a file's content are checked exceptions, one type per format, each a subclass
 * of {@link java.io.IOException} whose message starts with the file and names the problem (the
 * key, the shapes, the line and column, the value); misuse of the API (a null tensor, a
 * reserved key) is an {@link java.lang.IllegalArgumentException}.
 */
package dev.dynrnn.io;
