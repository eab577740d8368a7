package dev.microvms.client.internal;

import java.io.IOException;

/** Sends one request and reads its whole answer. */
public interface Transport extends AutoCloseable {
    /**
     * Sends a request.
     *
     * @param request the signed request
     * @return the answer, whatever its status
     * @throws IOException when the request could not be sent or the answer not read
     */
    WireResponse send(WireRequest request) throws IOException;

    /** Releases what the transport owns; a shared HTTP client is left open. */
    @Override
    default void close() {}
}
