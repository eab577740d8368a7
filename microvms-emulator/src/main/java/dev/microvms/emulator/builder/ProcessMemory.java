package dev.microvms.emulator.builder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident memory of a process and its descendants, read from {@code /proc}: what a snapshot would hold. */
final class ProcessMemory {
    private ProcessMemory() {}

    static long residentBytes(long pid) {
        long total = rss(pid);
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle != null) {
            total += handle.descendants().mapToLong(p -> rss(p.pid())).sum();
        }
        return total;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // The process ended meanwhile; it holds no memory.
        }
        return 0;
    }
}
