package dev.microvms.client.exception;

import org.jspecify.annotations.Nullable;

/**
 * The root of every error this kit throws. It is unchecked: catch {@link MicrovmsServiceException} for
 * what the service answered, {@link MicrovmsClientException} for what went wrong on this side.
 */
public class MicrovmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an error.
     *
     * @param message what went wrong, which value, and how to fix it
     * @param cause the underlying error, if any
     */
    public MicrovmsException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
