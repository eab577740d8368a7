package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** What {@code /proc} tells about a process that {@link ProcessHandle} does not. */
public final class ProcFs {
    private ProcFs() {}

    /**
     * @param pid a process
     * @return true when it has exited and waits to be reaped
     */
    public static boolean isZombie(long pid) {
        return state(Path.of("/proc", Long.toString(pid), "stat")) == 'Z';
    }

    /** @return the state letter of a {@code stat} file, or '?' when it cannot be read */
    private static char state(Path stat) {
        try {
            String text = Files.readString(stat, StandardCharsets.UTF_8);
            // The state follows the command name, which is in parentheses and may itself hold spaces.
            int end = text.lastIndexOf(')');
            return end > 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
        } catch (IOException e) {
            return '?';
        }
    }

    /**
     * @param pid a process
     * @return true when every thread of it is stopped by a signal (or it is gone)
     */
    public static boolean isStopped(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(thread -> {
                char state = state(thread.resolve("stat"));
                return state == 'T' || state == 't' || state == 'Z' || state == 'X' || state == '?';
            });
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }

    /**
     * @param pid a process
     * @return its resident set size in bytes, when {@code /proc} shows it
     */
    public static OptionalLong residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024L);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * @param pid a process
     * @return its command line with arguments separated by spaces, or empty when it is gone
     */
    public static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * @param pid a process
     * @param type a namespace, such as {@code mnt} or {@code user}
     * @return the namespace's identity, such as {@code mnt:[4026531841]}, or empty when it cannot be read
     */
    public static Optional<String> namespace(long pid, String type) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", type))
                    .toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * @param pid a process
     * @return its pid in the innermost PID namespace it is in (the last value of {@code NSpid}), when shown
     */
    public static OptionalLong innermostPid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[parts.length - 1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
