package dev.microvms.client.internal;

import dev.microvms.model.wire.OperationBinding;
import dev.microvms.model.wire.UriTemplate;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a request into the HTTP request of its operation, as the operation's binding says: the path with
 * its labels encoded, the query, the headers and the JSON body of the members that travel in it.
 */
public final class Marshaller {
    private final String endpoint;
    private final String userAgent;

    /**
     * @param endpoint where requests go
     * @param userAgent the User-Agent header
     */
    public Marshaller(URI endpoint, String userAgent) {
        String base = endpoint.toString();
        this.endpoint = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.userAgent = userAgent;
    }

    /**
     * Marshals a request whose checks passed and whose idempotency token is filled.
     *
     * @param operation the operation's binding
     * @param request the request
     * @param <I> the request type
     * @return the request as it goes on the wire, before signing
     */
    public <I> WireRequest marshal(OperationBinding<I, ?> operation, I request) {
        StringBuilder uri =
                new StringBuilder(endpoint.length() + 96).append(endpoint).append(operation.path(request));
        char separator = '?';
        for (Map.Entry<String, List<String>> parameter :
                operation.queryParameters(request).entrySet()) {
            for (String value : parameter.getValue()) {
                uri.append(separator);
                UriTemplate.encode(parameter.getKey(), false, uri);
                uri.append('=');
                UriTemplate.encode(value, false, uri);
                separator = '&';
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(8);
        headers.put("User-Agent", List.of(userAgent));
        headers.putAll(operation.headerValues(request));
        byte[] body = WireRequest.NO_BODY;
        if (operation.hasBody()) {
            body = operation.writeBody(request);
            headers.put("Content-Type", List.of("application/json"));
        }
        return new WireRequest(operation.method(), URI.create(uri.toString()), headers, body);
    }
}
