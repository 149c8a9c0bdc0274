package dev.dynrnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane sums of 4 or 8 accumulators at once, for dot-product kernels.
 *
 * <p>Each accumulator's lanes are added in exactly the order of {@link VectorKernels#sumLanes}
 * (lane l with lane l + half, halving), so a dot product gets the same bits whichever kernel
 * computed it. The work is shared: at each level two vectors are folded into one, the lower half
 * of every segment summing the first vector and the upper half the second (a transpose-and-add),
 * so 8 sums cost about 20 vector operations instead of 8 scalar trees.
 */
final class LaneSums {
    private LaneSums() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** SWAP[h]: lane l takes lane l ^ h (swaps the halves of every 2h-lane segment). */
    static final VectorShuffle<Float>[] SWAP = swaps();
    /** UPPER[h]: the upper half of every 2h-lane segment. */
    private static final VectorMask<Float>[] UPPER = uppers();
    /** Lane holding the sum of accumulator r at the end, for 4 and 8 accumulators. */
    private static final int[] LANE4 = finalLanes(4);
    private static final int[] LANE8 = finalLanes(8);

    /** Whether {@link #sum4} / {@link #sum8} can be used: they need V >= 4 / V >= 8. */
    static final boolean FOUR = V >= 4;
    static final boolean EIGHT = V >= 8;

    /**
     * out[r] = sum of lanes[r*V .. (r+1)*V) for r < 4. Requires {@link #FOUR}. The accumulators
     * come in an array, not as vectors: a vector passed to a call that is not inlined is boxed.
     */
    static void sum4(float[] lanes, float[] out) {
        FloatVector a0 = FloatVector.fromArray(S, lanes, 0), a1 = FloatVector.fromArray(S, lanes, V);
        FloatVector a2 = FloatVector.fromArray(S, lanes, 2 * V), a3 = FloatVector.fromArray(S, lanes, 3 * V);
        int h = V >> 1;
        FloatVector c01 = fold(a0, a1, UPPER[h], SWAP[h]), c23 = fold(a2, a3, UPPER[h], SWAP[h]);
        h >>= 1;
        FloatVector c = fold(c01, c23, UPPER[h], SWAP[h]);
        for (h >>= 1; h >= 1; h >>= 1) c = c.add(c.rearrange(SWAP[h]));
        c.intoArray(lanes, 0);
        for (int r = 0; r < 4; r++) out[r] = lanes[LANE4[r]];
    }

    /** out[r] = sum of lanes[r*V .. (r+1)*V) for r < 8. Requires {@link #EIGHT}. */
    static void sum8(float[] lanes, float[] out) {
        int h = V >> 1;
        FloatVector c01 = fold(FloatVector.fromArray(S, lanes, 0), FloatVector.fromArray(S, lanes, V), UPPER[h], SWAP[h]);
        FloatVector c23 = fold(FloatVector.fromArray(S, lanes, 2 * V), FloatVector.fromArray(S, lanes, 3 * V), UPPER[h], SWAP[h]);
        FloatVector c45 = fold(FloatVector.fromArray(S, lanes, 4 * V), FloatVector.fromArray(S, lanes, 5 * V), UPPER[h], SWAP[h]);
        FloatVector c67 = fold(FloatVector.fromArray(S, lanes, 6 * V), FloatVector.fromArray(S, lanes, 7 * V), UPPER[h], SWAP[h]);
        h >>= 1;
        FloatVector c0123 = fold(c01, c23, UPPER[h], SWAP[h]), c4567 = fold(c45, c67, UPPER[h], SWAP[h]);
        h >>= 1;
        FloatVector c = fold(c0123, c4567, UPPER[h], SWAP[h]);
        for (h >>= 1; h >= 1; h >>= 1) c = c.add(c.rearrange(SWAP[h]));
        c.intoArray(lanes, 0);
        for (int r = 0; r < 8; r++) out[r] = lanes[LANE8[r]];
    }

    /**
     * Per 2h-lane segment: [a_lo + a_hi, b_hi + b_lo] (each sum as sumLanes adds it), given
     * upper = UPPER[h] and swap = SWAP[h]. Under 35 bytecodes, so C2 always inlines it.
     */
    private static FloatVector fold(FloatVector a, FloatVector b, VectorMask<Float> upper, VectorShuffle<Float> swap) {
        // [a_lo, b_hi] + ([b_lo, a_hi] swapped = [a_hi, b_lo])
        return a.blend(b, upper).add(b.blend(a, upper).rearrange(swap));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static VectorShuffle<Float>[] swaps() {
        VectorShuffle<Float>[] swaps = new VectorShuffle[V];
        for (int h = 1; h < V; h <<= 1) {
            int[] index = new int[V];
            for (int l = 0; l < V; l++) index[l] = l ^ h;
            swaps[h] = VectorShuffle.fromArray(S, index, 0);
        }
        return swaps;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static VectorMask<Float>[] uppers() {
        VectorMask<Float>[] masks = new VectorMask[V];
        for (int h = 1; h < V; h <<= 1) {
            boolean[] bits = new boolean[V];
            for (int l = 0; l < V; l++) bits[l] = (l & h) != 0;
            masks[h] = VectorMask.fromArray(S, bits, 0);
        }
        return masks;
    }

    /** Replays the folds on lane owners to find where each accumulator's sum ends up. */
    private static int[] finalLanes(int count) {
        if (V < count) return null;
        int[][] owners = new int[count][V];
        for (int r = 0; r < count; r++) java.util.Arrays.fill(owners[r], r);
        for (int h = V >> 1; h >= 1; h >>= 1) {
            if (owners.length == 1) continue; // c + swap(c): owners stay where they are
            int[][] next = new int[owners.length / 2][V];
            for (int i = 0; i < next.length; i++) {
                for (int l = 0; l < V; l++) next[i][l] = (l & h) == 0 ? owners[2 * i][l] : owners[2 * i + 1][l];
            }
            owners = next;
        }
        int[] lane = new int[count];
        for (int r = 0; r < count; r++) {
            lane[r] = -1;
            for (int l = V - 1; l >= 0; l--) if (owners[0][l] == r) lane[r] = l;
        }
        return lane;
    }
}
