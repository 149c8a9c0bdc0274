package dev.dynrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How {@link Kernels} picks an implementation. Surefire runs this with and without the module. */
class KernelsTest {
    private static final boolean MODULE_LOADED =
            ModuleLayer.boot().findModule(Kernels.VECTOR_MODULE).isPresent();

    @Test
    void vectorIsAvailableExactlyWhenTheModuleIsLoaded() {
        assertEquals(MODULE_LOADED, Kernels.vector().isPresent());
    }

    @Test
    void getHonoursTheSystemProperty() {
        String property = System.getProperty(Kernels.PROPERTY);
        if ("scalar".equals(property)) {
            assertSame(Kernels.scalar(), Kernels.get());
            assertEquals("scalar", Kernels.name());
        } else if (property == null && MODULE_LOADED) {
            assertSame(Kernels.vector().orElseThrow(), Kernels.get());
            assertTrue(Kernels.name().startsWith("vector("), Kernels.name());
        } else if (property == null) {
            assertSame(Kernels.scalar(), Kernels.get());
        }
    }

    @Test
    void chooseFollowsThePropertyValue() {
        ArrayKernels scalar = Kernels.scalar();
        ArrayKernels vector = new ScalarKernels(); // any other instance stands in for vector here
        assertSame(vector, Kernels.choose(null, scalar, vector));
        assertSame(vector, Kernels.choose("auto", scalar, vector));
        assertSame(vector, Kernels.choose(" Vector ", scalar, vector));
        assertSame(scalar, Kernels.choose("scalar", scalar, vector));
        assertSame(scalar, Kernels.choose("SCALAR", scalar, vector));
        assertSame(scalar, Kernels.choose(null, scalar, null));
        assertSame(scalar, Kernels.choose("auto", scalar, null));
    }

    @Test
    void chooseRejectsWhatItCannotHonour() {
        ArrayKernels scalar = Kernels.scalar();
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Kernels.choose("vector", scalar, null));
        assertTrue(missing.getMessage().contains("--add-modules jdk.incubator.vector"), missing.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> Kernels.choose("simd", scalar, scalar));
        assertTrue(unknown.getMessage().contains("dynrnn.kernels=simd"), unknown.getMessage());
    }
}
