package dev.dynrnn.app.plot;

import java.awt.image.BufferedImage;

/** Counts of the plot's line colours in a picture: pure-ish red (target) and blue (prediction). */
record Pixels(int red, int blue, int width, int height) {

    static Pixels count(BufferedImage image) {
        int red = 0;
        int blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                // Antialiased edges blend with the white background; the line's core keeps its colour.
                if (r > 200 && g < 80 && b < 80) {
                    red++;
                } else if (b > 200 && r < 80 && g < 80) {
                    blue++;
                }
            }
        }
        return new Pixels(red, blue, image.getWidth(), image.getHeight());
    }

    /** True when both colours cover at least {@code minimum} pixels. */
    boolean showsBothLines(int minimum) {
        return red >= minimum && blue >= minimum;
    }
}
