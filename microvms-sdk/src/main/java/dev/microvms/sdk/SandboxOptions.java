package dev.microvms.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a {@link Sandbox} reaches inside a MicroVM: which transport (the agent when the image declares one,
 * else the shell, by default), the agent's port when the image does not say it, how many shell sessions
 * are kept for later calls, and how long a new one may take to start.
 *
 * <pre>{@code
 * Sandbox shellOnly = microvm.sandbox(SandboxOptions.builder().transport(SandboxTransport.SHELL).build());
 * }</pre>
 */
public final class SandboxOptions {
    private static final SandboxOptions DEFAULTS = new Builder().build();

    private final SandboxTransport transport;
    private final int agentPort;
    private final int shellSessions;
    private final Duration shellStartTimeout;

    private SandboxOptions(Builder b) {
        this.transport = b.transport;
        this.agentPort = b.agentPort;
        this.shellSessions = b.shellSessions;
        this.shellStartTimeout = b.shellStartTimeout;
    }

    /** @return the defaults: AUTO, the agent's port from the image, 2 shell sessions kept, 60 s to start one */
    public static SandboxOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.transport = transport;
        b.agentPort = agentPort;
        b.shellSessions = shellSessions;
        b.shellStartTimeout = shellStartTimeout;
        return b;
    }

    /** @return the transport asked for */
    public SandboxTransport transport() {
        return transport;
    }

    /** @return the agent's port when given here; else it comes from the image's environment */
    public OptionalInt agentPort() {
        return agentPort == 0 ? OptionalInt.empty() : OptionalInt.of(agentPort);
    }

    /** @return how many started shell sessions are kept for later calls */
    public int shellSessions() {
        return shellSessions;
    }

    /** @return how long a new shell session may take to start the exec and files loop */
    public Duration shellStartTimeout() {
        return shellStartTimeout;
    }

    /** Builds {@link SandboxOptions}. */
    public static final class Builder {
        private SandboxTransport transport = SandboxTransport.AUTO;
        private int agentPort;
        private int shellSessions = 2;
        private Duration shellStartTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * @param transport AUTO (the default), SHELL or AGENT
         * @return this builder
         */
        public Builder transport(SandboxTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport == null");
            return this;
        }

        /**
         * @param port the agent's port, for an image that does not declare it in {@value
         *     Sandbox#AGENT_PORT_VARIABLE}; setting it makes AUTO use the agent
         * @return this builder
         */
        public Builder agentPort(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("The agent port " + port + " is not a port; give 1-65535.");
            }
            this.agentPort = port;
            return this;
        }

        /**
         * @param sessions how many started shell sessions to keep for later calls (0 starts one per call)
         * @return this builder
         */
        public Builder shellSessions(int sessions) {
            if (sessions < 0) {
                throw new IllegalArgumentException("shellSessions is negative: " + sessions);
            }
            this.shellSessions = sessions;
            return this;
        }

        /**
         * @param timeout how long a new shell session may take to start the exec and files loop (a login shell
         *     with a slow profile takes longer)
         * @return this builder
         */
        public Builder shellStartTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("shellStartTimeout is not positive: " + timeout);
            }
            this.shellStartTimeout = timeout;
            return this;
        }

        /** @return the options */
        public SandboxOptions build() {
            return new SandboxOptions(this);
        }
    }
}
