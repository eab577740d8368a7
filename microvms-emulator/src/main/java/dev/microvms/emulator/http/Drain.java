package dev.microvms.emulator.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Reads and drops what is left of a refused body, up to {@link #MAX_BYTES}, once the refusal is written.
 * A client that is still sending (most send the whole body before they read) then reads the refusal,
 * instead of a connection reset under its feet; a body larger than that is cut off. Nothing is kept, and
 * no thread waits while the client sends.
 */
final class Drain implements Runnable {
    /** How much of a refused body is read and dropped before the connection is closed. */
    static final long MAX_BYTES = 32L << 20;

    private final Request request;
    private final Callback done;
    private long dropped;

    private Drain(Request request, Callback done) {
        this.request = request;
        this.done = done;
    }

    /** @return a callback for the refusal's write that drains the body before completing {@code done} */
    static Callback after(Request request, Callback done) {
        return Callback.from(() -> new Drain(request, done).run(), done::failed);
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.succeeded(); // the refusal was sent; the client stopped or went away
                return;
            }
            dropped += chunk.remaining();
            chunk.release();
            if (chunk.isLast() || dropped > MAX_BYTES) {
                done.succeeded();
                return;
            }
        }
    }
}
