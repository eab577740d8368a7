package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.GuestLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Keeps the newest output of a stream: appends to {@code <file>} until it holds {@code segment} bytes,
 * then moves it to {@code <file>.1} (dropping the older segment) and starts again, recording in {@code
 * <file>.start} where the new segment begins. So at most two segments are on disk, and the newest
 * {@code segment} bytes at least are readable, with {@link GuestLog#read}.
 */
public final class RotatingLog implements AutoCloseable {
    private final Path file;
    private final long segment;
    private FileChannel out;
    private long size;
    private long start;

    /**
     * @param file the log; what it holds already (an earlier run's output) is kept and counted
     * @param segment how many bytes a segment holds
     * @throws IOException when the file cannot be opened
     */
    public RotatingLog(Path file, long segment) throws IOException {
        this.file = file;
        this.segment = segment;
        this.start = GuestLog.start(file);
        this.out = open();
        this.size = out.size();
    }

    /**
     * Appends bytes, rotating first when they would not fit.
     *
     * @param bytes the buffer
     * @param length how many of its first bytes to write
     * @throws IOException when the log cannot be written
     */
    public synchronized void write(byte[] bytes, int length) throws IOException {
        if (size > 0 && size + length > segment) {
            rotate();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        size += length;
    }

    private void rotate() throws IOException {
        out.close();
        Files.move(
                file,
                file.resolveSibling(file.getFileName() + GuestLog.PREVIOUS),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        start += size;
        Path temporary = file.resolveSibling(file.getFileName() + GuestLog.START + ".tmp");
        Files.writeString(temporary, Long.toString(start), StandardCharsets.US_ASCII);
        Files.move(
                temporary,
                file.resolveSibling(file.getFileName() + GuestLog.START),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        out = open();
        size = out.size();
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
