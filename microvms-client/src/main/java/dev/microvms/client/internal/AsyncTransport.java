package dev.microvms.client.internal;

import java.util.concurrent.CompletableFuture;

/** Sends one request without blocking and reads its whole answer. */
public interface AsyncTransport extends AutoCloseable {
    /**
     * Sends a request.
     *
     * @param request the signed request
     * @return the answer, whatever its status; failed with an {@link java.io.IOException} when the request
     *     could not be sent or the answer not read
     */
    CompletableFuture<WireResponse> sendAsync(WireRequest request);

    /** Releases what the transport owns. */
    @Override
    default void close() {}
}
