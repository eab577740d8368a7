package dev.microvms.emulator.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** An error the emulator answers a call with, in the service's own words. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final @Nullable Duration retryAfter;

    /**
     * @param type the error
     * @param message the message, as the service words it
     */
    public ApiException(ErrorType type, String message) {
        this(type, message, null);
    }

    /**
     * @param type the error
     * @param message the message, as the service words it
     * @param retryAfter the {@code Retry-After} to send, if any
     */
    public ApiException(ErrorType type, String message, @Nullable Duration retryAfter) {
        super(message, null, false, false);
        this.type = type;
        this.retryAfter = retryAfter;
    }

    /** @return the error */
    public ErrorType type() {
        return type;
    }

    /** @return the {@code Retry-After} to send, if any */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** @return a ValidationException with this message */
    static ApiException validation(String message) {
        return new ApiException(ErrorType.VALIDATION, message);
    }

    /** @return a ResourceNotFoundException with this message */
    static ApiException notFound(String message) {
        return new ApiException(ErrorType.RESOURCE_NOT_FOUND, message);
    }

    /** @return a ConflictException with this message */
    static ApiException conflict(String message) {
        return new ApiException(ErrorType.CONFLICT, message);
    }
}
