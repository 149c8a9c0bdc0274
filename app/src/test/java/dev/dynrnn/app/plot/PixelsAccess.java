package dev.dynrnn.app.plot;

import java.awt.image.BufferedImage;

/** {@link Pixels} for tests outside this package. */
public final class PixelsAccess {
    private PixelsAccess() {}

    /** True when the picture shows the plot's red and blue lines (at least 300 pixels of each). */
    public static boolean showsRedAndBlue(BufferedImage image) {
        return Pixels.count(image).showsBothLines(300);
    }
}
