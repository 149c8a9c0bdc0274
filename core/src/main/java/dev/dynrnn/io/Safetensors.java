package dev.dynrnn.io;

import dev.dynrnn.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, the file format of model weights in dynrnn and the safe (non-pickle) way PyTorch users
 * exchange state dicts.
 *
 * <p>Layout, all integers little-endian:
 * <pre>
 *   bytes [0, 8)        N, an unsigned 64-bit header length
 *   bytes [8, 8+N)      UTF-8 JSON: {"__metadata__": {str: str},
 *                                    "KEY": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..}
 *                       padded with spaces so that 8+N is a multiple of 8
 *   bytes [8+N, end)    the data buffer: each tensor's elements row-major, at [begin, end) of it
 * </pre>
 *
 * <p>{@link #write} produces the same bytes as {@code safetensors.torch.save_file} for the same
 * float32 tensors and metadata: tensors sorted by key (the reference sorts by dtype, then key;
 * here all are F32), compact JSON with {@code __metadata__} first and each tensor's fields in
 * the order {@code dtype, shape, data_offsets}, spaces to the 8-byte boundary. The one freedom
 * is the order of the metadata keys, which the reference keeps in a hash map: they are written
 * sorted. A PyTorch user loads the file with
 * <pre>
 *   from safetensors.torch import load_file
 *   model.load_state_dict(load_file("model.safetensors"))
 * </pre>
 *
 * <p>{@link #read} accepts F32 and converts F64 (rounding to nearest, as {@code .float()}), F16
 * and BF16 (exactly) to float32, since PyTorch users may save any of them; any other dtype
 * (I64, BOOL, F8_E4M3, ...) is refused naming the key and dtype. It validates as strictly as the
 * reference: the header length against the file size, UTF-8 and JSON syntax, each entry's
 * fields, that {@code end - begin} equals the shape's element count times the dtype size, and
 * that the byte ranges tile the data buffer exactly with no gap, overlap or trailing byte, so a
 * truncated or extended file is reported as such.
 */
public final class Safetensors {
    private Safetensors() {}

    /**
     * Writes {@code tensors} as F32 with {@code metadata}, atomically (a temporary file beside
     * {@code file}, fsync, rename; see {@link AtomicFiles}).
     *
     * @param tensors key to tensor, any order (the file is sorted by key); views and
     *     non-contiguous tensors are written row-major, as {@code .contiguous()} would lay them
     *     out
     * @param metadata the {@code __metadata__} strings, or null to write no {@code __metadata__}
     *     entry (an empty map writes an empty one, as the reference does)
     * @throws IllegalArgumentException for a null key, tensor or metadata string, or a tensor
     *     named {@code __metadata__}
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Prepared prepared = prepare(tensors, metadata);
        AtomicFiles.write(file, prepared::writeTo);
    }

    /** Writes the bytes {@link #write(Path, Map, Map)} would put in a file to {@code out}. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        prepare(tensors, metadata).writeTo(out);
    }

    /**
     * Reads a whole safetensors file; see the class comment for what is accepted and checked.
     *
     * @throws SafetensorsException naming the file and the problem (missing file, truncation,
     *     corrupt header, a dtype that cannot be read as float32 with its key)
     */
    public static SafetensorsFile read(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            Map<String, Tensor> tensors = reader.readTensors(null);
            Map<String, String> dtypes = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry entry : reader.header.entries) {
                dtypes.put(entry.name, entry.dtype.name());
            }
            return new SafetensorsFile(file, tensors, reader.header.metadata, dtypes);
        }
    }

    /** Validated, sorted tensors with their header, ready to be written. */
    static final class Prepared {
        final List<SafetensorsHeader.Entry> entries;
        final List<Tensor> tensors;
        final byte[] header;

        private Prepared(List<SafetensorsHeader.Entry> entries, List<Tensor> tensors, byte[] header) {
            this.entries = entries;
            this.tensors = tensors;
            this.header = header;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(SafetensorsHeader.lengthPrefix(header.length));
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor tensor : tensors) {
                Tensor contiguous = tensor.isContiguous() ? tensor : Tensor.wrap(tensor.toArray(), tensor.shape());
                float[] storage = contiguous.storage();
                int start = contiguous.storageOffset();
                int end = start + contiguous.numel();
                for (int i = start; i < end; ) {
                    chunk.clear();
                    while (chunk.hasRemaining() && i < end) {
                        chunk.putFloat(storage[i++]);
                    }
                    out.write(chunk.array(), 0, chunk.position());
                }
            }
        }
    }

    static Prepared prepare(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (metadata != null) {
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                if (entry.getKey() == null || entry.getValue() == null) {
                    throw new IllegalArgumentException("metadata entry " + entry.getKey() + "=" + entry.getValue()
                            + ": keys and values must not be null");
                }
            }
        }
        List<Map.Entry<String, Tensor>> sorted = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, Tensor> entry : sorted) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("a tensor key is null");
            }
            if (entry.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + SafetensorsHeader.METADATA_KEY
                        + ": the format reserves that key for the metadata");
            }
            if (entry.getValue() == null) {
                throw new IllegalArgumentException("tensor '" + entry.getKey() + "' is null");
            }
        }
        sorted.sort(Map.Entry.comparingByKey(SafetensorsHeader.UTF8_ORDER));
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        List<Tensor> ordered = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : sorted) {
            Tensor tensor = entry.getValue();
            long bytes = 4L * tensor.numel();
            entries.add(new SafetensorsHeader.Entry(entry.getKey(), SafetensorsDtype.F32, tensor.shape(), offset,
                    offset + bytes));
            ordered.add(tensor);
            offset += bytes;
        }
        return new Prepared(entries, ordered, SafetensorsHeader.encode(entries, metadata));
    }
}
