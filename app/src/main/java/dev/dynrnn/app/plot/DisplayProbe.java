package dev.dynrnn.app.plot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the X display named by {@code DISPLAY} answers, asked before AWT starts. AWT cannot
 * recover from a display it fails to open (every later use, even drawing into an image, fails),
 * so a stale {@code DISPLAY} (an SSH session's forwarding that has gone, a stopped Xvfb) must be
 * caught first and the process switched to headless drawing.
 *
 * <p>Only a definite "nobody is there" counts as unreachable: a refused or timed-out connection,
 * or a local display with neither a socket file nor an abstract socket. Anything the probe cannot
 * judge (another platform, an unusual DISPLAY) is left for AWT to try.
 */
final class DisplayProbe {
    private DisplayProbe() {}

    private static final Pattern DISPLAY = Pattern.compile("([^:/]*):(\\d+)(?:\\.\\d+)?");
    private static final int X_TCP_PORT = 6000;
    private static final int TIMEOUT_MILLIS = 1500;

    /** Why the display named by {@code display} cannot be reached, or null if it may be. */
    static String unreachableReason(String display) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (display == null || display.isEmpty() || os.contains("win") || os.contains("mac")) {
            return null;
        }
        Matcher m = DISPLAY.matcher(display);
        if (!m.matches()) {
            return null;
        }
        String host = m.group(1);
        int number = Integer.parseInt(m.group(2));
        if (host.isEmpty() || host.equals("unix")) {
            return localReason(display, number);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, X_TCP_PORT + number), TIMEOUT_MILLIS);
            return null;
        } catch (IOException e) {
            return "cannot reach the display " + display + " (" + e.getMessage() + ")";
        }
    }

    private static String localReason(String display, int number) {
        Path socketFile = Path.of("/tmp/.X11-unix/X" + number);
        if (Files.exists(socketFile)) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socketFile));
                return null;
            } catch (IOException | UnsupportedOperationException e) {
                return "cannot reach the display " + display + " (" + e.getMessage() + ")";
            }
        }
        // Linux X servers also listen on an abstract socket, which has no file; /proc lists it.
        Path sockets = Path.of("/proc/net/unix");
        if (!Files.isReadable(sockets)) {
            return null;
        }
        try {
            String abstractName = "@" + socketFile;
            boolean listening = Files.readAllLines(sockets).stream().anyMatch(line -> line.endsWith(" " + abstractName));
            return listening ? null : "no X server on display " + display;
        } catch (IOException e) {
            return null;
        }
    }
}
