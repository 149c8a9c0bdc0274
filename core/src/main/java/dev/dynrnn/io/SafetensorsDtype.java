package dev.dynrnn.io;

/**
 * The safetensors dtypes dynrnn reads, each with its element size and its conversion to
 * float32. Declared in the order of safetensors' own {@code Dtype} enum, whose writer sorts
 * tensors by descending dtype (then by name), so {@link #compareTo} gives that order too.
 */
enum SafetensorsDtype {
    F16(2),
    BF16(2),
    F32(4),
    F64(8);

    /** Bytes per element. */
    final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /** The dtype called {@code name} in a header, or null when dynrnn cannot read it. */
    static SafetensorsDtype byName(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }

    /**
     * IEEE half (1 sign, 5 exponent, 10 mantissa bits) to float; exact, since every half is a
     * float. NaN payloads move to the top of the float mantissa, as the hardware conversion does.
     */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float
            float magnitude = Math.scalb((float) mantissa, -24);
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** bfloat16 is the top half of a float32: exact. */
    static float bfloat16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
