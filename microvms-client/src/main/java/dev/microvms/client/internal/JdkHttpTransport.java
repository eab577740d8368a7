package dev.microvms.client.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The transport over the JDK's {@link HttpClient}: HTTP/1.1, with connect and per-attempt timeouts;
 * blocking for the client, non-blocking (the JDK client's own selector) for the asynchronous client.
 */
public final class JdkHttpTransport implements Transport, AsyncTransport {
    /** Headers the JDK client sets itself and refuses from callers; the signature covers them anyway. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");

    private final HttpClient http;
    private final Duration attemptTimeout;

    /**
     * Creates a transport with a client of its own.
     *
     * @param connectTimeout how long a connection may take to open
     * @param attemptTimeout how long one attempt may take, from send to the last byte of the answer
     */
    public JdkHttpTransport(Duration connectTimeout, Duration attemptTimeout) {
        this(
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                attemptTimeout);
    }

    /**
     * Creates a transport over a client of the caller's.
     *
     * @param http the client
     * @param attemptTimeout how long one attempt may take
     */
    public JdkHttpTransport(HttpClient http, Duration attemptTimeout) {
        this.http = http;
        this.attemptTimeout = attemptTimeout;
    }

    @Override
    public WireResponse send(WireRequest request) throws IOException {
        try {
            return answer(http.send(jdkRequest(request), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.uri());
        }
    }

    @Override
    public CompletableFuture<WireResponse> sendAsync(WireRequest request) {
        return http.sendAsync(jdkRequest(request), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(JdkHttpTransport::answer);
    }

    /** Leaves the JDK client open: it has no close before Java 21, and one of the caller's stays theirs. */
    @Override
    public void close() {}

    private HttpRequest jdkRequest(WireRequest request) {
        HttpRequest.BodyPublisher body = request.body().length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(request.uri()).timeout(attemptTimeout).method(request.method(), body);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                for (String value : header.getValue()) {
                    builder.header(header.getKey(), value);
                }
            }
        }
        return builder.build();
    }

    private static WireResponse answer(HttpResponse<byte[]> response) {
        return new WireResponse(response.statusCode(), response.headers().map(), response.body());
    }
}
