package dev.microvms.emulator.http;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Reads one request's body as it arrives, in Jetty's demand loop: no thread waits while the client is
 * slow. Each piece goes to the {@link Exchange} at once; the body is refused when it grows past the
 * exchange's limit (413), when it arrives slower than the port's minimum rate once the grace period is
 * over, or not at all for the idle timeout (408), and when bodies held in memory would pass the port's
 * budget (429).
 */
final class BodyReader implements Runnable {
    private final JettyServer server;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Exchange exchange;
    private final long startedNanos = System.nanoTime();
    private long read;
    private long reserved;

    BodyReader(JettyServer server, Request request, Response response, Callback callback, Exchange exchange) {
        this.server = server;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.exchange = exchange;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                String slow = tooSlow();
                if (slow != null) {
                    end(408, slow);
                } else {
                    request.demand(this);
                }
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                if (failure instanceof TimeoutException) {
                    end(
                            408,
                            "No bytes of the request body arrived for "
                                    + server.limits.idleTimeout().toSeconds() + " s; send the body without pauses.");
                } else if (failure instanceof HttpException http) {
                    end(http.getCode(), "The request could not be read: " + http.getReason() + ".");
                } else {
                    // The client went away: there is no one to answer.
                    release();
                    callback.failed(failure);
                }
                return;
            }
            try {
                if (!take(chunk)) {
                    return;
                }
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                complete();
                return;
            }
        }
    }

    /** @return false when the request ended (refused or failed) */
    private boolean take(Content.Chunk chunk) {
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = bytes.remaining();
        if (n == 0) {
            return true;
        }
        read += n;
        if (read > exchange.maxBodyBytes()) {
            release();
            server.refuseAndDrain(
                    request,
                    response,
                    callback,
                    413,
                    JettyServer.tooLarge(read, exchange.maxBodyBytes()) + " (it was sent without a Content-Length)");
            return false;
        }
        if (exchange.inMemory()) {
            if (!server.budget.reserve(n)) {
                end(
                        429,
                        "The emulator holds as many request bodies in memory as it allows (" + server.budget.capacity()
                                + " bytes); retry in a moment.");
                return false;
            }
            reserved += n;
        }
        try {
            exchange.take(bytes);
            return true;
        } catch (Throwable t) {
            release();
            server.failed(request, response, callback, t);
            return false;
        }
    }

    private void complete() {
        HttpAnswer answer;
        try {
            answer = exchange.complete();
        } catch (Throwable t) {
            release();
            server.failed(request, response, callback, t);
            return;
        }
        release();
        server.write(answer, response, callback);
    }

    private @Nullable String tooSlow() {
        long elapsedNanos = System.nanoTime() - startedNanos;
        long counted = elapsedNanos - server.limits.gracePeriod().toNanos();
        if (counted <= 0) {
            return null;
        }
        long needed = server.limits.minimumBytesPerSecond() * counted / 1_000_000_000L;
        if (read >= needed) {
            return null;
        }
        return "The request body arrived too slowly: " + read + " bytes in " + elapsedNanos / 1_000_000_000L
                + " s, and the emulator needs at least " + server.limits.minimumBytesPerSecond()
                + " bytes a second after the first "
                + server.limits.gracePeriod().toSeconds() + " s.";
    }

    private void end(int status, String message) {
        release();
        JettyServer.refuse(request, response, callback, status, message);
    }

    private void release() {
        server.budget.release(reserved);
        reserved = 0;
        exchange.abandon();
    }
}
