package dev.dynrnn.kernels;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the {@link ArrayKernels} implementation once, when this class initialises.
 *
 * <p>The vector kernels are used when the module {@code jdk.incubator.vector} is in the boot
 * layer (the JVM was started with {@code --add-modules jdk.incubator.vector}); otherwise the
 * scalar kernels. The system property {@value #PROPERTY} overrides the choice:
 * {@code scalar} forces the scalar kernels, {@code vector} requires the vector ones (failing if
 * the module is missing), {@code auto} (or unset) picks as above.
 *
 * <p>The vector implementation is loaded by name only when the module is present, so a JVM
 * without it never loads a class that refers to the Vector API.
 */
public final class Kernels {
    private Kernels() {}

    /** System property that overrides the choice: {@code auto}, {@code vector} or {@code scalar}. */
    public static final String PROPERTY = "dynrnn.kernels";
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final ArrayKernels SCALAR = new ScalarKernels();
    private static final ArrayKernels VECTOR = loadVector();
    private static final ArrayKernels CHOSEN = choose(System.getProperty(PROPERTY), SCALAR, VECTOR);

    /** The implementation chosen at start-up; use this one. */
    public static ArrayKernels get() {
        return CHOSEN;
    }

    /** The scalar reference implementation, always available. */
    public static ArrayKernels scalar() {
        return SCALAR;
    }

    /** The Vector API implementation, or empty when {@code jdk.incubator.vector} is not loaded. */
    public static Optional<ArrayKernels> vector() {
        return Optional.ofNullable(VECTOR);
    }

    /** Name of the chosen implementation, e.g. {@code "vector(256-bit)"} or {@code "scalar"}. */
    public static String name() {
        return CHOSEN.name();
    }

    /**
     * The choice for a property value, given the available implementations (vector may be null).
     *
     * @throws IllegalStateException for an unknown value, or {@code vector} without the module
     */
    static ArrayKernels choose(String property, ArrayKernels scalar, ArrayKernels vector) {
        String mode = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "":
            case "auto":
                return vector != null ? vector : scalar;
            case "scalar":
                return scalar;
            case "vector":
                if (vector == null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=vector, but module " + VECTOR_MODULE
                            + " is not loaded; start java with --add-modules " + VECTOR_MODULE);
                }
                return vector;
            default:
                throw new IllegalStateException("unknown -D" + PROPERTY + "=" + property
                        + " (expected auto, vector or scalar)");
        }
    }

    private static ArrayKernels loadVector() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) return null;
        try {
            return (ArrayKernels) Class.forName("dev.dynrnn.kernels.VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // The module is there but unusable (e.g. not readable from this class's module).
            return null;
        }
    }
}
