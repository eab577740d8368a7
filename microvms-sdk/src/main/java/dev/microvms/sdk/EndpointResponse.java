package dev.microvms.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.client.exception.MicrovmsClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the app (or the proxy in front of it) answered: status, headers and the whole body. */
public final class EndpointResponse {
    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final ObjectMapper mapper;

    EndpointResponse(int statusCode, Map<String, List<String>> headers, byte[] body, ObjectMapper mapper) {
        this.statusCode = statusCode;
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
        this.headers = java.util.Collections.unmodifiableMap(sorted);
        this.body = body;
        this.mapper = mapper;
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

    /** @return a copy of the body */
    public byte[] body() {
        return body.clone();
    }

    /** @return the body as UTF-8 text */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Reads the body as JSON.
     *
     * @return the tree
     * @throws MicrovmsClientException when the body is not JSON
     */
    public JsonNode json() {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /**
     * Reads the body as JSON into a type.
     *
     * @param type the type, such as a record
     * @param <T> the type
     * @return the value
     * @throws MicrovmsClientException when the body is not JSON of that shape
     */
    public <T> T json(Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    private MicrovmsClientException notJson(IOException e) {
        String text = bodyAsString();
        return new MicrovmsClientException(
                "The app answered " + statusCode + " with a body that is not the JSON"
                        + " expected (" + e.getMessage() + "); the body starts with: "
                        + (text.length() > 200 ? text.substring(0, 200) + "..." : text),
                e);
    }

    @Override
    public String toString() {
        return "EndpointResponse[" + statusCode + ", " + body.length + " bytes]";
    }
}
