package dev.dynrnn.app;

/** Entry point of the {@code dynrnn} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("dynrnn");
    }
}
