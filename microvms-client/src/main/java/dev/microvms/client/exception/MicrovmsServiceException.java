package dev.microvms.client.exception;

import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.ErrorShape;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The service answered with an error. Each error the service models has a subclass, with an accessor for
 * each of its members; an error code this client does not know arrives as this class, with the code kept
 * in {@link #errorCode()}.
 *
 * <pre>{@code
 * try {
 *     client.runMicrovm(r -> r.imageIdentifier(imageArn));
 * } catch (ServiceQuotaExceededException e) {
 *     log.warn("quota {} of {} reached", e.quotaCode(), e.serviceCode());
 * } catch (MicrovmsServiceException e) {
 *     if (e.isRetryable()) { ... }   // the client has already retried it as often as its policy allows
 * }
 * }</pre>
 */
public class MicrovmsServiceException extends MicrovmsException {
    private static final long serialVersionUID = 1L;

    /** Throttling codes that AWS services answer besides the modelled ones, as the AWS SDKs know them. */
    private static final Set<String> THROTTLING =
            Set.of("Throttling", "ThrottledException", "RequestLimitExceeded", "SlowDown", "TooManyRequestsException");

    private final ServiceError error;

    /**
     * Creates an error from what the service said.
     *
     * @param error the status, code, message and ids of the response
     */
    public MicrovmsServiceException(ServiceError error) {
        super(describe(error), null);
        this.error = error;
    }

    private static String describe(ServiceError e) {
        StringBuilder s = new StringBuilder();
        s.append(e.errorMessage() == null || e.errorMessage().isBlank() ? e.errorCode() : e.errorMessage());
        s.append(" (Service: LambdaMicrovms, Status Code: ").append(e.statusCode());
        s.append(", Error Code: ").append(e.errorCode());
        if (e.requestId() != null) {
            s.append(", Request ID: ").append(e.requestId());
        }
        return s.append(')').toString();
    }

    /** @return everything the service said about the error */
    public ServiceError serviceError() {
        return error;
    }

    /** @return the HTTP status */
    public int statusCode() {
        return error.statusCode();
    }

    /** @return the error type as the service sent it, such as {@code ConflictException} */
    public String errorCode() {
        return error.errorCode();
    }

    /** @return the service's own message, without the details this class adds */
    public @Nullable String errorMessage() {
        return error.errorMessage();
    }

    /** @return the request id of the failed response, for support cases */
    public @Nullable String requestId() {
        return error.requestId();
    }

    /** @return how long the service asked the caller to wait before trying again */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(error.retryAfter());
    }

    /** @return the type of the resource the error is about, where the service names it */
    public @Nullable String resourceType() {
        return error.resourceType();
    }

    /** @return the identifier of the resource the error is about, where the service names it */
    public @Nullable String resourceId() {
        return error.resourceId();
    }

    /**
     * Tells whether another attempt may succeed, as the AWS SDKs' standard retry mode decides: the model
     * marks the error retryable or as the service's fault (such as {@code InsufficientCapacityException}),
     * or it is throttling, or its status is a 5xx other than 501.
     *
     * @return true for errors worth retrying
     */
    public boolean isRetryable() {
        ErrorShape modelled = Bindings.ERRORS.get(errorCode());
        int status = statusCode();
        return (modelled != null && (modelled.retryable() || modelled.fault()))
                || isThrottling()
                || (status >= 500 && status != 501);
    }

    /**
     * Tells whether the service is throttling the caller: the model marks the error as throttling, the
     * status is 429, or the code is one AWS services use for throttling. Retries of throttling errors wait
     * longer.
     *
     * @return true for throttling
     */
    public boolean isThrottling() {
        ErrorShape modelled = Bindings.ERRORS.get(errorCode());
        return (modelled != null && modelled.throttling()) || statusCode() == 429 || THROTTLING.contains(errorCode());
    }
}
