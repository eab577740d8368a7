package dev.microvms.client.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response as it came off the wire.
 *
 * @param status the status code
 * @param headers the headers, with names in any case
 * @param body the body, empty for none
 */
public record WireResponse(int status, Map<String, List<String>> headers, byte[] body) {
    public WireResponse {
        Map<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> folded.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = folded;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header's name, in any case
     * @return its first value, or null when absent
     */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
