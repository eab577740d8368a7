package dev.microvms.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The user's terminal in raw mode for an interactive shell, restored on close; a no-op when stdin is not a
 * terminal (a piped script), so keystrokes are sent one by one only when someone types them.
 */
public final class Terminal implements AutoCloseable {
    private final @org.jspecify.annotations.Nullable String saved;

    private Terminal(@org.jspecify.annotations.Nullable String saved) {
        this.saved = saved;
    }

    /** @return the terminal, switched to raw mode when there is one */
    public static Terminal raw() {
        if (System.console() == null) {
            return new Terminal(null);
        }
        String saved = stty("-g").orElse(null);
        if (saved != null) {
            stty("raw -echo");
        }
        return new Terminal(saved);
    }

    /** @return columns and rows of the terminal, when there is one */
    public Optional<int[]> size() {
        if (saved == null) {
            return Optional.empty();
        }
        return stty("size")
                .map(s -> s.trim().split("\\s+"))
                .filter(p -> p.length == 2)
                .map(p -> new int[] {Integer.parseInt(p[1]), Integer.parseInt(p[0])});
    }

    @Override
    public void close() {
        if (saved != null) {
            stty(saved);
        }
    }

    // The JDK has no terminal control; stty on /dev/tty is there wherever a terminal is.
    private static Optional<String> stty(String arguments) {
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", "stty " + arguments + " < /dev/tty"))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
