package dev.dynrnn.kernels;

/**
 * Per-thread float arrays, one per slot of an enum, kept between calls and grown to the largest
 * size asked for: the temporaries of kernels called thousands of times per training iteration,
 * which then allocate nothing once a shape has been seen. Who asks for a slot's array uses it only
 * within one kernel call, never hands it out, and never calls a kernel that takes the same slot.
 *
 * @param <S> the slots: what each temporary is for
 */
public final class ThreadArrays<S extends Enum<S>> {
    private final PerThread<float[][]> arrays;

    /** Arrays for the constants of {@code slots}. */
    public ThreadArrays(Class<S> slots) {
        int count = slots.getEnumConstants().length;
        this.arrays = new PerThread<>(() -> new float[count][]);
    }

    /** This thread's array for {@code slot}, of at least {@code size} floats with unspecified contents. */
    public float[] get(S slot, int size) {
        float[][] own = arrays.get();
        float[] array = own[slot.ordinal()];
        if (array == null || array.length < size) {
            array = new float[size];
            own[slot.ordinal()] = array;
        }
        return array;
    }
}
