package dev.microvms.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an {@link Endpoint} reaches the app: the default port, how tokens are minted (one per port by
 * default, or one shared by a set of ports, or one for all ports) and how long they live, how often a 502
 * right after start is retried, and the JSON mapper of the JSON helpers.
 *
 * <pre>{@code
 * Endpoint api = microvm.endpoint(EndpointOptions.builder()
 *         .port(9000)
 *         .tokenLifetime(Duration.ofMinutes(15))
 *         .build());
 * }</pre>
 */
public final class EndpointOptions {
    /** The port the proxy forwards to when a request names none. */
    public static final int DEFAULT_PORT = 8080;

    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final EndpointOptions DEFAULTS = new Builder().build();

    private final int port;
    private final Duration tokenLifetime;
    private final Set<Integer> sharedTokenPorts;
    private final boolean allPortsToken;
    private final int badGatewayAttempts;
    private final Duration badGatewayBackoff;
    private final Duration requestTimeout;
    private final ObjectMapper objectMapper;

    private EndpointOptions(Builder b) {
        this.port = b.port;
        this.tokenLifetime = b.tokenLifetime;
        this.sharedTokenPorts = Set.copyOf(b.sharedTokenPorts);
        this.allPortsToken = b.allPortsToken;
        this.badGatewayAttempts = b.badGatewayAttempts;
        this.badGatewayBackoff = b.badGatewayBackoff;
        this.requestTimeout = b.requestTimeout;
        this.objectMapper = b.objectMapper;
    }

    /** @return the defaults: port 8080, a 60-minute token per port, 5 attempts on a 502 */
    public static EndpointOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.tokenLifetime = tokenLifetime;
        b.sharedTokenPorts = new TreeSet<>(sharedTokenPorts);
        b.allPortsToken = allPortsToken;
        b.badGatewayAttempts = badGatewayAttempts;
        b.badGatewayBackoff = badGatewayBackoff;
        b.requestTimeout = requestTimeout;
        b.objectMapper = objectMapper;
        return b;
    }

    /** @return the port requests go to unless they name another */
    public int port() {
        return port;
    }

    /** @return how long a minted token lives; it is refreshed once 80% of that has passed */
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** @return the ports that share one token; empty when every port gets its own */
    public Set<Integer> sharedTokenPorts() {
        return sharedTokenPorts;
    }

    /** @return whether one token opens every port */
    public boolean allPortsToken() {
        return allPortsToken;
    }

    /** @return how many attempts a request gets while the endpoint answers 502 */
    public int badGatewayAttempts() {
        return badGatewayAttempts;
    }

    /** @return the wait before the second attempt after a 502; it doubles after each further one */
    public Duration badGatewayBackoff() {
        return badGatewayBackoff;
    }

    /** @return how long a request may wait for the answer's headers */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the mapper of the JSON helpers */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /** Builds {@link EndpointOptions}. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private Duration tokenLifetime = Duration.ofMinutes(60);
        private Set<Integer> sharedTokenPorts = new TreeSet<>();
        private boolean allPortsToken;
        private int badGatewayAttempts = 5;
        private Duration badGatewayBackoff = Duration.ofMillis(250);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private ObjectMapper objectMapper = DEFAULT_MAPPER;

        private Builder() {}

        /**
         * Sets the port requests go to unless they name another (default 8080), sent as {@code
         * X-aws-proxy-port}.
         *
         * @param port 1-65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /**
         * Sets how long tokens live (default 60 minutes, the most the service allows).
         *
         * @param tokenLifetime whole minutes, 1-60
         * @return this builder
         */
        public Builder tokenLifetime(Duration tokenLifetime) {
            Objects.requireNonNull(tokenLifetime, "tokenLifetime == null");
            long minutes = tokenLifetime.toMinutes();
            if (!tokenLifetime.equals(Duration.ofMinutes(minutes)) || minutes < 1 || minutes > 60) {
                throw new IllegalArgumentException("tokenLifetime is " + tokenLifetime
                        + "; the service mints tokens for whole minutes from 1 to 60, such as Duration.ofMinutes(30)");
            }
            this.tokenLifetime = tokenLifetime;
            return this;
        }

        /**
         * Mints one token for several ports instead of one per port, which saves calls when an app
         * serves on several ports. Requests to other ports still get tokens of their own.
         *
         * @param ports the ports, 1-65535
         * @return this builder
         */
        public Builder sharedTokenPorts(int... ports) {
            Set<Integer> set = new TreeSet<>();
            for (int p : ports) {
                set.add(checkPort(p));
            }
            this.sharedTokenPorts = set;
            return this;
        }

        /**
         * Mints one token that opens every port of the MicroVM.
         *
         * @param allPortsToken whether to
         * @return this builder
         */
        public Builder allPortsToken(boolean allPortsToken) {
            this.allPortsToken = allPortsToken;
            return this;
        }

        /**
         * Sets how many attempts a request gets while the endpoint answers 502, as it can right after a
         * start until the app serves (default 5; 1 turns retrying off).
         *
         * @param attempts attempts in all, the first included
         * @return this builder
         */
        public Builder badGatewayAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException(
                        "badGatewayAttempts is " + attempts + "; it counts the first attempt too, so use 1 or more");
            }
            this.badGatewayAttempts = attempts;
            return this;
        }

        /**
         * Sets the wait before the second attempt after a 502 (default 250 ms); it doubles each time.
         *
         * @param backoff the first wait, not negative
         * @return this builder
         */
        public Builder badGatewayBackoff(Duration backoff) {
            Objects.requireNonNull(backoff, "backoff == null");
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("badGatewayBackoff is " + backoff + "; it cannot be negative");
            }
            this.badGatewayBackoff = backoff;
            return this;
        }

        /**
         * Sets how long a request may wait for the answer's headers (default 60 s). Streams stay open
         * after that for as long as the app sends.
         *
         * @param requestTimeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            Objects.requireNonNull(requestTimeout, "requestTimeout == null");
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout is " + requestTimeout + "; it must be positive");
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Sets the mapper of the JSON helpers (default: a plain Jackson mapper that ignores unknown
         * properties).
         *
         * @param objectMapper the mapper
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper == null");
            return this;
        }

        /** @return the options */
        public EndpointOptions build() {
            return new EndpointOptions(this);
        }

        private static int checkPort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port is " + port + "; ports are 1-65535, such as 8080");
            }
            return port;
        }
    }
}
