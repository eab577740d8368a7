package dev.microvms.client.exception;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The service answered with an error. Each error the service models has a subclass; an error code this
 * client does not know arrives as this class, with the code kept in {@link #errorCode()}.
 */
public class MicrovmsServiceException extends MicrovmsException {
    private static final long serialVersionUID = 1L;

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
}
