package dev.microvms.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * The shell's output as an {@link InputStream}, fed by the WebSocket's binary frames. The socket is
 * asked for more frames only while fewer than {@value #HIGH_WATER} chunks wait to be read, so a reader
 * that falls behind slows the shell down rather than filling memory.
 */
public final class ShellOutput extends InputStream {
    static final int HIGH_WATER = 64;

    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;
    private boolean closed;
    private @Nullable Throwable failure;
    private @Nullable Runnable pendingDemand;

    /**
     * Adds a chunk of output.
     *
     * @param chunk the bytes
     * @param demand asks the socket for the next frame
     */
    public synchronized void offer(byte[] chunk, Runnable demand) {
        if (!closed) {
            chunks.add(chunk);
        }
        if (closed || chunks.size() < HIGH_WATER) {
            demand.run();
        } else {
            pendingDemand = demand;
        }
        notifyAll();
    }

    /** Marks the end of the output: reads return -1 once the chunks are drained. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /**
     * Marks the output as broken: reads fail once the chunks are drained.
     *
     * @param error what broke it
     */
    public synchronized void fail(Throwable error) {
        if (!ended) {
            failure = error;
        }
        ended = true;
        notifyAll();
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position >= current.length) {
            byte[] next = chunks.poll();
            if (next != null) {
                current = next;
                position = 0;
                releaseDemand();
                continue;
            }
            if (closed) {
                return -1;
            }
            if (ended) {
                if (failure != null) {
                    throw new IOException("The shell's connection broke: " + failure, failure);
                }
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the shell's output");
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        int n = current.length - position;
        for (byte[] chunk : chunks) {
            n += chunk.length;
        }
        return n;
    }

    @Override
    public synchronized void close() {
        closed = true;
        chunks.clear();
        releaseDemand();
        notifyAll();
    }

    private void releaseDemand() {
        if (pendingDemand != null && chunks.size() < HIGH_WATER / 2) {
            Runnable demand = pendingDemand;
            pendingDemand = null;
            demand.run();
        }
    }
}
