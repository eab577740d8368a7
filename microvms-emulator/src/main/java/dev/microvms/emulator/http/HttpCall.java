package dev.microvms.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request to the emulator's port: what the API and the S3 subset handle, without any server's
 * types. An {@link Exchange} is chosen from the head alone (an empty body); buffered exchanges then see the
 * call again with its body.
 *
 * @param method the method
 * @param rawPath the path as sent, percent-encoding kept
 * @param rawQuery the query as sent, or null
 * @param headers the headers, names in lower case
 * @param body the body
 */
public record HttpCall(
        String method, String rawPath, @Nullable String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public HttpCall {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        headers = lower;
    }

    /** @return this call with another body */
    public HttpCall withBody(byte[] newBody) {
        return new HttpCall(method, rawPath, rawQuery, headers, newBody);
    }

    /** @return the first value of a header, or null */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return the path's segments, each percent-decoded (so an encoded ARN stays one segment) */
    public List<String> segments() {
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(decode(s));
            }
        }
        return segments;
    }

    /** @return the query parameters, decoded, each with all its values in order */
    public Map<String, List<String>> query() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /** @return the first value of a query parameter, or null */
    public @Nullable String queryParameter(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @return what is wrong with the percent-encoding of the path or the query, or null when nothing is;
     *     the server refuses such a call before any handler decodes it
     */
    public @Nullable String malformedEncoding() {
        try {
            segments();
            query();
            return null;
        } catch (IllegalArgumentException e) {
            return "The request URI has a malformed percent-encoding (" + e.getMessage() + "); encode each '%' as %25.";
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
