package dev.microvms.client;

import java.time.Duration;

/**
 * How the client retries, in the AWS "standard" way: throttling errors, 5xx answers and I/O failures
 * are retried up to {@code maxAttempts} attempts in all, after an exponential backoff with full jitter
 * ({@code random(0, min(maxBackoff, base * 2^(attempt-1)))}), where {@code base} is {@code
 * throttlingBaseDelay} for throttling errors and {@code baseDelay} otherwise. A {@code Retry-After} from
 * the service is waited at least.
 *
 * @param maxAttempts attempts in all, the first included; 1 turns retries off
 * @param baseDelay the base of the backoff for errors other than throttling
 * @param throttlingBaseDelay the base of the backoff for throttling errors
 * @param maxBackoff the longest backoff between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxBackoff) {

    /** The AWS standard settings: 3 attempts, 100 ms base, 500 ms throttling base, 20 s cap. */
    public static final RetryPolicy STANDARD =
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(20));

    /** No retries at all. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Checks the values. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts is " + maxAttempts + "; it counts the first attempt too, so use 1 or more");
        }
        if (baseDelay.isNegative() || throttlingBaseDelay.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retry delays cannot be negative");
        }
    }

    /**
     * Returns the standard policy with another number of attempts.
     *
     * @param maxAttempts attempts in all, the first included
     * @return the policy
     */
    public static RetryPolicy standard(int maxAttempts) {
        return new RetryPolicy(maxAttempts, STANDARD.baseDelay, STANDARD.throttlingBaseDelay, STANDARD.maxBackoff);
    }
}
