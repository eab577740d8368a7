package dev.microvms.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP answer: a status, headers, and a body held in memory or streamed from a file.
 *
 * @param status the status
 * @param headers the headers
 * @param body the body in memory, when {@code file} is null
 * @param file part of an open file to send as the body, for large objects
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body, @Nullable FileBody file) {
    public HttpAnswer {
        headers = new LinkedHashMap<>(headers);
    }

    /** @return an answer with a JSON body */
    public static HttpAnswer json(int status, String json) {
        return new HttpAnswer(
                status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8), null);
    }

    /** @return an answer without a body */
    public static HttpAnswer empty(int status) {
        return new HttpAnswer(status, Map.of(), new byte[0], null);
    }

    /** @return this answer with one more header */
    public HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, more, body, file);
    }
}
