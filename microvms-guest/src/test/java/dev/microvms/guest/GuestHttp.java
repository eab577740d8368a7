package dev.microvms.guest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plays the platform in tests: starts guests on 127.0.0.1 and calls their hooks with the JDK's HttpClient. */
final class GuestHttp implements AutoCloseable {
    static final String PREFIX = "/aws/lambda-microvms/runtime/v1/";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final List<MicrovmGuest> guests = new ArrayList<>();

    /** Starts the guest on a free port of 127.0.0.1; {@link #close()} closes it. */
    MicrovmGuest start(MicrovmGuest.Builder builder) {
        return track(builder.bindAddress("127.0.0.1").port(0).start());
    }

    /** Closes the guest with the others. */
    MicrovmGuest track(MicrovmGuest guest) {
        guests.add(guest);
        return guest;
    }

    @Override
    public void close() {
        guests.forEach(MicrovmGuest::close);
    }

    static HttpResponse<String> post(MicrovmGuest guest, String hook) throws Exception {
        return post(guest, hook, "");
    }

    static HttpResponse<String> post(MicrovmGuest guest, String hook, String body) throws Exception {
        return send(guest, "POST", PREFIX + hook, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(MicrovmGuest guest, String method, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guest.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
