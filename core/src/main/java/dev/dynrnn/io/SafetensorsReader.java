package dev.dynrnn.io;

import dev.dynrnn.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a safetensors file in two steps, so a caller can look at the validated header before
 * the data is read: {@link #open} reads and checks the header, {@link #readTensors} the data.
 */
final class SafetensorsReader implements Closeable {
    /** Data is read in pieces of this size: a multiple of every element size. */
    private static final int CHUNK = 1 << 20;

    final Path file;
    final SafetensorsHeader header;
    private final FileChannel channel;

    private SafetensorsReader(Path file, FileChannel channel, SafetensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
    }

    /** Opens {@code file} and validates its header; a missing or unreadable file is reported as such. */
    static SafetensorsReader open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new SafetensorsException(file, "is a directory, not a safetensors file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SafetensorsException(file, FileProblems.describe(e), e);
        }
        try {
            return new SafetensorsReader(file, channel, SafetensorsHeader.read(file, channel));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads every tensor, converted to float32, in the order of the data in the file. When
     * {@code digest} is not null it is fed the raw data buffer, byte for byte as stored.
     */
    Map<String, Tensor> readTensors(MessageDigest digest) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long largest = 0;
        for (SafetensorsHeader.Entry entry : header.entries) {
            largest = Math.max(largest, entry.end - entry.begin);
        }
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, largest)).order(ByteOrder.LITTLE_ENDIAN);
        for (SafetensorsHeader.Entry entry : header.entries) {
            float[] values = new float[entry.numel()];
            long position = header.dataStart + entry.begin;
            int index = 0;
            long remaining = entry.end - entry.begin;
            while (remaining > 0) {
                int length = (int) Math.min(chunk.capacity(), remaining);
                chunk.clear().limit(length);
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk, position + chunk.position()) < 0) {
                        throw new SafetensorsException(file, "truncated while reading tensor '" + entry.name
                                + "': the file ended at byte " + (position + chunk.position())
                                + " (was it changed while being read?)");
                    }
                }
                chunk.flip();
                if (digest != null) {
                    digest.update(chunk.array(), 0, length);
                }
                index = convert(entry.dtype, chunk, values, index);
                position += length;
                remaining -= length;
            }
            tensors.put(entry.name, Tensor.wrap(values, entry.shape.clone()));
        }
        return tensors;
    }

    /** Feeds the whole data buffer, as stored, to {@code digest} without decoding it. */
    void digestData(MessageDigest digest) throws IOException {
        long end = header.entries.isEmpty() ? 0 : header.entries.get(header.entries.size() - 1).end;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, end));
        for (long position = 0; position < end; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, header.dataStart + position + chunk.position()) < 0) {
                    throw new SafetensorsException(file, "truncated while reading: the file ended at byte "
                            + (header.dataStart + position + chunk.position()) + " (was it changed while being read?)");
                }
            }
            digest.update(chunk.array(), 0, chunk.position());
            position += chunk.position();
        }
    }

    /** Decodes the little-endian elements in {@code in} into {@code out} from {@code index}. */
    private static int convert(SafetensorsDtype dtype, ByteBuffer in, float[] out, int index) {
        switch (dtype) {
            case F32:
                while (in.hasRemaining()) {
                    out[index++] = in.getFloat();
                }
                break;
            case F64:
                while (in.hasRemaining()) {
                    // round to nearest even, as torch's .float()
                    out[index++] = (float) in.getDouble();
                }
                break;
            case F16:
                while (in.hasRemaining()) {
                    out[index++] = SafetensorsDtype.halfToFloat(in.getShort());
                }
                break;
            case BF16:
                while (in.hasRemaining()) {
                    out[index++] = SafetensorsDtype.bfloat16ToFloat(in.getShort());
                }
                break;
            default:
                throw new AssertionError(dtype);
        }
        return index;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
