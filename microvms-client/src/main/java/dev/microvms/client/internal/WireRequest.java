package dev.microvms.client.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it goes on the wire.
 *
 * @param method the method
 * @param uri the full URI, query included and encoded
 * @param headers the headers, each with its values
 * @param body the body, empty for none
 */
public record WireRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    public WireRequest {
        headers = Map.copyOf(headers);
    }
}
