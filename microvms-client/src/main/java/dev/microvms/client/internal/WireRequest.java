package dev.microvms.client.internal;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it goes on the wire.
 *
 * @param method the method
 * @param uri the full URI, query included and encoded
 * @param headers the headers, each with its values, in the order they are sent
 * @param body the body, empty for none
 */
public record WireRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    /** The body of a request without one. */
    static final byte[] NO_BODY = new byte[0];

    /** Keeps the headers as given, unmodifiable. */
    public WireRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
