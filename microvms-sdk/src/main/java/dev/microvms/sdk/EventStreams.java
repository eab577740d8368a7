package dev.microvms.sdk;

import dev.microvms.sdk.internal.EndpointHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Opens server-sent event streams: the request with {@code Accept: text/event-stream}, then the checks. */
final class EventStreams {
    private EventStreams() {}

    static EventStream open(
            EndpointHttp http,
            URI baseUri,
            EndpointOptions options,
            EndpointRequest request,
            Consumer<EventStream> onClose) {
        EndpointRequest.Builder b = request.toBuilder();
        if (request.headers().keySet().stream().noneMatch("Accept"::equalsIgnoreCase)) {
            b.header("Accept", "text/event-stream");
        }
        EndpointRequest r = b.build();
        int port = r.port().orElse(options.port());
        EndpointHttp.Sent<InputStream> sent = http.send(
                baseUri.resolve(r.path()),
                r.method(),
                r.headers(),
                r.bodyBytes(),
                port,
                r.timeout().orElse(options.requestTimeout()),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response = sent.response();
        if (response.statusCode() >= 400) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw new EndpointException(r.method(), response.uri(), port, response.statusCode(), body, sent.attempts());
        }
        return new EventStream(response.uri(), response.body(), onClose);
    }
}
