package dev.dynrnn.app.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DisplayProbeTest {
    @BeforeEach
    void onLinux() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "the probe judges X displays on Linux");
    }

    @Test
    void noDisplayOrOneItCannotParseIsLeftToAwt() {
        assertNull(DisplayProbe.unreachableReason(null));
        assertNull(DisplayProbe.unreachableReason(""));
        assertNull(DisplayProbe.unreachableReason("wayland-0"));
    }

    @Test
    void aLocalDisplayWithoutAServerIsUnreachable() {
        assertEquals("no X server on display :987", DisplayProbe.unreachableReason(":987"));
        assertEquals("no X server on display unix:987.0", DisplayProbe.unreachableReason("unix:987.0"));
    }

    @Test
    void aRemoteDisplayThatRefusesIsUnreachable() {
        // SSH's X forwarding names displays like localhost:10.0, i.e. TCP port 6010.
        String reason = DisplayProbe.unreachableReason("localhost:987.0");
        assertTrue(reason != null && reason.startsWith("cannot reach the display localhost:987.0 ("), reason);
    }
}
