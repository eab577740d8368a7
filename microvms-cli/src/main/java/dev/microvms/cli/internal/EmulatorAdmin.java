package dev.microvms.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * GETs of the emulator's own endpoints ({@code /_emulator/...}) on the loopback. Through {@link
 * HttpURLConnection}, which works on the calling thread: the JDK's {@code HttpClient} leaves a selector
 * thread in native code that a JVM waits about 300 ms for when it exits, a good part of a short command.
 */
public final class EmulatorAdmin {
    private EmulatorAdmin() {}

    /**
     * An answer read whole.
     *
     * @param status the status code
     * @param headers the headers, by name as sent
     * @param body the body
     */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        /** @return the first value of a header, ignoring the case of its name */
        public Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey() != null
                        && h.getKey().equalsIgnoreCase(name)
                        && !h.getValue().isEmpty()) {
                    return Optional.of(h.getValue().get(0));
                }
            }
            return Optional.empty();
        }

        /** @return a header as a number, when it is one */
        public OptionalLong longHeader(String name) {
            Optional<String> value = header(name);
            try {
                return value.isPresent()
                        ? OptionalLong.of(Long.parseLong(value.get().trim()))
                        : OptionalLong.empty();
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }

    /**
     * @param uri what to get
     * @param timeout for connecting and for reading
     * @return the answer, whatever its status
     * @throws IOException when nothing answers
     */
    public static Answer get(URI uri, Duration timeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(Math.toIntExact(timeout.toMillis()));
        connection.setReadTimeout(Math.toIntExact(timeout.toMillis()));
        connection.setUseCaches(false);
        int status = connection.getResponseCode();
        // Read whole, so that the connection goes back to the JDK's keep-alive cache for the next call.
        @Nullable InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] bytes = body == null ? new byte[0] : readAll(body);
        return new Answer(status, connection.getHeaderFields(), bytes);
    }

    private static byte[] readAll(InputStream body) throws IOException {
        try (body) {
            return body.readAllBytes();
        }
    }
}
