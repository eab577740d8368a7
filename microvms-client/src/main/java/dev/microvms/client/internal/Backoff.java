package dev.microvms.client.internal;

import dev.microvms.client.RetryPolicy;
import dev.microvms.client.exception.MicrovmsServiceException;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/** Decides whether a failed attempt is retried, and how long to wait before the next one. */
public final class Backoff {
    private final RetryPolicy policy;
    private final DoubleSupplier random;

    /**
     * @param policy the retry settings
     * @param random a source of jitter in [0, 1)
     */
    public Backoff(RetryPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** @return the attempts allowed in all */
    public int maxAttempts() {
        return policy.maxAttempts();
    }

    /**
     * Tells whether a service error is worth another attempt.
     *
     * @param error the error
     * @return true for throttling, 5xx and the service's transient errors
     */
    public static boolean isRetryable(MicrovmsServiceException error) {
        return error.isRetryable();
    }

    /**
     * Returns how long to wait before the next attempt.
     *
     * @param attempt the attempt that failed, 1 for the first
     * @param error the service error of that attempt, or null for an I/O failure
     * @return the delay
     */
    public Duration delayAfter(int attempt, @Nullable MicrovmsServiceException error) {
        boolean throttled = error != null && error.isThrottling();
        Duration base = throttled ? policy.throttlingBaseDelay() : policy.baseDelay();
        long ceiling = Math.min(policy.maxBackoff().toMillis(), base.toMillis() * (1L << Math.min(attempt - 1, 30)));
        Duration delay = Duration.ofMillis((long) (random.getAsDouble() * ceiling));
        if (error != null && error.retryAfter().isPresent()) {
            Duration asked = error.retryAfter().get();
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return delay;
    }
}
