package dev.microvms.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An answer whose body is read as it arrives, for chunked answers, server-sent events read as bytes, and
 * downloads: the status and headers at once, the body as a stream. Close it when done; closing from another
 * thread ends a blocked read.
 *
 * <pre>{@code
 * try (EndpointStream answer = endpoint.open(EndpointRequest.get("/logs?follow=true"))) {
 *     answer.body().transferTo(System.out);
 * }
 * }</pre>
 */
public final class EndpointStream implements AutoCloseable {
    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final URI uri;
    private final Consumer<EndpointStream> onClose;

    EndpointStream(
            int statusCode,
            Map<String, List<String>> headers,
            InputStream body,
            URI uri,
            Consumer<EndpointStream> onClose) {
        this.statusCode = statusCode;
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(sorted);
        this.body = body;
        this.uri = uri;
        this.onClose = onClose;
    }

    /** @return the HTTP status */
    public int statusCode() {
        return statusCode;
    }

    /** @return true for a 2xx status */
    public boolean isSuccessful() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** @return the headers, names compared without case */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the name, in any case
     * @return the value, if the header is there
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the body, as it arrives; it ends with the answer */
    public InputStream body() {
        return body;
    }

    /** @return the URL that answered */
    public URI uri() {
        return uri;
    }

    /** Stops reading and drops the connection. Calling it again does nothing. */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // Closing a half-read answer: the connection is dropped either way.
        }
        onClose.accept(this);
    }
}
