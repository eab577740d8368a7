package dev.microvms.emulator.executor.internal;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a sandbox back until its network is up: a named pipe that bubblewrap's {@code --block-fd} reads
 * one byte from after it has made the namespaces and before it runs the command. The shell in front of
 * bubblewrap opens it read-write ({@code exec 4<>gate}), which never blocks, and so does {@link #open()}.
 */
public final class NetworkGate implements AutoCloseable {
    /** The descriptor bubblewrap reads. */
    static final int FD = 4;

    private final Path fifo;
    private boolean opened;

    private NetworkGate(Path fifo) {
        this.fifo = fifo;
    }

    /**
     * @param fifo where to make the pipe; a file left there is replaced
     * @return the closed gate
     * @throws IOException when the pipe cannot be made
     */
    public static NetworkGate create(Path fifo) throws IOException {
        Libc libc = Libc.load().orElseThrow(() -> new IOException("the C library cannot be loaded through JNA"));
        Files.deleteIfExists(fifo);
        try {
            libc.mkfifo(fifo.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException("Cannot make the pipe " + fifo + ": " + e.getMessage(), e);
        }
        return new NetworkGate(fifo);
    }

    /** @return the pipe, for the shell in front of bubblewrap */
    public Path path() {
        return fifo;
    }

    /**
     * Lets the sandbox go on. Safe to call more than once, and when the sandbox has ended.
     *
     * @throws IOException when the pipe cannot be written
     */
    public synchronized void open() throws IOException {
        if (opened) {
            return;
        }
        opened = true;
        // READ and WRITE: O_RDWR never waits for the other end, which may be gone.
        try (FileChannel pipe = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            pipe.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }

    /** Opens the gate if it is still closed, and removes the pipe. */
    @Override
    public void close() {
        try {
            open();
        } catch (IOException e) {
            // The sandbox has ended.
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            // Left in a directory that is removed with the MicroVM.
        }
    }
}
