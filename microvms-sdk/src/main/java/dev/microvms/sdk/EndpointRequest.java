package dev.microvms.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A request to the app behind a MicroVM's endpoint: method, path (with its query), headers, body, and
 * optionally the port and a timeout. The token and port headers are added by the {@link Endpoint}.
 *
 * <pre>{@code
 * EndpointResponse r = endpoint.send(EndpointRequest.builder()
 *         .method("PATCH")
 *         .path("/items/42?dryRun=true")
 *         .header("Content-Type", "application/json")
 *         .body("{\"name\":\"new\"}")
 *         .port(9000)
 *         .build());
 * }</pre>
 */
public final class EndpointRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte @Nullable [] body;
    private final @Nullable Integer port;
    private final @Nullable Duration timeout;

    private EndpointRequest(Builder b) {
        this.method = b.method;
        this.path = b.path;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        b.headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = java.util.Collections.unmodifiableMap(copy);
        this.body = b.body == null ? null : b.body.clone();
        this.port = b.port;
        this.timeout = b.timeout;
    }

    /** @return a builder for a GET of {@code /} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A GET.
     *
     * @param path the path from {@code /}, with its query if any
     * @return the request
     */
    public static EndpointRequest get(String path) {
        return builder().path(path).build();
    }

    /** @return a builder holding this request */
    public Builder toBuilder() {
        Builder b = new Builder().method(method).path(path);
        headers.forEach((k, v) -> b.headers.put(k, new ArrayList<>(v)));
        b.body = body;
        b.port = port;
        b.timeout = timeout;
        return b;
    }

    /** @return the method, upper case */
    public String method() {
        return method;
    }

    /** @return the path from {@code /}, with its query if any */
    public String path() {
        return path;
    }

    /** @return the headers */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** @return a copy of the body, if any */
    public Optional<byte[]> body() {
        return Optional.ofNullable(body == null ? null : body.clone());
    }

    /** @return the port, when the request names one */
    public OptionalInt port() {
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** @return the timeout for the answer's headers, when the request sets one */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    byte @Nullable [] bodyBytes() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + path + (port == null ? "" : " (port " + port + ")");
    }

    /** Builds an {@link EndpointRequest}. */
    public static final class Builder {
        private String method = "GET";
        private String path = "/";
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte @Nullable [] body;
        private @Nullable Integer port;
        private @Nullable Duration timeout;

        private Builder() {}

        /**
         * Sets the method (default GET).
         *
         * @param method any HTTP method, such as {@code POST}
         * @return this builder
         */
        public Builder method(String method) {
            Objects.requireNonNull(method, "method == null");
            if (method.isBlank()) {
                throw new IllegalArgumentException("method is blank; give an HTTP method such as GET or POST");
            }
            this.method = method.trim().toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets the path (default {@code /}).
         *
         * @param path the path from {@code /}, with its query if any, such as {@code /search?q=x}
         * @return this builder
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path == null");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "path is '" + path + "'; it must start with '/', such as '/" + path + "'");
            }
            this.path = path;
            return this;
        }

        /**
         * Adds a header value.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name == null");
            Objects.requireNonNull(value, "value == null");
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /**
         * Sets the body.
         *
         * @param body the bytes
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body == null").clone();
            return this;
        }

        /**
         * Sets the body as UTF-8 text.
         *
         * @param body the text
         * @return this builder
         */
        public Builder body(String body) {
            this.body = Objects.requireNonNull(body, "body == null").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Sets the port this request goes to, instead of the endpoint's default.
         *
         * @param port 1-65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port is " + port + "; ports are 1-65535, such as 8080");
            }
            this.port = port;
            return this;
        }

        /**
         * Sets how long to wait for the answer's headers, instead of the endpoint's default.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout == null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout is " + timeout + "; it must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** @return the request */
        public EndpointRequest build() {
            return new EndpointRequest(this);
        }
    }
}
