package dev.microvms.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How a waiter polls: the delay between two polls, how long it waits in all, and a listener told of
 * every poll. What is not set falls back to the options given to {@link MicrovmsBuilder#waiterOptions},
 * then to the waiter's own default (MicroVM states: every 2 s for up to 10 minutes; image builds: every
 * 15 s for up to 60 minutes; deletions: every 5 s for up to 10 minutes).
 *
 * <pre>{@code
 * microvm.waitUntilRunning(WaiterOptions.builder()
 *         .delay(Duration.ofSeconds(1))
 *         .timeout(Duration.ofMinutes(2))
 *         .progressListener(p -> log.info("{} is {} after {}", p.resource(), p.state(), p.elapsed()))
 *         .build());
 * }</pre>
 */
public final class WaiterOptions {
    private static final WaiterOptions DEFAULTS = new Builder().build();

    private final @Nullable Duration delay;
    private final @Nullable Duration timeout;
    private final @Nullable Consumer<WaiterProgress> progressListener;

    private WaiterOptions(Builder builder) {
        this.delay = builder.delay;
        this.timeout = builder.timeout;
        this.progressListener = builder.progressListener;
    }

    /** @return options with nothing set, so every waiter uses its defaults */
    public static WaiterOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.delay = delay;
        b.timeout = timeout;
        b.progressListener = progressListener;
        return b;
    }

    /** @return the delay between two polls, if set */
    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }

    /** @return how long to wait in all, if set */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the listener told of every poll, if set */
    public Optional<Consumer<WaiterProgress>> progressListener() {
        return Optional.ofNullable(progressListener);
    }

    /**
     * Returns these options with what is not set taken from others.
     *
     * @param fallback the options to take missing values from
     * @return the merged options
     */
    public WaiterOptions orElse(WaiterOptions fallback) {
        Builder b = toBuilder();
        if (b.delay == null) {
            b.delay = fallback.delay;
        }
        if (b.timeout == null) {
            b.timeout = fallback.timeout;
        }
        if (b.progressListener == null) {
            b.progressListener = fallback.progressListener;
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "WaiterOptions[delay=" + delay + ", timeout=" + timeout + "]";
    }

    /** Builds {@link WaiterOptions}. */
    public static final class Builder {
        private @Nullable Duration delay;
        private @Nullable Duration timeout;
        private @Nullable Consumer<WaiterProgress> progressListener;

        private Builder() {}

        /**
         * Sets the delay between two polls.
         *
         * @param delay a positive duration
         * @return this builder
         */
        public Builder delay(Duration delay) {
            Objects.requireNonNull(delay, "delay == null");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("delay is " + delay + "; give a positive duration, such as"
                        + " Duration.ofSeconds(2), so the waiter does not flood the API");
            }
            this.delay = delay;
            return this;
        }

        /**
         * Sets how long to wait in all before giving up with a {@link WaiterTimeoutException}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout == null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "timeout is " + timeout + "; give a positive duration, such as Duration.ofMinutes(10)");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets a listener told of each poll's state and the time waited so far; it runs on the waiting
         * thread, so keep it short.
         *
         * @param progressListener the listener
         * @return this builder
         */
        public Builder progressListener(Consumer<WaiterProgress> progressListener) {
            this.progressListener = Objects.requireNonNull(progressListener, "progressListener == null");
            return this;
        }

        /** @return the options */
        public WaiterOptions build() {
            return new WaiterOptions(this);
        }
    }
}
