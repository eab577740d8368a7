package dev.microvms.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.RetryPolicy;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.client.exception.ServiceError;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failures are retried, and the backoff between attempts under a fixed source of jitter. */
class BackoffTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        // Throttling, by status or by code.
        "429, ThrottlingException,            true",
        "429, TooManyRequestsException,       true",
        "429, Http429,                        true",
        "400, ThrottlingException,            true",
        "400, Throttling,                     true",
        "400, ThrottledException,             true",
        "400, RequestLimitExceeded,           true",
        "503, SlowDown,                       true",
        // Server-side and transient errors.
        "500, InternalServerException,        true",
        "500, InsufficientCapacityException,  true",
        "500, ServiceException,               true",
        "502, Http502,                        true",
        "503, InternalServerException,        true",
        "504, Http504,                        true",
        "400, InsufficientCapacityException,  true",
        // Not worth another attempt: the same request would fail the same way.
        "501, Http501,                        false",
        "400, ValidationException,            false",
        "400, InvalidParameterValueException, false",
        "402, ServiceQuotaExceededException,  false",
        "403, AccessDeniedException,          false",
        "404, ResourceNotFoundException,      false",
        "409, ConflictException,              false",
        "409, ResourceConflictException,      false",
        "418, Http418,                        false",
    })
    void isRetryable_statusAndCode(int status, String code, boolean retryable) {
        assertThat(Backoff.isRetryable(error(status, code, null))).isEqualTo(retryable);
    }

    /**
     * The delay is {@code random * min(maxBackoff, base * 2^(attempt-1))} in whole milliseconds, with
     * the standard policy's 100 ms base, 500 ms throttling base and 20 s cap.
     */
    @ParameterizedTest(name = "attempt {0}, {1}, random {2} -> {3} ms")
    @CsvSource({
        // I/O failure (no service error): the plain base.
        "1,  io,         0.0,   0",
        "1,  io,         0.5,   50",
        "1,  io,         0.999, 99",
        "3,  io,         0.5,   200",
        "3,  io,         0.999, 399",
        // 5xx: the plain base.
        "2,  server,     0.0,   0",
        "2,  server,     0.5,   100",
        "2,  server,     0.999, 199",
        "9,  server,     0.999, 19980",
        "10, server,     0.5,   10000",
        "10, server,     0.999, 19980",
        // Throttling: the throttling base.
        "1,  throttling, 0.0,   0",
        "1,  throttling, 0.5,   250",
        "1,  throttling, 0.999, 499",
        "2,  throttling, 0.5,   500",
        "6,  throttling, 0.999, 15984",
        "7,  throttling, 0.5,   10000",
        "7,  throttling, 0.999, 19980",
        // The exponent stops growing long before it could overflow.
        "64, throttling, 0.999, 19980",
        "1000, server,   0.5,   10000",
    })
    void delayAfter_fixedRandom_isJitterUnderTheCeiling(int attempt, String failure, double random, long millis) {
        Backoff backoff = new Backoff(RetryPolicy.STANDARD, () -> random);
        MicrovmsServiceException error = failure(failure);
        long base = "throttling".equals(failure) ? 500 : 100;
        long ceiling = Math.min(20_000, base << Math.min(attempt - 1, 20));

        Duration delay = backoff.delayAfter(attempt, error);

        assertThat(delay).isEqualTo(Duration.ofMillis(millis));
        assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
    }

    @Test
    void delayAfter_throttlingByStatusAlone_usesTheThrottlingBase() {
        Backoff backoff = new Backoff(RetryPolicy.STANDARD, () -> 0.5);

        assertThat(backoff.delayAfter(1, error(429, "Http429", null))).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest(name = "Retry-After {0} s, random {1} -> {2} ms")
    @CsvSource({
        // Longer than the jitter: the service's wait wins, even above the cap of the backoff.
        "7,  0.5,   7000",
        "60, 0.999, 60000",
        // Shorter than the jitter: the jitter stays.
        "0,  0.999, 499",
    })
    void delayAfter_retryAfter_raisesTheDelay(long retryAfterSeconds, double random, long millis) {
        Backoff backoff = new Backoff(RetryPolicy.STANDARD, () -> random);

        Duration delay =
                backoff.delayAfter(1, error(429, "ThrottlingException", Duration.ofSeconds(retryAfterSeconds)));

        assertThat(delay).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void delayAfter_customPolicy_usesItsBasesAndCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(3));
        Backoff backoff = new Backoff(policy, () -> 0.999);

        assertThat(backoff.maxAttempts()).isEqualTo(5);
        assertThat(backoff.delayAfter(2, null)).isEqualTo(Duration.ofMillis(19));
        assertThat(backoff.delayAfter(2, error(429, "ThrottlingException", null)))
                .isEqualTo(Duration.ofMillis(1998));
        assertThat(backoff.delayAfter(3, error(429, "ThrottlingException", null)))
                .isEqualTo(Duration.ofMillis(2997));
    }

    private static @Nullable MicrovmsServiceException failure(String kind) {
        return switch (kind) {
            case "io" -> null;
            case "server" -> error(500, "InternalServerException", null);
            case "throttling" -> error(400, "ThrottlingException", null);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static MicrovmsServiceException error(int status, String code, @Nullable Duration retryAfter) {
        return new MicrovmsServiceException(new ServiceError(status, code, null, null, retryAfter, null, null));
    }
}
