package dev.microvms.client.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The transport over the JDK's {@link HttpClient}: HTTP/1.1, with connect and per-attempt timeouts. */
public final class JdkHttpTransport implements Transport {
    /** Headers the JDK client sets itself and refuses from callers; the signature covers them anyway. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");

    private final HttpClient http;
    private final Duration attemptTimeout;

    /**
     * Creates a transport.
     *
     * @param connectTimeout how long a connection may take to open
     * @param attemptTimeout how long one attempt may take, from send to the last byte of the answer
     */
    public JdkHttpTransport(Duration connectTimeout, Duration attemptTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.attemptTimeout = attemptTimeout;
    }

    @Override
    public WireResponse send(WireRequest request) throws IOException {
        HttpRequest.BodyPublisher body = request.body().length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(request.uri()).timeout(attemptTimeout).method(request.method(), body);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new WireResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.uri());
        }
    }
}
