package dev.microvms.client.internal;

import java.io.IOException;
import java.util.Locale;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The transport over an AWS SDK HTTP client (Apache, URLConnection, CRT): its own connection pool and
 * timeouts.
 */
public final class SdkHttpTransport implements Transport {
    private final SdkHttpClient http;
    private final boolean owned;

    /**
     * @param http the client that sends the requests
     * @param owned whether {@link #close()} closes it
     */
    public SdkHttpTransport(SdkHttpClient http, boolean owned) {
        this.http = http;
        this.owned = owned;
    }

    @Override
    public void close() {
        if (owned) {
            http.close();
        }
    }

    @Override
    public WireResponse send(WireRequest request) throws IOException {
        SdkHttpFullRequest.Builder wire = SdkHttpFullRequest.builder()
                .uri(request.uri())
                .method(SdkHttpMethod.fromValue(request.method().toUpperCase(Locale.ROOT)));
        request.headers().forEach(wire::putHeader);
        HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder().request(wire.build());
        if (request.body().length > 0) {
            execute.contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(request.body()));
        }
        HttpExecuteResponse response = http.prepareRequest(execute.build()).call();
        byte[] body = new byte[0];
        if (response.responseBody().isPresent()) {
            try (AbortableInputStream in = response.responseBody().get()) {
                body = in.readAllBytes();
            }
        }
        return new WireResponse(
                response.httpResponse().statusCode(), response.httpResponse().headers(), body);
    }
}
