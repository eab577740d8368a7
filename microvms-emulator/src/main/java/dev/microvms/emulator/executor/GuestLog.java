package dev.microvms.emulator.executor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a MicroVM's output as the executor keeps it: the newest bytes of each stream, in {@code
 * stdout.log} and the segment before it, {@code stdout.log.1}, with offsets counted from the first byte
 * the app ever wrote. Older bytes are dropped once {@link ResourceLimits#logBytes()} newer ones follow;
 * {@code stdout.log.start} holds the offset of the first byte of {@code stdout.log}.
 *
 * <pre>{@code
 * GuestLog.Chunk chunk = GuestLog.read(dir.resolve("stdout.log"), offset, 1 << 20);
 * offset = chunk.next();
 * }</pre>
 */
public final class GuestLog {
    /** The suffix of the segment before the current one. */
    public static final String PREVIOUS = ".1";

    /** The suffix of the file that holds the offset of the current segment's first byte. */
    public static final String START = ".start";

    private GuestLog() {}

    /**
     * Bytes read from a log.
     *
     * @param bytes what was read, at most the maximum asked for; empty at the end
     * @param from the offset of the first byte: the one asked for, the oldest kept when that was
     *     dropped, or the end when it was past it
     * @param next the offset to ask for next
     */
    public record Chunk(byte[] bytes, long from, long next) {}

    /**
     * @param file the log, such as {@code <dir>/stdout.log}
     * @param offset where to start, counted from the first byte ever written; an offset past the end
     *     reads from the end
     * @param max the most bytes to return
     * @return the bytes from there, within one segment; none when the log does not exist
     * @throws IOException when the log cannot be read
     */
    public static Chunk read(Path file, long offset, int max) throws IOException {
        for (int attempt = 0; ; attempt++) {
            long start = start(file);
            Path previous = file.resolveSibling(file.getFileName() + PREVIOUS);
            long previousSize = size(previous);
            long oldest = start - previousSize;
            long end = start + size(file);
            long from = Math.min(Math.max(offset, oldest), end);
            Chunk chunk = from >= start
                    ? read(file, from - start, from, max)
                    : read(previous, from - oldest, from, (int) Math.min(max, start - from));
            // A rotation in between moved the bytes: read again.
            if (start(file) == start || attempt == 2) {
                return chunk;
            }
        }
    }

    /**
     * @param file the log
     * @return the offset of its current segment's first byte: 0 until the first rotation
     * @throws IOException when the offset's file cannot be read
     */
    public static long start(Path file) throws IOException {
        try {
            return Long.parseLong(
                    Files.readString(file.resolveSibling(file.getFileName() + START), StandardCharsets.US_ASCII)
                            .trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return 0;
        }
    }

    private static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static Chunk read(Path file, long position, long from, int max) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long at = Math.min(position, length);
            byte[] bytes = new byte[(int) Math.max(0, Math.min(max, length - at))];
            in.seek(at);
            in.readFully(bytes);
            return new Chunk(bytes, from, from + bytes.length);
        } catch (java.io.FileNotFoundException e) {
            return new Chunk(new byte[0], from, from);
        }
    }
}
