package dev.dynrnn.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One thread's free float arrays, by length, for the pools that lend storage for one round and
 * take it back when the round ends: {@link GradientBuffers} (a round is a backward pass) and
 * {@link TensorScope} (a round is a scope). Not thread-safe: each owner keeps one per thread.
 *
 * <p>Free arrays of a length that no round has asked for in {@value #IDLE_ROUNDS} rounds are
 * dropped, so that sequences of ever new lengths do not fill it, and it never holds more than
 * {@code min(256 MiB, max heap / 8)}; arrays given back beyond that are left to the garbage
 * collector.
 */
final class FreeArrays {
    /** Completed rounds after which an unused length's free arrays are dropped. */
    static final int IDLE_ROUNDS = 8;

    /** The free arrays are at most this many bytes. */
    private static final long CAPACITY_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    /** Free arrays of one length, and the last round that took or gave back one. */
    private static final class Bucket {
        final ArrayDeque<float[]> arrays = new ArrayDeque<>();
        long lastUsed;
    }

    private final Map<Integer, Bucket> free = new HashMap<>();
    private long freeBytes;
    /** Completed rounds so far. */
    private long rounds;

    /** A zero-filled array of {@code length} floats: a free one, or a new one when there is none. */
    float[] take(int length) {
        Bucket bucket = free.get(length);
        float[] array = null;
        if (bucket != null) {
            bucket.lastUsed = rounds;
            array = bucket.arrays.poll();
        }
        if (array == null) {
            return new float[length];
        }
        freeBytes -= 4L * length;
        Arrays.fill(array, 0f);
        return array;
    }

    /** Makes {@code array} free; nothing may read or write it afterwards. */
    void giveBack(float[] array) {
        long bytes = 4L * array.length;
        if (freeBytes + bytes > CAPACITY_BYTES) {
            return;
        }
        Bucket bucket = free.computeIfAbsent(array.length, length -> new Bucket());
        bucket.arrays.push(array);
        bucket.lastUsed = rounds;
        freeBytes += bytes;
    }

    /** Ends a round: drops the lengths left unused for {@value #IDLE_ROUNDS} rounds. */
    void endRound() {
        rounds++;
        if (free.isEmpty()) {
            return;
        }
        var buckets = free.entrySet().iterator();
        while (buckets.hasNext()) {
            var entry = buckets.next();
            if (rounds - entry.getValue().lastUsed > IDLE_ROUNDS) {
                freeBytes -= 4L * entry.getKey() * entry.getValue().arrays.size();
                buckets.remove();
            }
        }
    }
}
